"""Published figures' cells before they are parsed: a publisher's symbol in place of a figure
becomes a gap with its reason, and an area written by name becomes its ONS code.

Why before parsing: a symbol is the publisher saying why there is no figure. Refused as "not a
number", it invited the analyst to type 0 or delete the row, and either hid the gap (a deleted
year was then bridged by the SPC). A symbol in 'Value' is read only when 'Status' is blank; with
both filled the symbol stays and is reported as not a number, so nothing is guessed.
"""

from __future__ import annotations

import polars as pl

from pipelines.published.areas import area_names, code_for_name
from pipelines.published.symbols import SYMBOLS

EXTRACT = "indicator_values"


def _symbol_reason(cell: pl.Expr) -> pl.Expr:
    key = cell.str.replace_all(r"\s+", "").str.to_lowercase()
    lookup = {symbol: reason for symbol, (reason, _) in SYMBOLS.items()}
    return key.replace_strict(lookup, default=None, return_dtype=pl.String)


def read_published_cells(cells: pl.DataFrame, extract: str) -> pl.DataFrame:
    """``cells`` (text, one column per contract column) with symbols read as gaps; unchanged for
    other extracts."""
    if extract != EXTRACT or "value" not in cells.columns:
        return cells
    if "status" not in cells.columns:
        cells = cells.with_columns(pl.lit(None, dtype=pl.String).alias("status"))
    reason = _symbol_reason(pl.col("value"))
    moves = reason.is_not_null() & pl.col("status").is_null()
    cells = cells.with_columns(
        pl.when(moves).then(reason).otherwise(pl.col("status")).alias("status"),
        pl.when(moves)
        .then(pl.lit(None, dtype=pl.String))
        .otherwise(pl.col("value"))
        .alias("value"),
    )
    if "geography" in cells.columns:
        names = {
            value: code_for_name(value) or value
            for value in cells.get_column("geography").drop_nulls().unique().to_list()
            if value not in area_names()
        }
        if names:
            cells = cells.with_columns(pl.col("geography").replace(names))
    return cells
