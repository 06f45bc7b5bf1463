-- The earliest date in each event extract: where its history starts. Grain: one row per extract.
-- An indicator with a warm-up (catalogue column warm_up, e.g. a 12-month look-back) reports no
-- value until the warm-up has passed since the first date of its extracts. An extract missing
-- here starts with the data range (data_range.sql).
-- Reads only the minimum and maximum of date columns: an incremental rebuild answers it for the
-- extracts it did not change from their stored extreme rows (build._shadow_with_extremes).
SELECT 'contacts' AS extract, min(CAST(received_at AS DATE)) AS first_date
FROM contacts
UNION ALL
SELECT 'assessments', min(referral_date)
FROM assessments
UNION ALL
SELECT 'allocations', min(allocated_from)
FROM allocations
UNION ALL
SELECT 'service_referrals', min(referred_date)
FROM service_referrals
UNION ALL
SELECT 'lac_placements', min(start_date)
FROM lac_placements
UNION ALL
SELECT 'lac_visits', min(visit_date)
FROM lac_visits
UNION ALL
SELECT 'lac_reviews', min(review_date)
FROM lac_reviews
UNION ALL
SELECT 'missing_episodes', min(CAST(started_at AS DATE))
FROM missing_episodes
UNION ALL
SELECT 'sickness_absence', min(first_day)
FROM sickness_absence
UNION ALL
SELECT 'supervision_sessions', min(session_date)
FROM supervision_sessions
UNION ALL
SELECT 'case_audits', min(audit_date)
FROM case_audits
UNION ALL
SELECT 'training_completions', min(completed_date)
FROM training_completions;
