"""The caseloads and workforce page through the real navigation (AppTest), on a private copy of the
demo store (a list view writes the access log beside the store):

- a viewer sees every workforce chart and that the supervision list exists, never a row of it, a
  worker's id or its length, whatever the URL says, and nothing is logged;
- a manager sees the list (case-holding workers overdue or due within 7 days, most overdue first)
  for the team chosen in the sidebar, and each view is logged once;
- the audit measures, which have no weekly figures, are drawn by quarter and say so.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dashboard_helpers import demo_store, drawn_texts, page_runner

from pipelines.store import read_connection
from pipelines.store.access_log import read_access_log
from ui.registry import PAGES

PAGE = next(p for p in PAGES if p.path == "pages/caseloads.py")
WORKER_ID = re.compile(r"\bW\d{4}\b")
LOCKED = "managers, analysts and administrators only"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("wf_page") / "demo.duckdb"
    shutil.copyfile(demo_store(tmp_path_factory), copy)
    return copy


@pytest.fixture
def page(store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Any]:
    yield page_runner(store, monkeypatch, tmp_path, PAGE.path, timeout=180)


def expected_rows(store: Path, team: str | None = None) -> list[str]:
    con = read_connection(store)
    try:
        rows = con.execute(
            "SELECT worker_id FROM wf_supervision_due WHERE days_left <= 7 "
            "AND (CAST(? AS VARCHAR) IS NULL OR team = ?) ORDER BY days_left, team, worker_id",
            [team, team],
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def test_a_viewer_sees_the_charts_but_no_worker(page: Any, store: Path) -> None:
    before = read_access_log(store).height
    for query in (
        {},
        {"team": "Safeguarding North", "list": "wf_supervision_due", "role": "admin"},
    ):
        at = page("viewer", **query)
        drawn = drawn_texts(at)
        assert any(LOCKED in t for t in drawn)
        assert not [t for t in drawn if WORKER_ID.search(t)], "a worker id reached a viewer"
        headers = [h.value for h in at.header]
        for name in ("Social worker vacancy rate", "Supervision within policy frequency",
                     "CASPPs audited as good", "Mandatory training completion"):  # fmt: skip
            assert name in headers
        assert not any("case-holding workers overdue" in t for t in drawn)  # not its length
    assert read_access_log(store).height == before


def test_a_manager_sees_the_supervision_list_and_each_view_is_logged(
    page: Any, store: Path
) -> None:
    before = read_access_log(store).height
    at = page("manager")
    lists = [f.value for f in at.dataframe if "Worker ID" in f.value.columns]
    assert len(lists) == 1
    assert lists[0]["Worker ID"].to_list() == expected_rows(store)
    assert lists[0]["Last supervision"].str.contains(r"^\d\d/\d\d/\d{4}$").all()
    log = read_access_log(store)
    assert log.height == before + 1
    assert (log["list_name"][0], log["role"][0]) == ("wf_supervision_due", "manager")
    at.run()  # the same view again: not logged twice
    assert read_access_log(store).height == before + 1
    at.sidebar.selectbox(key="team").select("Care and Support West").run()
    lists = [f.value for f in at.dataframe if "Worker ID" in f.value.columns]
    rows = expected_rows(store, "Care and Support West")
    if rows:
        assert lists[0]["Worker ID"].to_list() == rows
    assert read_access_log(store).height == before + 2


def test_the_audit_measures_are_drawn_by_quarter(page: Any) -> None:
    drawn = drawn_texts(page("viewer"))
    assert sum("Shown by quarter, its reporting frequency" in t for t in drawn) == 2
