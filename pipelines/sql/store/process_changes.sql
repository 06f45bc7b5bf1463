-- Process changes: dates the service changed, from which SPC limits are recalculated (rebased) on
-- the charts of the indicators they affect. Grain: one row per change (process_changes), one per
-- withdrawal of a change (process_change_withdrawals).
-- Invariants: rows are only ever inserted, never updated or deleted (a change is withdrawn, not
-- removed, so the history of who changed the limits and why is kept); they belong to the store,
-- not to any import, so withdrawing an import never touches them. indicator_ids NULL = every
-- indicator.
CREATE TABLE IF NOT EXISTS process_changes (
    change_id INTEGER PRIMARY KEY,
    change_date DATE NOT NULL,
    label VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    indicator_ids VARCHAR[],
    added_at TIMESTAMP NOT NULL,
    added_by VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS process_change_withdrawals (
    change_id INTEGER PRIMARY KEY,
    withdrawn_at TIMESTAMP NOT NULL,
    withdrawn_by VARCHAR NOT NULL,
    reason VARCHAR
);

CREATE OR REPLACE VIEW process_change_history AS
WITH changes AS (
    SELECT * FROM process_changes
),

withdrawals AS (
    SELECT * FROM process_change_withdrawals
),

with_status AS (
    SELECT
        changes.*,
        CASE WHEN withdrawals.change_id IS NULL THEN 'active' ELSE 'withdrawn' END AS status,
        withdrawals.withdrawn_at,
        withdrawals.withdrawn_by,
        withdrawals.reason AS withdrawal_reason
    FROM changes
    LEFT JOIN withdrawals USING (change_id)
)

SELECT * FROM with_status
ORDER BY change_date, change_id;
