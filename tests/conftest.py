"""Shared fixtures and helpers for the import-pipeline tests.

Every test that touches a store uses ``tmp_store`` (a path under pytest's tmp_path), never the
configured data/dashboard.duckdb. Helpers are plain functions so test modules can import them with
``from conftest import ...``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from pipelines.catalogue_ids import computed_ids
from pipelines.extracts import EXTRACT_TYPES
from pipelines.extracts import fields as f
from pipelines.store import read_connection

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Property tests: `make test` (and CI) draw the same examples on every machine and every run
# (seeded from each test's source), so a green run here is a green run in CI; a failure found is
# reproducible by anyone. `make fuzz` draws new examples each round to look for more: any case
# it finds is fixed and kept as an explicit @example or hand-worked test.
settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
settings.register_profile("fuzz", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# One value per column kind that passes every check; dates are all equal so "not before" rules hold.
_KIND_VALUES = {
    f.DATE: "01/04/2024",
    f.DATETIME: "01/04/2024 09:00",
    f.NUMBER: "1",
    f.YES_NO: "Yes",
}
# Columns a generic valid row must leave blank to satisfy a cross-field rule.
_BLANK_IN_VALID_ROW = {
    "service_referrals": ("closed_date",),
    "missing_episodes": ("interview_declined",),  # held and declined: not both
    "workers": ("leaving_reason",),
    "indicator_values": ("status", "geography"),  # a figure of our own council
}
# Cells a generic valid row must set: a period that is one of our types (April 2024), so the
# import has no "period matches no type" warning.
_SET_IN_VALID_ROW = {"indicator_values": {"period_end": "30/04/2024"}}
# An optional cell that may be blank only when another says why (a figure not published).
BLANK_NEEDS = {("indicator_values", "value"): ("status", "Suppressed")}


@pytest.fixture
def tmp_store(tmp_path: Path) -> Path:
    """Path of a store file that does not exist yet, private to the test."""
    return tmp_path / "store" / "dashboard.duckdb"


def write_csv(tmp_path: Path, name: str, text_or_bytes: str | bytes) -> Path:
    """Write a file under tmp_path: text as UTF-8 exactly as given (no newline translation)."""
    path = tmp_path / name
    data = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else text_or_bytes
    path.write_bytes(data)
    return path


def valid_row(extract_name: str, n: int = 1) -> dict[str, str]:
    """A row (column -> cell text) of the given extract type that passes every rule.

    Built from the registry, so a new column gets a value without editing the tests; ``n`` makes
    the text values (and so the record key) distinct between rows.
    """
    extract = EXTRACT_TYPES[extract_name]
    row = {}
    for name in extract.columns:
        column = extract.column(name)
        kind = f.field_kind(column)
        if kind == f.ENUM and (extract_name, name) == ("indicator_values", "indicator_id"):
            row[name] = sorted(set(f.field_labels(column)) - computed_ids())[0]  # uploaded only
        elif kind == f.ENUM:
            row[name] = next(iter(f.field_labels(column).values()))
        elif kind == f.ID_LIST and f.field_labels(column):
            row[name] = next(iter(f.field_labels(column)))  # a list of codes (e.g. agencies)
        elif kind == f.ID_LIST:
            row[name] = sorted(
                f.field_labels(EXTRACT_TYPES["indicator_values"].column("indicator_id"))
            )[0]
        elif kind == f.DATE and extract.key == (name,):
            row[name] = f"{n:02d}/04/2024"  # a date that is the record key: distinct per row
        else:
            row[name] = _KIND_VALUES.get(kind, f"{name}-{n}")
    for name in _BLANK_IN_VALID_ROW.get(extract_name, ()):
        row[name] = ""
    row.update(_SET_IN_VALID_ROW.get(extract_name, {}))
    return row


def csv_text(
    extract_name: str, rows: list[dict[str, str]], headers: dict[str, str] | None = None
) -> str:
    """CSV text with the analyst-facing headers (or ``headers`` overrides) and CRLF line ends."""
    extract = EXTRACT_TYPES[extract_name]
    columns = list(rows[0]) if rows else extract.columns
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([(headers or {}).get(c, extract.header_label(c)) for c in columns])
    writer.writerows([[row.get(c, "") for c in columns] for row in rows])
    return out.getvalue()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dump_store(path: Path, *, leave_out: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every table and view in the store, fully sorted, for exact before/after comparisons.

    ``leave_out`` names columns to drop wherever they appear (e.g. a rebuild's timestamp).
    """
    con = read_connection(path)
    try:
        columns: dict[str, list[str]] = {}
        for table, column in con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE database_name = 'store' ORDER BY table_name, column_index"
        ).fetchall():
            if column not in leave_out:
                columns.setdefault(table, []).append(f'"{column}"')
        return {
            name: con.execute(f'SELECT {", ".join(cols)} FROM "{name}" ORDER BY ALL').fetchall()
            for name, cols in columns.items()
        }
    finally:
        con.close()


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m pipelines ARGS`` in a subprocess from the project root."""
    return subprocess.run(
        [sys.executable, "-m", "pipelines", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
