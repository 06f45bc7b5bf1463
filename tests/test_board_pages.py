"""The improvement plan page and commentary through the real navigation (AppTest): a viewer sees
the plan, its history and the commentary but has no control to change them; an analyst's update
and comment are appended with who and when."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dashboard_helpers import PROJECT_ROOT, demo_store, write_config
from streamlit.testing.v1 import AppTest

from pipelines.store import read_connection
from ui.registry import PAGES

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")
TIMEOUT = 60
PLAN = next(p for p in PAGES if p.path == "pages/improvement_plan.py")
DETAIL = next(p for p in PAGES if p.path == "pages/indicator.py")


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_store(tmp_path_factory)


@pytest.fixture
def store_as(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Any]:
    def use(store: Path, role: str) -> None:
        monkeypatch.setenv("DASHBOARD_DB", str(store))
        monkeypatch.setenv("DASHBOARD_CONFIG", str(write_config(tmp_path, local_mode_role=role)))

    yield use


def open_page(page: Any, **query: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.run()
    at.query_params.update(query)
    at.switch_page(page.path).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def rows(store: Path, sql: str) -> list[tuple]:
    con = read_connection(store)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_viewer_sees_the_plan_and_cannot_edit_it(demo: Path, store_as: Any) -> None:
    store_as(demo, "viewer")
    at = open_page(PLAN)
    assert [t.value for t in at.title] == ["Improvement plan"]
    plan = at.dataframe[0].value
    assert "IAP-01" in plan["Action"].to_list()
    # The demo's as-at date is 30 March 2025; IAP-05 was due 31 December 2024.
    iap05 = plan[plan["Action"] == "IAP-05"]["Status"].to_list()
    assert iap05 == ["On track, overdue by 62 working days"]
    assert not at.get("form"), "a viewer is given no form"
    assert not at.text_area and not at.text_input
    assert not at.main.date_input, "the sidebar's period control only"
    assert not [b for b in at.button if "Save" in b.label]
    assert any("Analysts and administrators update actions" in c.value for c in at.caption)


def test_a_viewer_sees_commentary_but_cannot_add_it(demo: Path, store_as: Any) -> None:
    store_as(demo, "viewer")
    at = open_page(DETAIL, id="fd_iaa_backlog")
    bodies = " ".join(h.proto.body for h in at.get("html"))
    assert "The backlog built up while the front door was short" in bodies
    assert not at.text_area
    assert not at.get("form")


def test_an_analyst_updates_an_action_and_the_history_keeps_both(
    demo: Path, store_as: Any, tmp_path: Path
) -> None:
    store = tmp_path / "demo.duckdb"
    shutil.copyfile(demo, store)
    store_as(store, "analyst")
    at = open_page(PLAN)
    assert at.get("form"), "an analyst is given the update form"
    at.selectbox(key="history-of").set_value("IAP-05").run()
    form_status = next(s for s in at.selectbox if s.label == "Status")
    form_status.set_value("complete")
    next(t for t in at.text_input if t.label.startswith("Why")).set_value("Provider started")
    next(b for b in at.button if b.label == "Save the update").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    plan = at.dataframe[0].value
    assert plan[plan["Action"] == "IAP-05"]["Status"].to_list() == ["Complete"]
    history = at.dataframe[1].value
    assert history["Status"].to_list() == ["On track", "Complete"]
    assert history["Who"].to_list()[-1] == "local user"
    assert rows(store, "SELECT action_id, status, note, updated_by FROM action_updates") == [
        ("IAP-05", "complete", "Provider started", "local user")
    ]


def test_an_analyst_adds_commentary_as_plain_text(
    demo: Path, store_as: Any, tmp_path: Path
) -> None:
    store = tmp_path / "demo.duckdb"
    shutil.copyfile(demo, store)
    store_as(store, "analyst")
    at = open_page(DETAIL, id="wf_caseload_avg")
    at.text_area[0].set_value("**Bold** <script>x</script> [link](https://example.org)")
    next(b for b in at.button if b.label == "Add commentary").click().run()
    assert not at.exception, [e.message for e in at.exception]
    bodies = " ".join(h.proto.body for h in at.get("html"))
    assert "**Bold** &lt;script&gt;x&lt;/script&gt;" in bodies
    assert "<script>" not in bodies
    assert rows(store, "SELECT indicator_id, written_by FROM commentary WHERE comment_id > 3") == [
        ("wf_caseload_avg", "local user")
    ]


BOARD = next(p for p in PAGES if p.path == "pages/board.py")


def test_a_viewer_cannot_edit_a_deck(demo: Path, store_as: Any) -> None:
    store_as(demo, "viewer")
    at = open_page(BOARD)
    assert [t.value for t in at.title] == ["IAA backlog: contacts awaiting a decision"]
    assert not [b for b in at.button if b.label == "Save the deck"]
    assert not at.multiselect and not at.text_input


def test_an_analyst_saves_a_deck_and_the_board_follows_it(
    demo: Path, store_as: Any, tmp_path: Path
) -> None:
    store = tmp_path / "demo.duckdb"
    shutil.copyfile(demo, store)
    store_as(store, "analyst")
    at = open_page(BOARD)
    next(t for t in at.text_input if t.label == "Deck name").set_value("Workforce board")
    next(m for m in at.multiselect if m.label == "Stories, in order").set_value(
        ["wf_caseload_avg", "wf_agency_sw_pct"]
    )
    next(b for b in at.button if b.label == "Save the deck").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [t.value for t in at.title] == ["Average caseload"]
    assert rows(store, "SELECT name, indicator_ids, saved_by FROM board_decks") == [
        ("Workforce board", ["wf_caseload_avg", "wf_agency_sw_pct"], "local user")
    ]
