-- What the chrome needs about the store. Grain: one row.
-- synthetic_imports / real_imports count active imports (the reference register aside);
-- data_as_at comes from the series build (the latest event date in any extract), read from
-- series_meta so that no page scans the extracts themselves.
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

built AS (
    SELECT max(data_as_at) AS data_as_at FROM series_meta
)

SELECT counts.*, built.data_as_at
FROM counts, built;
