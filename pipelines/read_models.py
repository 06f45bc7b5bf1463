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
from pipelines.extracts import fields as f
from pipelines.published.layouts import MeasureChoice
from pipelines.store.reader import first_row, query_frame

SQL_DIR = Path(__file__).resolve().parent / "sql" / "read"


@cache
def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def import_history(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every import, newest first."""
    return query_frame(con, "SELECT * FROM imports ORDER BY import_id DESC")


def extract_counts(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Current records per extract type (latest non-withdrawn version of each record) and the
    latest date any of its date columns holds (None for an empty extract)."""
    rows = []
    for name, extract in EXTRACT_TYPES.items():
        dates = [
            c for c in extract.columns if f.field_kind(extract.column(c)) in (f.DATE, f.DATETIME)
        ]
        # Identifiers come from the extract registry (an allow-list), never from input.
        latest = ", ".join(f'CAST(max("{c}") AS DATE)' for c in dates)
        select = f"greatest({latest})" if len(dates) > 1 else latest or "NULL"
        count, last = first_row(con, f"SELECT count(*), {select} FROM {name}")  # type: ignore[misc]
        rows.append(
            {"extract_type": name, "title": extract.title, "records": count, "latest": last}
        )
    return pl.DataFrame(
        rows,
        schema={
            "extract_type": pl.String,
            "title": pl.String,
            "records": pl.Int64,
            "latest": pl.Date,
        },
    )


def process_changes(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every process change recorded in the store, with its status (empty for a store from
    before process changes existed)."""
    found = first_row(
        con, "SELECT count(*) FROM duckdb_views() WHERE view_name = 'process_change_history'"
    )
    if not found or not found[0]:
        return pl.DataFrame()
    return query_frame(con, "SELECT * FROM process_change_history")


def store_summary(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """Synthetic and real import counts, the last import time and what the data runs to."""
    frame = query_frame(con, _sql("store_summary"))
    return frame.row(0, named=True)


def series(
    con: duckdb.DuckDBPyConnection,
    indicator_id: str,
    period_type: str = "week",
    breakdown: str = "total",
) -> pl.DataFrame:
    """One indicator's precomputed series with its SPC columns."""
    return query_frame(con, _sql("series"), [indicator_id, period_type, breakdown])


def breakdowns(con: duckdb.DuckDBPyConnection, indicator_id: str, period_type: str) -> list[str]:
    """The breakdowns available for an indicator and period type ('total' first)."""
    frame = query_frame(
        con,
        "SELECT DISTINCT breakdown FROM indicator_series WHERE indicator_id = ? AND "
        "period_type = ? ORDER BY breakdown <> 'total', breakdown",
        [indicator_id, period_type],
    )
    return frame["breakdown"].to_list()


def chart_rows(
    con: duckdb.DuckDBPyConnection,
    indicator_ids: tuple[str, ...],
    period_type: str,
    breakdown: str = "total",
    breakdown_value: str = "All",
) -> pl.DataFrame:
    """Series rows of several indicators for one period type and breakdown value."""
    return query_frame(
        con, _sql("charts"), [list(indicator_ids), period_type, breakdown, breakdown_value]
    )


def teams(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Teams that appear in any series breakdown, for the team filter."""
    frame = query_frame(
        con,
        "SELECT DISTINCT breakdown_value FROM indicator_series WHERE breakdown = 'team' "
        "ORDER BY breakdown_value",
    )
    return frame["breakdown_value"].to_list()


def concern_register(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The current inspection register, ordered by report date and id."""
    return query_frame(
        con, "SELECT * FROM inspection_concerns ORDER BY inspection_date, concern_id"
    )


def series_meta(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """When the series were built, the data range and the calendar version."""
    frame = query_frame(con, "SELECT * FROM series_meta")
    return frame.row(0, named=True) if frame.height else {}


def breakdown_rows(
    con: duckdb.DuckDBPyConnection, indicator_id: str, period_type: str, breakdown: str
) -> pl.DataFrame:
    """All breakdown values of one breakdown of an indicator (for the small multiple)."""
    return series(con, indicator_id, period_type, breakdown)


COMING_DUE_SCHEMA = {
    "registration_id": pl.String,
    "child_id": pl.String,
    "team": pl.String,
    "category": pl.String,
    "start_date": pl.Date,
    "last_seen": pl.Date,
    "visit_due": pl.Date,
    "visit_wd_left": pl.Int64,
    "core_group_due": pl.Date,
    "core_group_wd_left": pl.Int64,
    "review_due": pl.Date,
    "review_wd_left": pl.Int64,
    "soonest_wd_left": pl.Int64,
    "as_at": pl.Date,
}


def cp_coming_due(con: duckdb.DuckDBPyConnection, team: str | None = None) -> pl.DataFrame:
    """Children on the child protection register with their next visit, core group and review
    due dates (record level: the page shows it to managers and above only)."""
    built = first_row(
        con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'cp_coming_due'"
    )[0]
    if not built:  # no data yet: the rebuild has not made the table
        return pl.DataFrame(schema=COMING_DUE_SCHEMA)
    frame = query_frame(con, _sql("cp_coming_due"), {"team": team})
    return frame.cast(COMING_DUE_SCHEMA)  # type: ignore[arg-type]


def action_plan(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The improvement plan's actions as the active imports hold them (empty for a store from
    before the plan existed)."""
    found = first_row(con, "SELECT count(*) FROM duckdb_views() WHERE view_name = 'action_plan'")
    if not found or not found[0]:
        return pl.DataFrame()
    return query_frame(con, "SELECT * FROM action_plan ORDER BY action_id")


def action_history(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every imported version and page edit of every action (pipelines/store/improvement.py)."""
    from pipelines.store.improvement import action_history as history

    return history(con)


def commentary(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every comment on the figures, oldest first."""
    from pipelines.store.improvement import comments

    return comments(con)


def board_decks(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every saved version of every board deck."""
    from pipelines.store.improvement import decks

    return decks(con)


LAC_COMING_DUE_SCHEMA = {
    "child_id": pl.String,
    "team": pl.String,
    "placement": pl.String,
    "placement_start": pl.Date,
    "last_seen": pl.Date,
    "visit_due": pl.Date,
    "visit_days_left": pl.Int64,
    "last_review": pl.Date,
    "review_due": pl.Date,
    "review_days_left": pl.Int64,
    "soonest_days_left": pl.Int64,
    "as_at": pl.Date,
}
MISSING_NOW_SCHEMA = {
    "missing_id": pl.String,
    "child_id": pl.String,
    "team": pl.String,
    "looked_after": pl.Boolean,
    "episode_type": pl.String,
    "status": pl.String,
    "started_at": pl.Datetime,
    "ended_at": pl.Datetime,
    "hours_since": pl.Int64,
    "as_at": pl.Date,
}
SUPERVISION_DUE_SCHEMA = {
    "worker_id": pl.String,
    "team": pl.String,
    "experience": pl.String,
    "last_session": pl.Date,
    "interval_days": pl.Int64,
    "due": pl.Date,
    "days_left": pl.Int64,
    "as_at": pl.Date,
}


def _record_table(
    con: duckdb.DuckDBPyConnection, name: str, schema: dict, team: str | None
) -> pl.DataFrame:
    built = first_row(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name])
    if not built or not built[0]:  # no data yet: the rebuild has not made the table
        return pl.DataFrame(schema=schema)
    return query_frame(con, _sql(name), {"team": team}).cast(schema)  # type: ignore[arg-type]


def lac_coming_due(con: duckdb.DuckDBPyConnection, team: str | None = None) -> pl.DataFrame:
    """Looked-after children with their next visit and review due dates (record level: the page
    shows it to managers and above only)."""
    return _record_table(con, "lac_coming_due", LAC_COMING_DUE_SCHEMA, team)


def missing_now(con: duckdb.DuckDBPyConnection, team: str | None = None) -> pl.DataFrame:
    """Children missing now, or back with no return interview offered (record level)."""
    return _record_table(con, "missing_now", MISSING_NOW_SCHEMA, team)


def wf_supervision_due(con: duckdb.DuckDBPyConnection, team: str | None = None) -> pl.DataFrame:
    """Case-holding workers with their latest supervision and when the next is due (record
    level: the page shows it to managers and above only)."""
    return _record_table(con, "wf_supervision_due", SUPERVISION_DUE_SCHEMA, team)


def measure_choices(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], MeasureChoice]:
    """The indicator chosen for each published layout's measure, keyed by (layout, measure key),
    ready for :func:`pipelines.ingest.prepare` (empty for a store from before they were kept)."""
    found = first_row(
        con, "SELECT count(*) FROM duckdb_views() WHERE view_name = 'measure_choices'"
    )
    if not found or not found[0]:
        return {}
    return {
        (layout, key): MeasureChoice(layout, measure, indicator_id, year_end)
        for layout, measure, key, indicator_id, year_end in query_frame(
            con, _sql("measure_choices")
        ).iter_rows()
    }


def benchmarks(con: duckdb.DuckDBPyConnection, indicator_id: str, period_type: str) -> pl.DataFrame:
    """Published figures for other areas (Welsh councils, Wales, England) for one indicator and
    period type (empty for a store from before benchmarks, or with none)."""
    found = first_row(
        con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'benchmark_values'"
    )
    if not found or not found[0]:
        return pl.DataFrame(
            schema={
                "geography": pl.String,
                "period_start": pl.Date,
                "period_end": pl.Date,
                "value": pl.Float64,
                "gap_reason": pl.String,
                "source_note": pl.String,
            }
        )
    return query_frame(con, _sql("benchmarks"), [indicator_id, period_type])


def period_types(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The period types that have a series in the store."""
    return query_frame(con, _sql("period_types"))["period_type"].to_list()
