-- The coming-due list a team manager works from: for each child on the child protection register
-- at the data-as-at date, when the next statutory visit, core group and review conference are due
-- and how many working days remain (negative: overdue by that many).
-- Grain: one row per registration open at $as_at. Case-system ids only, never names.
-- Inputs: cp_register (child_protection_inputs.sql), cp_visits, cp_core_groups, cp_conferences,
-- workdays; $as_at.
-- Due dates: a visit 10 working days after the last visit at which the child was seen (or the
-- registration); the first core group 10 working days after registration, later ones 6 weeks
-- after the last; the first review 3 months after registration, later ones 6 months after the
-- last (calendar months, month-end clamped). Working days left: wd_ord(due) - wd_ord(as at).
CREATE OR REPLACE TABLE cp_coming_due AS
WITH as_at AS (
    SELECT CAST($as_at AS DATE) AS day, wd_ord AS day_ord
    FROM workdays
    WHERE date = CAST($as_at AS DATE)
),

open_registrations AS (
    SELECT cp_register.*
    FROM cp_register, as_at
    WHERE cp_register.start_date <= as_at.day
        AND (cp_register.end_date IS NULL OR cp_register.end_date > as_at.day)
),

latest AS (
    SELECT
        open_registrations.registration_id,
        (SELECT max(visit_date) FROM cp_visits
            WHERE cp_visits.child_id = open_registrations.child_id AND cp_visits.child_seen
                AND cp_visits.visit_date >= open_registrations.start_date
                AND cp_visits.visit_date <= (SELECT day FROM as_at)) AS last_seen,
        (SELECT max(meeting_date) FROM cp_core_groups
            WHERE cp_core_groups.child_id = open_registrations.child_id
                AND cp_core_groups.meeting_date >= open_registrations.start_date
                AND cp_core_groups.meeting_date <= (SELECT day FROM as_at)) AS last_core_group,
        (SELECT max(conference_date) FROM cp_conferences
            WHERE cp_conferences.registration_id = open_registrations.registration_id
                AND cp_conferences.conference_type = 'review'
                AND cp_conferences.conference_date <= (SELECT day FROM as_at)) AS last_review
    FROM open_registrations
),

due AS (
    SELECT
        open_registrations.*,
        latest.last_seen,
        visit_day.date AS visit_due,
        CAST(CASE
            WHEN latest.last_core_group IS NULL THEN core_day.date
            ELSE latest.last_core_group + INTERVAL 6 WEEK
        END AS DATE) AS core_group_due,
        CAST(coalesce(
            latest.last_review + INTERVAL 6 MONTH,
            open_registrations.start_date + INTERVAL 3 MONTH
        ) AS DATE) AS review_due
    FROM open_registrations
    INNER JOIN latest USING (registration_id)
    LEFT JOIN workdays AS reference_day
        ON reference_day.date = greatest(open_registrations.start_date, latest.last_seen)
    LEFT JOIN workdays AS visit_day
        ON visit_day.wd_ord = reference_day.wd_ord + 10 AND visit_day.is_working_day
    LEFT JOIN workdays AS start_day ON start_day.date = open_registrations.start_date
    LEFT JOIN workdays AS core_day
        ON core_day.wd_ord = start_day.wd_ord + 10 AND core_day.is_working_day
),

left_days AS (
    SELECT
        due.*,
        visit_ord.wd_ord - as_at.day_ord AS visit_wd_left,
        core_ord.wd_ord - as_at.day_ord AS core_group_wd_left,
        review_ord.wd_ord - as_at.day_ord AS review_wd_left,
        as_at.day AS as_at
    FROM due
    CROSS JOIN as_at
    LEFT JOIN workdays AS visit_ord ON visit_ord.date = due.visit_due
    LEFT JOIN workdays AS core_ord ON core_ord.date = due.core_group_due
    LEFT JOIN workdays AS review_ord ON review_ord.date = due.review_due
)

SELECT
    registration_id,
    child_id,
    team,
    category,
    start_date,
    last_seen,
    visit_due,
    visit_wd_left,
    core_group_due,
    core_group_wd_left,
    review_due,
    review_wd_left,
    least(visit_wd_left, core_group_wd_left, review_wd_left) AS soonest_wd_left,
    as_at
FROM left_days
ORDER BY soonest_wd_left, team, child_id;
