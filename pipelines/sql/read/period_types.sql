-- The period types the series hold (the sidebar offers the publishers' other years only when
-- some figure uses them). Grain: one row per period type.
SELECT DISTINCT period_type
FROM indicator_series
ORDER BY period_type;
