"""Creating the store's tables and views from the SQL files and the extract registry."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from pipelines.extracts import EXTRACT_TYPES, ExtractType

SQL_DIR = Path(__file__).resolve().parent.parent / "sql" / "store"
SCHEMA_VERSION = "1"

_DUCKDB_TYPES = {
    pl.String: "VARCHAR",
    pl.Date: "DATE",
    pl.Datetime: "TIMESTAMP",
    pl.Float64: "DOUBLE",
    pl.Boolean: "BOOLEAN",
}


def sql_file(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def raw_table(extract: ExtractType) -> str:
    return f"raw_{extract.name}"


def _column_type(dtype: object) -> str:
    polars_type = dtype.type  # type: ignore[attr-defined]
    for base, name in _DUCKDB_TYPES.items():
        if polars_type == base or isinstance(polars_type, base):
            return name
    raise TypeError(f"no store type for {polars_type}")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table and view that does not exist yet (idempotent)."""
    con.execute(sql_file("schema.sql"))
    con.execute(sql_file("process_changes.sql"))
    con.execute(sql_file("improvement.sql"))
    con.execute(sql_file("measure_choices.sql"))
    view_template = sql_file("current_view.sql")
    for extract in EXTRACT_TYPES.values():
        columns = ",\n    ".join(
            f'"{name}" {_column_type(col.dtype)}' for name, col in extract.schema.columns.items()
        )
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {raw_table(extract)} (\n    {columns},\n"
            "    _import_id INTEGER NOT NULL,\n    _row BIGINT NOT NULL\n)"
        )
        # A store made before a column was added to a contract gains it (blank in older rows).
        present = {
            name
            for (name,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                [raw_table(extract)],
            ).fetchall()
        }
        for name, col in extract.schema.columns.items():
            if name not in present:  # identifiers from the registry only
                con.execute(
                    f'ALTER TABLE {raw_table(extract)} ADD COLUMN "{name}" '
                    f"{_column_type(col.dtype)}"
                )
        key = ", ".join(f'"{k}"' for k in extract.key)
        con.execute(view_template.format(view=extract.name, raw=raw_table(extract), key=key))
    con.execute(
        "INSERT INTO store_meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
        [SCHEMA_VERSION],
    )
