-- Rules between the workforce extracts and the workers extract, checked inside an import before
-- it is published. Grain: one row per problem on a record of the new imports ($new: their import
-- ids), as in child_protection_links.sql.
-- A sickness spell, supervision session or training completion naming a worker the workers
-- extract does not hold is a warning (the row is imported; the measures leave it out, since they
-- need the worker's team, role and dates). Checked only once the store holds workers, so the
-- files of one upload may come in any order and a first HR file is not flagged row by row.
WITH new_ids AS (
    SELECT unnest(CAST($new AS INTEGER[])) AS import_id
),

has_workers AS (
    SELECT count(*) > 0 AS held FROM workers
),

named AS (
    SELECT 'sickness_absence' AS extract, _import_id, _row, worker_id
    FROM raw_sickness_absence WHERE _import_id IN (SELECT import_id FROM new_ids)
    UNION ALL
    SELECT 'supervision_sessions', _import_id, _row, worker_id
    FROM raw_supervision_sessions WHERE _import_id IN (SELECT import_id FROM new_ids)
    UNION ALL
    SELECT 'training_completions', _import_id, _row, worker_id
    FROM raw_training_completions WHERE _import_id IN (SELECT import_id FROM new_ids)
)

SELECT 'worker_not_in_workers' AS rule, named.extract, named._import_id, named._row,
    'worker_id' AS column_name, 'warning' AS severity,
    -- the words of the detail are in pipelines/store/links.py (DETAILS), with these fields
    'worker_not_in_store' AS detail, named.worker_id::VARCHAR AS record, NULL::VARCHAR AS other,
    NULL::DATE AS on_date, NULL::DATE AS to_date
FROM named
WHERE (SELECT held FROM has_workers)
    AND NOT EXISTS (SELECT 1 FROM workers WHERE workers.worker_id = named.worker_id)
ORDER BY named._import_id, named._row;
