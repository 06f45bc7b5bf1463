-- Waiting lists for early help and other services. Grain: one row per indicator, period and
-- breakdown value (the service).
-- Inputs: period_days (one row per day of each period, for equality joins); service_referrals
-- (current view), periods. A referral is waiting at the period end
-- when it was made on or before that day and was neither allocated nor closed on or before it.
-- Weeks are calendar days / 7.
-- Contract: services partition the waiting total.
-- Indicators: pv_eh_waiting_count, pv_eh_longest_wait_weeks (snapshot; 0 when nobody waits),
-- pv_eh_wait_weeks (median) and pv_eh_wait_weeks_p90 (flow: allocated in the period).
WITH referrals_in AS (
    SELECT * FROM service_referrals
),

waiting AS (
    SELECT
        periods.period_type,
        periods.period_start,
        periods.period_end,
        referrals_in.service,
        (periods.period_end - referrals_in.referred_date) / 7.0 AS weeks_waiting
    FROM referrals_in
    INNER JOIN periods
        ON referrals_in.referred_date <= periods.period_end
        AND (referrals_in.allocated_date IS NULL OR referrals_in.allocated_date > periods.period_end)
        AND (referrals_in.closed_date IS NULL OR referrals_in.closed_date > periods.period_end)
),

allocated_in_period AS (
    SELECT
        period_days.period_type,
        period_days.period_start,
        period_days.period_end,
        referrals_in.service,
        (referrals_in.allocated_date - referrals_in.referred_date) / 7.0 AS weeks_waited
    FROM referrals_in
    INNER JOIN period_days ON referrals_in.allocated_date = period_days.day
),

services AS (
    SELECT DISTINCT service FROM referrals_in
),

grid AS (
    -- Every period and service from the first referral on, so that "nobody waits" is a 0.
    SELECT periods.period_type, periods.period_start, periods.period_end, 'service' AS breakdown,
        services.service AS breakdown_value
    FROM periods, services
    WHERE periods.period_start >= (SELECT min(referred_date) FROM referrals_in)
    UNION ALL
    SELECT periods.period_type, periods.period_start, periods.period_end, 'total', 'All'
    FROM periods
    WHERE periods.period_start >= (SELECT min(referred_date) FROM referrals_in)
),

waiting_by AS (
    SELECT period_type, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS waiting, max(weeks_waiting) AS longest
    FROM waiting GROUP BY ALL
    UNION ALL
    SELECT period_type, period_end, 'service', service, count(*), max(weeks_waiting)
    FROM waiting GROUP BY ALL
),

snapshot AS (
    SELECT grid.*, coalesce(waiting_by.waiting, 0) AS waiting,
        coalesce(waiting_by.longest, 0) AS longest
    FROM grid
    LEFT JOIN waiting_by USING (period_type, period_end, breakdown, breakdown_value)
),

waited_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown,
        'All' AS breakdown_value, count(*) AS allocated,
        median(weeks_waited) AS median_weeks,
        quantile_cont(weeks_waited, 0.9) AS p90_weeks
    FROM allocated_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'service', service, count(*),
        median(weeks_waited), quantile_cont(weeks_waited, 0.9)
    FROM allocated_in_period GROUP BY ALL
)

SELECT 'pv_eh_waiting_count' AS indicator_id, period_type, period_start, period_end, breakdown,
    breakdown_value, CAST(waiting AS DOUBLE) AS numerator, CAST(NULL AS DOUBLE) AS denominator,
    CAST(waiting AS DOUBLE) AS value
FROM snapshot
UNION ALL
SELECT 'pv_eh_longest_wait_weeks', period_type, period_start, period_end, breakdown,
    breakdown_value, NULL, NULL, longest
FROM snapshot
UNION ALL
SELECT 'pv_eh_wait_weeks', period_type, period_start, period_end, breakdown, breakdown_value,
    NULL, allocated, median_weeks
FROM waited_by
UNION ALL
SELECT 'pv_eh_wait_weeks_p90', period_type, period_start, period_end, breakdown,
    breakdown_value, NULL, allocated, p90_weeks
FROM waited_by;
