-- The improvement board's own records: edits of improvement plan actions, commentary on the
-- figures, and saved board decks. Grain: one row per edit (action_updates), per comment
-- (commentary), per saved version of a deck (board_decks).
-- Invariants: rows are only ever inserted, never updated or deleted: an edit or a comment is
-- superseded by a later one, so the history of who said what and when is kept. They belong to
-- the store, not to any import, so withdrawing an import never removes them.
CREATE TABLE IF NOT EXISTS action_updates (
    update_id INTEGER PRIMARY KEY,
    action_id VARCHAR NOT NULL,
    status VARCHAR,
    owner VARCHAR,
    due_date DATE,
    evidence VARCHAR,
    note VARCHAR,
    -- The newest import when the edit was made: the edit applies on top of the versions imported
    -- up to it and is superseded by any later import (an order that does not depend on clocks).
    after_import INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS commentary (
    comment_id INTEGER PRIMARY KEY,
    indicator_id VARCHAR NOT NULL,
    period_end DATE NOT NULL,
    body VARCHAR NOT NULL,
    written_at TIMESTAMP NOT NULL,
    written_by VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS board_decks (
    deck_version INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    indicator_ids VARCHAR[] NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    saved_by VARCHAR NOT NULL
);
