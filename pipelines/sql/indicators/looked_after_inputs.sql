-- Input tables for the looked-after children families and lists (grain in each table's comment).
-- Inputs: lac_episodes, lac_placements, allocations (current views); enum_labels; periods.
-- Periods of care: a child's episodes that follow one another without a gap (the next starts on
-- or before the day the previous ends) make one period of care (a "spell"); a change of legal
-- status starts a new episode, not a new period. The period's end reason is that of its last
-- episode.
-- Team: the episode's own; else the team holding the child's looked-after case in the
-- allocations (looked-after cases first, then the latest); else 'Team not recorded'.
-- Placement mix (the page's and the breakdowns' words): an independent provider; a connected
-- person (kinship foster care); with parents; another council or public body; otherwise the
-- council's own provision, foster care or other.
CREATE OR REPLACE TEMP TABLE lac_episodes_in AS
WITH episodes AS (
    SELECT care_episode_id, child_id, care_period_id, team, start_date, end_date, legal_status,
        end_reason, date_of_birth
    FROM lac_episodes
),

ordered AS (
    SELECT
        episodes.*,
        max(coalesce(end_date, DATE '9999-12-31')) OVER (
            PARTITION BY child_id ORDER BY start_date, care_episode_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ) AS previous_end
    FROM episodes
),

numbered AS (
    SELECT
        ordered.*,
        sum(CASE WHEN previous_end IS NULL OR start_date > previous_end THEN 1 ELSE 0 END)
            OVER (PARTITION BY child_id ORDER BY start_date, care_episode_id) AS spell_no
    FROM ordered
),

case_teams AS (
    SELECT
        numbered.care_episode_id,
        first(
            allocations.team ORDER BY allocations.case_type = 'looked_after' DESC,
            allocations.allocated_from DESC, allocations.allocation_id DESC
        ) AS case_team
    FROM numbered
    INNER JOIN allocations
        ON allocations.child_id = numbered.child_id
        AND allocations.allocated_from <= coalesce(numbered.end_date, DATE '9999-12-31')
        AND (allocations.allocated_to IS NULL OR allocations.allocated_to >= numbered.start_date)
    WHERE numbered.team IS NULL
    GROUP BY numbered.care_episode_id
)

SELECT
    numbered.care_episode_id,
    numbered.child_id,
    numbered.care_period_id,
    numbered.child_id || '#' || CAST(numbered.spell_no AS VARCHAR) AS spell_id,
    coalesce(numbered.team, case_teams.case_team, 'Team not recorded') AS team,
    numbered.start_date,
    numbered.end_date,
    coalesce(status_label.label, 'Legal status not recorded') AS legal_status,
    numbered.end_reason,
    numbered.date_of_birth
FROM numbered
LEFT JOIN case_teams USING (care_episode_id)
LEFT JOIN enum_labels AS status_label
    ON status_label.extract = 'lac_episodes'
    AND status_label.column = 'legal_status'
    AND status_label.code = numbered.legal_status;

-- One row per period of care: its child, start, end (blank while open) and end reason.
CREATE OR REPLACE TEMP TABLE lac_spells AS
SELECT
    spell_id,
    any_value(child_id) AS child_id,
    min(start_date) AS start_date,
    CASE WHEN bool_or(end_date IS NULL) THEN NULL ELSE max(end_date) END AS end_date,
    CASE WHEN bool_or(end_date IS NULL) THEN NULL
        ELSE arg_max(end_reason, coalesce(end_date, DATE '9999-12-31')) END AS end_reason,
    arg_max(team, start_date) AS team
FROM lac_episodes_in
GROUP BY spell_id;

-- One row per placement, with its place in the placement mix.
CREATE OR REPLACE TEMP TABLE lac_placements_in AS
SELECT
    placement_id,
    child_id,
    start_date,
    end_date,
    placement_type,
    provider,
    out_of_area,
    intended_to_18,
    CASE
        WHEN provider = 'independent' THEN 'Independent provider'
        WHEN provider = 'connected_person' OR placement_type = 'foster_connected'
            THEN 'Connected person'
        WHEN provider = 'parent' OR placement_type = 'with_parents' THEN 'With parents'
        WHEN provider = 'other_public' THEN 'Another council or public body'
        WHEN placement_type = 'foster' THEN 'In-house foster care'
        ELSE 'In-house, other'
    END AS placement_mix
FROM lac_placements;

-- One row per period and child looked after at its end (the latest episode open), with the
-- period of care's start, the placement open then (the latest started on or before the period
-- end, if not ended by it; of two started the same day, the higher placement id) and the child's
-- age band.
CREATE OR REPLACE TEMP TABLE lac_snapshot AS
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
)

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
ASOF LEFT JOIN (
    -- Two placements of a child starting on the same day: the later recorded (highest id) is
    -- the one open, so that the figures do not depend on which of them the join meets first.
    SELECT *
    FROM lac_placements_in
    QUALIFY row_number() OVER (
        PARTITION BY child_id, start_date ORDER BY placement_id DESC
    ) = 1
) AS current
    ON current.child_id = snapshot.child_id
    AND current.start_date <= snapshot.period_end;
