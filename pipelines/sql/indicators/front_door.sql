-- Front door flow indicators. Grain: one row per indicator, period and breakdown value.
-- Inputs: period_days (one row per day of each period, for equality joins); contacts (current
-- view), periods, workdays (date -> wd_ord).
-- Contract: numerator <= denominator for percentages; the source and team breakdowns each
-- partition the total (every contact has exactly one source and one team).
-- Indicators: fd_contacts_received (count), fd_decision_1wd_pct, fd_contact_conversion_pct,
-- fd_rereferral_12m_pct.
-- Recompute window: contacts(received_at, decision_at)
-- (incremental rebuild: a changed contact, old or new version, changes only the periods ending on
-- or after its earliest date; given $recompute_from, that date, the query reads only the contacts
-- the periods ending on or after it need: those received from 365 days before the first day of
-- those periods, for the repeat look-back, or decided in them. In a full rebuild $recompute_from
-- is NULL: every contact, every period.)
WITH recomputed AS (
    SELECT min(period_start) AS first_day
    FROM periods
    WHERE CAST($recompute_from AS DATE) IS NULL
        OR period_end >= CAST($recompute_from AS DATE)
),

contacts_in AS (
    SELECT
        contact_id,
        child_id,
        source,
        team,
        outcome,
        CAST(received_at AS DATE) AS received_date,
        CAST(decision_at AS DATE) AS decision_date
    FROM contacts
    WHERE CAST($recompute_from AS DATE) IS NULL
        OR CAST(received_at AS DATE) >= (SELECT first_day FROM recomputed) - 365
        OR CAST(decision_at AS DATE) >= (SELECT first_day FROM recomputed)
),

contacts_timed AS (
    SELECT
        contacts_in.*,
        greatest(decided.wd_ord - received.wd_ord, 0) AS decision_wd
    FROM contacts_in
    LEFT JOIN workdays AS received ON received.date = contacts_in.received_date
    LEFT JOIN workdays AS decided ON decided.date = contacts_in.decision_date
),

contacts_repeat AS (
    -- A repeat contact: the same child had another contact received in the 365 days before.
    SELECT
        contacts_timed.*,
        coalesce(
            received_date - lag(received_date) OVER (
                PARTITION BY child_id ORDER BY received_date, contact_id
            ) <= 365,
            FALSE
        ) AS is_repeat
    FROM contacts_timed
),

received_days AS (
    -- Counted per day first, so that the joins to periods handle days rather than contacts.
    SELECT
        received_date,
        source,
        team,
        count(*) AS received,
        count(*) FILTER (WHERE is_repeat) AS repeats
    FROM contacts_repeat
    GROUP BY ALL
),

decided_days AS (
    SELECT
        decision_date,
        source,
        team,
        count(*) AS decided,
        count(*) FILTER (WHERE decision_wd <= 1) AS within_1wd,
        count(*) FILTER (WHERE outcome IN ('assessment', 'strategy_discussion')) AS progressed
    FROM contacts_repeat
    WHERE decision_date IS NOT NULL
    GROUP BY ALL
),

received_in_period AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        received_days.*
    FROM received_days
    INNER JOIN period_days ON received_days.received_date = period_days.day
    WHERE CAST($recompute_from AS DATE) IS NULL
        OR period_days.period_end >= CAST($recompute_from AS DATE)
),

decided_in_period AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        decided_days.*
    FROM decided_days
    INNER JOIN period_days ON decided_days.decision_date = period_days.day
    WHERE CAST($recompute_from AS DATE) IS NULL
        OR period_days.period_end >= CAST($recompute_from AS DATE)
),

received_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        CAST(sum(received) AS BIGINT) AS received, CAST(sum(repeats) AS BIGINT) AS repeats
    FROM received_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'source', source,
        CAST(sum(received) AS BIGINT), CAST(sum(repeats) AS BIGINT)
    FROM received_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team,
        CAST(sum(received) AS BIGINT), CAST(sum(repeats) AS BIGINT)
    FROM received_in_period GROUP BY ALL
),

decided_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        CAST(sum(decided) AS BIGINT) AS decided,
        CAST(sum(within_1wd) AS BIGINT) AS within_1wd,
        CAST(sum(progressed) AS BIGINT) AS progressed
    FROM decided_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'source', source,
        CAST(sum(decided) AS BIGINT), CAST(sum(within_1wd) AS BIGINT),
        CAST(sum(progressed) AS BIGINT)
    FROM decided_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team,
        CAST(sum(decided) AS BIGINT), CAST(sum(within_1wd) AS BIGINT),
        CAST(sum(progressed) AS BIGINT)
    FROM decided_in_period GROUP BY ALL
),

results AS (
    SELECT 'fd_contacts_received' AS indicator_id, period_type, period_start, period_end,
        breakdown, breakdown_value, CAST(received AS DOUBLE) AS numerator,
        CAST(NULL AS DOUBLE) AS denominator, CAST(received AS DOUBLE) AS value
    FROM received_by
    UNION ALL
    SELECT 'fd_rereferral_12m_pct', period_type, period_start, period_end, breakdown,
        breakdown_value, repeats, received, 100.0 * repeats / received
    FROM received_by
    UNION ALL
    SELECT 'fd_decision_1wd_pct', period_type, period_start, period_end, breakdown,
        breakdown_value, within_1wd, decided, 100.0 * within_1wd / decided
    FROM decided_by
    UNION ALL
    SELECT 'fd_contact_conversion_pct', period_type, period_start, period_end, breakdown,
        breakdown_value, progressed, decided, 100.0 * progressed / decided
    FROM decided_by
)

SELECT * FROM results;
