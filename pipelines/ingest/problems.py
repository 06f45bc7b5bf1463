"""Problems found in a file, kept as a table so a million-row file with a million problems is cheap.

Each problem names the row as the analyst sees it in Excel (the header is row 1), the column as it
is headed in their file, the value as they typed it, a plain reason and what to do about it (in
the language the file is checked in: set before :func:`pipelines.ingest.prepare` runs). Errors
reject the whole file; warnings are shown but do not block the import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from pipelines.presentation.i18n import _, ngettext

FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)\}")  # a template's {name} (as in i18n)
ERROR = "error"
WARNING = "warning"

PROBLEM_SCHEMA = {
    "row": pl.Int64,
    "column": pl.String,
    "value": pl.String,
    "rule": pl.String,
    "reason": pl.String,
    "fix": pl.String,
    "severity": pl.String,
}


@dataclass(frozen=True)
class Problem:
    """One problem; ``row`` and ``column`` are None when the problem concerns the whole file."""

    rule: str
    reason: str
    fix: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: str = ERROR

    def describe(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("Row {row}", row=self.row))
        if self.column is not None:
            where.append(_("column '{column}'", column=self.column))
        if self.value is not None:
            where.append(_("value '{value}'", value=self.value))
        place = ", ".join(where)
        fix = f"{self.fix[:1].upper()}{self.fix[1:]}"
        # The reason and the fix were written in the language of the import (set before prepare).
        if place:
            return _("{place}: {reason}. {fix}.", place=place, reason=self.reason, fix=fix)
        return _("{reason}. {fix}.", reason=self.reason, fix=fix)


def template_expr(template: str, **fields: pl.Expr) -> pl.Expr:
    """A translated template (``_("… {name} …")`` with its fields left unfilled) as a Polars
    expression: the text between the fields as literals and each ``{name}`` as ``fields[name]``,
    in the order the translation puts them (so a translator may reorder the fields)."""
    parts: list[pl.Expr] = []
    position = 0
    for match in FIELD.finditer(template):
        if match.group(1) not in fields:
            continue
        if match.start() > position:
            parts.append(pl.lit(template[position : match.start()]))
        parts.append(fields[match.group(1)].cast(pl.String))
        position = match.end()
    if position < len(template):
        parts.append(pl.lit(template[position:]))
    return pl.concat_str(parts) if parts else pl.lit("")


def problems_frame(problems: Iterable[Problem]) -> pl.DataFrame:
    rows = [
        {
            "row": p.row,
            "column": p.column,
            "value": p.value,
            "rule": p.rule,
            "reason": p.reason,
            "fix": p.fix,
            "severity": p.severity,
        }
        for p in problems
    ]
    return pl.DataFrame(rows, schema=PROBLEM_SCHEMA)


MAX_VALUE_CHARS = 200  # a value quoted in a message; a 1 MB cell is shown by its start


def bounded_values(frame: pl.DataFrame) -> pl.DataFrame:
    """Values cut to :data:`MAX_VALUE_CHARS` (with an ellipsis and the full length) so a huge
    cell cannot make a huge message or report."""
    value = pl.col("value")
    long = value.str.len_chars() > MAX_VALUE_CHARS
    return frame.with_columns(
        pl.when(long)
        .then(
            # Always more than 200 characters: the plural form of both languages.
            template_expr(
                _("{start}… ({length} characters)"),
                start=value.str.slice(0, MAX_VALUE_CHARS),
                length=value.str.len_chars(),
            )
        )
        .otherwise(value)
        .alias("value")
    )


def empty_problems() -> pl.DataFrame:
    return pl.DataFrame(schema=PROBLEM_SCHEMA)


def iter_problems(frame: pl.DataFrame) -> Iterable[Problem]:
    for record in frame.iter_rows(named=True):
        yield Problem(**record)


class RejectedFile(Exception):
    """The file cannot be imported; ``problems`` lists every error (and any warnings)."""

    def __init__(self, problems: pl.DataFrame | list[Problem], extract_type: str | None = None):
        frame = problems if isinstance(problems, pl.DataFrame) else problems_frame(problems)
        self.problems = frame.sort("row", nulls_last=False, maintain_order=True)
        self.extract_type = extract_type
        errors = self.errors.height
        super().__init__(
            ngettext(
                "{count} problem found; nothing was stored",
                "{count} problems found; nothing was stored",
                errors,
                count=errors,
            )
        )

    @property
    def errors(self) -> pl.DataFrame:
        return self.problems.filter(pl.col("severity") == ERROR)

    @property
    def warnings(self) -> pl.DataFrame:
        return self.problems.filter(pl.col("severity") == WARNING)


def reject(rule: str, reason: str, fix: str, **where: object) -> RejectedFile:
    """A whole-file rejection with a single problem."""
    return RejectedFile([Problem(rule, reason, fix, **where)])  # type: ignore[arg-type]
