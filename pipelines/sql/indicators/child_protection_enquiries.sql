-- Child protection enquiries: strategy discussions, Section 47 enquiries and the conferences that
-- follow. Grain: one row per indicator, period and breakdown value (flows: events in the period).
-- Inputs: strategy_discussions, cp_conferences, allocations (current views); cp_register
-- (child_protection_inputs.sql); period_days, workdays; $as_at (the data-as-at date).
-- Elapsed working days: greatest(wd_ord(end) - wd_ord(start), 0), the clock-start day is day 0;
-- null when either end is unknown (DuckDB's greatest would skip the null and give 0).
-- Team: the record's own, else (conferences) its registration's, else the team holding the
-- child's case on the day (allocations), else 'Team not recorded'.
-- Contract: numerator <= denominator; the team and timing breakdowns partition the total; the
-- agency breakdown of pi_conference_attendance_pct does not (a conference has three agencies).
-- Indicators: wb_strategy_24h_pct, pi_strategy_multiagency_pct, wb_cp_strategy_discussions,
-- wb_cp_s47_enquiries, pi_s47_outcome_shared_pct, wb_icpc_15wd_pct, wb_cp_icpcs,
-- wb_outline_plan_5wd_pct, pi_conference_attendance_pct.
WITH discussions AS (
    SELECT
        *,
        CAST(held_at AS DATE) AS held_date,
        CAST(decision_at AS DATE) AS decision_date
    FROM strategy_discussions
),

conferences AS (
    SELECT * FROM cp_conferences
),

undated_teams AS (
    -- Records without a team of their own, and the day whose case team they take.
    SELECT 'discussion' AS kind, strategy_id AS record_id, child_id, held_date AS day
    FROM discussions
    WHERE team IS NULL
    UNION ALL
    SELECT 'conference', conference_id, child_id, conference_date
    FROM conferences
    WHERE team IS NULL
),

case_teams AS (
    SELECT
        undated_teams.kind,
        undated_teams.record_id,
        first(
            allocations.team ORDER BY allocations.case_type = 'child_protection' DESC,
            allocations.allocated_from DESC, allocations.allocation_id DESC
        ) AS case_team
    FROM undated_teams
    INNER JOIN allocations
        ON allocations.child_id = undated_teams.child_id
        AND allocations.allocated_from <= undated_teams.day
        AND (allocations.allocated_to IS NULL OR allocations.allocated_to >= undated_teams.day)
    GROUP BY ALL
),

discussions_in AS (
    SELECT
        discussions.*,
        coalesce(discussions.team, case_teams.case_team, 'Team not recorded') AS team_of,
        discussions.decision_at IS NOT NULL
        AND CAST(discussions.decision_at AS TIME) <> TIME '00:00:00'
        AND CAST(discussions.held_at AS TIME) <> TIME '00:00:00' AS timed,
        CASE WHEN held_day.wd_ord - decided_day.wd_ord IS NOT NULL
            THEN greatest(held_day.wd_ord - decided_day.wd_ord, 0) END AS decision_wd
    FROM discussions
    LEFT JOIN case_teams
        ON case_teams.kind = 'discussion' AND case_teams.record_id = discussions.strategy_id
    LEFT JOIN workdays AS held_day ON held_day.date = discussions.held_date
    LEFT JOIN workdays AS decided_day ON decided_day.date = discussions.decision_date
),

discussions_judged AS (
    SELECT
        *,
        CASE
            WHEN decision_at IS NULL THEN NULL
            WHEN timed THEN held_at <= decision_at + INTERVAL 24 HOUR
            ELSE decision_wd <= 1
        END AS within_24h,
        CASE
            WHEN decision_at IS NULL THEN NULL
            WHEN timed THEN 'Date and time recorded (24 hours)'
            ELSE 'Dates only (same or next working day, a proxy)'
        END AS timing,
        police IS NOT NULL AND health IS NOT NULL AS attendance_recorded,
        police = 'took_part' AND health = 'took_part' AS police_and_health,
        coalesce(police = 'took_part', FALSE) OR coalesce(health = 'took_part', FALSE)
        OR coalesce(education = 'took_part', FALSE) OR other_agencies IS NOT NULL AS any_partner,
        police IS NOT NULL OR health IS NOT NULL OR education IS NOT NULL
        OR other_agencies IS NOT NULL AS partners_recorded,
        (coalesce(police, '') <> 'took_part' OR police_outcome_shared IS NOT NULL)
        AND (coalesce(health, '') <> 'took_part' OR health_outcome_shared IS NOT NULL)
        AND (coalesce(education, '') <> 'took_part' OR education_outcome_shared IS NOT NULL)
        AND (other_agencies IS NULL OR other_agencies_outcome_shared IS NOT NULL) AS shared_all
    FROM discussions_in
),

held_in_period AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        discussions_judged.*
    FROM discussions_judged
    INNER JOIN period_days ON discussions_judged.held_date = period_days.day
),

completed_in_period AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        discussions_judged.*
    FROM discussions_judged
    INNER JOIN period_days ON discussions_judged.s47_completed_date = period_days.day
    WHERE discussions_judged.section_47
),

clock_candidates AS (
    -- An initial conference is timed from the child's latest strategy discussion that started a
    -- Section 47 enquiry: on or before the conference, not before the discussion it names, and
    -- after the child's previous initial conference.
    SELECT conferences.conference_id, discussions.held_date
    FROM conferences
    LEFT JOIN discussions AS named ON named.strategy_id = conferences.strategy_id
    INNER JOIN discussions
        ON discussions.child_id = conferences.child_id
        AND discussions.section_47
        AND discussions.held_date <= conferences.conference_date
        AND discussions.held_date >= coalesce(named.held_date, DATE '0001-01-01')
    WHERE conferences.conference_type = 'initial'
        AND NOT EXISTS (
            SELECT 1
            FROM conferences AS before
            WHERE before.child_id = conferences.child_id
                AND before.conference_type = 'initial'
                AND before.conference_date < conferences.conference_date
                AND before.conference_date >= discussions.held_date
        )
),

conference_clock AS (
    SELECT conference_id, max(held_date) AS clock_start
    FROM clock_candidates
    GROUP BY conference_id
),

conferences_in AS (
    SELECT
        conferences.*,
        coalesce(
            conferences.team, cp_register.team, case_teams.case_team, 'Team not recorded'
        ) AS team_of,
        CASE WHEN conference_day.wd_ord - clock_day.wd_ord IS NOT NULL
            THEN greatest(conference_day.wd_ord - clock_day.wd_ord, 0) END AS icpc_wd,
        conference_clock.clock_start,
        CASE WHEN plan_day.wd_ord - conference_day.wd_ord IS NOT NULL
            THEN greatest(plan_day.wd_ord - conference_day.wd_ord, 0) END AS plan_wd,
        as_at_day.wd_ord - conference_day.wd_ord AS wd_since
    FROM conferences
    LEFT JOIN cp_register USING (registration_id)
    LEFT JOIN case_teams
        ON case_teams.kind = 'conference' AND case_teams.record_id = conferences.conference_id
    LEFT JOIN conference_clock USING (conference_id)
    LEFT JOIN workdays AS conference_day ON conference_day.date = conferences.conference_date
    LEFT JOIN workdays AS clock_day ON clock_day.date = conference_clock.clock_start
    LEFT JOIN workdays AS plan_day ON plan_day.date = conferences.outline_plan_circulated
    LEFT JOIN workdays AS as_at_day ON as_at_day.date = CAST($as_at AS DATE)
),

conferences_judged AS (
    SELECT
        *,
        police IS NOT NULL AND health IS NOT NULL AND education IS NOT NULL
        AND (police <> 'not_invited' OR health <> 'not_invited' OR education <> 'not_invited')
            AS attendance_recorded,
        (police = 'not_invited' OR police IN ('attended', 'report'))
        AND (health = 'not_invited' OR health IN ('attended', 'report'))
        AND (education = 'not_invited' OR education IN ('attended', 'report')) AS all_took_part,
        -- A plan counts once it is due (5 working days on) or circulated.
        outline_plan_circulated IS NOT NULL OR wd_since > 5 AS plan_due
    FROM conferences_in
),

conferences_in_period AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        conferences_judged.*
    FROM conferences_judged
    INNER JOIN period_days ON conferences_judged.conference_date = period_days.day
),

agency_participation AS (
    SELECT period_type, period_start, period_end, team_of, 'Police' AS agency,
        police AS participation
    FROM conferences_in_period
    UNION ALL
    SELECT period_type, period_start, period_end, team_of, 'Health', health
    FROM conferences_in_period
    UNION ALL
    SELECT period_type, period_start, period_end, team_of, 'Education', education
    FROM conferences_in_period
),

held_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS held,
        count(*) FILTER (WHERE section_47) AS enquiries,
        count(*) FILTER (WHERE within_24h IS NOT NULL) AS timed,
        count(*) FILTER (WHERE within_24h) AS within_24h,
        count(*) FILTER (WHERE attendance_recorded) AS recorded,
        count(*) FILTER (WHERE police_and_health) AS police_and_health
    FROM held_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team_of, count(*),
        count(*) FILTER (WHERE section_47), count(*) FILTER (WHERE within_24h IS NOT NULL),
        count(*) FILTER (WHERE within_24h), count(*) FILTER (WHERE attendance_recorded),
        count(*) FILTER (WHERE police_and_health)
    FROM held_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'timing', timing, count(*),
        count(*) FILTER (WHERE section_47), count(*) FILTER (WHERE within_24h IS NOT NULL),
        count(*) FILTER (WHERE within_24h), count(*) FILTER (WHERE attendance_recorded),
        count(*) FILTER (WHERE police_and_health)
    FROM held_in_period
    WHERE timing IS NOT NULL
    GROUP BY ALL
),

completed_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown,
        'All' AS breakdown_value,
        count(*) FILTER (WHERE partners_recorded AND any_partner) AS with_partners,
        count(*) FILTER (WHERE partners_recorded AND any_partner AND shared_all) AS shared
    FROM completed_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team_of,
        count(*) FILTER (WHERE partners_recorded AND any_partner),
        count(*) FILTER (WHERE partners_recorded AND any_partner AND shared_all)
    FROM completed_in_period GROUP BY ALL
),

conferences_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown,
        'All' AS breakdown_value,
        count(*) FILTER (WHERE conference_type = 'initial') AS initial,
        count(*) FILTER (WHERE conference_type = 'initial' AND clock_start IS NOT NULL) AS timed,
        count(*) FILTER (WHERE conference_type = 'initial' AND icpc_wd <= 15) AS within_15wd,
        count(*) FILTER (WHERE conference_type <> 'review' AND plan_due) AS plans_due,
        count(*) FILTER (WHERE conference_type <> 'review' AND plan_wd <= 5) AS plans_in_time,
        count(*) FILTER (WHERE attendance_recorded) AS recorded,
        count(*) FILTER (WHERE attendance_recorded AND all_took_part) AS all_took_part
    FROM conferences_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team_of,
        count(*) FILTER (WHERE conference_type = 'initial'),
        count(*) FILTER (WHERE conference_type = 'initial' AND clock_start IS NOT NULL),
        count(*) FILTER (WHERE conference_type = 'initial' AND icpc_wd <= 15),
        count(*) FILTER (WHERE conference_type <> 'review' AND plan_due),
        count(*) FILTER (WHERE conference_type <> 'review' AND plan_wd <= 5),
        count(*) FILTER (WHERE attendance_recorded),
        count(*) FILTER (WHERE attendance_recorded AND all_took_part)
    FROM conferences_in_period GROUP BY ALL
),

agency_by AS (
    SELECT period_type, period_start, period_end, 'agency' AS breakdown, agency AS breakdown_value,
        count(*) FILTER (WHERE participation IN ('attended', 'report', 'invited_absent'))
            AS invited,
        count(*) FILTER (WHERE participation IN ('attended', 'report')) AS took_part
    FROM agency_participation GROUP BY ALL
)

SELECT 'wb_strategy_24h_pct' AS indicator_id, period_type, period_start, period_end, breakdown,
    breakdown_value, CAST(within_24h AS DOUBLE) AS numerator, CAST(timed AS DOUBLE) AS denominator,
    100.0 * within_24h / nullif(timed, 0) AS value
FROM held_by
UNION ALL
SELECT 'pi_strategy_multiagency_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, police_and_health, recorded, 100.0 * police_and_health / nullif(recorded, 0)
FROM held_by
WHERE breakdown <> 'timing'
UNION ALL
SELECT 'wb_cp_strategy_discussions', period_type, period_start, period_end, breakdown,
    breakdown_value, held, NULL, held
FROM held_by
WHERE breakdown <> 'timing'
UNION ALL
SELECT 'wb_cp_s47_enquiries', period_type, period_start, period_end, breakdown, breakdown_value,
    enquiries, NULL, enquiries
FROM held_by
WHERE breakdown <> 'timing'
UNION ALL
SELECT 'pi_s47_outcome_shared_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, shared, with_partners, 100.0 * shared / nullif(with_partners, 0)
FROM completed_by
UNION ALL
SELECT 'wb_icpc_15wd_pct', period_type, period_start, period_end, breakdown, breakdown_value,
    within_15wd, timed, 100.0 * within_15wd / nullif(timed, 0)
FROM conferences_by
UNION ALL
SELECT 'wb_cp_icpcs', period_type, period_start, period_end, breakdown, breakdown_value,
    initial, NULL, initial
FROM conferences_by
UNION ALL
SELECT 'wb_outline_plan_5wd_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, plans_in_time, plans_due, 100.0 * plans_in_time / nullif(plans_due, 0)
FROM conferences_by
UNION ALL
SELECT 'pi_conference_attendance_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, all_took_part, recorded, 100.0 * all_took_part / nullif(recorded, 0)
FROM conferences_by
UNION ALL
SELECT 'pi_conference_attendance_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, took_part, invited, 100.0 * took_part / nullif(invited, 0)
FROM agency_by;
