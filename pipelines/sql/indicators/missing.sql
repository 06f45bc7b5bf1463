-- Children missing from home or care: episodes, repeat missing and return interviews.
-- Grain: one row per indicator, period and breakdown value (looked after or not, missing or
-- absent).
-- Inputs: missing_episodes (current view), lac_episodes_in (looked_after_inputs.sql); periods,
-- period_days; $as_at (the data-as-at date).
-- Looked after: the child had a care episode open on the day the episode started.
-- Return interviews (missing episodes only, not absences): an episode counts in the period the
-- child returned, once its 72 hours have passed by the end of the data-as-at day or an interview
-- was offered; offered in time when offered at most 72 hours after the return (date-times; a date
-- alone is midnight); held in time when held on or before the day 72 hours after the return. A
-- declined interview was offered.
-- Contract: numerator <= denominator for percentages; each breakdown partitions the total.
-- Indicators: wb_missing_episodes, wb_missing_repeat, wb_missing_per_child,
-- wb_return_interview_72h_pct, wb_return_interview_held_pct.
WITH episodes AS (
    SELECT
        missing_episodes.*,
        CAST(missing_episodes.started_at AS DATE) AS start_date,
        CAST(missing_episodes.ended_at AS DATE) AS end_date,
        missing_episodes.ended_at + INTERVAL 72 HOUR AS deadline,
        EXISTS (
            SELECT 1 FROM lac_episodes_in AS care
            WHERE care.child_id = missing_episodes.child_id
                AND care.start_date <= CAST(missing_episodes.started_at AS DATE)
                AND (care.end_date IS NULL
                    OR care.end_date > CAST(missing_episodes.started_at AS DATE))
        ) AS looked_after
    FROM missing_episodes
),

labelled AS (
    SELECT
        episodes.*,
        CASE WHEN looked_after THEN 'Looked after' ELSE 'Not looked after' END AS care_status,
        CASE WHEN episode_type = 'absent' THEN 'Absent' ELSE 'Missing' END AS type_label
    FROM episodes
),

started AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        labelled.*
    FROM labelled
    INNER JOIN period_days ON labelled.start_date = period_days.day
),

started_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS episodes, count(DISTINCT child_id) AS children
    FROM started GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'looked_after', care_status, count(*),
        count(DISTINCT child_id)
    FROM started GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'episode_type', type_label, count(*),
        count(DISTINCT child_id)
    FROM started GROUP BY ALL
),

year_children AS (
    -- Each child's episodes started in the 12 months to the period end; the child's care
    -- status is that of the latest of them.
    SELECT
        periods.period_type,
        periods.period_start,
        periods.period_end,
        labelled.child_id,
        count(*) AS episodes,
        arg_max(labelled.care_status, labelled.started_at) AS care_status
    FROM labelled
    INNER JOIN periods
        ON labelled.start_date <= periods.period_end
        AND labelled.start_date > CAST(periods.period_end - INTERVAL 12 MONTH AS DATE)
    GROUP BY ALL
),

repeat_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) FILTER (WHERE episodes >= 3) AS repeat_children
    FROM year_children GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'looked_after', care_status,
        count(*) FILTER (WHERE episodes >= 3)
    FROM year_children GROUP BY ALL
),

returned AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        labelled.*
    FROM labelled
    INNER JOIN period_days ON labelled.end_date = period_days.day
    WHERE labelled.episode_type = 'missing'
        AND (labelled.interview_offered_at IS NOT NULL
            OR labelled.deadline < CAST($as_at AS DATE) + INTERVAL 1 DAY)
),

returned_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS returns,
        count(*) FILTER (WHERE interview_offered_at <= deadline) AS offered,
        count(*) FILTER (WHERE interview_held_date <= CAST(deadline AS DATE)) AS held
    FROM returned GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'looked_after', care_status, count(*),
        count(*) FILTER (WHERE interview_offered_at <= deadline),
        count(*) FILTER (WHERE interview_held_date <= CAST(deadline AS DATE))
    FROM returned GROUP BY ALL
)

SELECT 'wb_missing_episodes' AS indicator_id, period_type, period_start, period_end, breakdown,
    breakdown_value, CAST(episodes AS DOUBLE) AS numerator, CAST(NULL AS DOUBLE) AS denominator,
    CAST(episodes AS DOUBLE) AS value
FROM started_by
UNION ALL
SELECT 'wb_missing_per_child', period_type, period_start, period_end, breakdown,
    breakdown_value, episodes, children, 1.0 * episodes / children
FROM started_by
UNION ALL
SELECT 'wb_missing_repeat', period_type, period_start, period_end, breakdown, breakdown_value,
    repeat_children, NULL, repeat_children
FROM repeat_by
UNION ALL
SELECT 'wb_return_interview_72h_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, offered, returns, 100.0 * offered / returns
FROM returned_by
UNION ALL
SELECT 'wb_return_interview_held_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, held, returns, 100.0 * held / returns
FROM returned_by;
