-- Looked-after children and the allocations: children supported to remain with their family,
-- and looked-after children with no change of social worker in 6 months.
-- Grain: one row per indicator, period and breakdown value.
-- Inputs: lac_snapshot (looked_after_inputs.sql); allocations, lac_episodes (current views);
-- periods.
-- Remain with family (defined from the records): children with a case open in the allocations
-- at the period end (any case type; an allocation ending that day no longer counts) or a care
-- episode open then; the numerator is those with no care episode open. Only when the store
-- holds care episodes (else every child would seem to remain at home). By team: a child at home
-- in the team holding the case, a looked-after child in its care episode's team. Counted without
-- a row per child and period: the open cases are spells (allocations chained per child and
-- team), counted at each period end by a running sum of openings and endings.
-- Social worker stable: children whose period of care began at least 6 calendar months before
-- the period end, with exactly one allocated worker (allocations naming a worker) overlapping the
-- 6 months to the period end, allocated from on or before their start and to on or after the
-- period end.
-- Contract: numerator <= denominator; each breakdown partitions the total.
-- Indicators: pv_remain_with_family_pct, wf_lac_sw_stable_6m_pct.
WITH chained AS (
    -- Allocations of each child in each team, and of each child (team '*'), in order: those
    -- overlapping or handed over on the same day are one spell of open case ("island"); as at
    -- the end of a day an allocation ending that day is no longer open, so a spell is open at p
    -- when it started on or before p and has not ended by p.
    SELECT child_id, team, allocated_from, allocated_to, allocation_id
    FROM allocations
    WHERE EXISTS (SELECT 1 FROM lac_episodes)
    UNION ALL
    SELECT child_id, '*', allocated_from, allocated_to, allocation_id
    FROM allocations
    WHERE EXISTS (SELECT 1 FROM lac_episodes)
),

ordered AS (
    SELECT
        chained.*,
        max(coalesce(allocated_to, DATE '9999-12-31')) OVER (
            PARTITION BY child_id, team ORDER BY allocated_from, allocation_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ) AS previous_to
    FROM chained
),

numbered AS (
    SELECT
        ordered.*,
        sum(CASE WHEN previous_to IS NULL OR allocated_from > previous_to THEN 1 ELSE 0 END)
            OVER (PARTITION BY child_id, team ORDER BY allocated_from, allocation_id) AS island
    FROM ordered
),

islands AS (
    SELECT
        child_id,
        team,
        min(allocated_from) AS open_from,
        CASE WHEN bool_or(allocated_to IS NULL) THEN NULL ELSE max(allocated_to) END AS open_to
    FROM numbered
    GROUP BY child_id, team, island
),

changes AS (
    -- Children with a case open, by team and in all ('*'): +1 when a spell opens, -1 when it ends.
    SELECT team, day, sum(delta) AS delta
    FROM (
        SELECT team, open_from AS day, 1 AS delta FROM islands
        UNION ALL
        SELECT team, open_to, -1 FROM islands WHERE open_to IS NOT NULL
    )
    GROUP BY team, day
),

running AS (
    SELECT team, day, sum(delta) OVER (PARTITION BY team ORDER BY day) AS open_children
    FROM changes
),

open_counts AS (
    SELECT periods.period_type, periods.period_start, periods.period_end, teams.team,
        coalesce(running.open_children, 0) AS open_children
    FROM periods
    CROSS JOIN (SELECT DISTINCT team FROM islands) AS teams
    ASOF LEFT JOIN running
        ON running.team = teams.team AND running.day <= periods.period_end
),

looked_after_open AS (
    -- Looked-after children with a case open at the period end, by the team holding it ('*': any).
    SELECT lac_snapshot.period_type, lac_snapshot.period_end, islands.team,
        count(*) AS children
    FROM lac_snapshot
    INNER JOIN islands
        ON islands.child_id = lac_snapshot.child_id
        AND islands.open_from <= lac_snapshot.period_end
        AND (islands.open_to IS NULL OR islands.open_to > lac_snapshot.period_end)
    GROUP BY ALL
),

looked_after_by AS (
    SELECT period_type, period_end, coalesce(team, '*') AS team, count(*) AS children
    FROM lac_snapshot
    GROUP BY GROUPING SETS ((period_type, period_end), (period_type, period_end, team))
),

supported_by AS (
    -- At home: children with a case open and not looked after (their case's team); the
    -- denominator adds the looked-after children (their care episode's team).
    SELECT
        open_counts.period_type,
        open_counts.period_start,
        open_counts.period_end,
        CASE WHEN open_counts.team = '*' THEN 'total' ELSE 'team' END AS breakdown,
        CASE WHEN open_counts.team = '*' THEN 'All' ELSE open_counts.team END AS breakdown_value,
        open_counts.open_children - coalesce(looked_after_open.children, 0) AS at_home
    FROM open_counts
    LEFT JOIN looked_after_open USING (period_type, period_end, team)
),

supported_all AS (
    SELECT
        coalesce(supported_by.period_type, looked_after_by.period_type) AS period_type,
        coalesce(supported_by.period_end, looked_after_by.period_end) AS period_end,
        coalesce(supported_by.breakdown,
            CASE WHEN looked_after_by.team = '*' THEN 'total' ELSE 'team' END) AS breakdown,
        coalesce(supported_by.breakdown_value,
            CASE WHEN looked_after_by.team = '*' THEN 'All' ELSE looked_after_by.team END)
            AS breakdown_value,
        coalesce(supported_by.at_home, 0) AS at_home,
        coalesce(supported_by.at_home, 0) + coalesce(looked_after_by.children, 0) AS children
    FROM supported_by
    FULL OUTER JOIN looked_after_by
        ON looked_after_by.period_type = supported_by.period_type
        AND looked_after_by.period_end = supported_by.period_end
        AND CASE WHEN looked_after_by.team = '*' THEN 'All' ELSE looked_after_by.team END
            = supported_by.breakdown_value
        AND CASE WHEN looked_after_by.team = '*' THEN 'total' ELSE 'team' END
            = supported_by.breakdown
),

supported_final AS (
    SELECT supported_all.*, periods.period_start
    FROM supported_all
    INNER JOIN periods USING (period_type, period_end)
    WHERE supported_all.children > 0
),

eligible AS (
    SELECT lac_snapshot.*, CAST(lac_snapshot.period_end - INTERVAL 6 MONTH AS DATE) AS since
    FROM lac_snapshot
    WHERE lac_snapshot.spell_start <= CAST(lac_snapshot.period_end - INTERVAL 6 MONTH AS DATE)
),

workers AS (
    SELECT
        eligible.period_type,
        eligible.period_end,
        eligible.child_id,
        count(DISTINCT allocations.worker_id) AS workers,
        min(allocations.allocated_from) AS held_from,
        max(coalesce(allocations.allocated_to, DATE '9999-12-31')) AS held_to
    FROM eligible
    INNER JOIN allocations
        ON allocations.child_id = eligible.child_id
        AND allocations.worker_id IS NOT NULL
        AND allocations.allocated_from <= eligible.period_end
        AND (allocations.allocated_to IS NULL OR allocations.allocated_to >= eligible.since)
    GROUP BY ALL
),

judged AS (
    SELECT
        eligible.*,
        coalesce(
            workers.workers = 1
            AND workers.held_from <= eligible.since
            AND workers.held_to >= eligible.period_end,
            FALSE
        ) AS stable
    FROM eligible
    LEFT JOIN workers USING (period_type, period_end, child_id)
),

stable_by AS (
    SELECT period_type, period_start, period_end,
        CASE
            WHEN grouping(team) = 0 THEN 'team'
            WHEN grouping(legal_status) = 0 THEN 'legal_status'
            WHEN grouping(placement_mix) = 0 THEN 'placement'
            WHEN grouping(age_band) = 0 THEN 'age_band'
            ELSE 'total'
        END AS breakdown,
        coalesce(team, legal_status, placement_mix, age_band, 'All') AS breakdown_value,
        count(*) AS children, count(*) FILTER (WHERE stable) AS stable
    FROM judged
    GROUP BY GROUPING SETS (
        (period_type, period_start, period_end),
        (period_type, period_start, period_end, team),
        (period_type, period_start, period_end, legal_status),
        (period_type, period_start, period_end, placement_mix),
        (period_type, period_start, period_end, age_band)
    )
)

SELECT 'pv_remain_with_family_pct' AS indicator_id, period_type, period_start, period_end,
    breakdown, breakdown_value, CAST(at_home AS DOUBLE) AS numerator,
    CAST(children AS DOUBLE) AS denominator, 100.0 * at_home / children AS value
FROM supported_final
UNION ALL
SELECT 'wf_lac_sw_stable_6m_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, stable, children, 100.0 * stable / children
FROM stable_by;
