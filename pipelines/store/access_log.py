"""The access log: who opened which list of individual children or workers, and when.

Lists that name individual children or workers (by case-system id, never by name) — "coming due"
visits, overdue reviews, supervision overdue by worker — are shown only to managers and above
(:data:`pipelines.access.RECORD_LEVEL_ROLE`), and every view is appended here: who, when, with
which role, which list, with which filters, how many rows, from which published store.

Why a file of its own beside the store (``<store>.access-log.duckdb``) rather than a table in it:
a write to the store republishes the whole file, which would (a) make a manager's page wait for
any import holding the store's lock, and (b) give every viewer's cached figures a new store
version, so each list view would recompute every page for everyone. The log file is written the
same way as the store (lock, private copy, atomic rename), is append-only, and is never touched by
imports or withdrawals, so a withdrawn import can never remove a line of it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path

import duckdb
import polars as pl

from pipelines.store.ddl import sql_file
from pipelines.store.reader import query_frame, read_connection
from pipelines.store.writer import write_transaction

LOG_COLUMNS = (
    "viewed_at",
    "viewed_by",
    "role",
    "list_name",
    "parameters",
    "row_count",
    "store_version",
)
MAX_TEXT = 500  # who / which list / filters are bounded: they come from sign-in claims and URLs


def access_log_path(store: Path) -> Path:
    """The access log beside a store: ``dashboard.duckdb`` -> ``dashboard.access-log.duckdb``."""
    return store.with_name(f"{store.stem}.access-log{store.suffix or '.duckdb'}")


def _ensure_log_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(sql_file("access_log.sql"))


def _bounded(text: object) -> str:
    return str(text)[:MAX_TEXT]


def record_access(
    store: Path,
    *,
    user: str,
    role: str,
    list_name: str,
    parameters: Mapping[str, object],
    row_count: int,
    store_version: object = "",
    now: dt.datetime | None = None,
) -> None:
    """Append one view of a record-level list to the store's access log (all-or-nothing)."""
    filters = json.dumps({str(k): str(v) for k, v in parameters.items()}, sort_keys=True)
    with write_transaction(access_log_path(store), rebuild=None, schema=_ensure_log_schema) as con:
        con.execute(
            "INSERT INTO access_log VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                now or dt.datetime.now(),
                _bounded(user),
                _bounded(role),
                _bounded(list_name),
                _bounded(filters),
                int(row_count),
                _bounded(store_version),
            ],
        )


def read_access_log(store: Path, limit: int = 1000) -> pl.DataFrame:
    """The latest views, newest first (an empty frame before anyone has opened a list)."""
    path = access_log_path(store)
    if not path.exists():
        return pl.DataFrame(schema=dict.fromkeys(LOG_COLUMNS, pl.String))
    con = read_connection(path)
    try:
        return query_frame(
            con,
            "SELECT * FROM access_log ORDER BY viewed_at DESC, list_name LIMIT ?",
            [limit],
        )
    finally:
        con.close()
