-- What the chrome needs about the store. Grain: one row.
-- synthetic_imports / real_imports count active imports; data_as_at is the latest date-time in the
-- active extracts' own records (not the import time), so "data as at" means what the data covers.
WITH active AS (
    SELECT * FROM imports WHERE status = 'active'
),

counts AS (
    SELECT
        count(*) FILTER (WHERE synthetic) AS synthetic_imports,
        count(*) FILTER (WHERE NOT synthetic AND extract_type <> 'inspection_concerns')
            AS real_imports,
        max(imported_at) AS last_import_at
    FROM active
),

latest_record AS (
    SELECT max(received_at) AS data_as_at FROM contacts
)

SELECT counts.*, latest_record.data_as_at
FROM counts, latest_record;
