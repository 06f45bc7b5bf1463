"""Read-only queries the pages show, each a function of a DuckDB connection.

Pages never hold SQL: they call these (through ui.data's cache). SQL text lives in
``pipelines/sql/read/`` with bound parameters.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from pipelines.extracts import EXTRACT_TYPES
from pipelines.store.reader import first_row, query_frame

SQL_DIR = Path(__file__).resolve().parent / "sql" / "read"


@cache
def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def import_history(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every import, newest first."""
    return query_frame(con, "SELECT * FROM imports ORDER BY import_id DESC")


def extract_counts(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Current records per extract type (latest non-withdrawn version of each record)."""
    rows = []
    for name, extract in EXTRACT_TYPES.items():
        count = first_row(con, f"SELECT count(*) FROM {name}")[0]  # name: allow-list
        rows.append({"extract_type": name, "title": extract.title, "records": count})
    return pl.DataFrame(rows)


def store_summary(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """Synthetic and real import counts, the last import time and what the data runs to."""
    frame = query_frame(con, _sql("store_summary"))
    return frame.row(0, named=True)
