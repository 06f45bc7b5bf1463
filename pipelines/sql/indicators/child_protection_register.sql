-- The child protection register: who is on it, for how long, and whether the statutory visits,
-- core groups and review conferences happen on time.
-- Grain: one row per indicator, period and breakdown value (team, category of abuse).
-- Inputs: cp_register (child_protection_inputs.sql: registrations with their team and earlier
-- registration), cp_visits, cp_core_groups, cp_conferences (current views); periods,
-- period_days, workdays, population_periods; $as_at (the data-as-at date).
-- On the register at a period end: start <= end of period, and no end date or an end date after
-- it (a registration ending on the last day no longer counts, as at the end of that day).
-- Calendar timescales use DuckDB's date + INTERVAL n MONTH (31 January + 1 month = 28/29
-- February, as pipelines/timescales.py); working days as elsewhere, the clock-start day is day 0.
-- Contract: numerator <= denominator for percentages; team and category breakdowns partition the
-- totals (each child has one registration at a time: overlaps are rejected at import).
-- Indicators: wb_cpr_rate, wb_cpr_registrations, wb_cpr_deregistrations, wb_cpr_over_12m,
-- wb_cpr_avg_days, wb_cpr_reregistration_pct, wb_cpr_reregistration_ever_pct,
-- wb_cp_visit_10wd_pct, wb_core_group_6wk_pct, wb_initial_core_group_10wd_pct,
-- wb_cp_review_timely_pct.
WITH register AS (
    SELECT cp_register.*, start_day.wd_ord AS start_ord
    FROM cp_register
    LEFT JOIN workdays AS start_day ON start_day.date = cp_register.start_date
),

seen_visits AS (
    SELECT child_id, visit_date FROM cp_visits WHERE child_seen
),

on_register AS (
    -- Each registration open at each period end.
    SELECT
        periods.period_type,
        periods.period_start,
        periods.period_end,
        register.registration_id,
        register.child_id,
        register.team,
        register.category,
        register.start_date
    FROM register
    INNER JOIN periods
        ON register.start_date <= periods.period_end
        AND (register.end_date IS NULL OR register.end_date > periods.period_end)
),

snapshot AS (
    -- With the latest visit at which the child was seen, and the latest core group, on or
    -- before the period end (as-of joins: one row per registration and period), each counted
    -- only if it was during this registration.
    SELECT
        on_register.*,
        CASE WHEN seen_visits.visit_date >= on_register.start_date
            THEN seen_visits.visit_date END AS last_seen,
        CASE WHEN cp_core_groups.meeting_date >= on_register.start_date
            THEN cp_core_groups.meeting_date END AS last_core_group
    FROM on_register
    ASOF LEFT JOIN seen_visits
        ON seen_visits.child_id = on_register.child_id
        AND seen_visits.visit_date <= on_register.period_end
    ASOF LEFT JOIN cp_core_groups
        ON cp_core_groups.child_id = on_register.child_id
        AND cp_core_groups.meeting_date <= on_register.period_end
),

judged AS (
    SELECT
        snapshot.*,
        CASE WHEN end_day.wd_ord - reference_day.wd_ord IS NOT NULL
            THEN greatest(end_day.wd_ord - reference_day.wd_ord, 0) END AS wd_since_seen,
        snapshot.period_end > snapshot.start_date + INTERVAL 6 WEEK AS core_group_due,
        snapshot.last_core_group + INTERVAL 6 WEEK >= snapshot.period_end AS core_group_in_time,
        snapshot.period_end > snapshot.start_date + INTERVAL 12 MONTH AS over_12m
    FROM snapshot
    LEFT JOIN workdays AS end_day ON end_day.date = snapshot.period_end
    LEFT JOIN workdays AS reference_day
        ON reference_day.date = greatest(snapshot.start_date, snapshot.last_seen)
),

snapshot_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS children,
        count(*) FILTER (WHERE wd_since_seen <= 10) AS seen_in_time,
        count(*) FILTER (WHERE core_group_due) AS core_group_due,
        count(*) FILTER (WHERE core_group_due AND core_group_in_time) AS core_group_in_time,
        count(*) FILTER (WHERE over_12m) AS over_12m
    FROM judged GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, count(*),
        count(*) FILTER (WHERE wd_since_seen <= 10), count(*) FILTER (WHERE core_group_due),
        count(*) FILTER (WHERE core_group_due AND core_group_in_time),
        count(*) FILTER (WHERE over_12m)
    FROM judged GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'category', category, count(*),
        count(*) FILTER (WHERE wd_since_seen <= 10), count(*) FILTER (WHERE core_group_due),
        count(*) FILTER (WHERE core_group_due AND core_group_in_time),
        count(*) FILTER (WHERE over_12m)
    FROM judged GROUP BY ALL
),

starts_in_period AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end, register.*
    FROM register
    INNER JOIN period_days ON register.start_date = period_days.day
),

ends_in_period AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end, register.*,
        register.end_date - register.start_date AS days_registered
    FROM register
    INNER JOIN period_days ON register.end_date = period_days.day
),

starts_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS registrations,
        count(*) FILTER (WHERE previous_end + INTERVAL 12 MONTH >= start_date) AS within_12m,
        count(*) FILTER (WHERE registered_before) AS ever
    FROM starts_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, count(*),
        count(*) FILTER (WHERE previous_end + INTERVAL 12 MONTH >= start_date),
        count(*) FILTER (WHERE registered_before)
    FROM starts_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'category', category, count(*),
        count(*) FILTER (WHERE previous_end + INTERVAL 12 MONTH >= start_date),
        count(*) FILTER (WHERE registered_before)
    FROM starts_in_period GROUP BY ALL
),

ends_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS deregistrations, sum(days_registered) AS days
    FROM ends_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, count(*), sum(days_registered)
    FROM ends_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'category', category, count(*),
        sum(days_registered)
    FROM ends_in_period GROUP BY ALL
),

first_core_groups AS (
    -- The first core group is due 10 working days after registration (if still registered).
    SELECT
        register.registration_id,
        register.team,
        register.category,
        due_day.date AS due_date,
        min(cp_core_groups.meeting_date) AS first_meeting
    FROM register
    INNER JOIN workdays AS due_day
        ON due_day.wd_ord = register.start_ord + 10 AND due_day.is_working_day
    LEFT JOIN cp_core_groups
        ON cp_core_groups.child_id = register.child_id
        AND cp_core_groups.meeting_date >= register.start_date
        AND (register.end_date IS NULL OR cp_core_groups.meeting_date <= register.end_date)
    WHERE register.end_date IS NULL OR register.end_date > due_day.date
    GROUP BY ALL
),

first_due_by AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        first_core_groups.*
    FROM first_core_groups
    INNER JOIN period_days ON first_core_groups.due_date = period_days.day
    WHERE first_core_groups.due_date <= CAST($as_at AS DATE)
),

first_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS due, count(*) FILTER (WHERE first_meeting <= due_date) AS in_time
    FROM first_due_by GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, count(*),
        count(*) FILTER (WHERE first_meeting <= due_date)
    FROM first_due_by GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'category', category, count(*),
        count(*) FILTER (WHERE first_meeting <= due_date)
    FROM first_due_by GROUP BY ALL
),

reviews AS (
    -- Review conferences of each registration, in order; each is due 3 months after the
    -- registration (the first) or 6 months after the review before it.
    SELECT
        register.registration_id,
        register.team,
        register.category,
        register.end_date,
        cp_conferences.conference_date AS review_date,
        coalesce(
            lag(cp_conferences.conference_date) OVER (
                PARTITION BY register.registration_id
                ORDER BY cp_conferences.conference_date, cp_conferences.conference_id
            ) + INTERVAL 6 MONTH,
            register.start_date + INTERVAL 3 MONTH
        ) AS due_date
    FROM register
    INNER JOIN cp_conferences USING (registration_id)
    WHERE cp_conferences.conference_type = 'review'
),

next_reviews AS (
    -- The review due after the last one held (or the first, when none has been): overdue once
    -- its due date has passed while the child is still registered.
    SELECT
        register.registration_id,
        any_value(register.team) AS team,
        any_value(register.category) AS category,
        any_value(register.end_date) AS end_date,
        CAST(NULL AS DATE) AS review_date,
        coalesce(
            max(reviews.review_date) + INTERVAL 6 MONTH,
            any_value(register.start_date) + INTERVAL 3 MONTH
        ) AS due_date
    FROM register
    LEFT JOIN reviews USING (registration_id)
    GROUP BY register.registration_id
),

reviews_due AS (
    SELECT registration_id, team, category, review_date, CAST(due_date AS DATE) AS due_date
    FROM reviews
    UNION ALL
    SELECT registration_id, team, category, review_date, CAST(due_date AS DATE)
    FROM next_reviews
    WHERE (end_date IS NULL OR end_date > CAST(due_date AS DATE))
        AND CAST(due_date AS DATE) < CAST($as_at AS DATE)
),

reviews_in_period AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        reviews_due.*
    FROM reviews_due
    INNER JOIN period_days ON reviews_due.due_date = period_days.day
),

reviews_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS due, count(*) FILTER (WHERE review_date <= due_date) AS on_time
    FROM reviews_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, count(*),
        count(*) FILTER (WHERE review_date <= due_date)
    FROM reviews_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'category', category, count(*),
        count(*) FILTER (WHERE review_date <= due_date)
    FROM reviews_in_period GROUP BY ALL
)

SELECT 'wb_cpr_rate' AS indicator_id, snapshot_by.period_type, snapshot_by.period_start,
    snapshot_by.period_end, breakdown, breakdown_value,
    CAST(snapshot_by.children AS DOUBLE) AS numerator,
    CAST(population_periods.children AS DOUBLE) AS denominator,
    10000.0 * snapshot_by.children / population_periods.children AS value
FROM snapshot_by
LEFT JOIN population_periods USING (period_type, period_end)
UNION ALL
SELECT 'wb_cpr_over_12m', period_type, period_start, period_end, breakdown, breakdown_value,
    over_12m, NULL, over_12m
FROM snapshot_by
UNION ALL
SELECT 'wb_cp_visit_10wd_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, seen_in_time, children, 100.0 * seen_in_time / children
FROM snapshot_by
UNION ALL
SELECT 'wb_core_group_6wk_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, core_group_in_time, core_group_due,
    100.0 * core_group_in_time / nullif(core_group_due, 0)
FROM snapshot_by
UNION ALL
SELECT 'wb_cpr_registrations', period_type, period_start, period_end, breakdown,
    breakdown_value, registrations, NULL, registrations
FROM starts_by
UNION ALL
SELECT 'wb_cpr_reregistration_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, within_12m, registrations, 100.0 * within_12m / registrations
FROM starts_by
UNION ALL
SELECT 'wb_cpr_reregistration_ever_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, ever, registrations, 100.0 * ever / registrations
FROM starts_by
UNION ALL
SELECT 'wb_cpr_deregistrations', period_type, period_start, period_end, breakdown,
    breakdown_value, deregistrations, NULL, deregistrations
FROM ends_by
UNION ALL
SELECT 'wb_cpr_avg_days', period_type, period_start, period_end, breakdown, breakdown_value,
    days, deregistrations, 1.0 * days / deregistrations
FROM ends_by
UNION ALL
SELECT 'wb_initial_core_group_10wd_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, in_time, due, 100.0 * in_time / due
FROM first_by
UNION ALL
SELECT 'wb_cp_review_timely_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, on_time, due, 100.0 * on_time / due
FROM reviews_by;
