-- The supervision list a team manager works from: each case-holding worker in post at the
-- data-as-at date with their latest supervision, the policy interval of their experience band,
-- when the next session is due and how many days remain (negative: overdue by that many).
-- Grain: one row per case-holding worker in post at $as_at. Case-system ids only, never names.
-- Inputs: workers, supervision_sessions, supervision_policy, social_work_role() and
-- experience_band() (workforce_inputs.sql); $as_at. No supervision extract: an empty list.
-- Due: the latest session on or before $as_at (or the start in post, if none since) plus the
-- interval, as wf_supervision_timely_pct counts it (overdue when more than the interval ago).
CREATE OR REPLACE TABLE wf_supervision_due AS
WITH holders AS (
    SELECT workers.worker_id, workers.team, workers.start_date,
        experience_band(workers.qualified_date, CAST($as_at AS DATE)) AS experience
    FROM workers
    WHERE social_work_role(workers.role)
        AND workers.start_date <= CAST($as_at AS DATE)
        AND (workers.leaving_date IS NULL OR workers.leaving_date > CAST($as_at AS DATE))
        AND EXISTS (SELECT 1 FROM supervision_sessions)
),

latest AS (
    SELECT holders.*,
        (SELECT max(session_date) FROM supervision_sessions
            WHERE supervision_sessions.worker_id = holders.worker_id
                AND supervision_sessions.session_date <= CAST($as_at AS DATE)) AS last_session
    FROM holders
)

SELECT latest.worker_id, latest.team, latest.experience, latest.last_session,
    supervision_policy.interval_days,
    CAST(greatest(coalesce(latest.last_session, latest.start_date), latest.start_date)
        + CAST(supervision_policy.interval_days AS INTEGER) AS DATE) AS due,
    CAST(greatest(coalesce(latest.last_session, latest.start_date), latest.start_date)
        + CAST(supervision_policy.interval_days AS INTEGER) AS DATE) - CAST($as_at AS DATE) AS days_left,
    CAST($as_at AS DATE) AS as_at
FROM latest
INNER JOIN supervision_policy ON supervision_policy.band = latest.experience;
