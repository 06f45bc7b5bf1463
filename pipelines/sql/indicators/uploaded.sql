-- Figures supplied already aggregated (indicator_values), in the same shape as computed series.
-- Grain: one row per indicator, period and breakdown of the council's own figures (no
-- geography: figures for other areas are benchmarks, read by benchmarks.sql, never mixed in).
-- The period type comes from the macro period_type (period_type.sql, created first); a figure
-- not published has no value and its reason (status) as gap_reason.
-- $week_ending: the ISO weekday weeks end on (config.toml periods.week_ending).
WITH supplied AS (
    SELECT * FROM indicator_values
    WHERE geography IS NULL
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
