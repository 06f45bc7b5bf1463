-- The supervision list (table wf_supervision_due, rebuilt with the series), for one team or all.
-- Grain: one row per case-holding worker in post at the data-as-at date. Parameters: team (NULL =
-- all).
SELECT *
FROM wf_supervision_due
WHERE CAST($team AS VARCHAR) IS NULL OR team = $team
ORDER BY days_left, team, worker_id;
