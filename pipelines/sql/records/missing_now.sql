-- Children missing now, and children back from a missing episode with no return interview offered.
-- Grain: one row per missing episode at $as_at (the end of the data-as-at day): still missing
-- (no end date-time), or a missing (not absent) episode ended in the 28 days to $as_at with no
-- interview offered. Case-system ids only, never names.
-- Inputs: missing_episodes (current view), lac_episodes_in (looked_after_inputs.sql),
-- allocations; $as_at.
-- Team: the looked-after child's care episode's team; else the team holding the child's case
-- (the latest open allocation); else 'Team not recorded'.
CREATE OR REPLACE TABLE missing_now AS
WITH as_at AS (
    SELECT CAST($as_at AS DATE) AS day, CAST($as_at AS DATE) + INTERVAL 1 DAY AS day_end
),

listed AS (
    SELECT
        missing_episodes.*,
        CASE
            WHEN missing_episodes.ended_at IS NULL THEN 'missing now'
            ELSE 'back, no return interview offered'
        END AS status
    FROM missing_episodes, as_at
    WHERE missing_episodes.started_at < as_at.day_end
        AND (
            missing_episodes.ended_at IS NULL
            OR (missing_episodes.episode_type = 'missing'
                AND missing_episodes.interview_offered_at IS NULL
                AND missing_episodes.ended_at >= as_at.day_end - INTERVAL 28 DAY
                AND missing_episodes.ended_at < as_at.day_end)
        )
),

teams AS (
    SELECT
        listed.missing_id,
        first(care.team ORDER BY care.start_date DESC) AS care_team,
        bool_or(care.child_id IS NOT NULL) AS looked_after
    FROM listed
    LEFT JOIN lac_episodes_in AS care
        ON care.child_id = listed.child_id
        AND care.start_date <= (SELECT day FROM as_at)
        AND (care.end_date IS NULL OR care.end_date > (SELECT day FROM as_at))
    GROUP BY listed.missing_id
),

case_teams AS (
    SELECT
        listed.missing_id,
        first(allocations.team ORDER BY allocations.allocated_from DESC) AS case_team
    FROM listed
    INNER JOIN allocations
        ON allocations.child_id = listed.child_id
        AND allocations.allocated_from <= (SELECT day FROM as_at)
        AND (allocations.allocated_to IS NULL
            OR allocations.allocated_to > (SELECT day FROM as_at))
    GROUP BY listed.missing_id
)

SELECT
    listed.missing_id,
    listed.child_id,
    coalesce(teams.care_team, case_teams.case_team, 'Team not recorded') AS team,
    coalesce(teams.looked_after, FALSE) AS looked_after,
    listed.episode_type,
    listed.status,
    listed.started_at,
    listed.ended_at,
    CAST(date_diff('hour', coalesce(listed.ended_at, listed.started_at), (SELECT day_end FROM as_at))
        AS BIGINT) AS hours_since,
    (SELECT day FROM as_at) AS as_at
FROM listed
LEFT JOIN teams USING (missing_id)
LEFT JOIN case_teams USING (missing_id)
ORDER BY listed.status DESC, hours_since DESC, child_id;
