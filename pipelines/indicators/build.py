"""Rebuilding the precomputed ``indicator_series`` table after every import, withdrawal and process
change.

Grain of ``indicator_series``: one row per indicator, period type, period and breakdown value, with
the SPC columns of the chart that row belongs to (one chart per indicator, period type, breakdown
and breakdown value). Pages read this table; they never compute. How each chart is judged (which
points, which target, warm-up, rebasing at the store's process changes) is in ``judgement.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from pipelines.catalogue import CATALOGUE_FILE, Indicator, load_catalogue
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
    event_steps_expr,
    fill_gaps,
    judge_chart,
)
from pipelines.periods import period_table
from pipelines.store.ddl import raw_table
from pipelines.store.process_changes import ProcessChange, active_changes, rebase_dates
from pipelines.store.reader import first_row, frame_table, query_frame, registered
from pipelines.workdays import (
    CALENDAR_PATH,
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
UPLOADED = "uploaded"  # the family of the figures uploaded already aggregated
UPLOADED_EXTRACT = "indicator_values"
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


def _prepare_inputs(
    con: duckdb.DuckDBPyConnection,
    first: dt.date,
    last: dt.date,
    words: set[str] | None = None,
) -> pl.DataFrame:
    """The periods and the shared input tables; with ``words`` (those of the SQL that will run),
    only the input tables that SQL names."""
    settings = load_settings()
    periods = period_table(first, last, settings.week_ending_weekday)
    frame_table(con, "periods", periods, temporary=True)
    frame_table(con, "workdays", working_day_ordinals(), temporary=True)
    # enum_labels: breakdowns shown by their labels; supervision_policy: workforce_inputs.
    frame_table(con, "enum_labels", enum_labels(), temporary=True)
    frame_table(con, "supervision_policy", supervision_policy(), temporary=True)
    # period_days: events by day; population_periods: rates per 10,000 children;
    # child_protection_inputs: registrations with their team; looked_after_inputs: care
    # periods and placements with their mix; workforce_inputs: staff in post by experience.
    for name in _inputs_run(words):
        con.execute(family_sql(name))
    return periods


def _inputs_run(words: set[str] | None) -> list[str]:
    """The shared input files :func:`_prepare_inputs` runs for SQL of these ``words`` (None:
    all): those it names, and those the input tables it names read in turn."""
    if words is None:
        return list(INPUT_FILES)
    words = set(words)
    for name in reversed(INPUT_FILES):
        if _input_names_of(name) & words:
            words |= _sql_words(family_sql(name))
    return [name for name in INPUT_FILES if _input_names_of(name) & words]


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


def _bound(
    sql: str, as_at: dt.date | None, recompute_from: dt.date | None = None
) -> dict[str, object] | None:
    """The parameters a SQL text uses, from the settings (and the data-as-at date, and the first
    period end an incremental rebuild recomputes: see :func:`recompute_from`)."""
    settings = load_settings()
    params: dict[str, object] = {
        "as_at": as_at,
        "recompute_from": recompute_from,
        "caseload_threshold": settings.caseload_threshold_per_fte,
        "mandatory_courses": list(settings.mandatory_courses),
    }
    used = {name: value for name, value in params.items() if f"${name}" in sql}
    return used or None


def compute_family(
    con: duckdb.DuckDBPyConnection,
    computation: str,
    as_at: dt.date,
    recompute_from: dt.date | None = None,
) -> pl.DataFrame:
    """Run one family's SQL (tables ``periods`` and ``workdays`` must exist). With
    ``recompute_from`` (a family with a recompute window only), the rows of the periods ending on
    or after that date are those of a full run; rows of earlier periods may be missing or
    partial."""
    sql = family_sql(computation)
    frame = query_frame(con, sql, _bound(sql, as_at, recompute_from))  # type: ignore[arg-type]
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
    at the process changes that apply to its indicator.

    One pass: every chart is judged from plain columns (:func:`judge_chart`, the maths of
    :func:`chart_spc`) and the SPC columns are built as one frame at the end, rather than a
    small frame per chart (thousands of charts on a large store).
    """
    rows = results.drop([c for c in SPC_COLUMNS if c in results.columns]).sort(
        [*CHART_KEYS, "period_end"]
    )
    if rows.is_empty():
        return rows.with_columns([pl.lit(None, dtype=t).alias(c) for c, t in SPC_COLUMNS.items()])
    charts = rows.group_by(CHART_KEYS, maintain_order=True).agg(
        "period_end", "value", "numerator", event_steps_expr().alias("steps")
    )
    columns: dict[str, list[object]] = {name: [] for name in SPC_COLUMNS}
    blank_values: list[bool] = []
    for row in charts.iter_rows():
        indicator_id, period_type, breakdown, _, ends, values, numerators, steps = row
        judged = judge_chart(
            ends,
            values,
            numerators,
            breakdown,
            period_type,
            catalogue.get(indicator_id),
            rebase_dates(changes, indicator_id),
            steps,
        )
        for name in POINT_COLUMNS:
            columns[name].extend(judged.points[name])
        for name in CHART_COLUMNS:
            columns[name].extend([judged.chart.get(name)] * len(ends))
        blank_values.extend([judged.not_applicable] * len(ends))
    spc = pl.DataFrame(columns, schema=SPC_COLUMNS)  # type: ignore[arg-type]
    value = pl.when(pl.Series(blank_values)).then(None).otherwise(pl.col("value"))
    return pl.concat([rows.with_columns(value.alias("value")), spc], how="horizontal")


# What a chart's judgement is computed from, besides its keys, the catalogue and the process
# changes (which, when they change, rebuild everything).
JUDGED_FROM = ["period_start", "period_end", "value", "numerator", "denominator"]


def unchanged_charts(results: pl.DataFrame, stored: pl.DataFrame) -> pl.DataFrame:
    """The keys of the charts whose rows in ``results`` are exactly the ``stored`` ones: the same
    number of rows, and the same periods, values, numerators and denominators."""
    on = [*CHART_KEYS, "period_start", "period_end"]
    new = results.select(*CHART_KEYS, *JUDGED_FROM).with_columns(pl.lit(True).alias("_new"))
    old = stored.select(*CHART_KEYS, *JUDGED_FROM).with_columns(pl.lit(True).alias("_old"))
    joined = new.join(old, on=on, how="full", coalesce=True, suffix="_stored")
    same_row = pl.col("_new").fill_null(False) & pl.col("_old").fill_null(False)
    for name in ("value", "numerator", "denominator"):
        same_row = same_row & pl.col(name).eq_missing(pl.col(f"{name}_stored"))
    counts = (
        new.group_by(CHART_KEYS)
        .len("_rows")
        .join(old.group_by(CHART_KEYS).len("_rows_stored"), on=CHART_KEYS)
    )
    same = joined.group_by(CHART_KEYS).agg(same_row.all().alias("_same")).filter("_same")
    return same.join(
        counts.filter(pl.col("_rows") == pl.col("_rows_stored")), on=CHART_KEYS, how="semi"
    ).select(CHART_KEYS)


def add_spc_reusing(
    results: pl.DataFrame,
    stored: pl.DataFrame,
    catalogue: dict[str, Indicator],
    changes: tuple[ProcessChange, ...] = (),
) -> pl.DataFrame:
    """:func:`add_spc`, keeping the stored rows (with their SPC) of every chart whose rows did
    not change: the same inputs give the same judgement. On a weekly import the monthly,
    quarterly and yearly charts of the families it recomputes are mostly unchanged."""
    same = unchanged_charts(results, stored)
    judged = add_spc(results.join(same, on=CHART_KEYS, how="anti"), catalogue, changes)
    if same.is_empty():
        return judged
    kept = stored.join(same, on=CHART_KEYS, how="semi").select(judged.columns)
    return pl.concat([judged, kept.cast(judged.schema)])  # type: ignore[arg-type]


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


def rebuild_records(
    con: duckdb.DuckDBPyConnection, as_at: dt.date, only: Collection[str] | None = None
) -> None:
    """Recreate the record-level tables (one per file in ``RECORDS_DIR``, or those named in
    ``only``) as at ``as_at``."""
    for path in sorted(RECORDS_DIR.glob("*.sql")):
        if only is None or path.stem in only:
            sql = path.read_text(encoding="utf-8")
            con.execute(sql, _bound(sql, as_at))


@cache
def record_sql(name: str) -> str:
    return (RECORDS_DIR / f"{name}.sql").read_text(encoding="utf-8")


def records_to_rebuild(
    changed: frozenset[str], as_at_moved: bool, names: Collection[str] | None = None
) -> set[str]:
    """The record-level tables an incremental rebuild recreates: those reading a changed
    extract, and those reading the data-as-at date when it moved."""
    names = [p.stem for p in sorted(RECORDS_DIR.glob("*.sql"))] if names is None else names
    return {
        name
        for name in names
        if sql_inputs(record_sql(name)) & changed or (as_at_moved and "$as_at" in record_sql(name))
    }


def rebuild_series(
    con: duckdb.DuckDBPyConnection,
    changed: Collection[str] | None = None,
    batches: Collection[int] | None = None,
) -> dict[str, float]:
    """Recompute the series into ``indicator_series``; return seconds spent per part.

    ``changed``: the extracts an import or withdrawal changed. Only the families that read one
    of them (and any family whose cutoff moved, see :func:`families_to_recompute`) are
    recomputed; their rows and SPC replace theirs, the other rows stay. ``batches``: the import
    ids it added or withdrew; with them, a family with a recompute window recomputes only the
    periods they can change (:func:`recompute_from`) and keeps its stored rows of the earlier
    ones. Everything is rebuilt
    when ``changed`` is None (``python -m pipelines build``, a process change), when the first
    date of the data moved, when the store's series were built from other definitions
    (catalogue, SQL, judgement code, calendar, settings: :func:`definitions_fingerprint`) or
    when it has no record of what they were built from. The result is the same as a full
    rebuild (``tests/test_incremental_build.py``, ``benchmarks/bench_incremental.py``).
    """
    catalogue = load_catalogue()
    timings: dict[str, float] = {}
    definitions = definitions_fingerprint()
    stored = None if changed is None else stored_build(con, definitions)
    changed_set = frozenset(changed or ()) & frozenset(EXTRACT_TYPES)
    started = time.perf_counter()
    materialised = _materialise_current_views(con, None if stored is None else changed_set)
    shadowed = [] if stored is None else _shadow_with_extremes(con, materialised)
    timings["current views"] = time.perf_counter() - started
    try:
        return _rebuild(
            con,
            catalogue,
            timings,
            definitions,
            stored,
            changed_set,
            materialised,
            None if batches is None else frozenset(batches),
        )
    finally:
        for name in {*materialised, *shadowed}:
            con.execute(f"DROP TABLE IF EXISTS temp.main.{name}")  # name: the registry's


def _materialise_current_views(
    con: duckdb.DuckDBPyConnection, only: Collection[str] | None = None
) -> list[str]:
    """Each extract's current view (or those in ``only``) computed once, as a temporary table of
    the same name.

    Why: a current view takes the latest version of every record (a window over the raw table)
    each time a query reads it, and the data range, the family cutoffs, several families and the
    record tables all read the same extracts. The temporary table shadows the view for this
    connection only, until :func:`rebuild_series` drops it; figures are unchanged.
    """
    names = []
    store = _store_schema(con)
    for extract in EXTRACT_TYPES.values():
        if only is not None and extract.name not in only:
            continue
        con.execute(  # identifiers from the registry only
            f"CREATE OR REPLACE TEMP TABLE {extract.name} AS SELECT * FROM {store}.{extract.name}"
        )
        names.append(extract.name)
    return names


def _store_schema(con: duckdb.DuckDBPyConnection) -> str:
    """The store's own schema, quoted (``"<database>".main``): ``main.<name>`` would name a
    temporary table of that name first (the temporary schema is also called main)."""
    (database,) = first_row(con, "SELECT current_database()") or ("memory",)
    return '"' + str(database).replace('"', '""') + '".main'


EXTREMES_PREFIX = "series_extremes_"  # + an extract's name: its rows of earliest/latest dates


def _date_columns(extract: str) -> list[str]:
    columns = EXTRACT_TYPES[extract].schema.columns
    return [
        name
        for name, column in columns.items()
        if column.dtype.type == pl.Date or column.dtype.type == pl.Datetime  # type: ignore[attr-defined]
    ]


def _save_extremes(con: duckdb.DuckDBPyConnection, extracts: Collection[str]) -> None:
    """For each of ``extracts`` (current views materialised), its rows holding the earliest and
    the latest value of each of its date columns (the first by record key among ties; import
    ids left out, so that stores holding the same records hold the same rows), kept in the store
    as ``series_extremes_<extract>``: the minimum and maximum of every date column are theirs."""
    store = _store_schema(con)
    for extract in extracts:
        key = ", ".join(f'"{name}"' for name in EXTRACT_TYPES[extract].key)
        every = f"SELECT * EXCLUDE (_import_id) FROM temp.main.{extract}"  # as any store holds it
        picks = [
            f'({every} WHERE "{column}" IS NOT NULL ORDER BY "{column}" {order}, {key} LIMIT 1)'
            for column in _date_columns(extract)
            for order in ("ASC", "DESC")
        ]
        rows = " UNION ALL ".join(picks) or f"{every} LIMIT 0"
        con.execute(  # identifiers from the registry only
            f"CREATE OR REPLACE TABLE {store}.{EXTREMES_PREFIX}{extract} AS {rows}"
        )


def _shadow_with_extremes(
    con: duckdb.DuckDBPyConnection, materialised: Collection[str]
) -> list[str]:
    """Each extract not materialised (not changed by an incremental rebuild) shadowed by its
    stored extreme rows (:func:`_save_extremes`), so that the data range, the cutoffs and the
    first dates (minima and maxima of date columns only) read a few rows rather than each
    current view; an extract the rebuild then reads is materialised over its shadow. One without
    stored extremes is materialised. Returns the names shadowed or materialised here."""
    stored = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND starts_with(table_name, ?)",
            [EXTREMES_PREFIX],
        ).fetchall()
    }
    names = []
    store = _store_schema(con)
    for extract in EXTRACT_TYPES:
        if extract in materialised:
            continue
        source = f"{store}.{EXTREMES_PREFIX}{extract}"
        if f"{EXTREMES_PREFIX}{extract}" not in stored:
            source = f"{store}.{extract}"
        con.execute(  # identifiers from the registry only
            f"CREATE OR REPLACE TEMP TABLE {extract} AS SELECT * FROM {source}"
        )
        names.append(extract)
    return names


# What the stored series were computed from; see :func:`definitions_fingerprint`.
DEFINITION_FILES = (
    CATALOGUE_FILE,
    CALENDAR_PATH,
    *sorted(SQL_DIR.glob("*.sql")),
    *sorted(RECORDS_DIR.glob("*.sql")),
    *(
        Path(__file__).resolve().parent.parent / name
        for name in (
            "indicators/build.py",
            "indicators/judgement.py",
            "spc.py",
            "periods.py",
            "workdays.py",
            "catalogue.py",
            "extracts/registry.py",
        )
    ),
)
# Tables created by the shared inputs of _prepare_inputs: a family reading one reads its extracts.
INPUT_FILES = (
    "period_days",
    "population_periods",
    "child_protection_inputs",
    "looked_after_inputs",
    "workforce_inputs",
)


@dataclass(frozen=True)
class StoredBuild:
    """What the store's series were built from: the data range, the definitions, and the last
    period end each family reported."""

    data_from: dt.date | None
    data_as_at: dt.date | None
    cutoffs: dict[str, dt.date]


def definitions_fingerprint() -> str:
    """A digest of everything besides the extracts that the series depend on: the catalogue, the
    family and record SQL, the code that judges and fills them, the calendar and the settings
    they read. A store built from other definitions is rebuilt in full."""
    settings = load_settings()
    digest = hashlib.sha256(_files_digest().encode())
    digest.update(
        f"{CALENDAR_VERSION}|{SERIES_VERSION}|{settings.week_ending_weekday}|"
        f"{settings.caseload_threshold_per_fte}|{settings.supervision_days}|"
        f"{sorted(settings.mandatory_courses)}|{settings.council_code}".encode()
    )
    return digest.hexdigest()


@cache
def _files_digest() -> str:
    """The digest of the definition files as this process first read them: the code it runs,
    not files changed on disk since (an upgrade takes effect with a new process)."""
    digest = hashlib.sha256()
    for path in DEFINITION_FILES:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def stored_build(con: duckdb.DuckDBPyConnection, definitions: str) -> StoredBuild | None:
    """What the stored series were built from, if from these definitions (None: rebuild all)."""
    found = first_row(
        con,
        "SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() AND "
        "schema_name = 'main' AND table_name = 'series_meta' AND column_name = 'definitions'",
    )
    if not found or not found[0]:
        return None
    meta = first_row(con, "SELECT data_from, data_as_at, definitions FROM main.series_meta")
    if meta is None or meta[2] != definitions:
        return None
    cutoffs = dict(query_frame(con, "SELECT computation, cutoff FROM main.series_families").rows())
    return StoredBuild(meta[0], meta[1], cutoffs)


def _sql_words(sql: str) -> set[str]:
    without_comments = re.sub(r"--[^\n]*", " ", sql)
    return set(re.findall(r"[a-z_][a-z0-9_]*", without_comments.lower()))


@cache
def _input_tables_of(name: str) -> frozenset[str]:
    """The temporary tables one shared input file creates."""
    return frozenset(table for kind, table in _input_objects_of(name) if kind == "table")


@cache
def _input_names_of(name: str) -> frozenset[str]:
    """The temporary tables and macros one shared input file creates: SQL naming any of them
    needs the file run (e.g. a family calling ``social_work_role()`` of workforce_inputs)."""
    return frozenset(object_name for _, object_name in _input_objects_of(name))


@cache
def _input_objects_of(name: str) -> tuple[tuple[str, str], ...]:
    sql = family_sql(name).lower()
    pattern = r"create\s+or\s+replace\s+temp\s+(table|macro|view)\s+(\w+)"
    return tuple(re.findall(pattern, sql))


@cache
def _input_tables() -> dict[str, frozenset[str]]:
    """The temporary tables of the shared inputs, with the extracts each reads."""
    return {
        table: frozenset(_sql_words(family_sql(name)) & set(EXTRACT_TYPES))
        for name in INPUT_FILES
        for table in _input_tables_of(name)
    }


def sql_inputs(sql: str) -> frozenset[str]:
    """The extracts a query reads: those it names, and those of the shared input tables it
    names. Naming an extract only in passing costs a needless recompute, never a stale
    figure."""
    words = _sql_words(sql)
    reads = words & set(EXTRACT_TYPES)
    for table, table_reads in _input_tables().items():
        if table in words:
            reads |= table_reads
    return frozenset(reads)


def family_inputs(catalogue: dict[str, Indicator]) -> dict[str, frozenset[str]]:
    """The extracts each family reads: those its indicators declare in the catalogue
    (``extracts``), every extract its SQL names, and those of the shared input tables it reads
    (e.g. ``cp_register`` reads the allocations for a registration's team): see
    :func:`sql_inputs`."""
    declared: dict[str, set[str]] = {}
    for indicator in catalogue.values():
        declared.setdefault(indicator.computation, set()).update(indicator.extracts)
    return {
        computation: frozenset(extracts) | sql_inputs(family_sql(computation))
        for computation, extracts in declared.items()
    }


def families_to_recompute(
    catalogue: dict[str, Indicator],
    changed: frozenset[str],
    cutoffs: dict[str, dt.date],
    stored: StoredBuild,
    as_at: dt.date,
) -> set[str]:
    """The families an incremental rebuild recomputes: those reading a changed extract, those
    whose cutoff moved (e.g. the caseloads, open-ended, follow the data-as-at date), and those
    whose SQL reads the data-as-at date when it moved."""
    todo = {family for family, reads in family_inputs(catalogue).items() if reads & changed}
    for family, cutoff in cutoffs.items():
        if stored.cutoffs.get(family) != cutoff:
            todo.add(family)
        if as_at != stored.data_as_at and "$as_at" in family_sql(family):
            todo.add(family)
    return todo


# A family's groups: the series its SQL returned rows for (before the periods without any are
# filled in, see :func:`_fill_missing_periods`), with the first period end each has a row for;
# kept per family in the table ``series_groups`` for the incremental rebuild.
GROUP_SCHEMA = {
    "indicator_id": pl.String,
    "period_type": pl.String,
    "breakdown": pl.String,
    "breakdown_value": pl.String,
    "first_end": pl.Date,
}
GROUP_KEYS = list(GROUP_SCHEMA)[:4]
# A family's recompute window, declared in its SQL: the extracts whose changed records change
# only the periods ending on or after their earliest date, and the date columns that date is
# taken from, e.g. ``-- Recompute window: contacts(received_at, decision_at)``. The SQL then
# reads ``$recompute_from`` (NULL: every period) and reads what those periods need, look-backs
# included. A family without one is recomputed over every period.
WINDOW_LINE = re.compile(r"^-- Recompute window: (.+)$", re.MULTILINE)


@cache
def recompute_window(computation: str) -> dict[str, tuple[str, ...]] | None:
    """The extracts and date columns of a family's recompute window (None: it has none)."""
    found = WINDOW_LINE.search(family_sql(computation))
    if found is None:
        return None
    rule: dict[str, tuple[str, ...]] = {}
    for extract, listed in re.findall(r"(\w+)\(([^)]*)\)", found.group(1)):
        columns = tuple(name.strip() for name in listed.split(",") if name.strip())
        known = EXTRACT_TYPES.get(extract)
        if known is None or not columns or not set(columns) <= set(known.columns):
            raise ValueError(
                f"{computation}.sql: the recompute window names {extract}({listed}), "
                "which is not an extract with those columns"
            )
        rule[extract] = columns
    return rule or None


def changed_from(
    con: duckdb.DuckDBPyConnection,
    extract: str,
    columns: Collection[str],
    batches: Collection[int],
) -> dt.date | None:
    """The earliest of the dates ``columns`` over every version of the records of ``extract``
    with a version in ``batches`` (the import ids an import added or a withdrawal withdrew)."""
    kind = EXTRACT_TYPES[extract]
    sql = family_sql("changed_from").format(  # identifiers from the registry only
        raw=raw_table(kind),
        key=", ".join(f'"{name}"' for name in kind.key),
        dates=", ".join(f'CAST("{name}" AS DATE)' for name in columns),
    )
    row = first_row(con, sql, {"batches": sorted(batches)})
    return row[0] if row else None


def recompute_from(
    con: duckdb.DuckDBPyConnection,
    catalogue: dict[str, Indicator],
    computation: str,
    changed: frozenset[str],
    batches: Collection[int] | None,
    stored: StoredBuild,
    cutoffs: dict[str, dt.date],
    as_at: dt.date,
) -> dt.date | None:
    """The first period end an incremental rebuild recomputes for a family; the stored rows of
    the periods ending before it stay. None: every period (the family has no recompute window,
    reads a changed extract its window does not cover, reads the data-as-at date and it moved,
    or the import ids are not known).

    The date: the earliest date of the changed records in the window's columns (their old and
    new versions), and the day after the stored cutoff when the cutoff moved (the periods up to
    the new cutoff were never stored).
    """
    rule = recompute_window(computation)
    if rule is None or not batches:
        return None
    if as_at != stored.data_as_at and "$as_at" in family_sql(computation):
        return None
    reads = family_inputs(catalogue)[computation] & changed
    if not reads <= set(rule):
        return None
    dates = []
    for extract in sorted(reads):
        day = changed_from(con, extract, rule[extract], batches)
        if day is None:
            return None
        dates.append(day)
    old = stored.cutoffs.get(computation)
    if old is None:
        return None
    if cutoffs[computation] != old:
        dates.append(old + dt.timedelta(days=1))
    return min(dates) if dates else None


def _with_stored_periods(
    con: duckdb.DuckDBPyConnection,
    computation: str,
    frame: pl.DataFrame,
    window: dt.date,
    periods: pl.DataFrame,
    cutoff: dt.date,
) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """A family's rows after a run from ``window``, as a full run would give them to
    :func:`_fill_missing_periods`, and its groups (see :func:`family_groups`).

    The rows: those of the periods ending on or after ``window``, and the stored rows of the
    earlier periods (those the periods and the cutoff still hold) of the groups that had a row
    before ``window`` (those rows did not change; the stored rows of the other groups there
    were filled in and are filled in again if their group still has a row). None when a
    stored chart kept is "not applicable" (its values were blanked): every period is run.
    """
    recent = frame.filter(pl.col("period_end") >= window)
    stored_groups = query_frame(
        con,
        "SELECT indicator_id, period_type, breakdown, breakdown_value, first_end "
        "FROM series_groups WHERE computation = ?",
        [computation],
    ).cast(GROUP_SCHEMA)  # type: ignore[arg-type]
    # (A series whose first row now falls after the cutoff, which moved back, has none early.)
    early = stored_groups.filter((pl.col("first_end") < window) & (pl.col("first_end") <= cutoff))
    kept = query_frame(
        con,
        f"SELECT * FROM {SERIES_TABLE} WHERE list_contains(?, indicator_id) AND period_end < ?",
        [sorted(set(early["indicator_id"].to_list())), window],
    )
    if kept.filter(pl.col("withheld") == "not_applicable").height:
        return None
    kept = (
        kept.join(early, on=GROUP_KEYS, how="semi")
        .join(
            periods.select("period_type", "period_start", "period_end"),
            on=["period_type", "period_start", "period_end"],
            how="semi",
        )
        .filter(pl.col("period_end") <= cutoff)
        .select(list(RESULT_SCHEMA))
        .cast(RESULT_SCHEMA)  # type: ignore[arg-type]
    )
    groups = (
        pl.concat([early, family_groups(recent)])
        .group_by(GROUP_KEYS)
        .agg(pl.col("first_end").min())
    )
    return pl.concat([recent, kept]), groups


def family_groups(frame: pl.DataFrame) -> pl.DataFrame:
    """The series a family's SQL returned rows for, each with the first period end it has a row
    for: the series :func:`_fill_missing_periods` fills over every period."""
    return (
        frame.group_by(GROUP_KEYS)
        .agg(pl.col("period_end").min().alias("first_end"))
        .cast(GROUP_SCHEMA)  # type: ignore[arg-type]
    )


def _owner(catalogue: dict[str, Indicator], indicator_id: str) -> str:
    """The family whose rows an indicator's series are (uploads: ``uploaded``)."""
    indicator = catalogue.get(indicator_id)
    return indicator.computation if indicator is not None and indicator.computed else UPLOADED


def _rebuild(
    con: duckdb.DuckDBPyConnection,
    catalogue: dict[str, Indicator],
    timings: dict[str, float],
    definitions: str,
    stored: StoredBuild | None,
    changed: frozenset[str],
    materialised: list[str],
    batches: frozenset[int] | None = None,
) -> dict[str, float]:
    span = data_range(con)
    if stored is not None and (span is None or span[0] != stored.data_from):
        stored = None  # the periods start elsewhere: every series changes
        materialised += _materialise_current_views(con, set(EXTRACT_TYPES) - set(materialised))
    todo: set[str] | None = None  # None: every family
    records: set[str] | None = None  # None: every record table
    words: set[str] | None = None  # the words of the SQL to run (None: all of it runs)
    frames = []
    groups = []  # each recomputed family's groups (see series_groups)
    periods = pl.DataFrame()
    cutoffs: dict[str, dt.date] = {}
    if span is None:  # no events: no record-level table may outlive the data it listed
        for path in RECORDS_DIR.glob("*.sql"):
            con.execute(f"DROP TABLE IF EXISTS {path.stem}")  # identifier: a file name of ours
    if span is not None:
        first, as_at = span
        cutoffs = family_cutoffs(con, catalogue, as_at)
        if stored is not None:
            todo = families_to_recompute(catalogue, changed, cutoffs, stored, as_at)
            records = records_to_rebuild(changed, as_at != stored.data_as_at)
            computed = [f for f in todo if f != UPLOADED]
            sql = [family_sql(f) for f in computed] + [record_sql(r) for r in records]
            words = set().union(*(_sql_words(text) for text in sql)) if sql else set()
            needed = set().union(*(sql_inputs(text) for text in sql)) if sql else set()
            needed |= set().union(*(family_inputs(catalogue)[f] for f in computed))
            for name in _inputs_run(words):
                needed |= _sql_words(family_sql(name)) & set(EXTRACT_TYPES)
            started = time.perf_counter()
            materialised += _materialise_current_views(con, needed - set(materialised))
            timings["current views"] += time.perf_counter() - started
        periods = _prepare_inputs(con, first, as_at, words)
        for computation in sorted({i.computation for i in catalogue.values() if i.computed}):
            if todo is not None and computation not in todo:
                continue
            started = time.perf_counter()
            cutoff = cutoffs[computation]
            window = None
            if stored is not None:
                window = recompute_from(
                    con, catalogue, computation, changed, batches, stored, cutoffs, as_at
                )
            frame = compute_family(con, computation, as_at, window)
            frame = frame.filter(pl.col("period_end") <= cutoff)
            found = None
            if window is not None:
                found = _with_stored_periods(con, computation, frame, window, periods, cutoff)
                if found is None:  # the stored rows cannot be kept: every period
                    frame = compute_family(con, computation, as_at)
                    frame = frame.filter(pl.col("period_end") <= cutoff)
            frame, family = found or (frame, family_groups(frame))
            groups.append(family.with_columns(pl.lit(computation).alias("computation")))
            frames.append(frame)
            timings[computation] = time.perf_counter() - started
        started = time.perf_counter()
        rebuild_records(con, as_at, records)
        timings["records"] = time.perf_counter() - started
    if todo is not None and UPLOADED_EXTRACT in changed:
        todo.add(UPLOADED)
    started = time.perf_counter()
    if todo is None or UPLOADED in todo:
        frames.append(uploaded_values(con))
    timings["uploaded"] = time.perf_counter() - started
    results = pl.concat(frames) if frames else pl.DataFrame(schema=RESULT_SCHEMA)
    if not periods.is_empty():
        results = _fill_missing_periods(results, periods, catalogue, cutoffs)
    results = _complete(results, catalogue, con, span)
    started = time.perf_counter()
    changes = tuple(active_changes(con))
    if todo is None:
        series = add_spc(results, catalogue, changes)
    else:
        # The rows of the recomputed families' indicators (and of any id they produced).
        produced = set(results["indicator_id"].unique().to_list())
        stale = [i for i in _series_ids(con) if _owner(catalogue, i) in todo or i in produced]
        stored_rows = query_frame(
            con, f"SELECT * FROM {SERIES_TABLE} WHERE list_contains(?, indicator_id)", [stale]
        )
        series = add_spc_reusing(results, stored_rows, catalogue, changes)
    timings["spc"] = time.perf_counter() - started
    started = time.perf_counter()
    if todo is None:
        frame_table(con, SERIES_TABLE, series)
    else:
        con.execute(f"DELETE FROM {SERIES_TABLE} WHERE list_contains(?, indicator_id)", [stale])
        with registered(con, series) as name:
            con.execute(f"INSERT INTO {SERIES_TABLE} BY NAME SELECT * FROM {name}")
    con.execute(
        "CREATE OR REPLACE TABLE series_meta AS SELECT ? AS built_at, ? AS data_from, "
        "? AS data_as_at, ? AS calendar_version, ? AS series_version, ? AS definitions",
        [
            dt.datetime.now(),
            span[0] if span else None,
            span[1] if span else None,
            CALENDAR_VERSION,
            SERIES_VERSION,
            definitions,
        ],
    )
    families = pl.DataFrame(
        {"computation": list(cutoffs), "cutoff": list(cutoffs.values())},
        schema={"computation": pl.String, "cutoff": pl.Date},
    )
    frame_table(con, "series_families", families)
    _save_extremes(con, materialised)
    groups_table = (
        pl.concat(groups).select("computation", *GROUP_SCHEMA)
        if groups
        else pl.DataFrame(schema={"computation": pl.String, **GROUP_SCHEMA})
    )
    if todo is None:
        frame_table(con, "series_groups", groups_table)
    else:
        con.execute("DELETE FROM series_groups WHERE list_contains(?, computation)", [sorted(todo)])
        with registered(con, groups_table) as name:
            con.execute(f"INSERT INTO series_groups BY NAME SELECT * FROM {name}")
    timings["write"] = time.perf_counter() - started
    return timings


def _series_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    return query_frame(con, f"SELECT DISTINCT indicator_id FROM {SERIES_TABLE}")[
        "indicator_id"
    ].to_list()


def derived_tables(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    """What a rebuild leaves in the store, in a stable order: the series (sorted by their grain),
    the data range, the family cutoffs and the record-level tables. Two stores whose extracts
    read the same give equal results, whichever way (incremental or full) they were built."""
    grain = ["indicator_id", "period_type", "period_start", "period_end", "breakdown"]
    tables = {
        SERIES_TABLE: query_frame(con, f"SELECT * FROM {SERIES_TABLE}").sort(
            [*grain, "breakdown_value"]
        ),
        "series_meta": query_frame(con, "SELECT data_from, data_as_at FROM series_meta"),
        "series_families": query_frame(con, "SELECT * FROM series_families ORDER BY 1"),
        "series_groups": query_frame(con, "SELECT * FROM series_groups ORDER BY ALL"),
    }
    for path in sorted(RECORDS_DIR.glob("*.sql")):
        found = first_row(
            con,
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name = ?",
            [path.stem],
        )
        if found and found[0]:
            frame = query_frame(con, f"SELECT * FROM main.{path.stem}")  # a file name of ours
            tables[path.stem] = frame.sort(frame.columns)
    return tables
