-- Input table for the families: each day of each period (grain: period type, period, day), so
-- that "event in the period" is an equality join on the day, cheaper than a BETWEEN join.
CREATE OR REPLACE TEMP TABLE period_days AS
SELECT
    period_type,
    period_start,
    period_end,
    CAST(unnest(generate_series(period_start, period_end, INTERVAL 1 DAY)) AS DATE) AS day
FROM periods;
