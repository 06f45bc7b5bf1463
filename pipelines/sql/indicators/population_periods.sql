-- The child population behind each period, for rates per 10,000 children.
-- Grain: one row per period (period_type, period_end) that has an estimate.
-- Inputs: periods; child_population (current view of the reference extract).
-- Rule (see pipelines/extracts/models.py ChildPopulation): the latest estimate dated on or before
-- the period's last day; before the first estimate, the first one if it is dated less than a
-- year after the period ends; otherwise no row (and so no rate).
CREATE OR REPLACE TEMP TABLE population_periods AS
WITH estimates AS (
    SELECT estimate_date, children, source FROM child_population
),

first_estimate AS (
    SELECT * FROM estimates ORDER BY estimate_date LIMIT 1
),

latest_before AS (
    SELECT
        periods.period_type,
        periods.period_end,
        arg_max(estimates.estimate_date, estimates.estimate_date) AS estimate_date
    FROM periods
    INNER JOIN estimates ON estimates.estimate_date <= periods.period_end
    GROUP BY ALL
),

chosen AS (
    SELECT periods.period_type, periods.period_start, periods.period_end,
        coalesce(latest_before.estimate_date, first_estimate.estimate_date) AS estimate_date
    FROM periods
    LEFT JOIN latest_before USING (period_type, period_end)
    CROSS JOIN first_estimate
    WHERE latest_before.estimate_date IS NOT NULL
        OR first_estimate.estimate_date < periods.period_end + INTERVAL 1 YEAR
)

SELECT chosen.period_type, chosen.period_start, chosen.period_end, chosen.estimate_date,
    estimates.children, estimates.source
FROM chosen
INNER JOIN estimates USING (estimate_date);
