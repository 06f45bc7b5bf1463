"""Read-only access to the published store, safe with many viewers and concurrent imports.

Each connection is a fresh in-memory DuckDB database that ATTACHes the published file read-only.
Going through ATTACH (not ``duckdb.connect(path)``) matters: DuckDB's Python client caches database
instances by path, so a second ``connect(path)`` in the same process would hand back the *old* file
after an import had replaced it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb
import polars as pl


class StoreMissing(FileNotFoundError):
    """There is no store yet at this path."""


def read_connection(path: Path) -> duckdb.DuckDBPyConnection:
    """A new read-only connection to the store as published now."""
    if not path.exists():
        raise StoreMissing(f"no store at {path}; run `python -m pipelines demo` or import a file")
    con = duckdb.connect()
    con.execute("ATTACH ? AS store (READ_ONLY)", [str(path)])
    con.execute("USE store")
    return con


class StoreReader:
    """One connection per thread, reopened when an import or withdrawal publishes a new file.

    ``version`` identifies the published file (inode and modification time): pages use it as a cache
    key, so a cached result is never served across a change of the store.
    """

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()

    @property
    def version(self) -> tuple[int, int]:
        stat = os.stat(self.path)
        return (stat.st_ino, stat.st_mtime_ns)

    def connection(self) -> duckdb.DuckDBPyConnection:
        version = self.version
        if getattr(self._local, "version", None) != version:
            old = getattr(self._local, "con", None)
            if old is not None:
                old.close()
            self._local.con = read_connection(self.path)
            self._local.version = version
        return self._local.con


def query_frame(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None
) -> pl.DataFrame:
    """Run a query with bound parameters and return a Polars frame."""
    return con.sql(sql, params=params or None).pl()
