-- Reviews of looked-after children on time (CPPCR (Wales) 2015 Part 6, as commonly applied: the
-- first within 20 working days of becoming looked after, the second within 3 months of the first,
-- then at least every 6 months).
-- Grain: one row per period (by the review's due date) and breakdown value (team).
-- Inputs: lac_spells, lac_episodes_in (looked_after_inputs.sql); lac_reviews (current view);
-- period_days, workdays; $as_at (the data-as-at date).
-- Each review belongs to the period of care of its child (its own Child ID, else that of the
-- care episodes of its Care Period ID) that it falls in. A review is due 20 working days after
-- the period of care starts (the first; the clock-start day is day 0, a start on a non-working
-- day rolls forward), 3 calendar months after the first (the second), 6 after the one before
-- (later ones), month-end clamped. A period of care whose first review was due before the
-- reviews extract starts has an unknown history: its earliest review in the store is not judged
-- and the later ones are 6-monthly. A review not held by its due date while the child is still
-- looked after counts as due and late once the due date has passed.
-- Contract: numerator <= denominator; the team breakdown partitions the total.
-- Indicators: wb_lac_review_timely_pct.
WITH review_children AS (
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

first_due AS (
    -- The first review's due day, and whether the reviews extract covers it.
    SELECT
        lac_spells.spell_id,
        lac_spells.team,
        lac_spells.end_date,
        due_day.date AS first_due,
        due_day.date >= (SELECT min(review_date) FROM lac_reviews) AS covered
    FROM lac_spells
    INNER JOIN workdays AS start_day ON start_day.date = lac_spells.start_date
    INNER JOIN workdays AS due_day
        ON due_day.wd_ord = start_day.wd_ord + 20 AND due_day.is_working_day
),

spell_reviews AS (
    SELECT
        first_due.*,
        review_children.review_date,
        row_number() OVER (
            PARTITION BY first_due.spell_id
            ORDER BY review_children.review_date, review_children.lac_review_id
        ) AS review_no,
        lag(review_children.review_date) OVER (
            PARTITION BY first_due.spell_id
            ORDER BY review_children.review_date, review_children.lac_review_id
        ) AS previous_review
    FROM first_due
    INNER JOIN lac_spells USING (spell_id)
    INNER JOIN review_children
        ON review_children.child_id = lac_spells.child_id
        AND review_children.review_date >= lac_spells.start_date
        AND (lac_spells.end_date IS NULL OR review_children.review_date <= lac_spells.end_date)
),

reviews AS (
    SELECT
        team,
        review_date,
        CAST(CASE
            WHEN covered AND review_no = 1 THEN first_due
            WHEN covered AND review_no = 2 THEN previous_review + INTERVAL 3 MONTH
            WHEN review_no > 1 THEN previous_review + INTERVAL 6 MONTH
        END AS DATE) AS due_date
    FROM spell_reviews
),

next_reviews AS (
    -- The review due after the last one held (or the first).
    SELECT
        first_due.team,
        CAST(NULL AS DATE) AS review_date,
        CAST(CASE
            WHEN first_due.covered AND count(spell_reviews.review_date) = 0
                THEN first_due.first_due
            WHEN first_due.covered AND count(spell_reviews.review_date) = 1
                THEN max(spell_reviews.review_date) + INTERVAL 3 MONTH
            WHEN count(spell_reviews.review_date) > 0
                THEN max(spell_reviews.review_date) + INTERVAL 6 MONTH
        END AS DATE) AS due_date,
        first_due.end_date
    FROM first_due
    LEFT JOIN spell_reviews USING (spell_id)
    GROUP BY first_due.spell_id, first_due.team, first_due.end_date, first_due.covered,
        first_due.first_due
),

reviews_due AS (
    SELECT team, review_date, due_date FROM reviews WHERE due_date IS NOT NULL
    UNION ALL
    SELECT team, review_date, due_date
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
)

SELECT 'wb_lac_review_timely_pct' AS indicator_id, period_type, period_start, period_end,
    breakdown, breakdown_value, CAST(on_time AS DOUBLE) AS numerator,
    CAST(due AS DOUBLE) AS denominator, 100.0 * on_time / due AS value
FROM reviews_by;
