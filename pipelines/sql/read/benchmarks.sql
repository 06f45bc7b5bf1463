-- Published figures for other areas for one indicator and period type, the total only.
-- Grain: one row per area and period. Parameters: indicator id, period type.
SELECT geography, period_start, period_end, value, gap_reason, source_note
FROM benchmark_values
WHERE indicator_id = ? AND period_type = ? AND breakdown_value = 'All'
ORDER BY period_end, geography;
