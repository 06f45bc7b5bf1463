"""Every CSV the product writes for someone to open in a spreadsheet goes through here.

Why: Excel runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return
before one) as a formula, so a team named ``-2+3+cmd|' /C calc'!A0`` in a downloaded series would
run a command on the reader's machine ("CSV injection", OWASP). Text cells that start like a
formula are prefixed with an apostrophe, which Excel shows as text. Numbers, dates and booleans are
written as values (a negative number stays a number). The error report, the detail page's series
download and the command line's ``series --format csv`` all use :func:`safe_csv`.

Downloads of a series (:func:`series_table`) have human column names, numbers rounded as the
dashboard shows them (the unit's decimal places), dates as dd/mm/yyyy and SPC results in words.
"""

from __future__ import annotations

import polars as pl

from pipelines.catalogue import Indicator
from pipelines.presentation.formatting import DECIMALS
from pipelines.presentation.status import RULE_WORDS, point_words_by_type, rule_words
from pipelines.published.symbols import REASONS as GAP_REASONS

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(text: str | None) -> str | None:
    """A text cell made safe to open in a spreadsheet."""
    if text is None:
        return None
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def neutralised(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every text column neutralised, other columns as they are."""
    return frame.with_columns(
        pl.col(name).map_elements(neutralise, return_dtype=pl.String)
        for name, dtype in frame.schema.items()
        if dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum)
    )


def safe_csv(frame: pl.DataFrame) -> str:
    """The CSV text of ``frame``, neutralised for spreadsheets."""
    return neutralised(frame).write_csv()


SERIES_COLUMNS = {
    "period_start": "Period start",
    "period_end": "Period end",
    "breakdown": "Breakdown",
    "breakdown_value": "Breakdown value",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "value": "Value",
    "gap_reason": "Why there is no figure",
    "mean": "Average",
    "lower": "Lower process limit",
    "upper": "Upper process limit",
    "target": "Target",
    "point_type": "SPC result",
    "rule": "Rule that fired",
}


def series_table(chart: pl.DataFrame, indicator: Indicator) -> pl.DataFrame:
    """One chart's rows, oldest first, as people read them."""
    places = DECIMALS.get(indicator.unit, 1)
    count_places = 1 if indicator.unit == "ratio" else 0
    present = [c for c in SERIES_COLUMNS if c in chart.columns]
    table = chart.sort("period_end").select(present)
    rounded = {
        "numerator": count_places,
        "denominator": count_places,
        "value": places,
        "mean": places,
        "lower": places,
        "upper": places,
        "target": places,
    }
    table = table.with_columns(
        [pl.col(c).round(n) for c, n in rounded.items() if c in table.columns]
        + [pl.col(c).dt.strftime("%d/%m/%Y") for c in ("period_start", "period_end")]
        + [
            pl.col("breakdown").replace({"total": "All (total)"}).str.replace("_", " "),
            # Words looked up here, not in a Polars callback: the language is this thread's.
            pl.col("point_type").replace_strict(
                point_words_by_type(), default=pl.col("point_type"), return_dtype=pl.String
            ),
            pl.col("rule").replace_strict(
                {r: rule_words(r) for r in RULE_WORDS}, default=pl.col("rule")
            ),
        ]
    )
    if "gap_reason" in table.columns:
        table = table.with_columns(
            pl.col("gap_reason").replace_strict(GAP_REASONS, default=pl.col("gap_reason"))
        )
    return table.rename({c: SERIES_COLUMNS[c] for c in present})


def series_csv(chart: pl.DataFrame, indicator: Indicator) -> str:
    """The CSV of :func:`series_table`, written through :func:`safe_csv`."""
    return safe_csv(series_table(chart, indicator))
