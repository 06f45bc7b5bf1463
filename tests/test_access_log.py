"""The access log of record-level lists: append-only, beside the store, never touched by imports
or withdrawals; the Streamlit gate shows a list only to managers and above and logs each view
once per session, filters and store version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import csv_text, valid_row, write_csv
from streamlit.testing.v1 import AppTest

from pipelines.ingest import prepare
from pipelines.store import import_prepared, withdraw_import
from pipelines.store.access_log import access_log_path, read_access_log, record_access


def test_the_log_sits_beside_the_store(tmp_store: Path) -> None:
    assert access_log_path(tmp_store) == tmp_store.with_name("dashboard.access-log.duckdb")


def test_views_are_appended_newest_first(tmp_store: Path) -> None:
    assert read_access_log(tmp_store).is_empty()
    first = dt.datetime(2025, 3, 3, 9, 0)
    record_access(
        tmp_store,
        user="tm@example.gov.wales",
        role="manager",
        list_name="cp_visits_due",
        parameters={"team": "North"},
        row_count=4,
        now=first,
    )
    record_access(
        tmp_store,
        user="a@example.gov.wales",
        role="analyst",
        list_name="cp_visits_overdue",
        parameters={},
        row_count=0,
        now=first + dt.timedelta(minutes=5),
    )
    log = read_access_log(tmp_store)
    assert log["list_name"].to_list() == ["cp_visits_overdue", "cp_visits_due"]
    assert log["parameters"].to_list() == ["{}", '{"team": "North"}']
    assert log["row_count"].to_list() == [0, 4]
    assert not tmp_store.exists()  # the store itself is never written by a view


def test_hostile_values_are_bounded_and_stored_as_text(tmp_store: Path) -> None:
    record_access(
        tmp_store,
        user="x" * 10_000,
        role="manager",
        list_name="[link](https://evil.example)",
        parameters={"team": '=HYPERLINK("x")' * 100},
        row_count=1,
    )
    row = read_access_log(tmp_store).row(0, named=True)
    assert len(row["viewed_by"]) == 500 and len(row["parameters"]) == 500
    assert row["list_name"] == "[link](https://evil.example)"


def test_imports_and_withdrawals_leave_the_log_alone(tmp_store: Path, tmp_path: Path) -> None:
    record_access(tmp_store, user="tm", role="manager", list_name="l", parameters={}, row_count=1)
    before = access_log_path(tmp_store).read_bytes()
    path = write_csv(tmp_path, "workers.csv", csv_text("workers", [valid_row("workers")]))
    outcome = import_prepared(tmp_store, prepare(path, "workers"), imported_by="t")
    withdraw_import(tmp_store, outcome.import_id, withdrawn_by="t")
    assert access_log_path(tmp_store).read_bytes() == before
    assert read_access_log(tmp_store).height == 1


def _list_app() -> None:
    import polars as pl
    import streamlit as st

    from ui.record_lists import draw_record_list

    team = st.selectbox("Team", ["North", "South"])
    st.checkbox("Another widget")
    draw_record_list(
        "Visits due",
        pl.DataFrame({"Child ID": ["C1", "C2"], "Due": ["03/03/2025", "04/03/2025"]}),
        list_name="test_visits_due",
        parameters={"team": team},
    )


@pytest.fixture
def gated_app(monkeypatch: pytest.MonkeyPatch, tmp_store: Path, tmp_path: Path):
    path = write_csv(tmp_path, "workers.csv", csv_text("workers", [valid_row("workers")]))
    import_prepared(tmp_store, prepare(path, "workers"), imported_by="t", synthetic=True)
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_store))

    def app(role: str) -> AppTest:
        from ui.auth import Access

        at = AppTest.from_function(_list_app, default_timeout=30)
        at.session_state["access"] = Access(role, f"{role}@example.gov.wales", "")
        return at.run()

    return app


def test_a_viewer_sees_nothing_of_the_list(gated_app, tmp_store: Path) -> None:
    at = gated_app("viewer")
    assert not at.exception
    assert not at.dataframe
    assert "managers, analysts and administrators only" in at.info[0].value
    assert read_access_log(tmp_store).is_empty()


def test_a_manager_sees_the_list_and_each_view_is_logged_once(gated_app, tmp_store: Path) -> None:
    at = gated_app("manager")
    assert not at.exception
    assert at.dataframe[0].value["Child ID"].to_list() == ["C1", "C2"]
    at.checkbox[0].check().run()  # a rerun of the same view: not logged again
    assert read_access_log(tmp_store).height == 1
    at.selectbox[0].select("South").run()  # other filters: a new view
    log = read_access_log(tmp_store)
    assert log["parameters"].to_list() == ['{"team": "South"}', '{"team": "North"}']
    assert set(log["viewed_by"]) == {"manager@example.gov.wales"}
