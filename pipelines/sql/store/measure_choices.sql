-- The indicator an analyst chose for each measure of a published table (StatsWales, EES),
-- kept with the import that used it, so next year's file of the same layout maps itself.
-- Grain: one row per import and measure. Insert-only: a choice is withdrawn with its import.
CREATE TABLE IF NOT EXISTS import_measure_choices (
    import_id INTEGER NOT NULL,
    layout VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    measure_key VARCHAR NOT NULL,
    indicator_id VARCHAR NOT NULL,
    year_end VARCHAR
);

-- The choice in force for each layout and measure: the latest among imports not withdrawn.
CREATE OR REPLACE VIEW measure_choices AS
WITH choices AS (
    SELECT * FROM import_measure_choices
),

live AS (
    SELECT choices.*
    FROM choices
    ANTI JOIN import_withdrawals AS withdrawn ON choices.import_id = withdrawn.import_id
),

ranked AS (
    SELECT
        live.*,
        row_number() OVER (PARTITION BY layout, measure_key ORDER BY import_id DESC) AS _rank
    FROM live
)

SELECT layout, measure, measure_key, indicator_id, year_end, import_id
FROM ranked
WHERE _rank = 1;
