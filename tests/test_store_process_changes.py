"""Process changes (pipelines/store/process_changes.py): dates the service changed, kept in the store,
added and withdrawn through one write each, driving the rebasing of the charts they affect.

Regression (issue 8): ``config.toml [spc] rebase_dates = ["2023-04-01"]`` split every council's
imported series at the demo council's date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from conftest import dump_store
from indicator_helpers import import_text, series, withdraw

from pipelines.config import load_settings
from pipelines.store import StoreError, read_connection
from pipelines.store.process_changes import (
    MAX_LABEL,
    ProcessChange,
    active_changes,
    add_process_changes,
    list_process_changes,
    rebase_dates,
    withdraw_process_change,
)

HEADER = "Contact ID,Child ID,Received At,Source,Decision At,Outcome,Team"
SOURCES = ("Police", "Health", "Education", "Other")


def contacts(first: dt.date, days: int) -> str:
    """Contacts from ``first`` for ``days`` days: 1 to 4 a day, decided within the day."""
    lines = [HEADER]
    for n in range(days):
        day = first + dt.timedelta(days=n)
        for k in range(1 + (n * 7) % 4):
            lines.append(
                f"C{n:04d}{k},K{(n * 5 + k) % 97},{day:%d/%m/%Y} 09:0{k},{SOURCES[k]},"
                f"{day:%d/%m/%Y} 15:00,No further action,North"
            )
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real (not synthetic) store: contacts every day of January to June 2023."""
    folder = tmp_path_factory.mktemp("changes")
    store = folder / "store.duckdb"
    import_text(store, folder, "contacts.csv", contacts(dt.date(2023, 1, 2), 180))
    return store


@pytest.fixture
def store(published: Path, tmp_path: Path) -> Path:
    path = tmp_path / "store.duckdb"
    path.write_bytes(published.read_bytes())
    return path


def segments(store: Path, indicator_id: str = "fd_contacts_received") -> list[int]:
    weeks = series(store, indicator_id).filter(
        (pl.col("period_type") == "week") & (pl.col("breakdown") == "total")
    )
    return sorted(weeks["segment"].unique().to_list())


def changes(store: Path) -> list[ProcessChange]:
    con = read_connection(store)
    try:
        return list(active_changes(con))
    finally:
        con.close()


APRIL = ProcessChange(dt.date(2023, 4, 1), "New front door", "The hub moved to a new triage model.")


def test_a_fresh_store_has_none_and_one_set_of_limits(store: Path) -> None:
    # The series spans 1 April 2023, the demo council's date: nothing splits it any more.
    assert changes(store) == []
    assert segments(store) == [0]
    assert list_process_changes(store).is_empty()


def test_config_rebase_dates_are_refused(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[spc]\nrebase_dates = ["2023-04-01"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="rebase_dates is no longer read"):
        load_settings(config)


def test_adding_a_change_rebases_the_charts(store: Path) -> None:
    [change_id] = add_process_changes(store, [APRIL], added_by="admin@council")
    assert segments(store) == [0, 1]
    weeks = series(store, "fd_contacts_received").filter(
        (pl.col("period_type") == "week") & (pl.col("breakdown") == "total")
    )
    first_new = weeks.filter(pl.col("segment") == 1)["period_end"].min()
    assert first_new == dt.date(2023, 4, 2)  # the first week ending on or after 1 April
    history = list_process_changes(store).row(0, named=True)
    assert (history["change_id"], history["label"], history["added_by"]) == (
        change_id,
        "New front door",
        "admin@council",
    )
    assert history["status"] == "active" and history["indicator_ids"] is None


def test_withdrawing_a_change_restores_the_series(store: Path) -> None:
    before = series(store)
    [change_id] = add_process_changes(store, [APRIL], added_by="admin")
    withdraw_process_change(store, change_id, withdrawn_by="admin", reason="wrong date")
    assert series(store).equals(before)
    row = list_process_changes(store).row(0, named=True)
    assert (row["status"], row["withdrawn_by"], row["withdrawal_reason"]) == (
        "withdrawn",
        "admin",
        "wrong date",
    )
    with pytest.raises(StoreError, match="already withdrawn"):
        withdraw_process_change(store, change_id)
    with pytest.raises(StoreError, match="no process change 99"):
        withdraw_process_change(store, 99)


def test_a_change_for_some_indicators_rebases_only_theirs(store: Path) -> None:
    only = ProcessChange(
        dt.date(2023, 4, 1), "Triage", "New screening rota.", ("fd_decision_1wd_pct",)
    )
    add_process_changes(store, [only], added_by="admin")
    assert segments(store, "fd_decision_1wd_pct") == [0, 1]
    assert segments(store, "fd_contacts_received") == [0]
    assert rebase_dates(changes(store), "fd_decision_1wd_pct") == (dt.date(2023, 4, 1),)
    assert rebase_dates(changes(store), "fd_contacts_received") == ()


def test_withdrawing_an_import_never_removes_a_change(store: Path, tmp_path: Path) -> None:
    add_process_changes(store, [APRIL], added_by="admin")
    later = import_text(store, tmp_path, "more.csv", contacts(dt.date(2023, 7, 1), 14))
    withdraw(store, later)
    assert [c.label for c in changes(store)] == ["New front door"]
    assert segments(store) == [0, 1]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (ProcessChange(dt.date(2023, 4, 1), "  ", "why"), "the label is blank"),
        (ProcessChange(dt.date(2023, 4, 1), "x" * (MAX_LABEL + 1), "why"), "keep it to 80"),
        (ProcessChange(dt.date(2023, 4, 1), "ok", "bad\x00reason"), "control characters"),
        (ProcessChange(dt.date(1999, 4, 1), "ok", "why"), "outside 2000-2100"),
        (ProcessChange(dt.date(2023, 4, 1), "ok", "why", ("no_such",)), "unknown indicator"),
    ],
)
def test_a_bad_change_is_refused_and_nothing_changes(
    store: Path, change: ProcessChange, message: str
) -> None:
    before = dump_store(store)
    with pytest.raises(StoreError, match=message):
        add_process_changes(store, [change], added_by="admin")
    assert dump_store(store) == before


def test_the_same_change_twice_is_refused(store: Path) -> None:
    add_process_changes(store, [APRIL], added_by="admin")
    before = dump_store(store)
    with pytest.raises(StoreError, match="already recorded"):
        add_process_changes(store, [APRIL], added_by="someone else")
    assert dump_store(store) == before


def test_text_is_stored_as_typed_after_tidying_spaces(store: Path) -> None:
    odd = ProcessChange(dt.date(2023, 5, 1), "  **New**   [team](x)  ", "=cmd|' /C calc'!A0")
    add_process_changes(store, [odd], added_by="admin")
    row = list_process_changes(store).row(0, named=True)
    assert (row["label"], row["reason"]) == ("**New** [team](x)", "=cmd|' /C calc'!A0")
