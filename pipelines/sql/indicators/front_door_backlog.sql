-- The IAA backlog: contacts awaiting a decision, as at the end of each period's last day.
-- Grain: one row per indicator, period and breakdown value.
-- Inputs: contacts (current view), periods, workdays. A contact is waiting at the period end when
-- it was received on or before that day and has no decision dated on or before it.
-- Contract: the age bands and the teams each partition the total count.
-- Indicators: fd_iaa_backlog (count; by team and by age band in elapsed working days),
-- fd_iaa_backlog_oldest_wd (age of the oldest waiting contact; 0 when none wait).
-- Recompute window: contacts(received_at, decision_at)
-- (incremental rebuild: a changed contact, old or new version, waits at no period end before its
-- earliest date; given $recompute_from, that date, only the periods ending on or after it are
-- computed, from every contact. In a full rebuild $recompute_from is NULL: every period.)
WITH contacts_in AS (
    -- Contacts with the same team, receipt date and decision date wait together: counting
    -- them once per group keeps the join to periods small.
    SELECT
        team,
        CAST(received_at AS DATE) AS received_date,
        CAST(decision_at AS DATE) AS decision_date,
        count(*) AS contacts
    FROM contacts
    GROUP BY ALL
),

waiting AS (
    SELECT
        periods.period_type,
        periods.period_start,
        periods.period_end,
        contacts_in.team,
        contacts_in.contacts,
        greatest(period_day.wd_ord - received.wd_ord, 0) AS age_wd
    FROM contacts_in
    INNER JOIN periods
        ON contacts_in.received_date <= periods.period_end
        AND (contacts_in.decision_date IS NULL OR contacts_in.decision_date > periods.period_end)
        AND (
            CAST($recompute_from AS DATE) IS NULL
            OR periods.period_end >= CAST($recompute_from AS DATE)
        )
    INNER JOIN workdays AS received ON received.date = contacts_in.received_date
    INNER JOIN workdays AS period_day ON period_day.date = periods.period_end
),

banded AS (
    SELECT
        waiting.*,
        CASE
            WHEN age_wd <= 1 THEN '0-1 working days'
            WHEN age_wd <= 5 THEN '2-5 working days'
            WHEN age_wd <= 10 THEN '6-10 working days'
            ELSE 'over 10 working days'
        END AS age_band
    FROM waiting
),

counts AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown,
        'All' AS breakdown_value, CAST(sum(contacts) AS BIGINT) AS waiting,
        max(age_wd) AS oldest
    FROM banded GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, CAST(sum(contacts) AS BIGINT),
        max(age_wd)
    FROM banded GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'age_band', age_band,
        CAST(sum(contacts) AS BIGINT), NULL
    FROM banded GROUP BY ALL
),

snapshot AS (
    -- Every period, total and team: the count and the oldest age are 0 when nothing waits (a
    -- backlog that is always cleared is a series of zeros, not a missing series or a gap).
    SELECT
        periods.period_type,
        periods.period_start,
        periods.period_end,
        'total' AS breakdown,
        'All' AS breakdown_value,
        coalesce(counts.waiting, 0) AS waiting,
        coalesce(counts.oldest, 0) AS oldest
    FROM periods
    LEFT JOIN counts
        ON counts.period_type = periods.period_type
        AND counts.period_end = periods.period_end
        AND counts.breakdown = 'total'
    WHERE periods.period_start >= (SELECT min(received_date) FROM contacts_in)
        AND (
            CAST($recompute_from AS DATE) IS NULL
            OR periods.period_end >= CAST($recompute_from AS DATE)
        )
    UNION ALL
    SELECT
        periods.period_type,
        periods.period_start,
        periods.period_end,
        'team',
        teams.team,
        coalesce(counts.waiting, 0),
        coalesce(counts.oldest, 0)
    FROM periods
    CROSS JOIN (SELECT DISTINCT team FROM contacts_in) AS teams
    LEFT JOIN counts
        ON counts.period_type = periods.period_type
        AND counts.period_end = periods.period_end
        AND counts.breakdown = 'team'
        AND counts.breakdown_value = teams.team
    WHERE periods.period_start >= (SELECT min(received_date) FROM contacts_in)
        AND (
            CAST($recompute_from AS DATE) IS NULL
            OR periods.period_end >= CAST($recompute_from AS DATE)
        )
)

SELECT 'fd_iaa_backlog' AS indicator_id, period_type, period_start, period_end, breakdown,
    breakdown_value, CAST(waiting AS DOUBLE) AS numerator, CAST(NULL AS DOUBLE) AS denominator,
    CAST(waiting AS DOUBLE) AS value
FROM snapshot
UNION ALL
SELECT 'fd_iaa_backlog', period_type, period_start, period_end, breakdown, breakdown_value,
    waiting, NULL, waiting
FROM counts
WHERE breakdown = 'age_band'
UNION ALL
SELECT 'fd_iaa_backlog_oldest_wd', period_type, period_start, period_end, breakdown,
    breakdown_value, NULL, NULL, oldest
FROM snapshot;
