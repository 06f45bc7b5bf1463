-- Children missing now or back with no return interview offered (table missing_now, rebuilt with
-- the series), for one team or all. Parameters: team (NULL = all).
SELECT *
FROM missing_now
WHERE CAST($team AS VARCHAR) IS NULL OR team = $team
ORDER BY status DESC, hours_since DESC, child_id;
