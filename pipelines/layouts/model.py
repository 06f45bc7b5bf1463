"""What a layout is: another header set, and other codes, for one of our extract types.

A council that already exports a standard dataset (the Standard Safeguarding Dataset, SSD) should
not have to rebuild its export for us. A :class:`Layout` declares, as data, how one exported table
becomes one of our extracts:

- which extract it feeds, and the headers that identify the table (its row id column);
- for each exported column, our column it fills (or that it is read and set aside, and why);
- the exported codes and what they mean in our codes (``codes``), matched ignoring case;
- a transformation where one is genuinely needed (:class:`Transform`: the date part of a
  date-time, an outcome picked from a JSON object of flags, a prefix that keeps two tables' ids
  apart, the text before a separator);
- values that follow from the table itself (``constants``: every row of ``ssd_s47_enquiry`` is a
  Section 47 enquiry), rows that are not ours to count (``skips``: another council's plans), our own
  columns the file may add beside the exported ones (``extensions``) and those it must add because
  Wales needs them and the layout lacks them (``required_extensions``), and what the layout lacks
  with its consequence (``lacks``), for the data dictionary.

Nothing here reads a file: :mod:`pipelines.ingest.layout` applies a layout to the cells of a file
as read, before they are parsed and validated by the extract's own contract. A layout never
invents a value: a code it cannot map, or a required column it cannot fill, is a problem the
analyst sees, with the row, the column and the value as exported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from pipelines.presentation.i18n import _

YES_VALUES = ("y", "yes", "1", "true", "t")


class Transform:
    """How an exported cell's text becomes our cell's text.

    ``expression`` returns (value, reason): the new text, and why it could not be read (null when
    it could). ``describe`` says in words what it does, for the data dictionary.
    """

    def expression(self, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:  # pragma: no cover
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover
        raise NotImplementedError


@dataclass(frozen=True)
class DatePart(Transform):
    """The date of a date-time (``2024-03-01 14:30:00.000`` -> ``2024-03-01``).

    Why: SSD types every date as a date-time, but our date columns hold dates (a visit's day is
    what the working-day rules count). Text that is not a date-time is left as it is, so the
    contract reports it exactly as exported.
    """

    def expression(self, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        pattern = (
            r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$"
        )
        date = cell.str.extract(r"^(\S+)[ T]", 1)
        value = pl.when(cell.str.contains(pattern)).then(date).otherwise(cell)
        return value, pl.lit(None, dtype=pl.String)

    def describe(self) -> str:
        return _("the date part of the date-time")


@dataclass(frozen=True)
class JsonFlags(Transform):
    """One of our codes from an SSD outcome object such as ``{"NFA_FLAG": "Y", "CP_FLAG": "N"}``.

    ``flags`` are (flag name, our code) in priority order: the first flag set to Y (or Yes, 1,
    true) gives the code, so an outcome with several flags takes the most protective one. No flag
    set means no outcome yet (blank). ``unread`` flags have no equivalent among our codes: a cell
    with one of them set and none of ``flags`` cannot be read without guessing, so it is a problem.
    """

    flags: tuple[tuple[str, str], ...]
    unread: tuple[str, ...] = ()

    @staticmethod
    def _is_set(cell: pl.Expr, flag: str) -> pl.Expr:
        text = cell.str.json_path_match(f"$.{flag}").str.strip_chars().str.to_lowercase()
        return text.is_in(YES_VALUES).fill_null(False)

    def expression(self, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        value: pl.Expr = pl.lit(None, dtype=pl.String)
        for flag, code in reversed(self.flags):
            value = pl.when(self._is_set(cell, flag)).then(pl.lit(code)).otherwise(value)
        reason: pl.Expr = pl.lit(None, dtype=pl.String)
        for flag in reversed(self.unread):
            reason = (
                pl.when(value.is_null() & self._is_set(cell, flag))
                .then(
                    pl.lit(
                        _(
                            "the outcome {flag} has no equivalent among our outcomes",
                            flag=flag,
                        )
                    )
                )
                .otherwise(reason)
            )
        return value, reason

    def describe(self) -> str:
        read = "; ".join(f"{flag} → `{code}`" for flag, code in self.flags)
        if self.unread:
            return _(
                "the first flag set to Y, in this order: {read} (rejected when only {unread} is "
                "set)",
                read=read,
                unread=", ".join(self.unread),
            )
        return _("the first flag set to Y, in this order: {read}", read=read)


@dataclass(frozen=True)
class Prefix(Transform):
    """The exported id with a prefix, so that ids from two tables feeding one extract (initial
    and review conferences) can never be taken for the same record."""

    text: str

    def expression(self, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        return pl.when(cell.is_not_null()).then(pl.lit(self.text) + cell), pl.lit(
            None, dtype=pl.String
        )

    def describe(self) -> str:
        return _("stored with the prefix '{prefix}'", prefix=self.text)


@dataclass(frozen=True)
class Before(Transform):
    """The text before a separator (``Multiple: [Neglect, Emotional abuse]`` -> ``Multiple``)."""

    separator: str

    def expression(self, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        head = cell.str.split(self.separator).list.first().str.strip_chars()
        return head, pl.lit(None, dtype=pl.String)

    def describe(self) -> str:
        return _("the text before '{separator}'", separator=self.separator)


@dataclass(frozen=True)
class Band(Transform):
    """One of our band codes from a number (a placement's distance in miles -> its distance
    band): ``bands`` are (upper bound, code) in ascending order, the value belonging to the first
    band whose bound it does not exceed; ``top`` is the code above the last bound. Text that is not
    a non-negative number cannot be read without guessing, so it is a problem."""

    bands: tuple[tuple[float, str], ...]
    top: str

    def expression(self, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        number = cell.str.strip_chars().cast(pl.Float64, strict=False)
        value: pl.Expr = pl.lit(self.top)
        for bound, code in reversed(self.bands):
            value = pl.when(number <= bound).then(pl.lit(code)).otherwise(value)
        bad = cell.is_not_null() & (number.is_null() | (number < 0))
        value = pl.when(cell.is_null() | bad).then(pl.lit(None, dtype=pl.String)).otherwise(value)
        reason = pl.when(bad).then(pl.lit(_("this is not a distance in miles")))
        return value, reason.otherwise(pl.lit(None, dtype=pl.String))

    def describe(self) -> str:
        parts = [
            _("up to {bound} → `{code}`", bound=f"{bound:g}", code=code)
            for bound, code in self.bands
        ]
        return _(
            "the band of the number: {bands}; above → `{top}`", bands="; ".join(parts), top=self.top
        )


@dataclass(frozen=True)
class Source:
    """One exported column of a layout.

    ``column`` is our column it fills, or None when it is read and set aside (``why`` says why;
    ``warn`` adds a warning to the import, e.g. for a column of names we never store).
    ``codes`` maps exported values (matched ignoring case and spaces) to our codes; any other
    value is a problem. ``transform`` runs before the codes are mapped; ``fix`` says what to do
    when a value cannot be read (English marked with ``N_()``, translated when the file is read;
    its ``{listed}`` field, if any, is filled with ``listed``, values the file may hold).
    ``why`` is in the catalogue as one of the data dictionary's contract words.
    """

    header: str
    column: str | None
    codes: Mapping[str, str] = field(default_factory=dict)
    transform: Transform | None = None
    why: str = ""
    warn: bool = False
    fix: str = ""
    listed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skip:
    """Rows not to import, with a warning: those whose ``header`` cell is one of ``values``
    (ignoring case; "" means blank)."""

    header: str
    values: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Layout:
    """An exported table read as one of our extracts (see the module docstring)."""

    name: str  # the exported table, e.g. "ssd_cp_plans"
    standard: str  # e.g. "Standard Safeguarding Dataset (SSD)"
    extract: str  # our extract type
    identify: tuple[str, ...]  # headers that mark a file as this table
    sources: tuple[Source, ...]
    constants: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # column: (text, why)
    extensions: tuple[str, ...] = ()  # our columns the file may add under our own headers
    required_extensions: Mapping[str, str] = field(
        default_factory=dict
    )  # column: why Wales needs it
    skips: tuple[Skip, ...] = ()
    lacks: Mapping[str, str] = field(default_factory=dict)  # our column: the consequence

    def source_for(self, column: str) -> Source | None:
        return next((s for s in self.sources if s.column == column), None)

    def check(self, extract_columns: list[str]) -> None:
        """Raise ValueError when the declaration names a column the extract does not have."""
        named = [s.column for s in self.sources if s.column] + list(self.constants)
        named += list(self.extensions) + list(self.required_extensions) + list(self.lacks)
        unknown = sorted(set(named) - set(extract_columns))
        if unknown:
            raise ValueError(f"layout {self.name}: {self.extract} has no column {unknown}")
        filled = [s.column for s in self.sources if s.column] + list(self.constants)
        twice = sorted({c for c in filled if filled.count(c) > 1})
        if twice:
            raise ValueError(f"layout {self.name}: more than one source fills {twice}")
        missing = set(self.required_extensions) - set(self.extensions)
        if missing:
            raise ValueError(f"layout {self.name}: required extensions not listed: {missing}")
        headers = [s.header for s in self.sources]
        if not set(self.identify) <= set(headers):
            raise ValueError(f"layout {self.name}: identifying headers must be sources")
