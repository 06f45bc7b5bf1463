-- Case file audits completed in each period, graded against the council's practice standard.
-- Grain: one row per indicator, period and breakdown value.
-- Inputs: case_audits (current view), period_days, enum_labels.
-- Good or better: graded Outstanding or Good. The grade mix is wb_casp_audits by grade (a count
-- of audits, so the grades partition the total). Practice areas and grades are shown in the
-- analysts' words (enum_labels).
-- Months, quarters and years only: a week holds a handful of audits, too few for a percentage
-- (the pages show such an indicator by its own frequency when weeks are chosen).
-- Indicators: wb_casp_audit_good_pct, wb_casp_audits.
WITH audits AS (
    SELECT period_days.period_type, period_days.period_start, period_days.period_end,
        case_audits.team,
        coalesce(area.label, case_audits.practice_area) AS practice_area,
        coalesce(grade.label, case_audits.grade) AS grade,
        case_audits.grade IN ('outstanding', 'good') AS good
    FROM case_audits
    INNER JOIN period_days ON period_days.day = case_audits.audit_date
        AND period_days.period_type <> 'week'
    LEFT JOIN enum_labels AS area
        ON area.extract = 'case_audits' AND area.column = 'practice_area'
        AND area.code = case_audits.practice_area
    LEFT JOIN enum_labels AS grade
        ON grade.extract = 'case_audits' AND grade.column = 'grade'
        AND grade.code = case_audits.grade
),

by_breakdown AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) FILTER (WHERE good) AS good, count(*) AS audited
    FROM audits GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team,
        count(*) FILTER (WHERE good), count(*)
    FROM audits GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'practice_area', practice_area,
        count(*) FILTER (WHERE good), count(*)
    FROM audits GROUP BY ALL
),

by_grade AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        count(*) AS audited
    FROM audits GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'grade', grade, count(*)
    FROM audits GROUP BY ALL
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, count(*)
    FROM audits GROUP BY ALL
)

SELECT 'wb_casp_audit_good_pct' AS indicator_id, period_type, period_start, period_end,
    breakdown, breakdown_value, good AS numerator, audited AS denominator,
    100.0 * good / audited AS value
FROM by_breakdown
UNION ALL
SELECT 'wb_casp_audits', period_type, period_start, period_end, breakdown, breakdown_value,
    audited, NULL, audited
FROM by_grade;
