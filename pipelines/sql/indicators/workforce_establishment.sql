-- The social work vacancy rate and the newly qualified share, as at the end of each period's
-- last day.
-- Grain: one row per period and breakdown value (total, team).
-- Inputs: establishment (current view), staff_in_post and social_work_role()
-- (workforce_inputs.sql), periods.
-- Funded: social work posts (case-holding roles) funded from on or before the period end and
-- whose funding has not ended by its end (Funded To is exclusive).
-- Vacant: in each team, the funded FTE not filled by permanent staff in post in that team,
-- never below 0 (a team staffed above its establishment has no vacancy; its extra FTE does not
-- fill another team's posts). Posts covered by agency workers are vacancies, as in the DfE's
-- children's social work workforce collection. The total is the sum of the teams, so teams
-- partition it. A team of workers with no funded posts (e.g. an agency managed team) has none.
-- Newly qualified: case-holding workers in post in their first year of practice (experience
-- band 'First year') over all case-holding workers in post, by headcount (agency staff too: the
-- inspectors' concern is who holds the cases).
-- Indicators: wf_sw_vacancy_pct, wf_newly_qualified_pct.
WITH funded AS (
    SELECT
        periods.period_type,
        periods.period_start,
        periods.period_end,
        establishment.team,
        sum(CAST(establishment.fte AS DECIMAL(18, 6))) AS funded_fte
    FROM establishment
    INNER JOIN periods
        ON establishment.funded_from <= periods.period_end
        AND (establishment.funded_to IS NULL OR establishment.funded_to > periods.period_end)
    WHERE social_work_role(establishment.role)
    GROUP BY ALL
),

filled AS (
    SELECT period_type, period_end, team, sum(CAST(fte AS DECIMAL(18, 6))) AS filled_fte
    FROM staff_in_post
    WHERE case_holding AND employment = 'permanent'
    GROUP BY ALL
),

teams AS (
    SELECT
        funded.*,
        greatest(funded.funded_fte - coalesce(filled.filled_fte, 0), 0) AS vacant_fte
    FROM funded
    LEFT JOIN filled USING (period_type, period_end, team)
),

newly_qualified AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) FILTER (WHERE experience = 'First year') AS first_year, count(*) AS holders
    FROM staff_in_post WHERE case_holding GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team,
        count(*) FILTER (WHERE experience = 'First year'), count(*)
    FROM staff_in_post WHERE case_holding GROUP BY ALL
),

by_breakdown AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        CAST(sum(vacant_fte) AS DOUBLE) AS vacant, CAST(sum(funded_fte) AS DOUBLE) AS funded
    FROM teams GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team,
        CAST(vacant_fte AS DOUBLE), CAST(funded_fte AS DOUBLE)
    FROM teams
)

SELECT 'wf_sw_vacancy_pct' AS indicator_id, period_type, period_start, period_end, breakdown,
    breakdown_value, vacant AS numerator, funded AS denominator, 100.0 * vacant / funded AS value
FROM by_breakdown
WHERE funded > 0
UNION ALL
SELECT 'wf_newly_qualified_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, first_year, holders, 100.0 * first_year / holders
FROM newly_qualified;
