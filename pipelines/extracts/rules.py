"""Cross-field rules: relationships between columns of one row that the case system should keep.

Each rule is data (a name, the column it is reported against, the columns it reads, a Polars
expression that is true when the row is fine, and a plain-English reason) so that the same object
drives the Pandera check, the analyst's error message and the machine-readable schema.

The reason and the fix are English source text marked with ``N_()`` where the rule is defined
(at import time); :attr:`Rule.reason` and :attr:`Rule.fix` give them in the current language
when a problem is reported, and :meth:`Rule.describe` keeps the English for the schema.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.catalogue_ids import indicator_ids
from pipelines.presentation.i18n import N_, _, use_language


@dataclass(frozen=True)
class Rule:
    name: str
    column: str
    reads: tuple[str, ...]
    ok: pl.Expr
    reason_text: str  # English, marked with N_(); shown through .reason
    fix_text: str  # English, marked with N_(); shown through .fix
    # {fields} of the texts, filled after translation: data, the same in every language
    values: tuple[tuple[str, str], ...] = ()

    @property
    def reason(self) -> str:
        """Why a row breaks the rule, in the current language."""
        return _(self.reason_text, **dict(self.values))

    @property
    def fix(self) -> str:
        """What the analyst should do, in the current language."""
        return _(self.fix_text, **dict(self.values))

    def describe(self) -> dict[str, object]:
        with use_language("en"):  # the machine-readable schema is the English source
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
        N_("the list names an indicator id that is not in the indicator catalogue"),
        N_("use ids from data/reference/indicators.csv, separated by semicolons"),
    )
