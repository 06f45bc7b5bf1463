-- The series rows for a set of indicators, one period type and one breakdown value.
-- Grain: one row per indicator and period. Parameters: indicator ids (list), period type,
-- breakdown, breakdown value.
WITH wanted AS (
    SELECT unnest(CAST(? AS VARCHAR[])) AS indicator_id
)

SELECT indicator_series.*
FROM indicator_series
INNER JOIN wanted USING (indicator_id)
WHERE period_type = ? AND breakdown = ? AND breakdown_value = ?
ORDER BY indicator_id, period_end;
