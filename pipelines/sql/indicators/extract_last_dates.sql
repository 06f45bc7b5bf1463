-- The latest event date in each event extract. Grain: one row per extract.
-- A family of indicators is reported only up to the latest date of the extracts it reads, so an
-- extract that was not refreshed this week does not produce a new week of stale figures.
-- Reads only the minimum and maximum of date columns: an incremental rebuild answers it for the
-- extracts it did not change from their stored extreme rows (build._shadow_with_extremes).
SELECT 'contacts' AS extract, greatest(max(CAST(received_at AS DATE)),
    max(CAST(decision_at AS DATE))) AS last_date
FROM contacts
UNION ALL
SELECT 'assessments', greatest(max(referral_date), max(start_date), max(completed_date))
FROM assessments
UNION ALL
SELECT 'allocations', greatest(max(allocated_from), max(allocated_to))
FROM allocations
UNION ALL
SELECT 'service_referrals', greatest(max(referred_date), max(allocated_date), max(closed_date))
FROM service_referrals
UNION ALL
SELECT 'strategy_discussions', greatest(max(CAST(held_at AS DATE)), max(s47_completed_date))
FROM strategy_discussions
UNION ALL
SELECT 'cp_conferences', greatest(max(conference_date), max(outline_plan_circulated))
FROM cp_conferences
UNION ALL
SELECT 'cp_registrations', greatest(max(start_date), max(end_date))
FROM cp_registrations
UNION ALL
SELECT 'cp_core_groups', max(meeting_date)
FROM cp_core_groups
UNION ALL
SELECT 'cp_visits', max(visit_date)
FROM cp_visits
UNION ALL
SELECT 'lac_episodes', greatest(max(start_date), max(end_date))
FROM lac_episodes
UNION ALL
SELECT 'lac_placements', greatest(max(start_date), max(end_date))
FROM lac_placements
UNION ALL
SELECT 'lac_visits', max(visit_date)
FROM lac_visits
UNION ALL
SELECT 'lac_reviews', max(review_date)
FROM lac_reviews
UNION ALL
SELECT 'lac_health_checks', max(check_date)
FROM lac_health_checks
UNION ALL
SELECT 'missing_episodes', greatest(max(CAST(started_at AS DATE)), max(CAST(ended_at AS DATE)))
FROM missing_episodes
UNION ALL
SELECT 'sickness_absence', greatest(max(first_day), max(last_day))
FROM sickness_absence
UNION ALL
SELECT 'supervision_sessions', max(session_date)
FROM supervision_sessions
UNION ALL
SELECT 'case_audits', max(audit_date)
FROM case_audits
UNION ALL
SELECT 'training_completions', max(completed_date)
FROM training_completions;
