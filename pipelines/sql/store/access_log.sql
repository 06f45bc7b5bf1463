-- The access log. Grain: one row per time someone opened a list that names individual children
-- or workers (by case-system id). Invariant: rows are only ever inserted, never updated or deleted.
CREATE TABLE IF NOT EXISTS access_log (
    viewed_at TIMESTAMP NOT NULL,
    viewed_by VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    list_name VARCHAR NOT NULL,
    parameters VARCHAR NOT NULL,  -- the list's filters as JSON, e.g. {"team": "..."}
    row_count BIGINT NOT NULL,
    store_version VARCHAR NOT NULL  -- which published store the list was read from
);
