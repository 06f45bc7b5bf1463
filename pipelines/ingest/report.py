"""The analyst's error report: problems grouped for the screen, and the full list as CSV.

The CSV is opened in Excel, so it is written through the product's one neutralising writer
(:func:`pipelines.presentation.exports.safe_csv`): a cell that starts like a formula is shown as
text instead of being run ("CSV injection").
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.presentation.exports import neutralise, safe_csv

__all__ = ["REPORT_COLUMNS", "ProblemGroup", "group_problems", "neutralise", "report_csv"]

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


def report_csv(problems: pl.DataFrame) -> str:
    """Every problem as CSV for download, errors first, with formula-like cells neutralised."""
    ordered = (
        problems.with_columns((pl.col("severity") != "error").alias("_order"))
        .sort(["_order", "row"], nulls_last=False)
        .drop("_order")
    )
    return safe_csv(ordered.select([pl.col(c).alias(label) for c, label in REPORT_COLUMNS.items()]))
