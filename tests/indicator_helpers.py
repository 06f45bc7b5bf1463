"""Shared builders for the indicator tests: tiny extracts in, ``indicator_series`` rows out.

Hand-worked tests write a few lines of CSV exactly as an analyst would export them (dd/mm/yyyy
dates, human labels), send them through the real import path (``prepare`` then
``import_prepared``/``import_many``, which also rebuilds the series) into a store under pytest's
``tmp_path``, and read single figures back with :func:`figure`.

Property tests need hundreds of stores, so :func:`memory_series` skips the files and the atomic
publish: it loads typed frames straight into the raw tables of an in-memory store and runs the same
``rebuild_series``.

The demo store (``build_demo_store``, ~10 s) is built at most once per test process by
:func:`demo_store_path`, whichever module asks first. Test modules wrap these functions in their own
small fixtures (importing fixture functions would register one copy per module).
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import duckdb
import polars as pl
import pytest
from dashboard_helpers import demo_store

from pipelines.config import Settings, load_settings
from pipelines.extracts import EXTRACT_TYPES
from pipelines.indicators import build
from pipelines.ingest import prepare
from pipelines.store import import_prepared, read_connection, withdraw_import
from pipelines.store.ddl import ensure_schema, raw_table
from pipelines.store.writer import import_many, write_transaction

DEMO_END = dt.date(2025, 3, 30)


def d(text: str) -> dt.date:
    """A date written the UK way, dd/mm/yyyy, as in the extracts."""
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def _clean(text: str) -> str:
    """CSV text with the indentation of a triple-quoted literal removed and one final newline."""
    lines = [line.strip() for line in text.strip().splitlines()]
    return "\n".join(lines) + "\n"


def write_extract(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_clean(text), encoding="utf-8")
    return path


def import_text(store: Path, folder: Path, name: str, text: str) -> int:
    """Import one CSV extract (type detected from its headers); return its import id."""
    prepared = prepare(write_extract(folder, name, text))
    outcome = import_prepared(store, prepared, imported_by="test")
    assert not outcome.already_imported, f"{name} has the same content as an earlier import"
    return outcome.import_id


def import_texts(store: Path, folder: Path, files: dict[str, str]) -> dict[str, int]:
    """Import several CSV extracts in one transaction (one rebuild); return ids by file name."""
    prepared = [prepare(write_extract(folder, name, text)) for name, text in files.items()]
    outcomes = import_many(store, prepared, imported_by="test")
    return {name: o.import_id for name, o in zip(files, outcomes, strict=True)}


def withdraw(store: Path, import_id: int) -> None:
    withdraw_import(store, import_id, withdrawn_by="test", reason="test")


def rebuild(store: Path) -> None:
    """Recompute the series of a published store (a write with no changes runs the rebuild)."""
    with write_transaction(store):
        pass


def series(store: Path, indicator_id: str | None = None) -> pl.DataFrame:
    """Rows of ``indicator_series`` (all, or one indicator's), sorted for stable comparisons."""
    con = read_connection(store)
    try:
        frame = con.sql("SELECT * FROM indicator_series").pl()
    finally:
        con.close()
    if indicator_id is not None:
        frame = frame.filter(pl.col("indicator_id") == indicator_id)
    return frame.sort(["indicator_id", "period_type", "period_end", "breakdown", "breakdown_value"])


def series_meta(store: Path) -> dict[str, object]:
    con = read_connection(store)
    try:
        return con.sql("SELECT * FROM series_meta").pl().row(0, named=True)
    finally:
        con.close()


def row(
    store: Path,
    indicator_id: str,
    period_end: str,
    *,
    period_type: str = "week",
    breakdown: str = "total",
    value: str = "All",
) -> dict[str, object]:
    """The one series row for an indicator, period (given by its end, dd/mm/yyyy) and breakdown.

    Fails when the row is missing, so "no row" and "a row with no value" stay distinguishable.
    """
    found = series(store, indicator_id).filter(
        (pl.col("period_type") == period_type)
        & (pl.col("period_end") == d(period_end))
        & (pl.col("breakdown") == breakdown)
        & (pl.col("breakdown_value") == value)
    )
    assert found.height == 1, (
        f"expected one {indicator_id} row for {period_type} ending {period_end} "
        f"({breakdown}={value}), found {found.height}"
    )
    return found.row(0, named=True)


def figure(
    store: Path,
    indicator_id: str,
    period_end: str,
    *,
    period_type: str = "week",
    breakdown: str = "total",
    value: str = "All",
) -> float | None:
    """The value of one series row (see :func:`row`)."""
    found = row(
        store,
        indicator_id,
        period_end,
        period_type=period_type,
        breakdown=breakdown,
        value=value,
    )
    return found["value"]  # type: ignore[return-value]


def fraction(
    store: Path,
    indicator_id: str,
    period_end: str,
    *,
    period_type: str = "week",
    breakdown: str = "total",
    value: str = "All",
) -> tuple[float | None, float | None]:
    """(numerator, denominator) of one series row."""
    found = row(
        store,
        indicator_id,
        period_end,
        period_type=period_type,
        breakdown=breakdown,
        value=value,
    )
    return found["numerator"], found["denominator"]  # type: ignore[return-value]


def period_ends(store: Path, indicator_id: str, period_type: str = "week") -> list[dt.date]:
    """The distinct period end dates of an indicator's total series, ascending."""
    frame = series(store, indicator_id).filter(
        (pl.col("period_type") == period_type) & (pl.col("breakdown") == "total")
    )
    return sorted(frame["period_end"].unique().to_list())


def breakdown_values(
    store: Path, indicator_id: str, breakdown: str, period_end: str, period_type: str = "week"
) -> dict[str, float | None]:
    """{breakdown value: value} for one indicator, breakdown and period."""
    frame = series(store, indicator_id).filter(
        (pl.col("period_type") == period_type)
        & (pl.col("period_end") == d(period_end))
        & (pl.col("breakdown") == breakdown)
    )
    return dict(zip(frame["breakdown_value"], frame["value"], strict=True))


def settings_patcher(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Settings]:
    """A function that makes the series build read changed settings, e.g.
    ``patch(week_ending="friday")`` (config.toml itself is never touched). Wrap it in a fixture::

        @pytest.fixture
        def patch_settings(monkeypatch):
            return settings_patcher(monkeypatch)
    """

    def apply(**changes: object) -> Settings:
        settings = dataclasses.replace(load_settings(), **changes)  # type: ignore[arg-type]
        monkeypatch.setattr(build, "load_settings", lambda: settings)
        return settings

    return apply


# ------------------------------------------------------------------ in-memory stores (properties)


_MEMORY: list[duckdb.DuckDBPyConnection] = []


def _memory_store() -> duckdb.DuckDBPyConnection:
    """One in-memory store per process, emptied before each use (creating it costs more than the
    small rebuilds the property tests run)."""
    if not _MEMORY:
        con = duckdb.connect()
        ensure_schema(con)
        _MEMORY.append(con)
        atexit.register(_close_memory_store)
    con = _MEMORY[0]
    for extract in EXTRACT_TYPES.values():
        con.execute(f"DELETE FROM {raw_table(extract)}")
    return con


def _close_memory_store() -> None:
    while _MEMORY:
        _MEMORY.pop().close()


def memory_series(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """``indicator_series`` rebuilt from typed extract frames, without files or publishing.

    ``frames`` maps an extract type to rows in its canonical columns (codes, not labels). They are
    loaded as one import into the raw tables of an in-memory store, so the current views, the
    family SQL, the fill and SPC run exactly as after a real import.
    """
    con = _memory_store()
    for name, frame in frames.items():
        if frame.is_empty():
            continue
        rows = frame.with_columns(  # noqa: F841 (read by the SQL below)
            pl.lit(1).alias("_import_id"), pl.int_range(2, frame.height + 2).alias("_row")
        )
        con.execute(f"INSERT INTO {raw_table(EXTRACT_TYPES[name])} BY NAME SELECT * FROM rows")
    build.rebuild_series(con)
    return con.sql(f"SELECT * FROM {build.SERIES_TABLE}").pl()


# ------------------------------------------------------------------ the demo store

_DEMO: dict[str, object] = {}


def demo_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic demo store to 30 March 2025, built once per test process (~10 s) whichever
    module asks first (the one builder in dashboard_helpers). Wrap it in a session fixture."""
    return demo_store(tmp_path_factory)


def demo_series_frame(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """Every row of the demo store's ``indicator_series`` (read once per process)."""
    if "series" not in _DEMO:
        _DEMO["series"] = series(demo_store_path(tmp_path_factory))
    return _DEMO["series"]  # type: ignore[return-value]
