"""Process changes: the dates the service changed, kept in the store and driving SPC rebasing.

A process change (a new team, a new operating model, a change of counting) is recorded once, with a
label, a reason, who recorded it and when, and the indicators it affects (or all). The charts of
those indicators get a new segment from that date (Making Data Count "rebasing", spc.md) and show
the change as an annotated line. Changes belong to the store, not to an import: withdrawing an
import never removes one. They are insert-only like the rest of the lineage: a change is withdrawn
(with who, when and why), never deleted, and each add or withdrawal is one write through
:func:`pipelines.store.writer.write_transaction`, which rebuilds the series from the new set.

A fresh store has none; the synthetic demo store records its own (the managed care team period).
"""

from __future__ import annotations

import datetime as dt
import getpass
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.presentation.i18n import N_, _
from pipelines.store.reader import first_row, query_frame, read_connection
from pipelines.store.writer import StoreError, write_transaction

MAX_LABEL = 80
MAX_REASON = 500
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


@dataclass(frozen=True)
class ProcessChange:
    """A change to record: from ``change_date`` the affected charts are judged as a new process."""

    change_date: dt.date
    label: str
    reason: str
    indicator_ids: tuple[str, ...] = ()  # empty: every indicator

    def applies_to(self, indicator_id: str) -> bool:
        return not self.indicator_ids or indicator_id in self.indicator_ids


@dataclass(frozen=True)
class RecordedChange(ProcessChange):
    change_id: int = 0
    added_by: str = ""
    added_at: dt.datetime | None = None


def _text(value: str, name: str, limit: int) -> str:
    """The text tidied to one line (``name``: the field's English name marked with ``N_``)."""
    text = " ".join(str(value).split())
    if not text:
        raise StoreError(
            _("the {name} is blank: say in a few words what changed and why", name=_(name))
        )
    if len(text) > limit:
        raise StoreError(
            _(
                "the {name} is {length} characters long; keep it to {limit}",
                name=_(name),
                length=len(text),
                limit=limit,
            )
        )
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise StoreError(
            _("the {name} contains control characters; type it as plain text", name=_(name))
        )
    return text


def check_change(change: ProcessChange, known_ids: Iterable[str]) -> ProcessChange:
    """The change with its text tidied, or StoreError naming what is wrong with it."""
    if not isinstance(change.change_date, dt.date) or isinstance(change.change_date, dt.datetime):
        raise StoreError(_("the date of a process change must be a date"))
    if not EARLIEST <= change.change_date <= LATEST:
        raise StoreError(
            _(
                "the date {date} is outside {earliest}-{latest}",
                date=f"{change.change_date:%d/%m/%Y}",
                earliest=f"{EARLIEST:%Y}",
                latest=f"{LATEST:%Y}",
            )
        )
    known = set(known_ids)
    unknown = sorted(set(change.indicator_ids) - known)
    if unknown:
        raise StoreError(_("unknown indicator id(s): {ids}", ids=", ".join(unknown[:5])))
    return ProcessChange(
        change.change_date,
        _text(change.label, N_("label"), MAX_LABEL),
        _text(change.reason, N_("reason"), MAX_REASON),
        tuple(sorted(set(change.indicator_ids))),
    )


def active_changes(con: duckdb.DuckDBPyConnection) -> list[RecordedChange]:
    """The changes in force (not withdrawn), oldest first, read inside any connection."""
    frame = query_frame(
        con,
        "SELECT change_id, change_date, label, reason, indicator_ids, added_by, added_at "
        "FROM process_change_history WHERE status = 'active' ORDER BY change_date, change_id",
    )
    return [_recorded(row) for row in frame.iter_rows(named=True)]


def _recorded(row: dict[str, object]) -> RecordedChange:
    return RecordedChange(
        row["change_date"],  # type: ignore[arg-type]
        row["label"],  # type: ignore[arg-type]
        row["reason"],  # type: ignore[arg-type]
        tuple(row["indicator_ids"] or ()),  # type: ignore[arg-type]
        row["change_id"],  # type: ignore[arg-type]
        row["added_by"],  # type: ignore[arg-type]
        row["added_at"],  # type: ignore[arg-type]
    )


def rebase_dates(changes: Sequence[ProcessChange], indicator_id: str) -> tuple[dt.date, ...]:
    """The dates that start a new SPC segment on this indicator's charts."""
    return tuple(sorted({c.change_date for c in changes if c.applies_to(indicator_id)}))


def add_process_changes(
    path: Path,
    changes: Sequence[ProcessChange],
    *,
    added_by: str | None = None,
    synthetic: bool = False,
    now: dt.datetime | None = None,
) -> list[int]:
    """Record changes in one write (one rebuild of the series); return their ids.

    Refuses (StoreError, nothing stored) a change that repeats one in force: same date, same
    indicators.
    """
    from pipelines.catalogue_ids import indicator_ids

    checked = [check_change(c, indicator_ids()) for c in changes]
    by = added_by or getpass.getuser()
    ids: list[int] = []
    with write_transaction(path) as con:
        in_force = {(c.change_date, c.indicator_ids) for c in active_changes(con)}
        for change in checked:
            key = (change.change_date, change.indicator_ids)
            if key in in_force:
                raise StoreError(
                    _(
                        "a process change on {date} for the same indicators is already recorded",
                        date=f"{change.change_date:%d/%m/%Y}",
                    )
                )
            in_force.add(key)
            change_id = first_row(
                con, "SELECT coalesce(max(change_id), 0) + 1 FROM process_changes"
            )[0]
            con.execute(
                "INSERT INTO process_changes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    change_id,
                    change.change_date,
                    change.label,
                    change.reason,
                    list(change.indicator_ids) or None,
                    now or dt.datetime.now(),
                    by,
                    synthetic,
                ],
            )
            ids.append(change_id)
    return ids


def withdraw_process_change(
    path: Path, change_id: int, *, withdrawn_by: str | None = None, reason: str | None = None
) -> None:
    """Withdraw a change: the charts are rebuilt as if it had never been recorded; the change
    stays in the history with who withdrew it, when and why."""
    if not path.exists():
        raise StoreError(_("there is no store at {path}", path=path))
    why = _text(reason, N_("reason"), MAX_REASON) if reason and reason.strip() else None
    with write_transaction(path) as con:
        row = first_row(
            con, "SELECT status FROM process_change_history WHERE change_id = ?", [change_id]
        )
        if row is None:
            raise StoreError(_("there is no process change {id}", id=change_id))
        if row[0] == "withdrawn":
            raise StoreError(_("process change {id} is already withdrawn", id=change_id))
        con.execute(
            "INSERT INTO process_change_withdrawals VALUES (?, ?, ?, ?)",
            [change_id, dt.datetime.now(), withdrawn_by or getpass.getuser(), why],
        )


def changes_from_frame(history: pl.DataFrame) -> tuple[RecordedChange, ...]:
    """The changes in force from a :func:`process_change_history` frame (as pages hold it)."""
    if history.is_empty():
        return ()
    active = history.filter(pl.col("status") == "active")
    return tuple(_recorded(row) for row in active.iter_rows(named=True))


def process_change_history(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every change ever recorded, with its status, oldest first."""
    return query_frame(con, "SELECT * FROM process_change_history")


def list_process_changes(path: Path) -> pl.DataFrame:
    """Every change in the published store (empty when there is no store)."""
    if not path.exists():
        return pl.DataFrame()
    con = read_connection(path)
    try:
        return process_change_history(con)
    finally:
        con.close()
