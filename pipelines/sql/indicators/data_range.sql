-- The dates the extracts cover. Grain: one row (first, last).
-- "last" is the data-as-at date: the latest event date in any event extract, so that periods after
-- the data ends are never reported as zeros.
-- Reads only the minimum and maximum of date columns: an incremental rebuild answers it for the
-- extracts it did not change from their stored extreme rows (build._shadow_with_extremes).
WITH contact_span AS (
    -- One pass over the contacts for both of their event dates.
    SELECT
        min(CAST(received_at AS DATE)) AS first_received,
        max(CAST(received_at AS DATE)) AS last_received,
        min(CAST(decision_at AS DATE)) AS first_decided,
        max(CAST(decision_at AS DATE)) AS last_decided
    FROM contacts
),

events AS (
    -- The first and last date of each kind of event (min and max skip blanks).
    SELECT first_received AS first_event, last_received AS last_event FROM contact_span
    UNION ALL
    SELECT first_decided, last_decided FROM contact_span
    UNION ALL
    SELECT min(referral_date), max(referral_date) FROM assessments
    UNION ALL
    SELECT min(completed_date), max(completed_date) FROM assessments
    UNION ALL
    SELECT min(referred_date), max(referred_date) FROM service_referrals
    UNION ALL
    SELECT min(allocated_date), max(allocated_date) FROM service_referrals
    UNION ALL
    SELECT min(allocated_from), max(allocated_from) FROM allocations
    UNION ALL
    SELECT min(CAST(held_at AS DATE)), max(CAST(held_at AS DATE)) FROM strategy_discussions
    UNION ALL
    SELECT min(conference_date), max(conference_date) FROM cp_conferences
    UNION ALL
    SELECT min(start_date), max(start_date) FROM cp_registrations
    UNION ALL
    SELECT min(meeting_date), max(meeting_date) FROM cp_core_groups
    UNION ALL
    SELECT min(visit_date), max(visit_date) FROM cp_visits
    UNION ALL
    -- Looked-after children: a care episode or placement may have started years before the
    -- records of events (history dates), so only their ends and the events count.
    SELECT min(end_date), greatest(max(start_date), max(end_date)) FROM lac_episodes
    UNION ALL
    SELECT min(end_date), greatest(max(start_date), max(end_date)) FROM lac_placements
    UNION ALL
    SELECT min(visit_date), max(visit_date) FROM lac_visits
    UNION ALL
    SELECT min(review_date), max(review_date) FROM lac_reviews
    UNION ALL
    SELECT min(CAST(started_at AS DATE)), max(CAST(started_at AS DATE)) FROM missing_episodes
    UNION ALL
    SELECT min(first_day), max(first_day) FROM sickness_absence
    UNION ALL
    SELECT min(session_date), max(session_date) FROM supervision_sessions
    UNION ALL
    SELECT min(audit_date), max(audit_date) FROM case_audits
    UNION ALL
    SELECT min(completed_date), max(completed_date) FROM training_completions
),

starts AS (
    -- Where the event history starts: the earliest contact if there are contacts, else any event.
    SELECT coalesce(
        (SELECT first_received FROM contact_span),
        (SELECT min(first_event) FROM events)
    ) AS first_date
)

SELECT starts.first_date, (SELECT max(last_event) FROM events) AS last_date
FROM starts;
