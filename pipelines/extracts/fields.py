"""Small shared pieces the extract schemas are composed from.

Every column is a Pandera ``Field`` whose ``metadata`` tells the reader how to turn the analyst's text
into a typed value (``kind``), which human labels an enumerated column accepts (``labels``), and
whether a date far in the future deserves a warning (``future_warning``). The schema is therefore
the one source for parsing, validation, the ``schemas --json`` output and the data dictionary.
"""

from __future__ import annotations

from typing import Any

import pandera.polars as pa

# Kinds of column the reader knows how to parse.
TEXT = "text"
ENUM = "enum"
DATE = "date"
DATETIME = "datetime"
NUMBER = "number"
YES_NO = "yes_no"
ID_LIST = "id_list"


def _field(
    kind: str,
    description: str,
    *,
    required: bool,
    unique: bool = False,
    labels: dict[str, str] | None = None,
    future_warning: bool = False,
    **checks: Any,
) -> Any:
    metadata: dict[str, Any] = {"kind": kind}
    if labels:
        metadata["labels"] = labels
        checks["isin"] = list(labels)
    if future_warning:
        metadata["future_warning"] = True
    return pa.Field(
        nullable=not required,
        unique=unique,
        description=description,
        metadata=metadata,
        **checks,
    )


def record_id(description: str) -> Any:
    """The record's own identifier from the case system: required and unique within a file."""
    return _field(TEXT, description, required=True, unique=True)


def child_id() -> Any:
    """The case system's child identifier (never a name)."""
    return _field(TEXT, "The child's identifier in the case-management system.", required=True)


def team(description: str = "The team responsible for the record.") -> Any:
    return _field(TEXT, description, required=True)


def text(description: str, *, required: bool = True) -> Any:
    return _field(TEXT, description, required=required)


def enum(description: str, labels: dict[str, str], *, required: bool = True) -> Any:
    """A column with a fixed list of values; analysts may write the code or the human label."""
    return _field(ENUM, description, required=required, labels=labels)


def date(description: str, *, required: bool = True, unique: bool = False) -> Any:
    return _field(DATE, description, required=required, unique=unique, future_warning=True)


def datetime_(description: str, *, required: bool = True) -> Any:
    return _field(DATETIME, description, required=required, future_warning=True)


def number(description: str, *, required: bool = True, **checks: Any) -> Any:
    return _field(NUMBER, description, required=required, **checks)


def yes_no(description: str, *, required: bool = False) -> Any:
    return _field(YES_NO, description, required=required)


def id_list(description: str) -> Any:
    return _field(ID_LIST, description, required=True)


def field_kind(column: Any) -> str:
    """The reader's kind for a Pandera column object."""
    return (column.metadata or {}).get("kind", TEXT)


def field_labels(column: Any) -> dict[str, str]:
    return (column.metadata or {}).get("labels", {})
