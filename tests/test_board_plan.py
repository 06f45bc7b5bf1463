"""The improvement plan and commentary in the store: imported actions, append-only edits and
comments with who and when, the history, and withdrawals that never remove an edit."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import duckdb
import pytest

from pipelines import read_models
from pipelines.board.plan import actions_for, current_actions, latest_comment
from pipelines.ingest import RejectedFile, prepare
from pipelines.store import StoreError, import_prepared, read_connection, withdraw_import
from pipelines.store.improvement import (
    ActionEdit,
    add_comment,
    record_action_edit,
    save_deck,
)

HEADER = "Action ID,Finding IDs,Description,Owner,Due Date,Status,Evidence,Indicator IDs\n"
PLAN = HEADER + (
    "A-1,F-1,Clear the backlog,Group Manager IAA,30/11/2022,on_track,,fd_iaa_backlog\n"
    "A-2,F-1;F-2,Recruit social workers,Head of Workforce,31/03/2030,not_started,,\n"
)
AS_AT = dt.date(2022, 12, 9)  # a Friday: 30/11/2022 (Wednesday) + 7 working days


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> tuple[Path, int]:
    db = tmp_path / "store.duckdb"
    outcome = import_prepared(db, prepare(write(tmp_path, "plan.csv", PLAN), "action_plan"))
    return db, outcome.import_id


def plan_of(db: Path):
    con = read_connection(db)
    try:
        return current_actions(read_models.action_plan(con), read_models.action_history(con))
    finally:
        con.close()


def history_of(db: Path):
    con = read_connection(db)
    try:
        return read_models.action_history(con)
    finally:
        con.close()


def test_the_plan_is_imported_with_overdue_in_working_days(store: tuple[Path, int]) -> None:
    db, _ = store
    first, second = plan_of(db)
    assert (first.action_id, first.status_label, first.owner) == (
        "A-1",
        "On track",
        "Group Manager IAA",
    )
    assert first.working_days_overdue(AS_AT) == 7
    assert first.status_words(AS_AT) == "On track, overdue by 7 working days"
    assert second.finding_ids == ("F-1", "F-2") and second.indicator_ids == ()
    assert second.working_days_overdue(AS_AT) == 0
    assert [a.action_id for a in actions_for([first, second], finding_ids=("F-2",))] == ["A-2"]
    assert [a.action_id for a in actions_for([first, second], indicator_id="fd_iaa_backlog")] == [
        "A-1"
    ]


@pytest.mark.parametrize(
    ("due", "as_at", "late"),
    [
        # Tuesday 31 December 2024 to Sunday 30 March 2025: January 22 (1 January is a bank
        # holiday), February 20, March 20 working days; the Monday after is not counted.
        (dt.date(2024, 12, 31), dt.date(2025, 3, 30), 62),
        (dt.date(2022, 12, 3), dt.date(2022, 12, 5), 1),  # due Saturday, Monday is late
        (dt.date(2022, 12, 3), dt.date(2022, 12, 4), 0),  # ... but not the Sunday
        (dt.date(2022, 12, 2), dt.date(2022, 12, 2), 0),  # due today
    ],
)
def test_overdue_counts_working_days_after_the_due_date(
    store: tuple[Path, int], due: dt.date, as_at: dt.date, late: int
) -> None:
    action = dataclasses.replace(plan_of(store[0])[0], due_date=due)
    assert action.working_days_overdue(as_at) == late


def test_a_bad_plan_names_the_row_and_column(tmp_path: Path) -> None:
    bad = HEADER + "A-1,F-1,Clear the backlog,Group Manager,30/11/2022,finished,,\n"
    with pytest.raises(RejectedFile) as caught:
        prepare(write(tmp_path, "bad.csv", bad), "action_plan")
    errors = caught.value.errors
    assert errors["row"].to_list() == [2]
    assert errors["column"].to_list() == ["Status"]


def test_edits_are_appended_with_who_and_when_and_never_overwrite(
    store: tuple[Path, int],
) -> None:
    db, _ = store
    t1, t2 = dt.datetime(2022, 12, 1, 9), dt.datetime(2022, 12, 8, 9)
    record_action_edit(
        db, ActionEdit("A-1", status="at_risk", note="staff off sick"), by="ann", now=t1
    )
    record_action_edit(
        db, ActionEdit("A-1", status="complete", evidence="Backlog 0"), by="bob", now=t2
    )
    action = plan_of(db)[0]
    assert (action.status, action.evidence, action.owner) == (
        "complete",
        "Backlog 0",
        "Group Manager IAA",
    )
    assert action.working_days_overdue(AS_AT) == 0  # complete: no longer overdue
    assert (action.last_changed_by, action.last_changed_at) == ("bob", t2)
    history = history_of(db).filter(action_id="A-1")
    assert history["source"].to_list() == ["import", "edit", "edit"]
    assert history["status"].to_list() == ["on_track", "at_risk", "complete"]
    assert history["changed_by"].to_list()[1:] == ["ann", "bob"]
    assert history["note"].to_list()[1] == "staff off sick"


def test_a_withdrawn_import_never_removes_edits(store: tuple[Path, int], tmp_path: Path) -> None:
    db, first_import = store
    record_action_edit(
        db, ActionEdit("A-2", owner="Director"), by="ann", now=dt.datetime(2023, 1, 1)
    )
    later = PLAN.replace("not_started", "on_track")
    second = import_prepared(db, prepare(write(tmp_path, "plan2.csv", later), "action_plan"))
    # The later spreadsheet wins over the earlier edit for the fields it holds.
    assert plan_of(db)[1].owner == "Head of Workforce"
    withdraw_import(db, second.import_id)
    assert (plan_of(db)[1].status, plan_of(db)[1].owner) == ("not_started", "Director")
    withdraw_import(db, first_import)
    assert plan_of(db) == []
    history = history_of(db)
    edits = history.filter(source="edit")
    assert edits["owner"].to_list() == ["Director"]  # still there
    assert history.filter(source="import")["withdrawn"].all()


def test_an_edit_of_an_unknown_action_or_bad_text_changes_nothing(store: tuple[Path, int]) -> None:
    db, _ = store
    before = db.read_bytes()
    with pytest.raises(StoreError, match="no action 'A-9'"):
        record_action_edit(db, ActionEdit("A-9", status="complete"))
    with pytest.raises(StoreError, match="not one of"):
        record_action_edit(db, ActionEdit("A-1", status="done"))
    with pytest.raises(StoreError, match="control characters"):
        record_action_edit(db, ActionEdit("A-1", evidence="ok\u202eevil"))
    with pytest.raises(StoreError, match="nothing to change"):
        record_action_edit(db, ActionEdit("A-1", note="just a note"))
    assert db.read_bytes() == before


def test_commentary_is_append_only_and_the_latest_is_shown(store: tuple[Path, int]) -> None:
    db, _ = store
    end = dt.date(2022, 12, 4)
    add_comment(
        db, "fd_iaa_backlog", end, "First  note\nabout it", by="ann", now=dt.datetime(2022, 12, 5)
    )
    add_comment(
        db, "fd_iaa_backlog", end, "**Second** <b>note</b>", by="bob", now=dt.datetime(2022, 12, 6)
    )
    con = read_connection(db)
    comments = read_models.commentary(con)
    con.close()
    assert comments["body"].to_list() == ["First note about it", "**Second** <b>note</b>"]
    latest = latest_comment(comments, "fd_iaa_backlog")
    assert latest is not None and (latest["written_by"], latest["body"]) == (
        "bob",
        "**Second** <b>note</b>",
    )
    assert latest_comment(comments, "wf_caseload_avg") is None
    with pytest.raises(StoreError, match="unknown indicator"):
        add_comment(db, "nope", end, "x")
    with pytest.raises(StoreError, match="1,500"):
        add_comment(db, "fd_iaa_backlog", end, "x" * 1501)


def test_no_row_is_ever_updated_or_deleted(store: tuple[Path, int]) -> None:
    """Every write only inserts: the rows of each table after a write start with the rows before."""
    db, _ = store
    tables = ("action_updates", "commentary", "board_decks")

    def rows() -> dict[str, list[tuple]]:
        con = duckdb.connect(str(db), read_only=True)
        try:
            return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
        finally:
            con.close()

    record_action_edit(db, ActionEdit("A-1", status="at_risk"))
    add_comment(db, "fd_iaa_backlog", dt.date(2022, 12, 4), "one")
    save_deck(db, "Board", ["fd_iaa_backlog"])
    before = rows()
    record_action_edit(db, ActionEdit("A-1", status="complete"))
    add_comment(db, "fd_iaa_backlog", dt.date(2022, 12, 4), "two")
    save_deck(db, "Board", ["wf_caseload_avg", "fd_iaa_backlog"])
    after = rows()
    for table in tables:
        assert after[table][: len(before[table])] == before[table]
        assert len(after[table]) == len(before[table]) + 1
