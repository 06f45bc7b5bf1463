"""The analyst's error report: problems grouped for the screen, and the full list as CSV.

The CSV is opened in Excel, so it is written through the product's one neutralising writer
(:func:`pipelines.presentation.exports.safe_csv`): a cell that starts like a formula is shown as
text instead of being run ("CSV injection").
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.presentation.exports import neutralise, safe_csv
from pipelines.presentation.i18n import N_, _

__all__ = ["REPORT_COLUMNS", "ProblemGroup", "group_problems", "neutralise", "report_csv"]

# The report's headers, in the language of the page or command (translated when written).
REPORT_COLUMNS = {
    "severity": N_("Severity"),
    "row": N_("Row (as in Excel)"),
    "column": N_("Column"),
    "value": N_("Value"),
    "reason": N_("Problem"),
    "fix": N_("What to do"),
    "rule": N_("Rule"),
}
SEVERITY_WORDS = {"error": N_("error"), "warning": N_("warning")}


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
    """Every problem as CSV for download, errors first, with formula-like cells neutralised.

    The headers and the severity are in the current language; the rule is a code (kept as it is,
    for whoever supports the dashboard), and the problem and what to do are in the language the
    file was checked in."""
    severity = {code: _(words) for code, words in SEVERITY_WORDS.items()}
    ordered = (
        problems.with_columns((pl.col("severity") != "error").alias("_order"))
        .sort(["_order", "row"], nulls_last=False)
        .drop("_order")
        .with_columns(pl.col("severity").replace(severity))
    )
    return safe_csv(
        ordered.select([pl.col(c).alias(_(label)) for c, label in REPORT_COLUMNS.items()])
    )
