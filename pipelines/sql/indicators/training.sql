-- Mandatory training: staff in post at each period end holding a current completion of every
-- mandatory course. Grain: one row per period and breakdown value (total, team).
-- Inputs: staff_in_post (workforce_inputs.sql), training_completions, periods;
-- $mandatory_courses (config.toml [workforce] mandatory_courses, matched ignoring case and
-- surrounding spaces).
-- Staff: everyone in post, every role (the courses are for all staff). Current: completed on or
-- before the period end and not expired by its end (Expiry Date is exclusive; blank: no expiry).
-- A starter is counted from their first day, with no period of grace. No training extract, or
-- no mandatory course configured: no series.
-- Indicators: wf_mandatory_training_pct.
WITH required AS (
    SELECT DISTINCT lower(trim(course)) AS course
    FROM (SELECT unnest(CAST($mandatory_courses AS VARCHAR[])) AS course)
),

staff AS (
    SELECT *
    FROM staff_in_post
    WHERE EXISTS (SELECT 1 FROM training_completions) AND EXISTS (SELECT 1 FROM required)
),

held AS (
    SELECT staff.period_type, staff.period_end, staff.worker_id,
        count(DISTINCT lower(training_completions.course)) AS courses
    FROM staff
    INNER JOIN training_completions
        ON training_completions.worker_id = staff.worker_id
        AND training_completions.completed_date <= staff.period_end
        AND (training_completions.expiry_date IS NULL
            OR training_completions.expiry_date > staff.period_end)
    WHERE lower(training_completions.course) IN (SELECT course FROM required)
    GROUP BY ALL
),

judged AS (
    SELECT staff.period_type, staff.period_start, staff.period_end, staff.team,
        coalesce(held.courses, 0) = (SELECT count(*) FROM required) AS compliant
    FROM staff
    LEFT JOIN held USING (period_type, period_end, worker_id)
),

by_breakdown AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) FILTER (WHERE compliant) AS compliant, count(*) AS staff
    FROM judged GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team,
        count(*) FILTER (WHERE compliant), count(*)
    FROM judged GROUP BY ALL
)

SELECT 'wf_mandatory_training_pct' AS indicator_id, period_type, period_start, period_end,
    breakdown, breakdown_value, compliant AS numerator, staff AS denominator,
    100.0 * compliant / staff AS value
FROM by_breakdown;
