-- Statutory visits to looked-after children (CPPCR reg 31), as a snapshot at each period end.
-- Grain: one row per period and breakdown value (team, legal status, placement mix, age band).
-- Inputs: lac_snapshot (looked_after_inputs.sql); lac_visits (current view).
-- Only visits at which the child was seen, during the current placement, count. The next visit
-- is due 7 days after the placement starts; after a visit, 6 weeks later while that visit was in
-- the placement's first 12 months, then 3 months later where the placement is intended to last
-- until 18 (otherwise 6 weeks). Calendar intervals with DuckDB's date + INTERVAL (31 January +
-- 3 months = 30 April, as pipelines/timescales.py). In time while the period end is on or before
-- the due date. Children with no current placement recorded are left out.
-- Contract: numerator <= denominator; each breakdown partitions the total.
-- Indicators: wb_lac_visit_timely_pct.
WITH seen_visits AS (
    SELECT child_id, visit_date FROM lac_visits WHERE child_seen
),

visited AS (
    SELECT
        lac_snapshot.*,
        CASE WHEN seen_visits.visit_date >= lac_snapshot.placement_start
            THEN seen_visits.visit_date END AS last_seen
    FROM lac_snapshot
    ASOF LEFT JOIN seen_visits
        ON seen_visits.child_id = lac_snapshot.child_id
        AND seen_visits.visit_date <= lac_snapshot.period_end
    WHERE lac_snapshot.placement_id IS NOT NULL
),

judged AS (
    SELECT
        visited.*,
        visited.period_end <= CAST(CASE
            WHEN visited.last_seen IS NULL THEN visited.placement_start + INTERVAL 7 DAY
            WHEN visited.last_seen < visited.placement_start + INTERVAL 12 MONTH
                THEN visited.last_seen + INTERVAL 6 WEEK
            WHEN visited.intended_to_18 THEN visited.last_seen + INTERVAL 3 MONTH
            ELSE visited.last_seen + INTERVAL 6 WEEK
        END AS DATE) AS in_time
    FROM visited
)

SELECT 'wb_lac_visit_timely_pct' AS indicator_id, period_type, period_start, period_end,
        CASE
            WHEN grouping(team) = 0 THEN 'team'
            WHEN grouping(legal_status) = 0 THEN 'legal_status'
            WHEN grouping(placement_mix) = 0 THEN 'placement'
            WHEN grouping(age_band) = 0 THEN 'age_band'
            ELSE 'total'
        END AS breakdown,
        coalesce(team, legal_status, placement_mix, age_band, 'All') AS breakdown_value,
    CAST(count(*) FILTER (WHERE in_time) AS DOUBLE) AS numerator,
    CAST(count(*) AS DOUBLE) AS denominator,
    100.0 * count(*) FILTER (WHERE in_time) / count(*) AS value
FROM judged
    GROUP BY GROUPING SETS (
        (period_type, period_start, period_end),
        (period_type, period_start, period_end, team),
        (period_type, period_start, period_end, legal_status),
        (period_type, period_start, period_end, placement_mix),
        (period_type, period_start, period_end, age_band)
    );
