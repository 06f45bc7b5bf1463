-- The looked-after coming-due list (table lac_coming_due, rebuilt with the series), for one team
-- or all. Grain: one row per child looked after at the data-as-at date. Parameters: team (NULL =
-- all).
SELECT *
FROM lac_coming_due
WHERE CAST($team AS VARCHAR) IS NULL OR team = $team
ORDER BY soonest_days_left, team, child_id;
