"""What a validated file would do to the store, worked out before anything is committed.

The comparison reads the published store; the effect on the headline indicators comes from a dry
run: the file is imported into a private temporary copy of the store, the series are rebuilt there,
and the copy is thrown away. The published store is never opened for writing.
"""

from __future__ import annotations

import datetime as dt
import getpass
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.catalogue import headline_indicators
from pipelines.extracts.fields import DATE, DATETIME, field_kind
from pipelines.ingest import Prepared
from pipelines.ingest.reader import ROW
from pipelines.store.ddl import ensure_schema
from pipelines.store.links import link_problems
from pipelines.store.reader import query_frame, read_connection
from pipelines.store.writer import insert_batch


@dataclass(frozen=True)
class Preview:
    new: int
    changed: int
    unchanged: int
    absent: int  # records in the store that this file does not mention (they stay as they are)
    first_date: dt.date | None
    last_date: dt.date | None
    headline: pl.DataFrame  # indicator_id, name, unit, period_end, before, after
    links: pl.DataFrame  # problems from the rules between extracts (errors block the commit)


def _current(con: duckdb.DuckDBPyConnection, prepared: Prepared) -> pl.DataFrame:
    columns = ", ".join(f'"{c}"' for c in prepared.extract.columns)
    return query_frame(con, f"SELECT {columns} FROM {prepared.extract.name}")  # allow-listed


def compare(current: pl.DataFrame, prepared: Prepared) -> tuple[int, int, int, int]:
    """Counts of new, changed, unchanged and absent records, by the extract's record key."""
    key = list(prepared.extract.key)
    incoming = prepared.frame.drop(ROW)
    if current.is_empty():
        return incoming.height, 0, 0, 0
    current = current.cast(dict(incoming.schema))  # type: ignore[arg-type]
    both = incoming.join(current, on=key, how="inner", nulls_equal=True, suffix="__old")
    others = [c for c in incoming.columns if c not in key]
    differs = (
        pl.any_horizontal([pl.col(c).ne_missing(pl.col(f"{c}__old")) for c in others])
        if others
        else pl.lit(False)
    )
    changed = both.filter(differs).height
    matched = both.height
    absent = current.join(incoming, on=key, how="anti", nulls_equal=True).height
    return incoming.height - matched, changed, matched - changed, absent


def date_range(prepared: Prepared) -> tuple[dt.date | None, dt.date | None]:
    """The earliest and latest date in any date column of the file."""
    lows, highs = [], []
    for name, column in prepared.extract.schema.columns.items():
        if field_kind(column) in (DATE, DATETIME):
            values = prepared.frame.get_column(name).cast(pl.Date)
            if values.drop_nulls().len():
                lows.append(values.min())
                highs.append(values.max())
    return (min(lows) if lows else None, max(highs) if highs else None)  # type: ignore[type-var]


def _latest_headline(con: duckdb.DuckDBPyConnection, period_type: str) -> pl.DataFrame:
    ids = [i.id for i in headline_indicators()]
    return query_frame(
        con,
        "SELECT indicator_id, period_end, value FROM indicator_series WHERE period_type = ? "
        "AND breakdown = 'total' AND indicator_id IN (SELECT unnest(CAST(? AS VARCHAR[]))) "
        "QUALIFY row_number() OVER (PARTITION BY indicator_id ORDER BY period_end DESC) = 1",
        [period_type, ids],
    )


def headline_effect(
    store: Path, prepared: Prepared, period_type: str = "week"
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Latest headline values before and after, from a dry run in a temporary copy, and the
    problems the rules between extracts find there."""
    from pipelines.indicators.build import rebuild_series

    with tempfile.TemporaryDirectory(prefix="preview-") as folder:
        copy = Path(folder) / "preview.duckdb"
        before = pl.DataFrame(
            schema={"indicator_id": pl.String, "period_end": pl.Date, "value": pl.Float64}
        )
        if store.exists():
            shutil.copyfile(store, copy)
        con = duckdb.connect(str(copy))
        try:
            ensure_schema(con)
            if store.exists():
                before = _latest_headline(con, period_type)
            # A scratch copy: the preview shows the effect whatever the store holds (mixing is
            # refused, or asked about, only when the file is committed).
            batch = insert_batch(con, prepared, getpass.getuser(), False, dt.datetime.now(), True)
            links = link_problems(con, {batch.import_id: prepared}).drop("import_id")
            rebuild_series(con, {prepared.extract.name})
            after = _latest_headline(con, period_type)
        finally:
            con.close()
    names = pl.DataFrame(
        [{"indicator_id": i.id, "name": i.name, "unit": i.unit} for i in headline_indicators()]
    )
    headline = names.join(
        before.rename({"value": "before", "period_end": "before_period"}),
        on="indicator_id",
        how="left",
    ).join(
        after.rename({"value": "after", "period_end": "after_period"}),
        on="indicator_id",
        how="left",
    )
    return headline, links


def preview(store: Path, prepared: Prepared, period_type: str = "week") -> Preview:
    if store.exists():
        con = read_connection(store)
        try:
            current = _current(con, prepared)
        finally:
            con.close()
    else:
        current = pl.DataFrame()
    new, changed, unchanged, absent = compare(current, prepared)
    first, last = date_range(prepared)
    headline, links = headline_effect(store, prepared, period_type)
    return Preview(new, changed, unchanged, absent, first, last, headline, links)
