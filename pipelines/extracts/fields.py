"""Small shared pieces the extract schemas are composed from.

Every column is a Pandera ``Field`` whose ``metadata`` tells the reader how to turn the analyst's text
into a typed value (``kind``), which human labels an enumerated column accepts (``labels``), the
longest text it takes (``max_length``) and whether a date may legitimately lie in the future
(``future_allowed``: a planned end or a starter's first day; event dates may not). The schema is
therefore the one source for parsing, validation, the ``schemas --json`` output and the data
dictionary.

Text lengths are bounded so that one huge cell (a 1 MB "team name") cannot be copied into every
series row that carries it: identifiers take 50 characters, names of teams and services 120.
"""

from __future__ import annotations

from typing import Any

from pipelines.extracts.pandera_polars import pa
from pipelines.presentation.i18n import N_

# Kinds of column the reader knows how to parse.
TEXT = "text"
ENUM = "enum"
DATE = "date"
DATETIME = "datetime"
NUMBER = "number"
YES_NO = "yes_no"
ID_LIST = "id_list"

ID_LENGTH = 50  # identifiers from the case system
NAME_LENGTH = 120  # names of teams, services, breakdowns
NOTE_LENGTH = 500  # short notes: a source, a report's title
SENTENCE_LENGTH = 2000  # a finding in the inspection register
HISTORY_START = "1950-01-01"  # earliest history date (a qualification, a long-held case)


def _field(
    kind: str,
    description: str,
    *,
    required: bool,
    unique: bool = False,
    labels: dict[str, str] | None = None,
    future_allowed: bool = False,
    history: bool = False,
    max_length: int | None = None,
    **checks: Any,
) -> Any:
    metadata: dict[str, Any] = {"kind": kind}
    if labels:
        metadata["labels"] = labels
        checks["isin"] = list(labels)
    if kind in (DATE, DATETIME):
        metadata["future_allowed"] = future_allowed
        metadata["earliest"] = HISTORY_START if history else None
    if max_length is not None:
        metadata["max_length"] = max_length
        checks["str_length"] = {"max_value": max_length}
    return pa.Field(
        nullable=not required,
        unique=unique,
        description=description,
        metadata=metadata,
        **checks,
    )


def record_id(description: str) -> Any:
    """The record's own identifier from the case system: required and unique within a file."""
    return _field(TEXT, description, required=True, unique=True, max_length=ID_LENGTH)


def child_id() -> Any:
    """The case system's child identifier (never a name)."""
    return _field(
        TEXT,
        N_("The child's identifier in the case-management system."),
        required=True,
        max_length=ID_LENGTH,
    )


def team(description: str = N_("The team responsible for the record.")) -> Any:
    return _field(TEXT, description, required=True, max_length=NAME_LENGTH)


def text(description: str, *, required: bool = True, max_length: int = NAME_LENGTH) -> Any:
    return _field(TEXT, description, required=required, max_length=max_length)


def identifier(description: str, *, required: bool = True) -> Any:
    """Another record's identifier (a worker, a concern): bounded like every id."""
    return _field(TEXT, description, required=required, max_length=ID_LENGTH)


def enum(description: str, labels: dict[str, str], *, required: bool = True) -> Any:
    """A column with a fixed list of values; analysts may write the code or the human label."""
    return _field(ENUM, description, required=required, labels=labels)


def date(
    description: str,
    *,
    required: bool = True,
    future_allowed: bool = False,
    history: bool = False,
    unique: bool = False,
) -> Any:
    """A date; unless ``future_allowed``, it may be at most the import tolerance after today.

    Dates must lie within the working-day calendar, except ``history`` dates (a qualification,
    the start of a long-held case), which no working-day measure counts: they may go back to
    :data:`HISTORY_START`.
    """
    return _field(
        DATE,
        description,
        required=required,
        unique=unique,
        future_allowed=future_allowed,
        history=history,
    )


def datetime_(description: str, *, required: bool = True) -> Any:
    """An event's date-time: never in the future beyond the import tolerance."""
    return _field(DATETIME, description, required=required)


def number(description: str, *, required: bool = True, **checks: Any) -> Any:
    return _field(NUMBER, description, required=required, **checks)


def yes_no(description: str, *, required: bool = False) -> Any:
    return _field(YES_NO, description, required=required)


def id_list(description: str, *, required: bool = True) -> Any:
    return _field(ID_LIST, description, required=required, max_length=SENTENCE_LENGTH)


def field_kind(column: Any) -> str:
    """The reader's kind for a Pandera column object."""
    return (column.metadata or {}).get("kind", TEXT)


def field_labels(column: Any) -> dict[str, str]:
    return (column.metadata or {}).get("labels", {})


def field_max_length(column: Any) -> int | None:
    """The longest text a column takes (None: not text)."""
    return (column.metadata or {}).get("max_length")


def field_earliest(column: Any) -> str | None:
    """The earliest date a history column takes (None: the working-day calendar's start)."""
    return (column.metadata or {}).get("earliest")


def field_future_allowed(column: Any) -> bool:
    """True for a date column that may legitimately hold a future date."""
    return bool((column.metadata or {}).get("future_allowed"))
