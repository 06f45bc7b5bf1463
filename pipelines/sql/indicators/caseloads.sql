-- Caseloads and workforce, as at the end of each period's last day.
-- Grain: one row per indicator, period and breakdown value (the worker's team, or for
-- unallocated children the team holding the case).
-- Inputs: staff_in_post (workforce_inputs.sql), allocations (current view), periods; $caseload_threshold (children per FTE).
-- End dates are exclusive as at the end of the day: a worker who left, or an allocation that
-- ended, on the period end date no longer counts.
-- Case-holding roles: social worker, senior practitioner, consultant social worker.
-- Contract: numerator <= denominator for percentages; teams partition the totals.
-- Indicators: wf_caseload_avg, wf_caseload_over_threshold, wf_unallocated_children,
-- wf_first_year_cp_plo_cases, wf_agency_sw_pct.
WITH case_holders AS (
    -- Case-holding workers in post at each period end (workforce_inputs.sql: the one notion of
    -- a social worker post).
    SELECT period_type, period_start, period_end, worker_id, team, fte, employment, qualified_date
    FROM staff_in_post
    WHERE case_holding
),

open_allocations AS (
    -- Named-worker allocations open at each period end (awaiting-allocation periods are below).
    SELECT
        periods.period_type,
        periods.period_end,
        allocations.worker_id,
        allocations.child_id,
        allocations.case_type = 'child_protection' OR allocations.plo AS cp_or_plo
    FROM allocations
    INNER JOIN periods
        ON allocations.allocated_from <= periods.period_end
        AND (allocations.allocated_to IS NULL OR allocations.allocated_to > periods.period_end)
    WHERE allocations.worker_id IS NOT NULL
),

worker_children AS (
    -- One row per worker, period and child (a child counts once however many allocations).
    SELECT
        period_type,
        period_end,
        worker_id,
        child_id,
        count(*) FILTER (WHERE cp_or_plo) AS cp_plo
    FROM open_allocations
    GROUP BY ALL
),

allocated_loads AS (
    SELECT
        period_type,
        period_end,
        worker_id,
        count(*) AS children,
        CAST(sum(cp_plo) AS BIGINT) AS cp_plo
    FROM worker_children
    GROUP BY ALL
),

worker_loads AS (
    SELECT
        case_holders.period_type,
        case_holders.period_start,
        case_holders.period_end,
        case_holders.worker_id,
        case_holders.team,
        case_holders.fte,
        case_holders.employment,
        coalesce(allocated_loads.children, 0) AS children,
        CASE
            WHEN case_holders.qualified_date > case_holders.period_end - INTERVAL 365 DAY
                AND case_holders.qualified_date <= case_holders.period_end
                THEN coalesce(allocated_loads.cp_plo, 0)
            ELSE 0
        END AS first_year_cp_plo
    FROM case_holders
    LEFT JOIN allocated_loads
        ON allocated_loads.worker_id = case_holders.worker_id
        AND allocated_loads.period_type = case_holders.period_type
        AND allocated_loads.period_end = case_holders.period_end
),

awaiting AS (
    -- Allocations open to a team at each period end with no named worker.
    SELECT
        periods.period_type,
        periods.period_start,
        periods.period_end,
        allocations.child_id,
        min(allocations.team) AS team
    FROM allocations
    INNER JOIN periods
        ON allocations.allocated_from <= periods.period_end
        AND (allocations.allocated_to IS NULL OR allocations.allocated_to > periods.period_end)
    WHERE allocations.worker_id IS NULL
    GROUP BY ALL
),

unallocated AS (
    -- Children open to a team with no named worker, and no open allocation to a named worker.
    SELECT awaiting.*
    FROM awaiting
    WHERE NOT EXISTS (
        SELECT 1
        FROM allocations AS named
        WHERE named.child_id = awaiting.child_id
            AND named.worker_id IS NOT NULL
            AND named.allocated_from <= awaiting.period_end
            AND (named.allocated_to IS NULL OR named.allocated_to > awaiting.period_end)
    )
),

exact_loads AS (
    -- FTEs summed as decimals: a sum of doubles depends on the order DuckDB's threads add them
    -- in, so the same workers could give figures differing in the last digit from one rebuild to
    -- the next (and a withdrawal would not restore the figures exactly).
    SELECT *, CAST(fte AS DECIMAL(18, 6)) AS fte_exact FROM worker_loads
),

load_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown,
        'All' AS breakdown_value,
        sum(children) AS children, CAST(sum(fte_exact) AS DOUBLE) AS fte,
        count(*) FILTER (WHERE children / fte > $caseload_threshold) AS over_threshold,
        sum(first_year_cp_plo) AS first_year_cp_plo,
        CAST(sum(fte_exact) FILTER (WHERE employment = 'agency') AS DOUBLE) AS agency_fte
    FROM exact_loads GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team,
        sum(children), CAST(sum(fte_exact) AS DOUBLE),
        count(*) FILTER (WHERE children / fte > $caseload_threshold),
        sum(first_year_cp_plo),
        CAST(sum(fte_exact) FILTER (WHERE employment = 'agency') AS DOUBLE)
    FROM exact_loads GROUP BY ALL
),

unallocated_by AS (
    -- Every period from the first allocation on has a total, 0 when no child awaits allocation
    -- (not a missing series); without an allocations extract there is no series at all.
    SELECT periods.period_type, periods.period_start, periods.period_end, 'total' AS breakdown,
        'All' AS breakdown_value, count(unallocated.child_id) AS children
    FROM periods
    LEFT JOIN unallocated
        ON unallocated.period_type = periods.period_type
        AND unallocated.period_end = periods.period_end
    WHERE periods.period_start >= (SELECT min(allocated_from) FROM allocations)
    GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, count(*)
    FROM unallocated GROUP BY ALL
)

SELECT 'wf_caseload_avg' AS indicator_id, period_type, period_start, period_end, breakdown,
    breakdown_value, CAST(children AS DOUBLE) AS numerator, fte AS denominator,
    children / fte AS value
FROM load_by
UNION ALL
SELECT 'wf_caseload_over_threshold', period_type, period_start, period_end, breakdown,
    breakdown_value, over_threshold, NULL, over_threshold
FROM load_by
UNION ALL
SELECT 'wf_first_year_cp_plo_cases', period_type, period_start, period_end, breakdown,
    breakdown_value, first_year_cp_plo, NULL, first_year_cp_plo
FROM load_by
UNION ALL
SELECT 'wf_agency_sw_pct', period_type, period_start, period_end, breakdown, breakdown_value,
    coalesce(agency_fte, 0), fte, 100.0 * coalesce(agency_fte, 0) / fte
FROM load_by
UNION ALL
SELECT 'wf_unallocated_children', period_type, period_start, period_end, breakdown,
    breakdown_value, children, NULL, children
FROM unallocated_by;
