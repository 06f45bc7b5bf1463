"""Rebuilding the precomputed ``indicator_series`` table after every import, withdrawal and process
change.

Grain of ``indicator_series``: one row per indicator, period type, period and breakdown value, with
the SPC columns of the chart that row belongs to (one chart per indicator, period type, breakdown
and breakdown value). Pages read this table; they never compute. How each chart is judged (which
points, which target, warm-up, rebasing at the store's process changes) is in ``judgement.py``.
"""

from __future__ import annotations

import datetime as dt
import time
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from pipelines.catalogue import Indicator, load_catalogue
from pipelines.catalogue_ids import computed_ids
from pipelines.config import load_settings
from pipelines.extracts import EXTRACT_TYPES
from pipelines.extracts.fields import field_labels
from pipelines.indicators.judgement import (
    CHART_COLUMNS,
    CHART_KEYS,
    POINT_COLUMNS,
    apply_warm_up,
    chart_spc,
    fill_gaps,
)
from pipelines.periods import period_table
from pipelines.store.process_changes import ProcessChange, active_changes, rebase_dates
from pipelines.store.reader import first_row, query_frame
from pipelines.workdays import (
    CALENDAR_VERSION,
    COVERAGE_END,
    COVERAGE_START,
    roll_forward,
    working_day_ordinals,
)

SQL_DIR = Path(__file__).resolve().parent.parent / "sql" / "indicators"
# Record-level tables rebuilt with the series (e.g. the child protection coming-due list): each
# file creates one table as at the data-as-at date ($as_at), read by the pages as it is.
RECORDS_DIR = SQL_DIR.parent / "records"
SERIES_TABLE = "indicator_series"
RESULT_SCHEMA = {
    "indicator_id": pl.String,
    "period_type": pl.String,
    "period_start": pl.Date,
    "period_end": pl.Date,
    "breakdown": pl.String,
    "breakdown_value": pl.String,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "value": pl.Float64,
    # Why an uploaded figure has no value (pipelines.published.symbols.REASONS); null otherwise.
    "gap_reason": pl.String,
}
SPC_COLUMNS = {**POINT_COLUMNS, **CHART_COLUMNS}
# Raised when the columns or the judgement of indicator_series change: the dashboard asks for a
# rebuild (`python -m pipelines build`) of a store built by an older version.
SERIES_VERSION = 3
ZERO_WHEN_NONE_UNITS = ("count",)


@cache
def family_sql(computation: str) -> str:
    return (SQL_DIR / f"{computation}.sql").read_text(encoding="utf-8")


def data_range(
    con: duckdb.DuckDBPyConnection, today: dt.date | None = None
) -> tuple[dt.date, dt.date] | None:
    """First and last dates the extracts cover (the last is the "data as at" date).

    "Data as at" never passes the day of the build (an import or withdrawal): the import refuses
    event dates beyond a few days' tolerance, and this bound keeps even those few days, or a
    store written before that rule, from reporting periods that have not happened yet.
    """
    first, last = first_row(con, family_sql("data_range")) or (None, None)
    if first is None or last is None:
        return None
    last = min(last, COVERAGE_END, today or dt.date.today())
    first = max(first, COVERAGE_START)
    return (first, last) if first <= last else None


def _prepare_inputs(con: duckdb.DuckDBPyConnection, first: dt.date, last: dt.date) -> pl.DataFrame:
    settings = load_settings()
    periods = period_table(first, last, settings.week_ending_weekday)
    workdays = working_day_ordinals()  # noqa: F841 (read by SQL)
    con.execute("CREATE OR REPLACE TEMP TABLE periods AS SELECT * FROM periods")
    con.execute("CREATE OR REPLACE TEMP TABLE workdays AS SELECT * FROM workdays")
    labels = enum_labels()  # noqa: F841 (read by SQL: breakdowns shown by their labels)
    con.execute("CREATE OR REPLACE TEMP TABLE enum_labels AS SELECT * FROM labels")
    con.execute(family_sql("period_days"))
    con.execute(family_sql("population_periods"))  # rates per 10,000 children
    con.execute(family_sql("child_protection_inputs"))  # registrations with their team
    con.execute(family_sql("looked_after_inputs"))  # care periods, placements with their mix
    policy = supervision_policy()  # noqa: F841 (read by SQL)
    con.execute("CREATE OR REPLACE TEMP TABLE supervision_policy AS SELECT * FROM policy")
    con.execute(family_sql("workforce_inputs"))  # staff in post with their experience band
    return periods


def supervision_policy() -> pl.DataFrame:
    """The supervision policy interval (days) of each experience band (config.toml
    [workforce]); a qualification date not recorded is held to the longest-serving band's."""
    first, middle, more = load_settings().supervision_days
    return pl.DataFrame(
        {
            "band": ["First year", "1 to 3 years", "More than 3 years", "Not recorded"],
            "interval_days": [first, middle, more, more],
        }
    )


def enum_labels() -> pl.DataFrame:
    """Every enumerated column's codes and labels (extract, column, code, label), so that a
    breakdown by such a column (e.g. category of abuse) is shown in the analysts' words."""
    rows = [
        {"extract": extract.name, "column": name, "code": code, "label": label}
        for extract in EXTRACT_TYPES.values()
        for name in extract.columns
        for code, label in field_labels(extract.column(name)).items()
    ]
    return pl.DataFrame(
        rows,
        schema={"extract": pl.String, "column": pl.String, "code": pl.String, "label": pl.String},
    )


def _bound(sql: str, as_at: dt.date | None) -> dict[str, object] | None:
    """The parameters a SQL text uses, from the settings (and the data-as-at date)."""
    settings = load_settings()
    params: dict[str, object] = {
        "as_at": as_at,
        "caseload_threshold": settings.caseload_threshold_per_fte,
        "mandatory_courses": list(settings.mandatory_courses),
    }
    used = {name: value for name, value in params.items() if f"${name}" in sql}
    return used or None


def compute_family(
    con: duckdb.DuckDBPyConnection, computation: str, as_at: dt.date
) -> pl.DataFrame:
    """Run one family's SQL (tables ``periods`` and ``workdays`` must exist)."""
    sql = family_sql(computation)
    frame = query_frame(con, sql, _bound(sql, as_at))  # type: ignore[arg-type]
    if "gap_reason" not in frame.columns:  # computed figures are never withheld
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias("gap_reason"))
    return frame.cast(RESULT_SCHEMA).select(list(RESULT_SCHEMA))  # type: ignore[arg-type]


def uploaded_values(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The council's own figures from indicator_values uploads, with the period type their dates
    match; the published figures for other areas go to the table ``benchmark_values``."""
    settings = load_settings()
    con.execute(family_sql("period_type"))
    con.execute(family_sql("benchmarks"), {"week_ending": settings.week_ending_weekday})
    params = {
        "week_ending": settings.week_ending_weekday,
        "council": settings.council_code,
        "computed": sorted(computed_ids()),
    }
    frame = query_frame(con, family_sql("uploaded"), params)  # type: ignore[arg-type]
    return frame.cast(RESULT_SCHEMA)  # type: ignore[arg-type]


def _fill_missing_periods(
    results: pl.DataFrame,
    periods: pl.DataFrame,
    catalogue: dict[str, Indicator],
    cutoffs: dict[str, dt.date] | None = None,
) -> pl.DataFrame:
    """A period with no events is a real zero for counts, and has no value for rates (up to each
    family's cutoff, see :func:`family_cutoffs`)."""
    computed = results.filter(
        pl.col("indicator_id").is_in([i for i, x in catalogue.items() if x.computed])
    )
    groups = computed.select("indicator_id", "period_type", "breakdown", "breakdown_value").unique()
    grid = groups.join(
        periods.select("period_type", "period_start", "period_end"), on="period_type"
    )
    if cutoffs:
        last = pl.DataFrame(
            {
                "indicator_id": [i for i, x in catalogue.items() if x.computation in cutoffs],
                "cutoff": [
                    cutoffs[x.computation] for x in catalogue.values() if x.computation in cutoffs
                ],
            }
        )
        grid = (
            grid.join(last, on="indicator_id")
            .filter(pl.col("period_end") <= pl.col("cutoff"))
            .drop("cutoff")
        )
    filled = grid.join(
        computed,
        on=[
            "indicator_id",
            "period_type",
            "period_start",
            "period_end",
            "breakdown",
            "breakdown_value",
        ],
        how="left",
    )
    zero_units = [i for i, x in catalogue.items() if x.unit in ZERO_WHEN_NONE_UNITS]
    is_zero = pl.col("indicator_id").is_in(zero_units) & pl.col("value").is_null()
    filled = filled.with_columns(
        pl.when(is_zero).then(0.0).otherwise(pl.col("value")).alias("value"),
        pl.when(is_zero).then(0.0).otherwise(pl.col("numerator")).alias("numerator"),
    ).select(list(RESULT_SCHEMA))
    computed_ids = computed["indicator_id"].unique().to_list()
    uploaded = results.filter(~pl.col("indicator_id").is_in(computed_ids))
    return pl.concat([filled, uploaded])


def add_spc(
    results: pl.DataFrame,
    catalogue: dict[str, Indicator],
    changes: tuple[ProcessChange, ...] = (),
) -> pl.DataFrame:
    """SPC columns for every chart (indicator, period type, breakdown, breakdown value), rebased
    at the process changes that apply to its indicator."""
    parts = [
        chart_spc(group, catalogue.get(str(key[0])), rebase_dates(changes, str(key[0])))
        for key, group in results.sort([*CHART_KEYS, "period_end"]).group_by(
            CHART_KEYS, maintain_order=True
        )
    ]
    if not parts:
        return results.with_columns(
            [pl.lit(None, dtype=t).alias(c) for c, t in SPC_COLUMNS.items()]
        )
    return pl.concat(parts).cast(SPC_COLUMNS)  # type: ignore[arg-type]


def rebased(
    chart: pl.DataFrame,
    indicator: Indicator,
    changes: tuple[ProcessChange, ...],
    extra: tuple[dt.date, ...] = (),
) -> pl.DataFrame:
    """One chart recomputed with its process changes and extra rebase dates (the detail page's
    "try a rebase date", which is not saved)."""
    dates = (*rebase_dates(changes, indicator.id), *extra)
    return chart_spc(chart, indicator, dates).cast(SPC_COLUMNS)  # type: ignore[arg-type]


def extract_first_dates(con: duckdb.DuckDBPyConnection) -> dict[str, dt.date]:
    """The earliest date of each event extract (where its history starts), for warm-ups."""
    return {
        extract: first
        for extract, first in query_frame(con, family_sql("extract_first_dates")).iter_rows()
        if first is not None
    }


def family_cutoffs(
    con: duckdb.DuckDBPyConnection, catalogue: dict[str, Indicator], as_at: dt.date
) -> dict[str, dt.date]:
    """The last period end each family may report: the earliest of the latest dates of the event
    extracts its indicators read (workers have no event dates and do not count), never after
    the store's data-as-at date. An extract of events held on working days only (conferences,
    visits, core groups: ``ExtractType.working_days_only``) whose latest event is on a Friday
    covers the weekend too (through the day before the next working day): it is not stale for
    having nothing on days nothing is held."""
    last = {
        extract: covered_until(day) if day and EXTRACT_TYPES[extract].working_days_only else day
        for extract, day in query_frame(con, family_sql("extract_last_dates")).iter_rows()
    }
    cutoffs: dict[str, dt.date] = {}
    for indicator in catalogue.values():
        if not indicator.computed:
            continue
        dates = [last[e] for e in indicator.extracts if last.get(e) is not None]
        cutoff = min([as_at, *dates])
        cutoffs[indicator.computation] = min(cutoffs.get(indicator.computation, cutoff), cutoff)
    return cutoffs


def _complete(
    results: pl.DataFrame,
    catalogue: dict[str, Indicator],
    con: duckdb.DuckDBPyConnection,
    span: tuple[dt.date, dt.date] | None,
) -> pl.DataFrame:
    """Uploaded series with their missing periods as gaps; computed series without the periods
    before their warm-up (an extract not listed in extract_first_dates.sql starts with the data
    range)."""
    uploaded = [i for i, x in catalogue.items() if not x.computed]
    is_uploaded = pl.col("indicator_id").is_in(uploaded) | ~pl.col("indicator_id").is_in(
        list(catalogue)
    )
    gaps = fill_gaps(results.filter(is_uploaded), load_settings().week_ending_weekday)
    computed = results.filter(~is_uploaded)
    if span is not None and not computed.is_empty():
        first_dates = extract_first_dates(con)
        for indicator in catalogue.values():
            for extract in indicator.extracts:
                first_dates.setdefault(extract, span[0])
        computed = apply_warm_up(computed, catalogue, first_dates)
    return pl.concat([computed, gaps])


def covered_until(day: dt.date) -> dt.date:
    """The last day an extract whose latest event is ``day`` speaks for: ``day`` and the
    non-working days that follow it."""
    if not COVERAGE_START <= day < COVERAGE_END:
        return day
    return roll_forward(day + dt.timedelta(days=1)) - dt.timedelta(days=1)


def rebuild_records(con: duckdb.DuckDBPyConnection, as_at: dt.date) -> None:
    """Recreate the record-level tables (one per file in ``RECORDS_DIR``) as at ``as_at``."""
    for path in sorted(RECORDS_DIR.glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        con.execute(sql, _bound(sql, as_at))


def rebuild_series(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """Recompute every series into ``indicator_series``; return seconds spent per family."""
    catalogue = load_catalogue()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    materialised = _materialise_current_views(con)
    timings["current views"] = time.perf_counter() - started
    try:
        return _rebuild(con, catalogue, timings)
    finally:
        for name in materialised:
            con.execute(f"DROP TABLE IF EXISTS temp.main.{name}")  # name: the registry's


def _materialise_current_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Each extract's current view computed once, as a temporary table of the same name.

    Why: a current view takes the latest version of every record (a window over the raw table)
    each time a query reads it, and the data range, the family cutoffs, several families and the
    record tables all read the same extracts. The temporary table shadows the view for this
    connection only, until :func:`rebuild_series` drops it; figures are unchanged.
    """
    names = []
    for extract in EXTRACT_TYPES.values():
        con.execute(  # identifiers from the registry only
            f"CREATE OR REPLACE TEMP TABLE {extract.name} AS SELECT * FROM main.{extract.name}"
        )
        names.append(extract.name)
    return names


def _rebuild(
    con: duckdb.DuckDBPyConnection, catalogue: dict[str, Indicator], timings: dict[str, float]
) -> dict[str, float]:
    span = data_range(con)
    frames = []
    periods = pl.DataFrame()
    if span is None:  # no events: no record-level table may outlive the data it listed
        for path in RECORDS_DIR.glob("*.sql"):
            con.execute(f"DROP TABLE IF EXISTS {path.stem}")  # identifier: a file name of ours
    if span is not None:
        first, as_at = span
        periods = _prepare_inputs(con, first, as_at)
        cutoffs = family_cutoffs(con, catalogue, as_at)
        for computation in sorted({i.computation for i in catalogue.values() if i.computed}):
            started = time.perf_counter()
            frame = compute_family(con, computation, as_at)
            frames.append(frame.filter(pl.col("period_end") <= cutoffs[computation]))
            timings[computation] = time.perf_counter() - started
        started = time.perf_counter()
        rebuild_records(con, as_at)
        timings["records"] = time.perf_counter() - started
    started = time.perf_counter()
    frames.append(uploaded_values(con))
    timings["uploaded"] = time.perf_counter() - started
    results = pl.concat(frames) if frames else pl.DataFrame(schema=RESULT_SCHEMA)
    if not periods.is_empty():
        results = _fill_missing_periods(results, periods, catalogue, cutoffs)
    results = _complete(results, catalogue, con, span)
    started = time.perf_counter()
    changes = tuple(active_changes(con))
    series = add_spc(results, catalogue, changes)  # noqa: F841 (read by SQL)
    timings["spc"] = time.perf_counter() - started
    con.execute(f"CREATE OR REPLACE TABLE {SERIES_TABLE} AS SELECT * FROM series")
    con.execute(
        "CREATE OR REPLACE TABLE series_meta AS SELECT ? AS built_at, ? AS data_from, "
        "? AS data_as_at, ? AS calendar_version, ? AS series_version",
        [
            dt.datetime.now(),
            span[0] if span else None,
            span[1] if span else None,
            CALENDAR_VERSION,
            SERIES_VERSION,
        ],
    )
    return timings
