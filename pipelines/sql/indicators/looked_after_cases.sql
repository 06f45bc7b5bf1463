-- Looked-after children and the allocations: children supported to remain with their family,
-- and looked-after children with no change of social worker in 6 months.
-- Grain: one row per indicator, period and breakdown value.
-- Inputs: lac_snapshot (looked_after_inputs.sql); allocations, lac_episodes (current views);
-- periods.
-- Remain with family (defined from the records): children with a case open in the allocations
-- at the period end (any case type; an allocation ending that day no longer counts) or a care
-- episode open then; the numerator is those with no care episode open. Only when the store
-- holds care episodes (else every child would seem to remain at home).
-- Social worker stable: children whose period of care began at least 6 calendar months before
-- the period end, with exactly one allocated worker (allocations naming a worker) overlapping the
-- 6 months to the period end, allocated from on or before their start and to on or after the
-- period end.
-- Contract: numerator <= denominator; each breakdown partitions the total.
-- Indicators: pv_remain_with_family_pct, wf_lac_sw_stable_6m_pct.
WITH open_cases AS (
    SELECT periods.period_type, periods.period_start, periods.period_end, allocations.child_id,
        first(allocations.team ORDER BY allocations.allocated_from DESC,
            allocations.allocation_id DESC) AS team
    FROM allocations
    INNER JOIN periods
        ON allocations.allocated_from <= periods.period_end
        AND (allocations.allocated_to IS NULL OR allocations.allocated_to > periods.period_end)
    WHERE EXISTS (SELECT 1 FROM lac_episodes)
    GROUP BY ALL
),

supported AS (
    SELECT
        coalesce(open_cases.period_type, lac_snapshot.period_type) AS period_type,
        coalesce(open_cases.period_start, lac_snapshot.period_start) AS period_start,
        coalesce(open_cases.period_end, lac_snapshot.period_end) AS period_end,
        coalesce(lac_snapshot.team, open_cases.team) AS team,
        lac_snapshot.child_id IS NULL AS at_home
    FROM open_cases
    FULL OUTER JOIN lac_snapshot
        ON lac_snapshot.period_type = open_cases.period_type
        AND lac_snapshot.period_end = open_cases.period_end
        AND lac_snapshot.child_id = open_cases.child_id
),

supported_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS children, count(*) FILTER (WHERE at_home) AS at_home
    FROM supported GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, count(*),
        count(*) FILTER (WHERE at_home)
    FROM supported GROUP BY ALL
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

long AS (
    SELECT judged.*, 'total' AS breakdown, 'All' AS breakdown_value FROM judged
    UNION ALL
    SELECT judged.*, 'team', team FROM judged
    UNION ALL
    SELECT judged.*, 'legal_status', legal_status FROM judged
    UNION ALL
    SELECT judged.*, 'placement', placement_mix FROM judged
    UNION ALL
    SELECT judged.*, 'age_band', age_band FROM judged
),

stable_by AS (
    SELECT period_type, period_start, period_end, breakdown, breakdown_value,
        count(*) AS children, count(*) FILTER (WHERE stable) AS stable
    FROM long GROUP BY ALL
)

SELECT 'pv_remain_with_family_pct' AS indicator_id, period_type, period_start, period_end,
    breakdown, breakdown_value, CAST(at_home AS DOUBLE) AS numerator,
    CAST(children AS DOUBLE) AS denominator, 100.0 * at_home / children AS value
FROM supported_by
UNION ALL
SELECT 'wf_lac_sw_stable_6m_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, stable, children, 100.0 * stable / children
FROM stable_by;
