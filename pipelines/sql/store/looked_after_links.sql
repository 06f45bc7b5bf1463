-- Rules between the looked-after children extracts, checked inside an import before it is
-- published (the same shape as child_protection_links.sql).
-- Grain: one row per problem on a record of the new imports ($new: their import ids).
-- Inputs: the raw tables (the new imports' rows, with their Excel rows) and the current views
-- (the store as it will be once the import is published, new rows included).
-- Errors reject the import; warnings are kept with it.
WITH new_ids AS (
    SELECT unnest(CAST($new AS INTEGER[])) AS import_id
),

new_placements AS (
    SELECT * FROM raw_lac_placements WHERE _import_id IN (SELECT import_id FROM new_ids)
),

new_episodes AS (
    SELECT * FROM raw_lac_episodes WHERE _import_id IN (SELECT import_id FROM new_ids)
),

new_visits AS (
    SELECT * FROM raw_lac_visits WHERE _import_id IN (SELECT import_id FROM new_ids)
),

new_reviews AS (
    SELECT * FROM raw_lac_reviews WHERE _import_id IN (SELECT import_id FROM new_ids)
),

placement_outside AS (
    -- A placement that starts outside every care episode of its child (an episode ending on the
    -- day the placement starts still covers it).
    SELECT
        new_placements._import_id,
        new_placements._row,
        new_placements.child_id,
        EXISTS (
            SELECT 1 FROM lac_episodes AS any_episode
            WHERE any_episode.child_id = new_placements.child_id
        ) AS child_has_episodes
    FROM new_placements
    WHERE NOT EXISTS (
        SELECT 1 FROM lac_episodes AS covering
        WHERE covering.child_id = new_placements.child_id
            AND covering.start_date <= new_placements.start_date
            AND (covering.end_date IS NULL OR covering.end_date >= new_placements.start_date)
    )
),

visit_outside AS (
    SELECT new_visits._import_id, new_visits._row, new_visits.child_id
    FROM new_visits
    WHERE NOT EXISTS (
        SELECT 1 FROM lac_episodes AS covering
        WHERE covering.child_id = new_visits.child_id
            AND covering.start_date <= new_visits.visit_date
            AND (covering.end_date IS NULL OR covering.end_date >= new_visits.visit_date)
    )
),

review_unknown_period AS (
    SELECT new_reviews._import_id, new_reviews._row, new_reviews.care_period_id
    FROM new_reviews
    WHERE new_reviews.child_id IS NULL
        AND NOT EXISTS (
            SELECT 1 FROM lac_episodes AS episode
            WHERE episode.care_period_id = new_reviews.care_period_id
        )
),

overlapping AS (
    -- Two care episodes of one child open at once (one ending the day the next starts is fine).
    SELECT
        new_episodes._import_id,
        new_episodes._row,
        first(other.care_episode_id ORDER BY other.start_date) AS other_id,
        first(other.start_date ORDER BY other.start_date) AS other_start
    FROM new_episodes
    INNER JOIN lac_episodes AS other
        ON other.child_id = new_episodes.child_id
        AND other.care_episode_id <> new_episodes.care_episode_id
        AND other.start_date < coalesce(new_episodes.end_date, DATE '9999-12-31')
        AND new_episodes.start_date < coalesce(other.end_date, DATE '9999-12-31')
    GROUP BY new_episodes._import_id, new_episodes._row
),

problems AS (
    SELECT 'placement_outside_care' AS rule, 'lac_placements' AS extract, _import_id, _row,
        'start_date' AS column_name, 'error' AS severity,
        -- the words of the detail are in pipelines/store/links.py (DETAILS), with these fields
        'no_care_episode_covers' AS detail, NULL::VARCHAR AS record, child_id::VARCHAR AS other,
        NULL::DATE AS on_date, NULL::DATE AS to_date
    FROM placement_outside
    WHERE child_has_episodes
    UNION ALL
    SELECT 'placement_without_care_episodes', 'lac_placements', _import_id, _row, 'child_id',
        'warning', 'child_without_care_episodes', NULL, child_id, NULL, NULL
    FROM placement_outside
    WHERE NOT child_has_episodes
    UNION ALL
    SELECT 'lac_visit_outside_care', 'lac_visits', _import_id, _row, 'visit_date', 'warning',
        'no_care_episode_covers', NULL, child_id, NULL, NULL
    FROM visit_outside
    UNION ALL
    SELECT 'review_of_unknown_care_period', 'lac_reviews', _import_id, _row, 'care_period_id',
        'warning', 'care_period_not_in_store', care_period_id, NULL, NULL, NULL
    FROM review_unknown_period
    UNION ALL
    SELECT 'care_episodes_overlap', 'lac_episodes', _import_id, _row, 'start_date', 'error',
        'episode_of_same_child_starts', other_id, NULL, other_start, NULL
    FROM overlapping
)

SELECT * FROM problems
ORDER BY _import_id, _row, rule;
