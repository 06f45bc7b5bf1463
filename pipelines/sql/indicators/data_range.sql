-- The dates the extracts cover. Grain: one row (first, last).
-- "last" is the data-as-at date: the latest event date in any event extract, so that periods after
-- the data ends are never reported as zeros.
WITH events AS (
    SELECT CAST(received_at AS DATE) AS event_date FROM contacts
    UNION ALL
    SELECT CAST(decision_at AS DATE) FROM contacts
    UNION ALL
    SELECT referral_date FROM assessments
    UNION ALL
    SELECT completed_date FROM assessments
    UNION ALL
    SELECT referred_date FROM service_referrals
    UNION ALL
    SELECT allocated_date FROM service_referrals
    UNION ALL
    SELECT allocated_from FROM allocations
),

starts AS (
    -- Where the event history starts: the earliest contact if there are contacts, else any event.
    SELECT coalesce(
        (SELECT min(CAST(received_at AS DATE)) FROM contacts),
        (SELECT min(event_date) FROM events)
    ) AS first_date
)

SELECT starts.first_date, (SELECT max(event_date) FROM events) AS last_date
FROM starts;
