-- The coming-due list (table cp_coming_due, rebuilt with the series), for one team or all.
-- Grain: one row per registration open at the data-as-at date. Parameters: team (NULL = all).
SELECT *
FROM cp_coming_due
WHERE CAST($team AS VARCHAR) IS NULL OR team = $team
ORDER BY soonest_wd_left, team, child_id;
