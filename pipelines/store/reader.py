"""Read-only access to the published store, safe with many viewers and concurrent imports.

Each connection is a fresh in-memory DuckDB database that ATTACHes the published file read-only.
Going through ATTACH (not ``duckdb.connect(path)``) matters: DuckDB's Python client caches database
instances by path, so a second ``connect(path)`` in the same process would hand back the *old* file
after an import had replaced it.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from pipelines.presentation.i18n import _


class StoreMissing(FileNotFoundError):
    """There is no store yet at this path."""


def read_connection(path: Path) -> duckdb.DuckDBPyConnection:
    """A new read-only connection to the store as published now."""
    if not path.exists():
        raise StoreMissing(
            _("no store at {path}; run `python -m pipelines demo` or import a file", path=path)
        )
    con = duckdb.connect()
    con.execute("ATTACH ? AS store (READ_ONLY)", [str(path)])
    con.execute("USE store")
    return con


class StoreReader:
    """One connection per thread, pinned to one published version of the store at a time.

    Call :meth:`refresh` at the start of a unit of work (a page run): it reopens the connection if
    an import or withdrawal has published a new file since. Every query until the next refresh then
    reads the same version, so one screen never mixes figures from before and after an import.
    """

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()

    def published_version(self) -> tuple[int, int]:
        """Identifies the file published now (inode and modification time)."""
        stat = os.stat(self.path)
        return (stat.st_ino, stat.st_mtime_ns)

    def refresh(self) -> tuple[int, int]:
        """Pin this thread to the store as published now; return the pinned version."""
        version = self.published_version()
        if getattr(self._local, "version", None) != version:
            old = getattr(self._local, "con", None)
            self._local.con = read_connection(self.path)
            self._local.version = version
            if old is not None:
                old.close()
        return self._local.version

    @property
    def version(self) -> tuple[int, int]:
        """The version this thread is pinned to (pinning now if it never was)."""
        if getattr(self._local, "version", None) is None:
            return self.refresh()
        return self._local.version

    def connection(self) -> duckdb.DuckDBPyConnection:
        if getattr(self._local, "con", None) is None:
            self.refresh()
        return self._local.con


def query_frame(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None
) -> pl.DataFrame:
    """Run a query with bound parameters and return a Polars frame."""
    return con.sql(sql, params=params or None).pl()


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> Iterator[str]:
    """A Polars frame readable by SQL under a name of its own for the block's duration.

    Not DuckDB's replacement scan of a Python variable: that finds the variable only when no
    table of the same name exists, so a second rebuild on one connection would read the first
    rebuild's temporary ``periods`` table instead of the new frame of that name."""
    name = f"_frame_{uuid.uuid4().hex}"
    con.register(name, frame)
    try:
        yield name
    finally:
        con.unregister(name)


def frame_table(
    con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, *, temporary: bool = False
) -> None:
    """(Re)create ``table`` (an identifier of ours, never input) holding ``frame``'s rows."""
    kind = "TEMP TABLE" if temporary else "TABLE"
    with registered(con, frame) as name:
        con.execute(f"CREATE OR REPLACE {kind} {table} AS SELECT * FROM {name}")


def first_row(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None
) -> tuple | None:
    """The first row of a query, fetching the whole result so the connection is free again
    (DuckDB 2 refuses new work while a result is only partly fetched)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None
