-- Every change to every action, in the order they apply: each version the spreadsheet imports brought (with
-- the import's file, who and when, and whether it was withdrawn) and each edit on the page.
-- The page shows ``what`` in its own language from ``source`` and ``file_name``.
-- Grain: one row per action version or edit. Inputs: raw_action_plan (every imported version),
-- imports (lineage), action_updates (edits). No parameters. Order: an edit comes after the
-- imports up to the newest one when it was made (after_import) and before any later import.
WITH imported AS (
    SELECT
        raw.action_id,
        imports.imported_at AS changed_at,
        imports.imported_by AS changed_by,
        'import' AS source,
        'imported from ' || imports.file_name AS what,
        imports.file_name,
        raw.status,
        raw.owner,
        raw.due_date,
        raw.evidence,
        CAST(NULL AS VARCHAR) AS note,
        imports.status = 'withdrawn' AS withdrawn,
        raw._import_id AS import_id,
        CAST(NULL AS INTEGER) AS update_id,
        raw._import_id AS sequence,
        0 AS step
    FROM raw_action_plan AS raw
    INNER JOIN imports ON raw._import_id = imports.import_id
),

edited AS (
    SELECT
        action_id,
        updated_at AS changed_at,
        updated_by AS changed_by,
        'edit' AS source,
        'edited on the Improvement plan page' AS what,
        CAST(NULL AS VARCHAR) AS file_name,
        status,
        owner,
        due_date,
        evidence,
        note,
        FALSE AS withdrawn,
        CAST(NULL AS INTEGER) AS import_id,
        update_id,
        after_import AS sequence,
        1 AS step
    FROM action_updates
),

changes AS (
    SELECT * FROM imported
    UNION ALL
    SELECT * FROM edited
)

SELECT * FROM changes
ORDER BY action_id, sequence, step, coalesce(update_id, 0);
