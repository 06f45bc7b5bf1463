"""The analyst's error report: problems grouped for the screen, and the full list as CSV.

The CSV is opened in Excel, so any cell that starts with =, +, - or @ (or a tab or carriage
return) is prefixed with an apostrophe: Excel then shows it as text instead of running it as a
formula ("CSV injection").
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
REPORT_COLUMNS = {
    "severity": "Severity",
    "row": "Row (as in Excel)",
    "column": "Column",
    "value": "Value",
    "reason": "Problem",
    "fix": "What to do",
    "rule": "Rule",
}


@dataclass(frozen=True)
class ProblemGroup:
    rule: str
    column: str | None
    count: int
    first: pl.DataFrame  # the first rows of this group, in row order


def group_problems(problems: pl.DataFrame, first_rows: int = 5) -> list[ProblemGroup]:
    """Problems grouped by rule and column, biggest group first."""
    if problems.is_empty():
        return []
    groups = []
    for (rule, column), frame in problems.group_by(["rule", "column"], maintain_order=True):
        ordered = frame.sort("row", nulls_last=False)
        groups.append(ProblemGroup(str(rule), column, frame.height, ordered.head(first_rows)))  # type: ignore[arg-type]
    return sorted(groups, key=lambda g: (-g.count, g.rule, g.column or ""))


def neutralise(text: str | None) -> str | None:
    """A cell value made safe to open in a spreadsheet."""
    if text is None:
        return None
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def report_csv(problems: pl.DataFrame) -> str:
    """Every problem as CSV for download, errors first, with formula-like cells neutralised."""
    ordered = (
        problems.with_columns((pl.col("severity") != "error").alias("_order"))
        .sort(["_order", "row"], nulls_last=False)
        .drop("_order")
    )
    safe = ordered.select(
        [
            (
                pl.col(c).cast(pl.String).map_elements(neutralise, return_dtype=pl.String)
                if c != "row"
                else pl.col(c)
            ).alias(label)
            for c, label in REPORT_COLUMNS.items()
        ]
    )
    return safe.write_csv()
