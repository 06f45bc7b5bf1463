-- Rules between the child protection extracts, checked inside an import before it is published.
-- Grain: one row per problem on a record of the new imports ($new: their import ids), with the
-- record's import id and Excel row, the column it is reported on and the other record involved.
-- Inputs: the raw tables (the new imports' rows, with their Excel rows) and the current views
-- (the store as it will be once the import is published, new rows included).
-- Errors reject the import (nothing is stored); warnings are kept with it.
WITH new_ids AS (
    SELECT unnest(CAST($new AS INTEGER[])) AS import_id
),

new_conferences AS (
    SELECT * FROM raw_cp_conferences WHERE _import_id IN (SELECT import_id FROM new_ids)
),

new_discussions AS (
    SELECT * FROM raw_strategy_discussions WHERE _import_id IN (SELECT import_id FROM new_ids)
),

new_registrations AS (
    SELECT * FROM raw_cp_registrations WHERE _import_id IN (SELECT import_id FROM new_ids)
),

new_visits AS (
    SELECT * FROM raw_cp_visits WHERE _import_id IN (SELECT import_id FROM new_ids)
),

new_core_groups AS (
    SELECT * FROM raw_cp_core_groups WHERE _import_id IN (SELECT import_id FROM new_ids)
),

conference_discussion AS (
    -- An initial conference and the strategy discussion it names.
    SELECT
        new_conferences._import_id,
        new_conferences._row,
        new_conferences.child_id,
        new_conferences.conference_date,
        discussion.strategy_id,
        discussion.child_id AS discussion_child,
        CAST(discussion.held_at AS DATE) AS held_date
    FROM new_conferences
    INNER JOIN strategy_discussions AS discussion USING (strategy_id)
),

discussion_conference AS (
    -- A changed strategy discussion and the conferences already in the store that name it.
    SELECT
        new_discussions._import_id,
        new_discussions._row,
        CAST(new_discussions.held_at AS DATE) AS held_date,
        conference.conference_id,
        conference.conference_date
    FROM new_discussions
    INNER JOIN cp_conferences AS conference USING (strategy_id)
    WHERE conference._import_id NOT IN (SELECT import_id FROM new_ids)
),

review_registration AS (
    -- A review conference and the registration it reviews (blank when not in the store).
    SELECT
        new_conferences._import_id,
        new_conferences._row,
        new_conferences.child_id,
        new_conferences.conference_date,
        new_conferences.registration_id,
        registration.child_id AS registration_child,
        registration.start_date,
        registration.end_date
    FROM new_conferences
    LEFT JOIN cp_registrations AS registration USING (registration_id)
    WHERE new_conferences.conference_type = 'review'
),

registration_review AS (
    -- A changed registration and the review conferences already in the store that name it.
    SELECT
        new_registrations._import_id,
        new_registrations._row,
        new_registrations.start_date,
        new_registrations.end_date,
        review.conference_id,
        review.conference_date
    FROM new_registrations
    INNER JOIN cp_conferences AS review USING (registration_id)
    WHERE review.conference_type = 'review'
        AND review._import_id NOT IN (SELECT import_id FROM new_ids)
),

overlapping AS (
    -- Two registrations of the same child open at the same time (an end date is the last day).
    SELECT
        new_registrations._import_id,
        new_registrations._row,
        other.registration_id AS other_id,
        other.start_date AS other_start
    FROM new_registrations
    INNER JOIN cp_registrations AS other
        ON other.child_id = new_registrations.child_id
        AND other.registration_id <> new_registrations.registration_id
        AND other.start_date < coalesce(new_registrations.end_date, DATE '9999-12-31')
        AND new_registrations.start_date < coalesce(other.end_date, DATE '9999-12-31')
),

visit_registration AS (
    SELECT
        'cp_visits' AS extract,
        'visit_date' AS column_name,
        new_visits._import_id,
        new_visits._row,
        new_visits.child_id,
        new_visits.visit_date AS event_date,
        new_visits.registration_id
    FROM new_visits
    UNION ALL
    SELECT 'cp_core_groups', 'meeting_date', _import_id, _row, child_id, meeting_date,
        registration_id
    FROM new_core_groups
),

event_outside AS (
    -- A visit or core group that no registration of the child covers.
    SELECT
        visit_registration.*,
        named.registration_id IS NULL AND visit_registration.registration_id IS NOT NULL
            AS unknown_registration,
        named.end_date AS named_end,
        named.start_date AS named_start
    FROM visit_registration
    LEFT JOIN cp_registrations AS named
        ON named.registration_id = visit_registration.registration_id
    WHERE NOT EXISTS (
        SELECT 1
        FROM cp_registrations AS covering
        WHERE covering.child_id = visit_registration.child_id
            AND covering.start_date <= visit_registration.event_date
            AND (covering.end_date IS NULL OR covering.end_date >= visit_registration.event_date)
            AND (visit_registration.registration_id IS NULL
                OR covering.registration_id = visit_registration.registration_id)
    )
),

problems AS (
    SELECT 'conference_before_strategy_discussion' AS rule, 'cp_conferences' AS extract,
        _import_id, _row, 'conference_date' AS column_name, 'error' AS severity,
        -- the words of the detail are in pipelines/store/links.py (DETAILS), with these fields
        'strategy_held_on' AS detail, strategy_id::VARCHAR AS record, NULL::VARCHAR AS other,
        held_date::DATE AS on_date, NULL::DATE AS to_date
    FROM conference_discussion
    WHERE conference_date < held_date
    UNION ALL
    SELECT 'strategy_discussion_of_another_child', 'cp_conferences', _import_id, _row,
        'strategy_id', 'error',
        'strategy_about_child', strategy_id, discussion_child, NULL, NULL
    FROM conference_discussion
    WHERE discussion_child <> child_id
    UNION ALL
    SELECT 'strategy_discussion_after_its_conference', 'strategy_discussions', _import_id, _row,
        'held_at', 'error',
        'conference_held_on', conference_id, NULL, conference_date, NULL
    FROM discussion_conference
    WHERE conference_date < held_date
    UNION ALL
    SELECT 'review_needs_a_registration', 'cp_conferences', _import_id, _row, 'registration_id',
        'error', 'registration_not_in_store', registration_id, NULL, NULL, NULL
    FROM review_registration
    WHERE registration_id IS NOT NULL AND registration_child IS NULL
    UNION ALL
    SELECT 'review_of_another_child', 'cp_conferences', _import_id, _row, 'registration_id',
        'error', 'registration_of_child', registration_id, registration_child, NULL, NULL
    FROM review_registration
    WHERE registration_child <> child_id
    UNION ALL
    SELECT 'review_outside_its_registration', 'cp_conferences', _import_id, _row,
        'conference_date', 'error',
        'registration_runs', registration_id, NULL, start_date, end_date
    FROM review_registration
    WHERE registration_child = child_id
        AND (conference_date < start_date OR conference_date > end_date)
    UNION ALL
    SELECT 'registration_excludes_its_review', 'cp_registrations', _import_id, _row,
        'start_date', 'error',
        'review_held_on', conference_id, NULL, conference_date, NULL
    FROM registration_review
    WHERE conference_date < start_date OR conference_date > end_date
    UNION ALL
    SELECT 'registrations_overlap', 'cp_registrations', _import_id, _row, 'start_date', 'error',
        'registration_of_same_child_starts', other_id, NULL, other_start, NULL
    FROM overlapping
    UNION ALL
    SELECT 'event_outside_registration', extract, _import_id, _row, column_name, 'warning',
        CASE
            WHEN unknown_registration THEN 'registration_not_in_store'
            WHEN named_end IS NOT NULL AND event_date > named_end THEN 'registration_ended_on'
            WHEN named_start IS NOT NULL THEN 'registration_starts_on'
            ELSE 'no_registration_covers'
        END,
        registration_id,
        child_id,
        CASE
            WHEN unknown_registration THEN NULL
            WHEN named_end IS NOT NULL AND event_date > named_end THEN named_end
            ELSE named_start
        END,
        NULL
    FROM event_outside
)

SELECT * FROM problems
ORDER BY _import_id, _row, rule;
