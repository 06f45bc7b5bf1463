-- Social worker turnover and sickness absence over the 12 months to each period end.
-- Grain: one row per indicator, period and breakdown value.
-- Inputs: workers, sickness_absence (current views), periods, workdays, enum_labels,
-- social_work_role() (workforce_inputs.sql).
-- Who: permanent staff in social work posts (case-holding roles): the council's own employees;
-- an agency worker's leaving or sickness is the agency's record, not the council's.
-- The 12 months: from the day after the same date a year earlier (month-end clamped) to the
-- period end, both inclusive. Headcount or FTE "at" a day is as at the end of that day (a
-- leaving date is exclusive), so a worker leaving ON the period end is a leaver of this window
-- and not in its closing headcount; one leaving on the window's opening day was a leaver of the
-- window before.
-- Turnover = leavers in the 12 months / average headcount, the average of the headcount at the
-- start (end of the day before the window) and at the end (CIPD's crude turnover rate).
-- Breakdowns: team (the leaver's team; headcounts of that team) and leaving_reason (leavers by
-- reason over the whole average headcount, so reasons partition the total). A team with nobody
-- in post at either end (everyone in it joined and left inside the window) has no rate: its
-- leavers are in the total only, so the teams' leavers can add up to less than the total.
-- Sickness = working days lost in the 12 months / average FTE (same two days). Working days are
-- counted on the England-and-Wales calendar, first and last day inclusive: a spell Thursday to
-- the Tuesday after Easter loses 2. A spell with no last day runs to the period end. A spell with
-- Working Days Lost recorded counts that figure, times the share of its calendar working days
-- inside the window (all of it when the spell is inside). Only days in post count: from the
-- start date to the day before the leaving date. A team with nobody in post at either end has
-- no sickness rate either: its days are in the total only. No sickness extract: no series.
-- Indicators: wf_sw_turnover_pct, wf_sickness_days_fte.
WITH employed AS (
    SELECT worker_id, team, fte, start_date, leaving_date, leaving_reason
    FROM workers
    WHERE social_work_role(role) AND employment = 'permanent'
),

windows AS (
    -- Months, quarters and years: 12-month windows a week apart would share 51 of their 52
    -- weeks (the pages show these by month when weeks are chosen).
    SELECT period_type, period_start, period_end,
        CAST(period_end - INTERVAL 12 MONTH AS DATE) AS opening
    FROM periods
    WHERE period_type <> 'week'
),

in_post AS (
    -- Headcount and FTE at the opening and the closing day, per team.
    SELECT windows.period_type, windows.period_end, employed.team,
        count(*) FILTER (WHERE employed.start_date <= windows.opening
            AND (employed.leaving_date IS NULL OR employed.leaving_date > windows.opening))
            AS opening_count,
        count(*) FILTER (WHERE employed.start_date <= windows.period_end
            AND (employed.leaving_date IS NULL OR employed.leaving_date > windows.period_end))
            AS closing_count,
        sum(CAST(employed.fte AS DECIMAL(18, 6))) FILTER (
            WHERE employed.start_date <= windows.opening
            AND (employed.leaving_date IS NULL OR employed.leaving_date > windows.opening))
            AS opening_fte,
        sum(CAST(employed.fte AS DECIMAL(18, 6))) FILTER (
            WHERE employed.start_date <= windows.period_end
            AND (employed.leaving_date IS NULL OR employed.leaving_date > windows.period_end))
            AS closing_fte
    FROM windows
    INNER JOIN employed
        ON employed.start_date <= windows.period_end
        AND (employed.leaving_date IS NULL OR employed.leaving_date > windows.opening)
    GROUP BY ALL
),

leavers AS (
    SELECT windows.period_type, windows.period_end, employed.team,
        coalesce(reason.label, 'Not recorded') AS reason
    FROM windows
    INNER JOIN employed
        ON employed.leaving_date > windows.opening
        AND employed.leaving_date <= windows.period_end
    LEFT JOIN enum_labels AS reason
        ON reason.extract = 'workers' AND reason.column = 'leaving_reason'
        AND reason.code = employed.leaving_reason
),

spells_in AS (
    -- Each spell of a permanent social worker overlapping each window, clipped to it and to the
    -- worker's employment (start date to the day before the leaving date): a spell left open
    -- when someone leaves stops at their leaving, not at every later period end.
    SELECT windows.period_type, windows.period_end, employed.team,
        sickness_absence.working_days_lost AS recorded,
        sickness_absence.first_day, sickness_absence.last_day,
        greatest(sickness_absence.first_day, windows.opening + 1, employed.start_date)
            AS clip_first,
        least(coalesce(sickness_absence.last_day, windows.period_end), windows.period_end,
            employed.leaving_date - 1) AS clip_last
    FROM sickness_absence
    INNER JOIN employed ON employed.worker_id = sickness_absence.worker_id
    INNER JOIN windows
        ON sickness_absence.first_day <= windows.period_end
        AND coalesce(sickness_absence.last_day, windows.period_end) > windows.opening
),

spell_days AS (
    -- Working days inside the window, and in the whole spell (first and last day inclusive).
    SELECT spells_in.period_type, spells_in.period_end, spells_in.team, spells_in.recorded,
        greatest(clip_end.wd_ord - clip_start.wd_ord, 0) AS inside,
        whole_end.wd_ord - whole_start.wd_ord AS whole
    FROM spells_in
    INNER JOIN workdays AS clip_start ON clip_start.date = spells_in.clip_first
    INNER JOIN workdays AS clip_end ON clip_end.date = spells_in.clip_last + 1
    INNER JOIN workdays AS whole_start ON whole_start.date = spells_in.first_day
    LEFT JOIN workdays AS whole_end ON whole_end.date = spells_in.last_day + 1
),

days_lost AS (
    -- Each spell's days to a millionth of a day, summed as decimals: a sum of doubles depends
    -- on the order DuckDB's threads add them in (see caseloads.sql), and a withdrawal must
    -- restore the figures exactly.
    SELECT period_type, period_end, team,
        sum(CAST(CASE WHEN recorded IS NOT NULL AND whole > 0 THEN recorded * inside / whole
            ELSE inside END AS DECIMAL(18, 6))) AS days
    FROM spell_days
    GROUP BY ALL
),

leaver_counts AS (
    SELECT period_type, period_end, team, count(*) AS leavers
    FROM leavers
    GROUP BY ALL
),

team_figures AS (
    SELECT windows.period_type, windows.period_start, windows.period_end, in_post.team,
        (in_post.opening_count + in_post.closing_count) / 2 AS avg_headcount,
        coalesce(in_post.opening_fte, 0) + coalesce(in_post.closing_fte, 0) AS twice_avg_fte,
        coalesce(leaver_counts.leavers, 0) AS leavers,
        coalesce(days_lost.days, CAST(0 AS DECIMAL(18, 6))) AS days
    FROM in_post
    INNER JOIN windows USING (period_type, period_end)
    LEFT JOIN leaver_counts USING (period_type, period_end, team)
    LEFT JOIN days_lost USING (period_type, period_end, team)
),

totals AS (
    SELECT period_type, period_start, period_end, sum(avg_headcount) AS avg_headcount,
        sum(twice_avg_fte) AS twice_avg_fte, sum(leavers) AS leavers, sum(days) AS days
    FROM team_figures GROUP BY ALL
),

turnover AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        CAST(leavers AS DOUBLE) AS leavers, avg_headcount
    FROM totals
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, leavers, avg_headcount
    FROM team_figures
    UNION ALL
    SELECT totals.period_type, totals.period_start, totals.period_end, 'leaving_reason',
        leavers.reason, count(*), any_value(totals.avg_headcount)
    FROM totals
    INNER JOIN leavers USING (period_type, period_end)
    GROUP BY ALL
),

sickness AS (
    SELECT period_type, period_start, period_end, 'total' AS breakdown, 'All' AS breakdown_value,
        CAST(days AS DOUBLE) AS days, CAST(twice_avg_fte AS DOUBLE) / 2 AS avg_fte
    FROM totals
    UNION ALL
    SELECT period_type, period_start, period_end, 'team', team, CAST(days AS DOUBLE),
        CAST(twice_avg_fte AS DOUBLE) / 2
    FROM team_figures
)

SELECT 'wf_sw_turnover_pct' AS indicator_id, period_type, period_start, period_end, breakdown,
    breakdown_value, leavers AS numerator, avg_headcount AS denominator,
    100.0 * leavers / avg_headcount AS value
FROM turnover
WHERE avg_headcount > 0
UNION ALL
SELECT 'wf_sickness_days_fte', period_type, period_start, period_end, breakdown, breakdown_value,
    days, avg_fte, days / avg_fte
FROM sickness
WHERE avg_fte > 0 AND EXISTS (SELECT 1 FROM sickness_absence);
