"""Downloads a person opens in Excel: human column names, numbers rounded as the dashboard shows
them (the unit's decimal places), dates as dd/mm/yyyy and SPC results in words."""

from __future__ import annotations

import polars as pl

from pipelines.catalogue import Indicator
from pipelines.presentation.formatting import DECIMALS
from pipelines.presentation.status import RULE_WORDS, point_words

SERIES_COLUMNS = {
    "period_start": "Period start",
    "period_end": "Period end",
    "breakdown": "Breakdown",
    "breakdown_value": "Breakdown value",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "value": "Value",
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
            pl.col("point_type").map_elements(point_words, return_dtype=pl.String),
            pl.col("rule").replace_strict(RULE_WORDS, default=pl.col("rule")),
        ]
    )
    return table.rename({c: SERIES_COLUMNS[c] for c in present})


def series_csv(chart: pl.DataFrame, indicator: Indicator) -> str:
    """The CSV of :func:`series_table` (values from the store pass through the CSV writer as
    data; formula neutralisation belongs to the one CSV writer issue 9 adds)."""
    return series_table(chart, indicator).write_csv()
