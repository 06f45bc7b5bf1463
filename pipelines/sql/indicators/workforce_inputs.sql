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
-- Inputs: workers (current view), periods. The supervision policy (table supervision_policy:
-- band, interval_days) is written beside it from config.toml by the build.
CREATE OR REPLACE TEMP MACRO social_work_role(role) AS
    role IN ('social_worker', 'senior_practitioner', 'consultant_social_worker');

CREATE OR REPLACE TEMP MACRO experience_band(qualified, day) AS
    CASE
        WHEN qualified IS NULL OR qualified > day THEN 'Not recorded'
        WHEN qualified > day - INTERVAL 365 DAY THEN 'First year'
        WHEN qualified > day - INTERVAL 3 YEAR THEN '1 to 3 years'
        ELSE 'More than 3 years'
    END;

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
    social_work_role(workers.role) AS case_holding,
    experience_band(workers.qualified_date, periods.period_end) AS experience
FROM workers
INNER JOIN periods
    ON workers.start_date <= periods.period_end
    AND (workers.leaving_date IS NULL OR workers.leaving_date > periods.period_end);
