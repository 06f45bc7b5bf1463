-- Input table for the workforce families: every worker in post at each period end, with whether
-- the role holds cases and the worker's experience band. Grain: one row per period and worker.
-- One notion of "social worker post" for every workforce measure: case_holding is the social
-- worker, senior practitioner and consultant social worker roles (caseloads, agency share,
-- vacancies, turnover, sickness and supervision all read it from here).
-- In post as at the end of the period's last day: started on or before it, and not left by its
-- end (a leaving date is exclusive: a worker leaving on the period end is no longer in post).
-- Experience: years since qualifying at the period end. First year: qualified less than 365 days
-- before (the same cut-off as wf_first_year_cp_plo_cases); then under 3 calendar years; then more.
-- A blank or later qualification date is 'Not recorded'.
CREATE OR REPLACE TEMP TABLE staff_in_post AS
SELECT
    periods.period_type,
    periods.period_start,
    periods.period_end,
    workers.worker_id,
    workers.team,
    workers.role,
    workers.fte,
    workers.employment,
    workers.qualified_date,
    workers.start_date,
    workers.role IN ('social_worker', 'senior_practitioner', 'consultant_social_worker')
        AS case_holding,
    CASE
        WHEN workers.qualified_date IS NULL OR workers.qualified_date > periods.period_end
            THEN 'Not recorded'
        WHEN workers.qualified_date > periods.period_end - INTERVAL 365 DAY THEN 'First year'
        WHEN workers.qualified_date > periods.period_end - INTERVAL 3 YEAR THEN '1 to 3 years'
        ELSE 'More than 3 years'
    END AS experience
FROM workers
INNER JOIN periods
    ON workers.start_date <= periods.period_end
    AND (workers.leaving_date IS NULL OR workers.leaving_date > periods.period_end);
