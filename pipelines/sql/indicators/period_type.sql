-- The period type a supplied period's dates match exactly, else 'custom'; the one definition,
-- used by the uploaded family and by the import's warning for a period matching no type.
-- A 'custom' figure is stored but charted on no period type (the import says so, naming the row).
-- week_ending: the ISO weekday weeks end on (config.toml periods.week_ending); seven days ending
-- on another weekday are not one of our weeks.
CREATE OR REPLACE TEMP MACRO period_type(period_start, period_end, week_ending) AS
    CASE
        WHEN period_end - period_start = 6 AND isodow(period_end) = week_ending THEN 'week'
        WHEN period_start = date_trunc('month', period_start)
            AND period_end = last_day(period_start) THEN 'month'
        WHEN month(period_start) IN (1, 4, 7, 10) AND day(period_start) = 1
            AND period_end = last_day(period_start + INTERVAL 2 MONTH) THEN 'quarter'
        WHEN month(period_start) = 4 AND day(period_start) = 1
            AND period_end = make_date(year(period_start) + 1, 3, 31) THEN 'year'
        WHEN month(period_start) = 1 AND day(period_start) = 1
            AND period_end = make_date(year(period_start), 12, 31) THEN 'calendar_year'
        WHEN month(period_start) = 9 AND day(period_start) = 1
            AND period_end = make_date(year(period_start) + 1, 8, 31) THEN 'academic_year'
        WHEN month(period_start) = 10 AND day(period_start) = 1
            AND period_end = make_date(year(period_start) + 1, 9, 30) THEN 'year_to_september'
        ELSE 'custom'
    END;
