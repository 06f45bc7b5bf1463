-- The current state of one extract. Grain: one row per record key ({key}).
-- Each record is its latest version (the highest import id; ids are unique within a file) among
-- imports that have not been withdrawn; withdrawing an import therefore restores exactly the
-- previous versions. {view}, {raw} and {key} are identifiers from the extract registry only.
CREATE OR REPLACE VIEW {view} AS
WITH versions AS (
    SELECT * FROM {raw}
),

live AS (
    SELECT versions.*
    FROM versions
    ANTI JOIN import_withdrawals AS withdrawn ON versions._import_id = withdrawn.import_id
),

ranked AS (
    SELECT
        live.*,
        row_number() OVER (PARTITION BY {key} ORDER BY _import_id DESC, _row DESC) AS _version_rank
    FROM live
)

SELECT * EXCLUDE (_version_rank, _row)
FROM ranked
WHERE _version_rank = 1;
