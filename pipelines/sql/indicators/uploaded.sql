-- Figures supplied already aggregated (indicator_values), in the same shape as computed series.
-- Grain: one row per indicator, period and breakdown of the council's own figures: those with no
-- geography, and, for an indicator the dashboard does not compute, those published for the
-- council's own ONS code ($council, config.toml benchmarking.council; a figure with no geography
-- wins when both exist). Figures for other areas are benchmarks (benchmarks.sql), never mixed in.
-- The period type comes from the macro period_type (period_type.sql, created first); a figure
-- not published has no value and its reason (status) as gap_reason.
-- $week_ending: the ISO weekday weeks end on (config.toml periods.week_ending).
-- $computed: the ids of the indicators computed from the extracts.
WITH own AS (
    SELECT * FROM indicator_values
    WHERE geography IS NULL
        OR (geography = $council AND NOT list_contains($computed, indicator_id))
),

supplied AS (
    SELECT * FROM own
    QUALIFY row_number() OVER (
        PARTITION BY indicator_id, period_start, period_end, breakdown
        ORDER BY geography NULLS FIRST
    ) = 1
),

typed AS (
    SELECT
        supplied.*,
        period_type(period_start, period_end, $week_ending) AS period_type
    FROM supplied
)

SELECT
    indicator_id,
    period_type,
    period_start,
    period_end,
    CASE WHEN breakdown IS NULL THEN 'total' ELSE 'group' END AS breakdown,
    coalesce(breakdown, 'All') AS breakdown_value,
    numerator,
    denominator,
    value,
    status AS gap_reason
FROM typed;
