-- One indicator's series for one period type and one breakdown (all its values), oldest first.
-- Grain: one row per period and breakdown value. Parameters: indicator id, period type, breakdown.
SELECT
    indicator_id,
    period_type,
    period_start,
    period_end,
    breakdown,
    breakdown_value,
    numerator,
    denominator,
    value,
    gap_reason,
    segment,
    mean,
    lower,
    upper,
    near_lower,
    near_upper,
    trial,
    point_type,
    rule,
    direction,
    autocorrelation,
    variation,
    assurance,
    withheld,
    judged_on,
    target
FROM indicator_series
WHERE indicator_id = ? AND period_type = ? AND breakdown = ?
ORDER BY breakdown_value, period_end;
