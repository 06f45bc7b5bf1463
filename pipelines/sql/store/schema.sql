-- Lineage tables. Grain: one row per import (import_batches), one per withdrawal
-- (import_withdrawals), one per warning accepted with an import (import_warnings), one per column
-- left out of an import (import_left_out_columns).
-- Invariants: rows are only ever inserted, never updated or deleted; an import's status is derived.
CREATE TABLE IF NOT EXISTS store_meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS import_batches (
    import_id INTEGER PRIMARY KEY,
    extract_type VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    row_count BIGINT NOT NULL,
    warning_count BIGINT NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    imported_by VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS import_withdrawals (
    import_id INTEGER PRIMARY KEY,
    withdrawn_at TIMESTAMP NOT NULL,
    withdrawn_by VARCHAR NOT NULL,
    reason VARCHAR
);

CREATE TABLE IF NOT EXISTS import_warnings (
    import_id INTEGER NOT NULL,
    "row" BIGINT,
    "column" VARCHAR,
    "value" VARCHAR,
    rule VARCHAR NOT NULL,
    reason VARCHAR NOT NULL
);

-- Columns an analyst chose to leave out of an import (headers as written). Grain: one row per
-- import and left-out column.
CREATE TABLE IF NOT EXISTS import_left_out_columns (
    import_id INTEGER NOT NULL,
    header VARCHAR NOT NULL
);

CREATE OR REPLACE VIEW imports AS
WITH batches AS (
    SELECT * FROM import_batches
),

withdrawals AS (
    SELECT * FROM import_withdrawals
),

with_status AS (
    SELECT
        batches.*,
        CASE WHEN withdrawals.import_id IS NULL THEN 'active' ELSE 'withdrawn' END AS status,
        withdrawals.withdrawn_at,
        withdrawals.withdrawn_by,
        withdrawals.reason AS withdrawal_reason
    FROM batches
    LEFT JOIN withdrawals USING (import_id)
)

SELECT * FROM with_status
ORDER BY import_id;
