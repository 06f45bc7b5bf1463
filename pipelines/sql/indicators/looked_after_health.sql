-- GP registration of looked-after children within 10 working days of a placement starting (PM31).
-- Grain: one row per period (by the placement's start) and breakdown value (placement mix).
-- Inputs: lac_placements_in (looked_after_inputs.sql); lac_health_checks (current view);
-- period_days, workdays; $as_at (the data-as-at date).
-- A placement counts once its 10 working days have passed by the data-as-at date (the clock-start
-- day is day 0; a start on a weekend or bank holiday rolls forward); registered in time when a GP
-- registration of the child is dated from the placement's start to its 10th working day. Only
-- when the store holds GP registrations at all: a case system that does not export them gives no
-- figure rather than 0%.
-- Contract: numerator <= denominator; the placement breakdown partitions the total.
-- Indicators: pi_lac_gp_10wd_pct.
WITH gp_placements AS (
    SELECT
        lac_placements_in.start_date,
        lac_placements_in.placement_mix,
        EXISTS (
            SELECT 1 FROM lac_health_checks AS gp
            WHERE gp.child_id = lac_placements_in.child_id
                AND gp.check_type = 'gp_registration'
                AND gp.check_date BETWEEN lac_placements_in.start_date AND due_day.date
        ) AS registered
    FROM lac_placements_in
    INNER JOIN workdays AS start_day ON start_day.date = lac_placements_in.start_date
    INNER JOIN workdays AS due_day
        ON due_day.wd_ord = start_day.wd_ord + 10 AND due_day.is_working_day
    WHERE due_day.date <= CAST($as_at AS DATE)
        AND EXISTS (SELECT 1 FROM lac_health_checks WHERE check_type = 'gp_registration')
),

in_period AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        gp_placements.*
    FROM gp_placements
    INNER JOIN period_days ON gp_placements.start_date = period_days.day
),

counted AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS due, count(*) FILTER (WHERE registered) AS registered
    FROM in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'placement', placement_mix, count(*),
        count(*) FILTER (WHERE registered)
    FROM in_period GROUP BY ALL
)

SELECT 'pi_lac_gp_10wd_pct' AS indicator_id, period_type, period_start, period_end, breakdown,
    breakdown_value, CAST(registered AS DOUBLE) AS numerator, CAST(due AS DOUBLE) AS denominator,
    100.0 * registered / due AS value
FROM counted;
