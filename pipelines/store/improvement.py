"""The improvement board's records in the store: edits of improvement plan actions, commentary on
the figures and saved board decks.

All three are insert-only, like the lineage: an edit or a comment is superseded by a later one and
never overwritten, so the history shows who said what and when. They belong to the store, not to
an import: withdrawing the action-plan import that brought an action never removes its edits (the
history keeps them; the action reappears with them when a plan holding it is imported again).
Each write is one :func:`pipelines.store.writer.write_transaction` without a series rebuild (no
figure depends on them). SQL: ``pipelines/sql/store/improvement.sql``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.extracts.improvement import ACTION_STATUSES
from pipelines.presentation.i18n import N_, _, format_count, ngettext
from pipelines.store.reader import first_row, query_frame
from pipelines.store.writer import StoreError, published_contents, write_transaction

MAX_COMMENT = 1500  # a short narrative: what is behind the figure, what we are doing
MAX_NOTE = 500
MAX_OWNER = 120
MAX_EVIDENCE = 2000
MAX_DECK_NAME = 60
MAX_DECK_STORIES = 30


def clean_text(value: object, name: str, limit: int, *, required: bool = True) -> str | None:
    """The text tidied to one paragraph, or StoreError saying what is wrong with it.

    ``name`` is the field's English name marked with ``N_`` ("owner"), translated here.
    """
    text = " ".join(str(value or "").split())
    if not text:
        if required:
            raise StoreError(_("the {name} is blank", name=_(name)))
        return None
    if len(text) > limit:
        raise StoreError(
            _(
                "the {name} is {length} characters long; keep it to {limit}",
                name=_(name),
                length=format_count(len(text)),
                limit=format_count(limit),
            )
        )
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") for ch in text):
        raise StoreError(
            _("the {name} contains control characters; type it as plain text", name=_(name))
        )
    return text


@dataclass(frozen=True)
class ActionEdit:
    """A change to one action: each field given replaces the current value; None keeps it."""

    action_id: str
    status: str | None = None
    owner: str | None = None
    due_date: dt.date | None = None
    evidence: str | None = None
    note: str | None = None  # why the change was made (kept in the history)


def _next_id(con: duckdb.DuckDBPyConnection, table: str, column: str) -> int:
    # table and column are literals of this module, never input.
    return int(first_row(con, f"SELECT coalesce(max({column}), 0) + 1 FROM {table}")[0])  # type: ignore[index]


def _append(con: duckdb.DuckDBPyConnection, table: str, id_column: str, row: list[object]) -> int:
    """Insert one row with the next id (table and column are literals of this module)."""
    new_id = _next_id(con, table, id_column)
    marks = ", ".join("?" * (len(row) + 1))
    con.execute(f"INSERT INTO {table} VALUES ({marks})", [new_id, *row])
    return new_id


def _synthetic(path: Path) -> bool:
    return published_contents(path) == "synthetic"


def record_action_edit(
    path: Path, edit: ActionEdit, *, by: str | None = None, now: dt.datetime | None = None
) -> int:
    """Append one edit of an action in the published plan; return its id (StoreError: none)."""
    if edit.status is not None and edit.status not in ACTION_STATUSES:
        known = ", ".join(_(label) for label in ACTION_STATUSES.values())
        raise StoreError(
            _("the status {status} is not one of {known}", status=repr(edit.status), known=known)
        )
    owner = clean_text(edit.owner, N_("owner"), MAX_OWNER, required=False)
    evidence = clean_text(edit.evidence, N_("evidence"), MAX_EVIDENCE, required=False)
    note = clean_text(edit.note, N_("note"), MAX_NOTE, required=False)
    if edit.due_date is not None and not dt.date(2000, 1, 1) <= edit.due_date <= dt.date(
        2100, 12, 31
    ):
        raise StoreError(
            _(
                "the due date {date} is outside {earliest}-{latest}",
                date=f"{edit.due_date:%d/%m/%Y}",
                earliest=2000,
                latest=2100,
            )
        )
    if all(v is None for v in (edit.status, owner, edit.due_date, evidence)):
        raise StoreError(_("nothing to change: give a status, an owner, a due date or evidence"))
    if not path.exists():
        raise StoreError(_("there is no store at {path}", path=path))
    synthetic = _synthetic(path)
    with write_transaction(path, rebuild=None) as con:
        if (
            first_row(con, "SELECT 1 FROM action_plan WHERE action_id = ?", [edit.action_id])
            is None
        ):
            raise StoreError(
                _(
                    "there is no action {action} in the improvement plan",
                    action=repr(edit.action_id),
                )
            )
        after_import = _next_id(con, "import_batches", "import_id") - 1
        return _append(
            con,
            "action_updates",
            "update_id",
            [
                edit.action_id,
                edit.status,
                owner,
                edit.due_date,
                evidence,
                note,
                after_import,
                now or dt.datetime.now(),
                by or getpass.getuser(),
                synthetic,
            ],
        )


def add_comment(
    path: Path,
    indicator_id: str,
    period_end: dt.date,
    body: str,
    *,
    by: str | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Append a comment on an indicator's figure for a period; return its id."""
    from pipelines.catalogue_ids import indicator_ids

    if indicator_id not in indicator_ids():
        raise StoreError(_("unknown indicator id {id}", id=repr(indicator_id)))
    text = clean_text(body, N_("comment"), MAX_COMMENT)
    if not path.exists():
        raise StoreError(_("there is no store at {path}", path=path))
    synthetic = _synthetic(path)
    with write_transaction(path, rebuild=None) as con:
        return _append(
            con,
            "commentary",
            "comment_id",
            [
                indicator_id,
                period_end,
                text,
                now or dt.datetime.now(),
                by or getpass.getuser(),
                synthetic,
            ],
        )


def save_deck(
    path: Path,
    name: str,
    indicator_ids_in_order: Sequence[str],
    *,
    by: str | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Save a new version of a board deck (its stories in order); earlier versions are kept."""
    from pipelines.catalogue_ids import indicator_ids

    title = clean_text(name, N_("deck name"), MAX_DECK_NAME)
    stories = list(dict.fromkeys(indicator_ids_in_order))
    if not stories:
        raise StoreError(_("a deck needs at least one story"))
    if len(stories) > MAX_DECK_STORIES:
        raise StoreError(
            ngettext(
                "a deck holds at most {n} story",
                "a deck holds at most {n} stories",
                MAX_DECK_STORIES,
            )
        )
    unknown = sorted(set(stories) - indicator_ids())
    if unknown:
        raise StoreError(_("unknown indicator id(s): {ids}", ids=", ".join(unknown[:5])))
    if not path.exists():
        raise StoreError(_("there is no store at {path}", path=path))
    with write_transaction(path, rebuild=None) as con:
        return _append(
            con,
            "board_decks",
            "deck_version",
            [title, stories, now or dt.datetime.now(), by or getpass.getuser()],
        )


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = first_row(
        con,
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND database_name = current_database()",
        [name],
    )
    return bool(row and row[0])


def action_history(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every imported version and edit of every action, oldest first (empty for an old store)."""
    if not _has_table(con, "action_updates"):
        return pl.DataFrame()
    from pipelines.store.ddl import SQL_DIR

    sql = (SQL_DIR.parent / "board" / "action_history.sql").read_text(encoding="utf-8")
    return query_frame(con, sql)


def comments(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every comment, oldest first (empty for an old store)."""
    if not _has_table(con, "commentary"):
        return pl.DataFrame(
            schema={
                "comment_id": pl.Int32,
                "indicator_id": pl.String,
                "period_end": pl.Date,
                "body": pl.String,
                "written_at": pl.Datetime,
                "written_by": pl.String,
                "synthetic": pl.Boolean,
            }
        )
    return query_frame(con, "SELECT * FROM commentary ORDER BY written_at, comment_id")


def decks(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every saved version of every deck, oldest first (empty for an old store)."""
    if not _has_table(con, "board_decks"):
        return pl.DataFrame()
    return query_frame(con, "SELECT * FROM board_decks ORDER BY deck_version")
