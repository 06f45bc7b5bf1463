"""Which period type a supplied figure's dates match, and the import's warning for a figure whose
period matches none.

Why a warning: a figure for a period that is none of our types (e.g. 1 March to 15 May) is kept
but charted on no period type; before, it disappeared silently. The classification is the SQL
macro ``period_type`` (``pipelines/sql/indicators/period_type.sql``), the one definition the
series build uses too.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from pipelines.ingest.problems import PROBLEM_SCHEMA, WARNING, template_expr
from pipelines.ingest.reader import ROW
from pipelines.periods import OTHER_YEARS
from pipelines.presentation.i18n import N_, _

MACRO = Path(__file__).resolve().parent.parent / "sql" / "indicators" / "period_type.sql"
# The published years of pipelines.periods.OTHER_YEARS as the warning names them (a test keeps
# the two in step), marked for translation.
OTHER_YEAR_WORDS = {
    "calendar_year": N_("calendar years (January–December)"),
    "academic_year": N_("academic years (September–August)"),
    "year_to_september": N_("years to 30 September"),
}


def known_types() -> str:
    """The period types the dashboard charts, in the current language."""
    return _(
        "weeks (ending on the configured day), calendar months, quarters (January–March, …), "
        "financial years (April–March), {other_years}",
        other_years=", ".join(_(OTHER_YEAR_WORDS[kind]) for kind in OTHER_YEARS),
    )


def period_types(frame: pl.DataFrame, week_ending: int) -> pl.Series:
    """The period type of each row of ``frame`` (columns period_start, period_end)."""
    with duckdb.connect() as con:
        con.execute(MACRO.read_text(encoding="utf-8"))
        rows = frame.select("period_start", "period_end")  # noqa: F841 (read by SQL)
        return (
            con.sql(
                "SELECT period_type(period_start, period_end, ?) AS t FROM rows",
                params=[week_ending],
            )
            .pl()
            .get_column("t")
        )


def period_warnings(
    frame: pl.DataFrame, extract: str, headers: dict[str, str], week_ending: int
) -> pl.DataFrame:
    """A warning for each row whose period matches no period type (indicator_values only)."""
    if extract != "indicator_values" or frame.is_empty():
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    frame = frame.filter(pl.col("period_end") >= pl.col("period_start"))
    types = period_types(frame, week_ending)
    custom = frame.with_columns(types.alias("_type")).filter(pl.col("_type") == "custom")
    column = headers.get("period_end", "Period End")
    return custom.select(
        pl.col(ROW).alias("row"),
        pl.lit(column).alias("column"),
        template_expr(  # "01/03/2024 to 15/05/2024", the "to" in the current language
            _("{start} to {end}"),
            start=pl.col("period_start").dt.strftime("%d/%m/%Y"),
            end=pl.col("period_end").dt.strftime("%d/%m/%Y"),
        ).alias("value"),
        pl.lit("period_matches_no_type").alias("rule"),
        pl.lit(
            _(
                "this period is none of the period types the dashboard charts, so the figure is "
                "kept but appears on no chart"
            )
        ).alias("reason"),
        pl.lit(
            _(
                "if it is meant to be one, correct its dates; the types are {types}",
                types=known_types(),
            )
        ).alias("fix"),
        pl.lit(WARNING).alias("severity"),
    ).cast(PROBLEM_SCHEMA)  # type: ignore[arg-type]
