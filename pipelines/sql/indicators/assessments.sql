-- Part 3 assessment timeliness and practice. Grain: one row per indicator, period and breakdown.
-- Inputs: period_days (one row per day of each period, for equality joins); assessments (current
-- view), periods, workdays. Elapsed working days run from the referral
-- date (the statutory clock start, day 0, rolled forward off weekends and bank holidays) to the
-- completion date, or to the period end for open assessments.
-- Contract: numerator <= denominator; the team breakdown partitions the total.
-- Indicators: pe_assessment_42wd_pct, pe_assessment_median_wd, pe_child_seen_pct,
-- pe_child_seen_alone_pct (flow: completed in the period); pe_assessments_overdue (> 42 WD) and
-- pe_assessments_at_risk (> 35 and <= 42 WD) (snapshot: open at the period end).
WITH assessments_in AS (
    SELECT
        assessments.*,
        referral_day.wd_ord AS referral_ord,
        greatest(completed_day.wd_ord - referral_day.wd_ord, 0) AS completion_wd
    FROM assessments
    INNER JOIN workdays AS referral_day ON referral_day.date = assessments.referral_date
    LEFT JOIN workdays AS completed_day ON completed_day.date = assessments.completed_date
),

completed_in_period AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        assessments_in.*
    FROM assessments_in
    INNER JOIN period_days ON assessments_in.completed_date = period_days.day
),

open_at_end AS (
    SELECT
        periods.period_type,
        periods.period_start,
        periods.period_end,
        assessments_in.team,
        greatest(period_day.wd_ord - assessments_in.referral_ord, 0) AS elapsed_wd
    FROM assessments_in
    INNER JOIN periods
        ON assessments_in.referral_date <= periods.period_end
        AND (assessments_in.completed_date IS NULL
            OR assessments_in.completed_date > periods.period_end)
    INNER JOIN workdays AS period_day ON period_day.date = periods.period_end
),

completed_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown,
        'All' AS breakdown_value, count(*) AS completed,
        count(*) FILTER (WHERE completion_wd <= 42) AS in_time,
        median(completion_wd) AS median_wd,
        count(*) FILTER (WHERE child_seen) AS seen,
        count(*) FILTER (WHERE child_seen_alone) AS seen_alone
    FROM completed_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, count(*),
        count(*) FILTER (WHERE completion_wd <= 42), median(completion_wd),
        count(*) FILTER (WHERE child_seen), count(*) FILTER (WHERE child_seen_alone)
    FROM completed_in_period GROUP BY ALL
),

open_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown,
        'All' AS breakdown_value,
        count(*) FILTER (WHERE elapsed_wd > 42) AS overdue,
        count(*) FILTER (WHERE elapsed_wd > 35 AND elapsed_wd <= 42) AS at_risk
    FROM open_at_end GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team,
        count(*) FILTER (WHERE elapsed_wd > 42),
        count(*) FILTER (WHERE elapsed_wd > 35 AND elapsed_wd <= 42)
    FROM open_at_end GROUP BY ALL
)

SELECT 'pe_assessment_42wd_pct' AS indicator_id, period_type, period_start, period_end,
    breakdown, breakdown_value, CAST(in_time AS DOUBLE) AS numerator,
    CAST(completed AS DOUBLE) AS denominator, 100.0 * in_time / completed AS value
FROM completed_by
UNION ALL
SELECT 'pe_assessment_median_wd', period_type, period_start, period_end, breakdown,
    breakdown_value, NULL, completed, median_wd
FROM completed_by
UNION ALL
SELECT 'pe_child_seen_pct', period_type, period_start, period_end, breakdown, breakdown_value,
    seen, completed, 100.0 * seen / completed
FROM completed_by
UNION ALL
SELECT 'pe_child_seen_alone_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, seen_alone, completed, 100.0 * seen_alone / completed
FROM completed_by
UNION ALL
SELECT 'pe_assessments_overdue', period_type, period_start, period_end, breakdown,
    breakdown_value, overdue, NULL, overdue
FROM open_by
UNION ALL
SELECT 'pe_assessments_at_risk', period_type, period_start, period_end, breakdown,
    breakdown_value, at_risk, NULL, at_risk
FROM open_by;
