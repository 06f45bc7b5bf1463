"""Every CSV the product writes for someone to open in a spreadsheet goes through here.

Why: Excel runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return
before one) as a formula, so a team named ``-2+3+cmd|' /C calc'!A0`` in a downloaded series would
run a command on the reader's machine ("CSV injection", OWASP). Text cells that start like a
formula are prefixed with an apostrophe, which Excel shows as text. Numbers, dates and booleans are
written as values (a negative number stays a number). The error report, the detail page's series
download and the command line's ``series --format csv`` all use :func:`safe_csv`.
"""

from __future__ import annotations

import polars as pl

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
