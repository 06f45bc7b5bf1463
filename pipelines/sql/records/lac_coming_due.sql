-- The looked-after children's coming-due list: for each child looked after at the data-as-at date
-- with a placement recorded, when the next statutory visit and the next review are due and how
-- many calendar days remain (negative: overdue by that many).
-- Grain: one row per child looked after at $as_at. Case-system ids only, never names.
-- Inputs: lac_episodes_in, lac_spells, lac_placements_in (looked_after_inputs.sql), lac_visits,
-- lac_reviews, workdays; $as_at.
-- Due dates as the indicators count them (looked_after_visits.sql, looked_after_reviews.sql):
-- a visit 7 days after the placement starts, then 6 weeks after the last visit at which the child
-- was seen (3 months after the placement's first year where it is intended to last until 18); the
-- first review 20 working days after the period of care starts, the second 3 months after the
-- first, later ones 6 months after the last. A review whose history began before the reviews
-- extract (and none held since) has no due date here.
CREATE OR REPLACE TABLE lac_coming_due AS
WITH as_at AS (
    SELECT CAST($as_at AS DATE) AS day
),

looked_after AS (
    SELECT lac_episodes_in.*
    FROM lac_episodes_in, as_at
    WHERE lac_episodes_in.start_date <= as_at.day
        AND (lac_episodes_in.end_date IS NULL OR lac_episodes_in.end_date > as_at.day)
    QUALIFY row_number() OVER (
        PARTITION BY child_id ORDER BY start_date DESC, care_episode_id DESC
    ) = 1
),

placed AS (
    SELECT
        looked_after.child_id,
        looked_after.team,
        looked_after.spell_id,
        current.placement_id,
        current.start_date AS placement_start,
        current.placement_mix,
        current.intended_to_18,
        (SELECT max(visit_date) FROM lac_visits
            WHERE lac_visits.child_id = looked_after.child_id AND lac_visits.child_seen
                AND lac_visits.visit_date >= current.start_date
                AND lac_visits.visit_date <= (SELECT day FROM as_at)) AS last_seen
    FROM looked_after
    INNER JOIN lac_placements_in AS current
        ON current.child_id = looked_after.child_id
        AND current.start_date <= (SELECT day FROM as_at)
        AND (current.end_date IS NULL OR current.end_date > (SELECT day FROM as_at))
    QUALIFY row_number() OVER (
        PARTITION BY looked_after.child_id ORDER BY current.start_date DESC, current.placement_id
    ) = 1
),

review_children AS (
    SELECT
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
        count(review_children.review_date) AS held,
        max(review_children.review_date) AS last_review,
        any_value(due_day.date) AS first_due,
        any_value(due_day.date) >= (SELECT min(review_date) FROM lac_reviews) AS covered
    FROM lac_spells
    INNER JOIN workdays AS start_day ON start_day.date = lac_spells.start_date
    INNER JOIN workdays AS due_day
        ON due_day.wd_ord = start_day.wd_ord + 20 AND due_day.is_working_day
    LEFT JOIN review_children
        ON review_children.child_id = lac_spells.child_id
        AND review_children.review_date >= lac_spells.start_date
        AND review_children.review_date <= (SELECT day FROM as_at)
    GROUP BY lac_spells.spell_id
),

due AS (
    SELECT
        placed.*,
        spell_reviews.last_review,
        CAST(CASE
            WHEN placed.last_seen IS NULL THEN placed.placement_start + INTERVAL 7 DAY
            WHEN placed.last_seen < placed.placement_start + INTERVAL 12 MONTH
                THEN placed.last_seen + INTERVAL 6 WEEK
            WHEN placed.intended_to_18 THEN placed.last_seen + INTERVAL 3 MONTH
            ELSE placed.last_seen + INTERVAL 6 WEEK
        END AS DATE) AS visit_due,
        CAST(CASE
            WHEN spell_reviews.covered AND spell_reviews.held = 0 THEN spell_reviews.first_due
            WHEN spell_reviews.covered AND spell_reviews.held = 1
                THEN spell_reviews.last_review + INTERVAL 3 MONTH
            WHEN spell_reviews.held > 0 THEN spell_reviews.last_review + INTERVAL 6 MONTH
        END AS DATE) AS review_due
    FROM placed
    LEFT JOIN spell_reviews USING (spell_id)
)

SELECT
    child_id,
    team,
    placement_mix AS placement,
    placement_start,
    last_seen,
    visit_due,
    visit_due - (SELECT day FROM as_at) AS visit_days_left,
    last_review,
    review_due,
    review_due - (SELECT day FROM as_at) AS review_days_left,
    least(
        visit_due - (SELECT day FROM as_at),
        coalesce(review_due - (SELECT day FROM as_at), 100000)
    ) AS soonest_days_left,
    (SELECT day FROM as_at) AS as_at
FROM due
ORDER BY soonest_days_left, team, child_id;
