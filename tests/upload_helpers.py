"""Helpers shared by the upload, preview, concurrency and kill tests (plain functions, no fixtures).

- :func:`demo_store_original` builds the synthetic demo store once per test process (about ten
  seconds); tests copy the file, which is cheap, so each one starts from the same published store.
- :func:`contacts_csv` writes contacts extracts of any size quickly (100,000 rows in well under a
  second), with record keys that never collide between files built from different ``first`` ids.
- :func:`store_digest` and :func:`figures` summarise a store's contents so tests compare states
  exactly rather than by timing.
- :func:`write_config` writes a private copy of config.toml with some [access] or [imports]
  settings changed, for ``DASHBOARD_CONFIG``.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from dashboard_helpers import DEMO_END as DEMO_END  # re-exported for the upload tests
from dashboard_helpers import demo_store

from pipelines.store import read_connection

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONTACT_HEADER = "Contact ID,Child ID,Received At,Source,Decision At,Outcome,Team"
# Columns that differ between two writes of the same data (a rebuild's or an import's clock).
VOLATILE = ("built_at", "imported_at", "withdrawn_at")


def demo_store_original(factory: pytest.TempPathFactory) -> Path:
    """The demo store (end date 30 March 2025), built once per test process; never modify it."""
    return demo_store(factory)


def copy_store(original: Path, folder: Path) -> Path:
    """A private copy of a store, at ``folder/store/dashboard.duckdb``."""
    target = folder / "store" / "dashboard.duckdb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(original, target)
    return target


def contacts_csv(
    first: int,
    count: int,
    *,
    start: dt.date = dt.date(2024, 1, 1),
    days: int = 700,
    decided: bool = True,
    team: str = "Tîm Gogledd",
    prefix: str = "C",
) -> str:
    """``count`` contacts with ids ``{prefix}{first}…``, received on days spread over ``days`` days
    from ``start``; decided the same afternoon (or left awaiting a decision)."""
    lines = [CONTACT_HEADER]
    sources = ("Police", "Health", "Education", "Self/family")
    for n in range(first, first + count):
        day = (start + dt.timedelta(days=n % days)).strftime("%d/%m/%Y")
        decision = f"{day} 15:00,Early help" if decided else ","
        lines.append(f"{prefix}{n},K{n},{day} 09:00,{sources[n % 4]},{decision},{team}")
    return "\r\n".join(lines) + "\r\n"


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def _columns(con: duckdb.DuckDBPyConnection, leave_out: tuple[str, ...]) -> dict[str, list[str]]:
    columns: dict[str, list[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = 'store' ORDER BY table_name, column_index"
    ).fetchall():
        if column not in leave_out:
            columns.setdefault(table, []).append(f'"{column}"')
    return columns


def connection_digest(
    con: duckdb.DuckDBPyConnection,
    *,
    leave_out: tuple[str, ...] = VOLATILE,
    only: tuple[str, ...] | None = None,
) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent sum of row hashes for every table and view.

    Reading every row of every table and view is also the "is every table readable" check.
    """
    digest = {}
    for name, cols in _columns(con, leave_out).items():
        if only is not None and name not in only:
            continue
        count, total = con.execute(
            f'SELECT count(*), coalesce(sum(hash({", ".join(cols)})::HUGEINT), 0) FROM "{name}"'
        ).fetchone()  # type: ignore[misc]
        digest[name] = (int(count), int(total))
    return digest


def store_digest(
    path: Path, *, leave_out: tuple[str, ...] = VOLATILE, only: tuple[str, ...] | None = None
) -> dict[str, tuple[int, int]]:
    """:func:`connection_digest` of the store as published now."""
    con = read_connection(path)
    try:
        return connection_digest(con, leave_out=leave_out, only=only)
    finally:
        con.close()


# What the dashboard shows: the series, their metadata and the current view of each extract.
FIGURE_TABLES = (
    "indicator_series",
    "series_meta",
    "contacts",
    "assessments",
    "workers",
    "allocations",
    "service_referrals",
    "indicator_values",
    "inspection_concerns",
)


def figures(path: Path) -> dict[str, tuple[int, int]]:
    """Digest of everything the dashboard's figures are computed from and shown as."""
    return store_digest(path, only=FIGURE_TABLES)


def latest_week_value(path: Path, indicator_id: str) -> tuple[dt.date, float]:
    """The latest weekly all-teams value of an indicator in the published store."""
    con = read_connection(path)
    try:
        row = con.execute(
            "SELECT period_end, value FROM indicator_series WHERE indicator_id = ? "
            "AND period_type = 'week' AND breakdown = 'total' ORDER BY period_end DESC LIMIT 1",
            [indicator_id],
        ).fetchone()
    finally:
        con.close()
    assert row is not None, indicator_id
    return row[0], row[1]


def write_config(folder: Path, **settings: object) -> Path:
    """config.toml with the named settings replaced (each must already be in the file), e.g.
    ``write_config(tmp_path, local_mode_role="viewer")``; returns the new file's path."""
    text = (PROJECT_ROOT / "config.toml").read_text(encoding="utf-8")
    for key, value in settings.items():
        literal = (
            ("true" if value else "false")
            if isinstance(value, bool)
            else (f'"{value}"' if isinstance(value, str) else str(value))
        )
        text, found = re.subn(rf"(?m)^{key} = .*$", f"{key} = {literal}", text)
        assert found == 1, f"config.toml has no single line for {key}"
    path = folder / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
