-- Looked-after children: how many, where they live, how stable, and whether statutory visits and
-- reviews happen on time.
-- Grain: one row per indicator, period and breakdown value (team, legal status, placement mix,
-- age band).
-- Inputs: lac_episodes_in, lac_spells, lac_placements_in (looked_after_inputs.sql); lac_visits,
-- lac_reviews, lac_health_checks, allocations, lac_episodes (current views); periods,
-- period_days, workdays, population_periods; $as_at (the data-as-at date).
-- Looked after at a period end: an episode started on or before it and not ended by it (an
-- episode ending on the last day no longer counts, as at the end of that day); a child is
-- counted once (the latest episode open).
-- Calendar timescales use DuckDB's date + INTERVAL (31 January + 1 month = 28/29 February, as
-- pipelines/timescales.py); working days as elsewhere, the clock-start day is day 0 and a start on
-- a non-working day rolls forward.
-- Contract: numerator <= denominator for percentages; each breakdown partitions the total.
-- Indicators: pv_lac_rate, pv_lac_starts, pv_lac_ceased, pv_external_placement_pct,
-- pv_out_of_area_pct, pv_returned_home_pct, pv_remain_with_family_pct,
-- wb_lac_3plus_placements_pct, wb_lac_visit_timely_pct, wb_lac_review_timely_pct,
-- pi_lac_gp_10wd_pct, wf_lac_sw_stable_6m_pct.
WITH open_episodes AS (
    SELECT periods.period_type, periods.period_start, periods.period_end, lac_episodes_in.*
    FROM lac_episodes_in
    INNER JOIN periods
        ON lac_episodes_in.start_date <= periods.period_end
        AND (lac_episodes_in.end_date IS NULL OR lac_episodes_in.end_date > periods.period_end)
),

snapshot AS (
    SELECT *
    FROM open_episodes
    QUALIFY row_number() OVER (
        PARTITION BY period_type, period_end, child_id
        ORDER BY start_date DESC, care_episode_id DESC
    ) = 1
),

placed AS (
    -- With the placement open at the period end (the latest started on or before it).
    SELECT
        snapshot.*,
        lac_spells.start_date AS spell_start,
        CASE WHEN current.end_date IS NULL OR current.end_date > snapshot.period_end
            THEN current.placement_id END AS placement_id,
        CASE WHEN current.end_date IS NULL OR current.end_date > snapshot.period_end
            THEN current.start_date END AS placement_start,
        CASE WHEN current.end_date IS NULL OR current.end_date > snapshot.period_end
            THEN current.out_of_area END AS out_of_area,
        CASE WHEN current.end_date IS NULL OR current.end_date > snapshot.period_end
            THEN current.intended_to_18 END AS intended_to_18,
        CASE WHEN current.end_date IS NULL OR current.end_date > snapshot.period_end
            THEN current.placement_mix ELSE 'No placement recorded' END AS placement_mix,
        CASE
            WHEN snapshot.date_of_birth IS NULL THEN 'Age not recorded'
            WHEN date_part('year', age(snapshot.period_end, snapshot.date_of_birth)) < 1
                THEN 'Under 1'
            WHEN date_part('year', age(snapshot.period_end, snapshot.date_of_birth)) < 5
                THEN '1-4'
            WHEN date_part('year', age(snapshot.period_end, snapshot.date_of_birth)) < 10
                THEN '5-9'
            WHEN date_part('year', age(snapshot.period_end, snapshot.date_of_birth)) < 16
                THEN '10-15'
            ELSE '16 and over'
        END AS age_band
    FROM snapshot
    INNER JOIN lac_spells USING (spell_id)
    ASOF LEFT JOIN lac_placements_in AS current
        ON current.child_id = snapshot.child_id
        AND current.start_date <= snapshot.period_end
),

seen_visits AS (
    SELECT child_id, visit_date FROM lac_visits WHERE child_seen
),

visited AS (
    -- The latest visit at which the child was seen, during the current placement.
    SELECT
        placed.*,
        CASE WHEN seen_visits.visit_date >= placed.placement_start
            THEN seen_visits.visit_date END AS last_seen
    FROM placed
    ASOF LEFT JOIN seen_visits
        ON seen_visits.child_id = placed.child_id
        AND seen_visits.visit_date <= placed.period_end
),

placement_counts AS (
    -- Placements open at any time in the 12 months to the period end (the current one too).
    SELECT placed.period_type, placed.period_end, placed.child_id, count(*) AS placements
    FROM placed
    INNER JOIN lac_placements_in AS moves
        ON moves.child_id = placed.child_id
        AND moves.start_date <= placed.period_end
        AND (moves.end_date IS NULL
            OR moves.end_date > CAST(placed.period_end - INTERVAL 12 MONTH AS DATE))
    GROUP BY ALL
),

worker_windows AS (
    -- Children looked after for at least 6 months, and their allocated social workers in the
    -- 6 months to the period end.
    SELECT
        placed.period_type,
        placed.period_end,
        placed.child_id,
        count(DISTINCT allocations.worker_id) AS workers,
        min(allocations.allocated_from) AS held_from,
        max(coalesce(allocations.allocated_to, DATE '9999-12-31')) AS held_to
    FROM placed
    INNER JOIN allocations
        ON allocations.child_id = placed.child_id
        AND allocations.worker_id IS NOT NULL
        AND allocations.allocated_from <= placed.period_end
        AND (allocations.allocated_to IS NULL
            OR allocations.allocated_to >= CAST(placed.period_end - INTERVAL 6 MONTH AS DATE))
    WHERE placed.spell_start <= CAST(placed.period_end - INTERVAL 6 MONTH AS DATE)
    GROUP BY ALL
),

judged AS (
    SELECT
        visited.*,
        CAST(CASE
            WHEN visited.placement_id IS NULL THEN NULL
            WHEN visited.last_seen IS NULL THEN visited.placement_start + INTERVAL 7 DAY
            WHEN visited.last_seen < visited.placement_start + INTERVAL 12 MONTH
                THEN visited.last_seen + INTERVAL 6 WEEK
            WHEN visited.intended_to_18 THEN visited.last_seen + INTERVAL 3 MONTH
            ELSE visited.last_seen + INTERVAL 6 WEEK
        END AS DATE) AS visit_due,
        coalesce(placement_counts.placements, 0) >= 3 AS three_plus,
        visited.spell_start <= CAST(visited.period_end - INTERVAL 6 MONTH AS DATE) AS six_months,
        coalesce(
            worker_windows.workers = 1
            AND worker_windows.held_from
                <= CAST(visited.period_end - INTERVAL 6 MONTH AS DATE)
            AND worker_windows.held_to >= visited.period_end,
            FALSE
        ) AS worker_stable
    FROM visited
    LEFT JOIN placement_counts USING (period_type, period_end, child_id)
    LEFT JOIN worker_windows USING (period_type, period_end, child_id)
),

long AS (
    SELECT judged.*, 'total' AS breakdown, 'All' AS breakdown_value FROM judged
    UNION ALL
    SELECT judged.*, 'team', team FROM judged
    UNION ALL
    SELECT judged.*, 'legal_status', legal_status FROM judged
    UNION ALL
    SELECT judged.*, 'placement', placement_mix FROM judged
    UNION ALL
    SELECT judged.*, 'age_band', age_band FROM judged
),

snapshot_by AS (
    SELECT period_type, period_start, period_end, breakdown, breakdown_value,
        count(*) AS children,
        count(*) FILTER (WHERE placement_id IS NOT NULL) AS placed,
        count(*) FILTER (WHERE placement_mix = 'Independent provider' OR out_of_area) AS external,
        count(*) FILTER (WHERE out_of_area) AS out_of_area,
        count(*) FILTER (WHERE three_plus) AS three_plus,
        count(*) FILTER (WHERE period_end <= visit_due) AS visit_in_time,
        count(*) FILTER (WHERE six_months) AS six_months,
        count(*) FILTER (WHERE six_months AND worker_stable) AS worker_stable
    FROM long
    GROUP BY ALL
),

spell_flows AS (
    -- Periods of care starting and ending in each period.
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        'start' AS flow, lac_spells.*
    FROM lac_spells
    INNER JOIN period_days ON lac_spells.start_date = period_days.day
    UNION ALL
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        'end', lac_spells.*
    FROM lac_spells
    INNER JOIN period_days ON lac_spells.end_date = period_days.day
),

flows_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown,
        'All' AS breakdown_value,
        count(*) FILTER (WHERE flow = 'start') AS starts,
        count(*) FILTER (WHERE flow = 'end') AS ceased
    FROM spell_flows GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team,
        count(*) FILTER (WHERE flow = 'start'), count(*) FILTER (WHERE flow = 'end')
    FROM spell_flows GROUP BY ALL
),

during AS (
    -- Children looked after at any time in the period, and whether a period of care of theirs
    -- ended in it with the child returning home (PM26).
    SELECT
        periods.period_type,
        periods.period_start,
        periods.period_end,
        lac_spells.child_id,
        arg_max(lac_spells.team, lac_spells.start_date) AS team,
        bool_or(
            lac_spells.end_date BETWEEN periods.period_start AND periods.period_end
            AND lac_spells.end_reason = 'returned_home'
        ) AS returned_home
    FROM lac_spells
    INNER JOIN periods
        ON lac_spells.start_date <= periods.period_end
        AND (lac_spells.end_date IS NULL OR lac_spells.end_date >= periods.period_start)
    GROUP BY ALL
),

during_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS children, count(*) FILTER (WHERE returned_home) AS returned_home
    FROM during GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, count(*),
        count(*) FILTER (WHERE returned_home)
    FROM during GROUP BY ALL
),

open_cases AS (
    -- Children with a case open at the period end (any case type), or looked after then.
    SELECT periods.period_type, periods.period_start, periods.period_end, allocations.child_id,
        first(allocations.team ORDER BY allocations.allocated_from DESC,
            allocations.allocation_id DESC) AS team
    FROM allocations
    INNER JOIN periods
        ON allocations.allocated_from <= periods.period_end
        AND (allocations.allocated_to IS NULL OR allocations.allocated_to > periods.period_end)
    WHERE EXISTS (SELECT 1 FROM lac_episodes)
    GROUP BY ALL
),

supported AS (
    SELECT
        coalesce(open_cases.period_type, snapshot.period_type) AS period_type,
        coalesce(open_cases.period_start, snapshot.period_start) AS period_start,
        coalesce(open_cases.period_end, snapshot.period_end) AS period_end,
        coalesce(snapshot.team, open_cases.team) AS team,
        snapshot.child_id IS NULL AS at_home
    FROM open_cases
    FULL OUTER JOIN snapshot
        ON snapshot.period_type = open_cases.period_type
        AND snapshot.period_end = open_cases.period_end
        AND snapshot.child_id = open_cases.child_id
),

supported_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS children, count(*) FILTER (WHERE at_home) AS at_home
    FROM supported GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, count(*),
        count(*) FILTER (WHERE at_home)
    FROM supported GROUP BY ALL
),

review_children AS (
    -- Each review with its child (its own, else that of the care episodes of its period of
    -- care) and the period of care it falls in.
    SELECT
        lac_reviews.lac_review_id,
        lac_reviews.review_date,
        coalesce(lac_reviews.child_id, by_period.child_id) AS child_id
    FROM lac_reviews
    LEFT JOIN (
        SELECT care_period_id, any_value(child_id) AS child_id
        FROM lac_episodes_in WHERE care_period_id IS NOT NULL GROUP BY care_period_id
    ) AS by_period USING (care_period_id)
),

spell_reviews AS (
    SELECT
        lac_spells.spell_id,
        lac_spells.team,
        review_children.review_date,
        row_number() OVER (
            PARTITION BY lac_spells.spell_id
            ORDER BY review_children.review_date, review_children.lac_review_id
        ) AS review_no,
        lag(review_children.review_date) OVER (
            PARTITION BY lac_spells.spell_id
            ORDER BY review_children.review_date, review_children.lac_review_id
        ) AS previous_review
    FROM lac_spells
    INNER JOIN review_children
        ON review_children.child_id = lac_spells.child_id
        AND review_children.review_date >= lac_spells.start_date
        AND (lac_spells.end_date IS NULL OR review_children.review_date <= lac_spells.end_date)
),

first_due AS (
    -- The first review is due 20 working days after the period of care starts.
    SELECT lac_spells.spell_id, due_day.date AS due_date
    FROM lac_spells
    INNER JOIN workdays AS start_day ON start_day.date = lac_spells.start_date
    INNER JOIN workdays AS due_day
        ON due_day.wd_ord = start_day.wd_ord + 20 AND due_day.is_working_day
),

reviews AS (
    SELECT
        spell_reviews.spell_id,
        spell_reviews.team,
        spell_reviews.review_date,
        CAST(CASE
            WHEN spell_reviews.review_no = 1 THEN first_due.due_date
            WHEN spell_reviews.review_no = 2 THEN spell_reviews.previous_review + INTERVAL 3 MONTH
            ELSE spell_reviews.previous_review + INTERVAL 6 MONTH
        END AS DATE) AS due_date
    FROM spell_reviews
    INNER JOIN first_due USING (spell_id)
),

next_reviews AS (
    -- The review due after the last one held (or the first): due and late once its due date
    -- has passed while the child is still looked after.
    SELECT
        lac_spells.spell_id,
        lac_spells.team,
        CAST(NULL AS DATE) AS review_date,
        CAST(CASE
            WHEN count(spell_reviews.review_date) = 0 THEN any_value(first_due.due_date)
            WHEN count(spell_reviews.review_date) = 1
                THEN max(spell_reviews.review_date) + INTERVAL 3 MONTH
            ELSE max(spell_reviews.review_date) + INTERVAL 6 MONTH
        END AS DATE) AS due_date,
        any_value(lac_spells.end_date) AS end_date
    FROM lac_spells
    INNER JOIN first_due USING (spell_id)
    LEFT JOIN spell_reviews USING (spell_id)
    GROUP BY lac_spells.spell_id, lac_spells.team
),

reviews_due AS (
    SELECT spell_id, team, review_date, due_date FROM reviews
    UNION ALL
    SELECT spell_id, team, review_date, due_date
    FROM next_reviews
    WHERE (end_date IS NULL OR end_date > due_date) AND due_date < CAST($as_at AS DATE)
),

reviews_in_period AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        reviews_due.*
    FROM reviews_due
    INNER JOIN period_days ON reviews_due.due_date = period_days.day
),

reviews_by AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS due, count(*) FILTER (WHERE review_date <= due_date) AS on_time
    FROM reviews_in_period GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, count(*),
        count(*) FILTER (WHERE review_date <= due_date)
    FROM reviews_in_period GROUP BY ALL
),

gp_placements AS (
    -- Placements whose 10 working days for GP registration have passed (PM31), with whether a
    -- GP registration of the child is dated from the placement's start to its due day. Only
    -- when the store holds GP registrations at all: a case system that does not export them
    -- gives no figure rather than 0%.
    SELECT
        lac_placements_in.placement_id,
        lac_placements_in.child_id,
        lac_placements_in.start_date,
        due_day.date AS due_date,
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

gp_by AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS due, count(*) FILTER (WHERE registered) AS registered
    FROM gp_placements
    INNER JOIN period_days ON gp_placements.start_date = period_days.day
    GROUP BY ALL
    UNION ALL
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        'placement', placement_mix, count(*), count(*) FILTER (WHERE registered)
    FROM gp_placements
    INNER JOIN period_days ON gp_placements.start_date = period_days.day
    GROUP BY ALL
)

SELECT 'pv_lac_rate' AS indicator_id, snapshot_by.period_type, snapshot_by.period_start,
    snapshot_by.period_end, breakdown, breakdown_value,
    CAST(snapshot_by.children AS DOUBLE) AS numerator,
    CAST(population_periods.children AS DOUBLE) AS denominator,
    10000.0 * snapshot_by.children / population_periods.children AS value
FROM snapshot_by
LEFT JOIN population_periods USING (period_type, period_end)
UNION ALL
SELECT 'pv_external_placement_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, external, placed, 100.0 * external / nullif(placed, 0)
FROM snapshot_by
UNION ALL
SELECT 'pv_out_of_area_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, out_of_area, placed, 100.0 * out_of_area / nullif(placed, 0)
FROM snapshot_by
UNION ALL
SELECT 'wb_lac_3plus_placements_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, three_plus, children, 100.0 * three_plus / children
FROM snapshot_by
UNION ALL
SELECT 'wb_lac_visit_timely_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, visit_in_time, placed, 100.0 * visit_in_time / nullif(placed, 0)
FROM snapshot_by
UNION ALL
SELECT 'wf_lac_sw_stable_6m_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, worker_stable, six_months, 100.0 * worker_stable / nullif(six_months, 0)
FROM snapshot_by
UNION ALL
SELECT 'pv_lac_starts', period_type, period_start, period_end, breakdown, breakdown_value,
    starts, NULL, starts
FROM flows_by
UNION ALL
SELECT 'pv_lac_ceased', period_type, period_start, period_end, breakdown, breakdown_value,
    ceased, NULL, ceased
FROM flows_by
UNION ALL
SELECT 'pv_returned_home_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, returned_home, children, 100.0 * returned_home / children
FROM during_by
UNION ALL
SELECT 'pv_remain_with_family_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, at_home, children, 100.0 * at_home / children
FROM supported_by
UNION ALL
SELECT 'wb_lac_review_timely_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, on_time, due, 100.0 * on_time / due
FROM reviews_by
UNION ALL
SELECT 'pi_lac_gp_10wd_pct', period_type, period_start, period_end, breakdown,
    breakdown_value, registered, due, 100.0 * registered / due
FROM gp_by;
