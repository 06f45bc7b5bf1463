-- The earliest date of the records an import or withdrawal changed, for the incremental rebuild:
-- the records with a version in the batches $batches (the import ids added or withdrawn), and
-- the earliest of the dates {dates} over every version of them (current, superseded or
-- withdrawn: what the store read before and reads now). One row: the date, NULL when none.
-- {raw}, {key} and {dates} are identifiers from the extract registry only.
WITH changed AS (
    SELECT DISTINCT {key}
    FROM {raw}
    WHERE list_contains($batches, _import_id)
)

SELECT min(least({dates})) AS changed_from
FROM {raw}
SEMI JOIN changed USING ({key});
