-- Input table for the child protection families and the coming-due list: each registration on
-- the child protection register with the team responsible and the child's earlier registration.
-- Grain: one row per registration (current view of cp_registrations).
-- Team: the registration's own; else the team holding the child's case in the allocations (the
-- allocation overlapping the registration, child protection cases first, then the latest);
-- else 'Team not recorded' (an SSD export of ssd_cp_plans names no team).
-- previous_end: the end of the child's latest earlier registration (for re-registrations).
-- category: the category of abuse in the analysts' words (enum_labels), as breakdowns show it.
CREATE OR REPLACE TEMP TABLE cp_register AS
WITH registrations_in AS (
    SELECT registration_id, child_id, team, start_date, end_date, category, end_reason
    FROM cp_registrations
),

case_teams AS (
    SELECT
        registrations_in.registration_id,
        first(
            allocations.team ORDER BY allocations.case_type = 'child_protection' DESC,
            allocations.allocated_from DESC, allocations.allocation_id DESC
        ) AS case_team
    FROM registrations_in
    INNER JOIN allocations
        ON allocations.child_id = registrations_in.child_id
        AND allocations.allocated_from <= coalesce(registrations_in.end_date, DATE '9999-12-31')
        AND (allocations.allocated_to IS NULL
            OR allocations.allocated_to >= registrations_in.start_date)
    WHERE registrations_in.team IS NULL
    GROUP BY registrations_in.registration_id
),

previous AS (
    SELECT
        registrations_in.registration_id,
        max(earlier.end_date) AS previous_end
    FROM registrations_in
    INNER JOIN registrations_in AS earlier
        ON earlier.child_id = registrations_in.child_id
        AND earlier.start_date < registrations_in.start_date
    GROUP BY registrations_in.registration_id
)

SELECT
    registrations_in.registration_id,
    registrations_in.child_id,
    coalesce(registrations_in.team, case_teams.case_team, 'Team not recorded') AS team,
    registrations_in.start_date,
    registrations_in.end_date,
    coalesce(category_label.label, registrations_in.category) AS category,
    registrations_in.end_reason,
    previous.registration_id IS NOT NULL AS registered_before,
    previous.previous_end
FROM registrations_in
LEFT JOIN case_teams USING (registration_id)
LEFT JOIN previous USING (registration_id)
LEFT JOIN enum_labels AS category_label
    ON category_label.extract = 'cp_registrations'
    AND category_label.column = 'category'
    AND category_label.code = registrations_in.category;
