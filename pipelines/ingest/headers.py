"""Matching the headers in a file to an extract type's columns.

Headers are compared ignoring case, spaces and punctuation ("Contact ID", "contact id", "ContactID"
and "CONTACT_ID" all mean ``contact_id``), with extra names from ``[header_aliases]`` in config.toml.
A file must name every required column, may leave out optional ones, and may not carry columns we do
not know unless the analyst says to leave them out: an unknown column is usually a sign of the wrong
extract or a renamed field, and silently dropping it could lose data the analyst meant to load. The
choice to leave columns out is recorded with the import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.extracts import EXTRACT_TYPES, ExtractType
from pipelines.ingest.problems import Problem, reject
from pipelines.presentation.i18n import _


def normalise(header: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", header.strip().lower()).strip("_")


def header_key(header: str) -> str:
    """What headers are compared by: letters and digits only, lower case."""
    return normalise(header).replace("_", "")


@dataclass(frozen=True)
class HeaderMatch:
    extract: ExtractType
    mapping: dict[int, str]  # file column position -> canonical column
    unknown: list[str]  # headers as written
    missing: list[str]  # required canonical columns not present
    duplicated: list[str]

    @property
    def fits(self) -> bool:
        return not (self.unknown or self.missing or self.duplicated)

    def original_header(self, column: str) -> str:
        for position, name in self.mapping.items():
            if name == column:
                return self._headers[position]
        return self.extract.header_label(column)

    _headers: tuple[str, ...] = ()


def match_headers(
    headers: list[str], extract: ExtractType, aliases: dict[str, dict[str, str]]
) -> HeaderMatch:
    names = {header_key(c): c for c in extract.columns}
    names.update(
        {header_key(alias): column for alias, column in aliases.get(extract.name, {}).items()}
    )
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    seen: dict[str, int] = {}
    duplicated: list[str] = []
    for position, header in enumerate(headers):
        column = names.get(header_key(header))
        if column is None:
            unknown.append(header)
        elif column in seen:
            duplicated.append(header)
        else:
            seen[column] = position
            mapping[position] = column
    missing = [c for c in extract.required_columns if c not in seen]
    return HeaderMatch(extract, mapping, unknown, missing, duplicated, tuple(headers))


def choose_extract(
    headers: list[str], aliases: dict[str, dict[str, str]], requested: str | None
) -> HeaderMatch:
    """Pick the extract type: the one requested (checked), or the one whose columns fit exactly."""
    matches = {name: match_headers(headers, e, aliases) for name, e in EXTRACT_TYPES.items()}
    fitting = [m for m in matches.values() if m.fits]
    if requested is not None:
        chosen = matches[requested]
        if chosen.fits:
            return chosen
        others = [m.extract.name for m in fitting]
        if others and not chosen.fits:
            raise reject(
                "wrong_extract_type",
                _(
                    "you chose '{requested}' but the columns are those of the '{other}' extract",
                    requested=requested,
                    other=others[0],
                ),
                _(
                    "import it as '{other}', or choose the right file for '{requested}'",
                    requested=requested,
                    other=others[0],
                ),
                row=1,
            )
        return chosen
    if len(fitting) == 1:
        return fitting[0]
    if len(fitting) > 1:
        quoted = [f"'{m.extract.name}'" for m in fitting]
        names = quoted[0]
        for name in quoted[1:]:
            names = _("{before} or {after}", before=names, after=name)
        raise reject(
            "ambiguous_extract_type",
            _("the columns fit more than one extract type ({names})", names=names),
            _("say which it is with --type (or choose it on the upload page)"),
            row=1,
        )
    closest = min(
        matches.values(), key=lambda m: (len(m.missing) + len(m.unknown), len(m.mapping) * -1)
    )
    if not closest.mapping:
        known = ", ".join(EXTRACT_TYPES)
        raise reject(
            "unrecognised_columns",
            _("none of the headers in row 1 match any extract we know"),
            _("check row 1 holds the column headers of one of: {known}", known=known),
            row=1,
            value=", ".join(headers)[:120],
        )
    return closest


def header_row_guess(records: list[list[str]], aliases: dict[str, dict[str, str]]) -> int | None:
    """The row (2 or later) that seems to hold the headers when row 1 holds none of them: the
    first row naming at least half the required columns of some extract (and two at least)."""
    if not records or any(
        match_headers(records[0], e, aliases).mapping for e in EXTRACT_TYPES.values()
    ):
        return None
    for number, record in enumerate(records[1:], start=2):
        for extract in EXTRACT_TYPES.values():
            found = match_headers(record, extract, aliases)
            needed = max(2, (len(extract.required_columns) + 1) // 2)
            if len(set(found.mapping.values()) & set(extract.required_columns)) >= needed:
                return number
    return None


def header_problems(match: HeaderMatch, leave_out_unknown: bool = False) -> list[Problem]:
    """Missing, unknown and repeated columns, as problems (row 1); unknown columns are not
    problems when the analyst chose to leave them out."""
    extract = match.extract
    problems = [
        Problem(
            "missing_column",
            _(
                "the required column '{column}' is missing from this {extract} extract",
                column=extract.header_label(c),
                extract=extract.name,
            ),
            _(
                "add the '{column}' column (see docs/data-dictionary.md)",
                column=extract.header_label(c),
            ),
            row=1,
            column=extract.header_label(c),
        )
        for c in match.missing
    ]
    expected = ", ".join(extract.header_label(c) for c in extract.columns)
    problems += [
        Problem(
            "unknown_column",
            _(
                "'{header}' is not a column of the {extract} extract",
                header=h,
                extract=extract.name,
            ),
            _(
                "remove or rename it, or choose to leave out the unknown columns (the upload "
                "page's 'Leave out' choice, or --leave-out-unknown-columns); the columns are: "
                "{columns}",
                columns=expected,
            ),
            row=1,
            column=h,
        )
        for h in ([] if leave_out_unknown else match.unknown)
    ]
    problems += [
        Problem(
            "duplicate_column",
            _("'{header}' appears more than once in the headers", header=h),
            _("keep one column of each name"),
            row=1,
            column=h,
        )
        for h in match.duplicated
    ]
    return problems
