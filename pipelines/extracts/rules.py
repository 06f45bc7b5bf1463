"""Cross-field rules: relationships between columns of one row that the case system should keep.

Each rule is data (a name, the column it is reported against, the columns it reads, a Polars
expression that is true when the row is fine, and a plain-English reason) so that the same object
drives the Pandera check, the analyst's error message and the machine-readable schema.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.catalogue_ids import indicator_ids


@dataclass(frozen=True)
class Rule:
    name: str
    column: str
    reads: tuple[str, ...]
    ok: pl.Expr
    reason: str
    fix: str

    def describe(self) -> dict[str, object]:
        return {
            "name": self.name,
            "column": self.column,
            "reads": list(self.reads),
            "reason": self.reason,
            "fix": self.fix,
        }


def not_before(later: str, earlier: str, name: str, reason: str, fix: str) -> Rule:
    """``later`` must not be before ``earlier``; a blank on either side is not checked here."""
    a, b = pl.col(later), pl.col(earlier)
    return Rule(name, later, (later, earlier), a.is_null() | b.is_null() | (a >= b), reason, fix)


def blank_together(column: str, other: str, name: str, reason: str, fix: str) -> Rule:
    """``column`` is blank exactly when ``other`` is blank."""
    ok = pl.col(column).is_null() == pl.col(other).is_null()
    return Rule(name, column, (column, other), ok, reason, fix)


def known_indicator_ids(column: str) -> Rule:
    known = sorted(indicator_ids())
    unknown = pl.col(column).str.split(";").list.eval(pl.element().is_in(known).not_()).list.any()
    return Rule(
        "indicator_ids_known",
        column,
        (column,),
        pl.col(column).is_null() | unknown.not_(),
        "the list names an indicator id that is not in the indicator catalogue",
        "use ids from data/reference/indicators.csv, separated by semicolons",
    )
