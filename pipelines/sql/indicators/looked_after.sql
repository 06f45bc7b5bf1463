-- Looked-after children: how many, starts and ceases, where they live and how stable.
-- Grain: one row per indicator, period and breakdown value (team, legal status, placement mix,
-- age band).
-- Inputs: lac_snapshot, lac_spells, lac_placements_in (looked_after_inputs.sql); periods,
-- period_days, population_periods.
-- Looked after at a period end: an episode started on or before it and not ended by it (an
-- episode ending on the last day no longer counts, as at the end of that day); a child is
-- counted once. Calendar months use DuckDB's date + INTERVAL (month-end clamped, as
-- pipelines/timescales.py).
-- Contract: numerator <= denominator for percentages; each breakdown partitions the total.
-- Indicators: pv_lac_rate, pv_lac_starts, pv_lac_ceased, pv_external_placement_pct,
-- pv_out_of_area_pct, pv_returned_home_pct, wb_lac_3plus_placements_pct.
WITH placement_counts AS (
    -- Placements open at any time in the 12 months to the period end (the current one too).
    SELECT lac_snapshot.period_type, lac_snapshot.period_end, lac_snapshot.child_id,
        count(*) AS placements
    FROM lac_snapshot
    INNER JOIN lac_placements_in AS moves
        ON moves.child_id = lac_snapshot.child_id
        AND moves.start_date <= lac_snapshot.period_end
        AND (moves.end_date IS NULL
            OR moves.end_date > CAST(lac_snapshot.period_end - INTERVAL 12 MONTH AS DATE))
    GROUP BY ALL
),

judged AS (
    SELECT lac_snapshot.*, coalesce(placement_counts.placements, 0) >= 3 AS three_plus
    FROM lac_snapshot
    LEFT JOIN placement_counts USING (period_type, period_end, child_id)
),

snapshot_by AS (
    -- Every breakdown in one pass (grouping sets), not a copy of the snapshot per breakdown.
    SELECT period_type, period_start, period_end,
        CASE
            WHEN grouping(team) = 0 THEN 'team'
            WHEN grouping(legal_status) = 0 THEN 'legal_status'
            WHEN grouping(placement_mix) = 0 THEN 'placement'
            WHEN grouping(age_band) = 0 THEN 'age_band'
            ELSE 'total'
        END AS breakdown,
        coalesce(team, legal_status, placement_mix, age_band, 'All') AS breakdown_value,
        count(*) AS children,
        count(*) FILTER (WHERE placement_id IS NOT NULL) AS placed,
        count(*) FILTER (WHERE placement_mix = 'Independent provider' OR out_of_area) AS external,
        count(*) FILTER (WHERE out_of_area) AS out_of_area,
        count(*) FILTER (WHERE three_plus) AS three_plus
    FROM judged
    GROUP BY GROUPING SETS (
        (period_type, period_start, period_end),
        (period_type, period_start, period_end, team),
        (period_type, period_start, period_end, legal_status),
        (period_type, period_start, period_end, placement_mix),
        (period_type, period_start, period_end, age_band)
    )
),

spell_flows AS (
    -- Periods of care starting and ending in each period.
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        'start' AS flow, lac_spells.*
    FROM lac_spells
    INNER JOIN period_days ON lac_spells.start_date = period_days.day
    UNION ALL
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        'end', lac_spells.*
    FROM lac_spells
    INNER JOIN period_days ON lac_spells.end_date = period_days.day
),

flows_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown,
        'All' AS breakdown_value,
        count(*) FILTER (WHERE flow = 'start') AS starts,
        count(*) FILTER (WHERE flow = 'end') AS ceased
    FROM spell_flows GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team,
        count(*) FILTER (WHERE flow = 'start'), count(*) FILTER (WHERE flow = 'end')
    FROM spell_flows GROUP BY ALL
),

during AS (
    -- Children looked after at any time in the period, and whether a period of care of theirs
    -- ended in it with the child returning home (PM26).
    SELECT
        periods.period_type,
        periods.period_start,
        periods.period_end,
        lac_spells.child_id,
        arg_max(lac_spells.team, lac_spells.start_date) AS team,
        coalesce(bool_or(
            lac_spells.end_date BETWEEN periods.period_start AND periods.period_end
            AND lac_spells.end_reason = 'returned_home'
        ), FALSE) AS returned_home
    FROM lac_spells
    INNER JOIN periods
        ON lac_spells.start_date <= periods.period_end
        AND (lac_spells.end_date IS NULL OR lac_spells.end_date >= periods.period_start)
    GROUP BY ALL
),

during_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS children, count(*) FILTER (WHERE returned_home) AS returned_home
    FROM during GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, count(*),
        count(*) FILTER (WHERE returned_home)
    FROM during GROUP BY ALL
)

SELECT 'pv_lac_rate' AS indicator_id, snapshot_by.period_type, snapshot_by.period_start,
    snapshot_by.period_end, breakdown, breakdown_value,
    CAST(snapshot_by.children AS DOUBLE) AS numerator,
    CAST(population_periods.children AS DOUBLE) AS denominator,
    10000.0 * snapshot_by.children / population_periods.children AS value
FROM snapshot_by
LEFT JOIN population_periods USING (period_type, period_end)
UNION ALL
SELECT 'pv_external_placement_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, external, placed, 100.0 * external / nullif(placed, 0)
FROM snapshot_by
UNION ALL
SELECT 'pv_out_of_area_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, out_of_area, placed, 100.0 * out_of_area / nullif(placed, 0)
FROM snapshot_by
UNION ALL
SELECT 'wb_lac_3plus_placements_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, three_plus, children, 100.0 * three_plus / children
FROM snapshot_by
UNION ALL
SELECT 'pv_lac_starts', period_type, period_start, period_end, breakdown, breakdown_value,
    starts, NULL, starts
FROM flows_by
UNION ALL
SELECT 'pv_lac_ceased', period_type, period_start, period_end, breakdown, breakdown_value,
    ceased, NULL, ceased
FROM flows_by
UNION ALL
SELECT 'pv_returned_home_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, returned_home, children, 100.0 * returned_home / children
FROM during_by;
