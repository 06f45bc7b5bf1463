-- Published figures for other areas (indicator_values rows with a geography): Welsh councils,
-- Wales and England, by the period type their dates match (macro period_type, created first).
-- Grain: one row per indicator, period, breakdown and area. Never mixed into indicator_series;
-- the detail page and the overview chart and rank the council against them.
-- $week_ending: the ISO weekday weeks end on.
CREATE OR REPLACE TABLE benchmark_values AS
WITH published AS (
    SELECT * FROM indicator_values
    WHERE geography IS NOT NULL
)

SELECT
    indicator_id,
    period_type(period_start, period_end, $week_ending) AS period_type,
    period_start,
    period_end,
    coalesce(breakdown, 'All') AS breakdown_value,
    geography,
    value,
    status AS gap_reason,
    source_note
FROM published;
