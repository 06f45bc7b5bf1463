"""Writing to the store: imports and withdrawals, each all-or-nothing and published atomically."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import getpass
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.extracts import EXTRACT_TYPES
from pipelines.ingest import Prepared
from pipelines.ingest.reader import ROW
from pipelines.store.ddl import ensure_schema, raw_table
from pipelines.store.reader import first_row, query_frame, read_connection


def rebuild_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild everything derived from the extracts (the indicator series) inside a write."""
    from pipelines.indicators.build import rebuild_series  # the indicators read the store

    rebuild_series(con)


class StoreError(Exception):
    """A request the store refuses (unknown or already withdrawn import, …)."""


class _NothingToPublish(Exception):
    pass


@dataclass(frozen=True)
class ImportOutcome:
    import_id: int
    extract_type: str
    file_name: str
    rows: int
    warnings: int
    already_imported: bool  # True when the same file was already in the store: nothing changed


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def write_transaction(
    path: Path,
    *,
    rebuild: Callable[[duckdb.DuckDBPyConnection], None] | None = rebuild_derived,
    schema: Callable[[duckdb.DuckDBPyConnection], None] = ensure_schema,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a private copy of the store, published if the block succeeds.

    Writers are serialised by an exclusive lock on ``<store>.lock``. The copy is renamed over the
    published file only after the transaction committed and was checkpointed, so a failure or a
    kill at any point leaves the published store exactly as it was. ``schema`` creates the
    file's tables (the store's by default; the access log has its own, see
    :mod:`pipelines.store.access_log`).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock_path(path).open("a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for stale in path.parent.glob(path.name + ".next-*"):
            stale.unlink(missing_ok=True)
        draft = path.with_name(f"{path.name}.next-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        try:
            if path.exists():
                shutil.copyfile(path, draft)
            con = duckdb.connect(str(draft))
            try:
                schema(con)
                con.begin()
                try:
                    yield con
                    if rebuild is not None:
                        rebuild(con)
                    con.commit()
                except BaseException:
                    con.rollback()
                    raise
                con.execute("CHECKPOINT")
            finally:
                con.close()
            _fsync(draft)
            os.replace(draft, path)
            _fsync(path.parent)
        except _NothingToPublish:
            pass
        finally:
            draft.unlink(missing_ok=True)
            for leftover in path.parent.glob(draft.name + ".*"):
                leftover.unlink(missing_ok=True)


def _existing_import(con: duckdb.DuckDBPyConnection, sha256: str) -> tuple | None:
    return first_row(
        con,
        "SELECT import_id, extract_type, row_count, warning_count FROM imports "
        "WHERE sha256 = ? AND status = 'active' ORDER BY import_id LIMIT 1",
        [sha256],
    )


def _published_duplicate(path: Path, sha256: str) -> tuple | None:
    if not path.exists():
        return None
    con = read_connection(path)
    try:
        has_table = first_row(
            con, "SELECT count(*) FROM duckdb_views() WHERE view_name = 'imports'"
        )
        return _existing_import(con, sha256) if has_table and has_table[0] else None
    finally:
        con.close()


def insert_batch(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    imported_by: str,
    synthetic: bool,
    now: dt.datetime,
) -> ImportOutcome:
    raw = prepared.raw
    import_id = first_row(con, "SELECT coalesce(max(import_id), 0) + 1 FROM import_batches")[0]
    con.execute(
        "INSERT INTO import_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            import_id,
            prepared.extract.name,
            raw.file_name,
            raw.sha256,
            prepared.rows,
            prepared.warnings.height,
            now,
            imported_by,
            synthetic,
        ],
    )
    rows = prepared.frame.rename({ROW: "_row"})  # noqa: F841 (read by the SQL below)
    columns = ", ".join(f'"{c}"' for c in prepared.extract.columns)
    con.execute(
        f"INSERT INTO {raw_table(prepared.extract)} ({columns}, _import_id, _row) "
        f"SELECT {columns}, ?, _row FROM rows",
        [import_id],
    )
    warnings = prepared.warnings.select(  # noqa: F841 (read by the SQL below)
        "row", "column", "value", "rule", "reason"
    )
    con.execute(
        'INSERT INTO import_warnings SELECT ?, "row", "column", "value", rule, reason FROM warnings',
        [import_id],
    )
    return ImportOutcome(
        import_id,
        prepared.extract.name,
        raw.file_name,
        prepared.rows,
        prepared.warnings.height,
        False,
    )


def _already(found: tuple, prepared: Prepared) -> ImportOutcome:
    return ImportOutcome(found[0], found[1], prepared.raw.file_name, found[2], found[3], True)


def import_many(
    path: Path,
    files: list[Prepared],
    *,
    imported_by: str | None = None,
    synthetic: bool = False,
    now: dt.datetime | None = None,
) -> list[ImportOutcome]:
    """Store several validated files in one transaction (one batch each, one rebuild).

    Each file already in the store (same SHA-256, not withdrawn) is a no-op. All or nothing: if
    anything fails, none of the files is stored.
    """
    by = imported_by or getpass.getuser()
    outcomes: list[ImportOutcome] = []
    with write_transaction(path) as con:
        for prepared in files:
            found = _existing_import(con, prepared.raw.sha256)
            if found is not None:
                outcomes.append(_already(found, prepared))
            else:
                outcomes.append(
                    insert_batch(con, prepared, by, synthetic, now or dt.datetime.now())
                )
        if all(o.already_imported for o in outcomes):
            raise _NothingToPublish
    return outcomes


def import_prepared(
    path: Path,
    prepared: Prepared,
    *,
    imported_by: str | None = None,
    synthetic: bool = False,
    now: dt.datetime | None = None,
) -> ImportOutcome:
    """Store a validated file as a new import batch; the same file twice is a no-op."""
    found = _published_duplicate(path, prepared.raw.sha256)
    if found is not None:
        return _already(found, prepared)
    outcome = import_many(path, [prepared], imported_by=imported_by, synthetic=synthetic, now=now)
    return outcome[0]


def withdraw_import(
    path: Path, import_id: int, *, withdrawn_by: str | None = None, reason: str | None = None
) -> None:
    """Withdraw an import: the store then reads exactly as if it had never been made."""
    if not path.exists():
        raise StoreError(f"there is no store at {path}")
    with write_transaction(path) as con:
        row = first_row(con, "SELECT status FROM imports WHERE import_id = ?", [import_id])
        if row is None:
            raise StoreError(f"there is no import {import_id}; see `python -m pipelines imports`")
        if row[0] == "withdrawn":
            raise StoreError(f"import {import_id} is already withdrawn")
        con.execute(
            "INSERT INTO import_withdrawals VALUES (?, ?, ?, ?)",
            [import_id, dt.datetime.now(), withdrawn_by or getpass.getuser(), reason],
        )


def list_imports(path: Path) -> pl.DataFrame:
    """Every import, oldest first, with its derived status."""
    if not path.exists():
        return pl.DataFrame()
    con = read_connection(path)
    try:
        return query_frame(con, "SELECT * FROM imports ORDER BY import_id")
    finally:
        con.close()


def current_counts(path: Path) -> dict[str, int]:
    """Current record count per extract type (latest non-withdrawn version of each record)."""
    con = read_connection(path)
    try:
        return {name: first_row(con, f"SELECT count(*) FROM {name}")[0] for name in EXTRACT_TYPES}
    finally:
        con.close()
