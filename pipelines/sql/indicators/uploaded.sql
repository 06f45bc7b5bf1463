-- Figures supplied already aggregated (indicator_values), in the same shape as computed series.
-- Grain: one row per indicator, period and breakdown. The period type is the one whose dates the
-- row's period matches exactly, else 'custom' (charted on its own, never mixed with weeks).
-- $week_ending: the ISO weekday weeks end on (config.toml periods.week_ending); seven days ending
-- on another weekday are not one of our weeks, so they are 'custom'.
WITH supplied AS (
    SELECT * FROM indicator_values
),

typed AS (
    SELECT
        supplied.*,
        CASE
            WHEN period_end - period_start = 6 AND isodow(period_end) = $week_ending THEN 'week'
            WHEN period_start = date_trunc('month', period_start)
                AND period_end = last_day(period_start) THEN 'month'
            WHEN period_start = date_trunc('quarter', period_start)
                AND period_end = last_day(period_start + INTERVAL 2 MONTH)
                AND month(period_start) IN (1, 4, 7, 10) THEN 'quarter'
            WHEN month(period_start) = 4 AND day(period_start) = 1
                AND period_end = make_date(year(period_start) + 1, 3, 31) THEN 'year'
            ELSE 'custom'
        END AS period_type
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
    value
FROM typed;
