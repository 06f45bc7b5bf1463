-- Supervision of case-holding staff: timeliness (a snapshot at each period end) and recording in
-- the case system (a flow of the sessions held in each period).
-- Grain: one row per indicator, period and breakdown value.
-- Inputs: staff_in_post (workforce_inputs.sql), supervision_sessions, workers, periods,
-- period_days; supervision_policy (band, interval_days: config.toml [workforce], written by
-- the build).
-- Timely: a case-holding worker in post at the period end whose latest session on or before it
-- (or, with none since, their start in post) is at most the interval of their band at the period
-- end before it. A worker crossing from the first year to the next band is held to the longer
-- interval from that day on. 'Not recorded' experience is held to the more-than-3-years interval.
-- A session counts whether or not it is recorded in the case system (the register's concern is
-- measured by the second indicator). No supervision extract: no series.
-- Recorded: sessions held in the period that say Yes ÷ sessions that say Yes or No (blank: not
-- stated, left out); team: the supervisee's team in the workers extract ('Team not recorded').
-- Months, quarters and years only: a week's sessions are too few for a steady percentage.
-- Indicators: wf_supervision_timely_pct, wf_supervision_recorded_pct.
WITH holders AS (
    SELECT staff_in_post.*, supervision_policy.interval_days
    FROM staff_in_post
    INNER JOIN supervision_policy ON supervision_policy.band = staff_in_post.experience
    WHERE case_holding AND EXISTS (SELECT 1 FROM supervision_sessions)
),

latest AS (
    SELECT holders.*, sessions.session_date AS last_session
    FROM holders
    ASOF LEFT JOIN (SELECT worker_id, session_date FROM supervision_sessions) AS sessions
        ON sessions.worker_id = holders.worker_id
        AND sessions.session_date <= holders.period_end
),

judged AS (
    SELECT *,
        holders_clock.period_end - holders_clock.clock <= holders_clock.interval_days AS timely
    FROM (
        SELECT *, greatest(coalesce(last_session, start_date), start_date) AS clock
        FROM latest
    ) AS holders_clock
),

timely_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) FILTER (WHERE timely) AS timely, count(*) AS staff
    FROM judged GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team,
        count(*) FILTER (WHERE timely), count(*)
    FROM judged GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'experience', experience,
        count(*) FILTER (WHERE timely), count(*)
    FROM judged GROUP BY ALL
),

sessions_held AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        coalesce(workers.team, 'Team not recorded') AS team,
        supervision_sessions.recorded_in_case_system AS recorded
    FROM supervision_sessions
    INNER JOIN period_days ON period_days.day = supervision_sessions.session_date
        AND period_days.period_type <> 'week'
    LEFT JOIN workers ON workers.worker_id = supervision_sessions.worker_id
    WHERE supervision_sessions.recorded_in_case_system IS NOT NULL
),

recorded_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) FILTER (WHERE recorded) AS recorded, count(*) AS sessions
    FROM sessions_held GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team,
        count(*) FILTER (WHERE recorded), count(*)
    FROM sessions_held GROUP BY ALL
)

SELECT 'wf_supervision_timely_pct' AS indicator_id, period_type, period_start, period_end,
    breakdown, breakdown_value, timely AS numerator, staff AS denominator,
    100.0 * timely / staff AS value
FROM timely_by
UNION ALL
SELECT 'wf_supervision_recorded_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, recorded, sessions, 100.0 * recorded / sessions
FROM recorded_by;
