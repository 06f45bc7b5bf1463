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

named_spells AS (
    -- Each named-worker allocation as a half-open span [allocated_from, allocated_to): open at
    -- a period end P when allocated_from <= P < allocated_to (no end date: still open). Spans
    -- of the same worker and child that overlap are merged below, so a child counts once.
    SELECT
        worker_id,
        child_id,
        allocated_from AS opens,
        coalesce(allocated_to, DATE '9999-12-31') AS closes,
        case_type = 'child_protection' OR plo AS cp_or_plo
    FROM allocations
    WHERE worker_id IS NOT NULL
),

islands AS (
    -- Gaps and islands: a span starts a new island unless an earlier span of the same worker
    -- and child is still open on its first day.
    SELECT
        worker_id,
        child_id,
        opens,
        closes,
        sum(CASE WHEN opens < reach THEN 0 ELSE 1 END) OVER (
            PARTITION BY worker_id, child_id ORDER BY opens, closes
            ROWS UNBOUNDED PRECEDING
        ) AS island
    FROM (
        SELECT
            *,
            max(closes) OVER (
                PARTITION BY worker_id, child_id ORDER BY opens, closes
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
            ) AS reach
        FROM named_spells
    )
),

load_steps AS (
    -- How each worker's load moves on a day: a child's island opening or closing (children),
    -- and each child protection or PLO allocation opening or closing (cp_plo counts
    -- allocations, as a child with two such allocations to one worker counts twice).
    SELECT worker_id, day, sum(children) AS children, sum(cp_plo) AS cp_plo
    FROM (
        SELECT worker_id, min(opens) AS day, 1 AS children, 0 AS cp_plo
        FROM islands GROUP BY worker_id, child_id, island
        UNION ALL
        SELECT worker_id, max(closes), -1, 0
        FROM islands GROUP BY worker_id, child_id, island
        UNION ALL
        SELECT worker_id, opens, 0, 1 FROM named_spells WHERE cp_or_plo
        UNION ALL
        SELECT worker_id, closes, 0, -1 FROM named_spells WHERE cp_or_plo
    )
    GROUP BY worker_id, day
),

load_levels AS (
    -- Each worker's load from each step day until the next (read at a period end from the last
    -- step on or before it: no cross join of allocations and periods).
    SELECT
        worker_id,
        day,
        sum(children) OVER (PARTITION BY worker_id ORDER BY day) AS children,
        sum(cp_plo) OVER (PARTITION BY worker_id ORDER BY day) AS cp_plo
    FROM load_steps
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
        CAST(coalesce(load_levels.children, 0) AS BIGINT) AS children,
        CASE
            WHEN case_holders.qualified_date > case_holders.period_end - INTERVAL 365 DAY
                AND case_holders.qualified_date <= case_holders.period_end
                THEN CAST(coalesce(load_levels.cp_plo, 0) AS BIGINT)
            ELSE 0
        END AS first_year_cp_plo
    FROM case_holders
    ASOF LEFT JOIN load_levels
        ON load_levels.worker_id = case_holders.worker_id
        AND load_levels.day <= case_holders.period_end
),

child_days AS (
    -- The days a child's allocations change (one opens or closes): between two of them the
    -- allocations open for the child stay the same.
    SELECT child_id, day, lead(day) OVER (PARTITION BY child_id ORDER BY day) AS next_day
    FROM (
        SELECT DISTINCT child_id, day
        FROM (
            SELECT child_id, allocated_from AS day FROM allocations
            UNION ALL
            SELECT child_id, allocated_to FROM allocations WHERE allocated_to IS NOT NULL
        )
    )
),

unallocated_spans AS (
    -- The spans [day, next_day) in which a child is open to a team with no named worker and has
    -- no open allocation to a named worker, with the team holding the case (the first by name
    -- if two teams do).
    SELECT child_days.child_id, child_days.day, child_days.next_day,
        min(allocations.team) FILTER (WHERE allocations.worker_id IS NULL) AS team
    FROM child_days
    INNER JOIN allocations
        ON allocations.child_id = child_days.child_id
        AND allocations.allocated_from <= child_days.day
        AND (allocations.allocated_to IS NULL OR allocations.allocated_to > child_days.day)
    GROUP BY ALL
    HAVING count(*) FILTER (WHERE allocations.worker_id IS NOT NULL) = 0
),

unallocated_levels AS (
    -- Children awaiting allocation in each team from each change day on (a running sum of
    -- spans opening and closing), read at a period end from the last day on or before it.
    SELECT team, day, sum(step) OVER (PARTITION BY team ORDER BY day) AS children
    FROM (
        SELECT team, day, sum(step) AS step
        FROM (
            SELECT team, day, 1 AS step FROM unallocated_spans
            UNION ALL
            SELECT team, next_day, -1 FROM unallocated_spans WHERE next_day IS NOT NULL
        )
        GROUP BY ALL
    )
),

unallocated_teams AS (
    SELECT periods.period_type, periods.period_start, periods.period_end, teams.team,
        CAST(coalesce(unallocated_levels.children, 0) AS BIGINT) AS children
    FROM periods
    CROSS JOIN (SELECT DISTINCT team FROM unallocated_spans) AS teams
    ASOF LEFT JOIN unallocated_levels
        ON unallocated_levels.team = teams.team
        AND unallocated_levels.day <= periods.period_end
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
    -- Every period from the one the first allocation starts in has a total, 0 when no child
    -- awaits allocation (not a missing series); without an allocations extract there is no
    -- series at all. (A period that began before the first allocation still ends after it.)
    SELECT periods.period_type, periods.period_start, periods.period_end, 'total' AS breakdown,
        'All' AS breakdown_value, CAST(coalesce(sum(unallocated_teams.children), 0) AS BIGINT)
            AS children
    FROM periods
    LEFT JOIN unallocated_teams
        ON unallocated_teams.period_type = periods.period_type
        AND unallocated_teams.period_end = periods.period_end
    WHERE periods.period_end >= (SELECT min(allocated_from) FROM allocations)
    GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, children
    FROM unallocated_teams
    WHERE children > 0
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
