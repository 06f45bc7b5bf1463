"""The child protection page through the real navigation (AppTest), on a private copy of the demo
store (a list view writes the access log beside the store):

- a viewer sees the aggregate figures and that the coming-due list exists, never a row of it, a
  child's id or its length, whatever the URL or the widgets say, and nothing is logged;
- a manager sees the list (the store's children overdue or due within 5 working days, most urgent
  first), for the team chosen in the sidebar, and each view is logged once;
- the journey, the register by category and the linked findings are drawn with their words.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from dashboard_helpers import demo_store, drawn_texts, page_runner

from pipelines.store import read_connection
from pipelines.store.access_log import read_access_log
from ui.registry import PAGES

PAGE = next(p for p in PAGES if p.path == "pages/child_protection.py")
CHILD_ID = re.compile(r"CH\d{6}")
LOCKED = "managers, analysts and administrators only"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("cp_page") / "demo.duckdb"
    shutil.copyfile(demo_store(tmp_path_factory), copy)
    return copy


@pytest.fixture
def page(store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Any]:
    yield page_runner(store, monkeypatch, tmp_path, PAGE.path, timeout=120)


def expected_rows(store: Path, team: str | None = None) -> list[str]:
    con = read_connection(store)
    try:
        rows = con.execute(
            "SELECT child_id FROM cp_coming_due WHERE soonest_wd_left <= 5 "
            "AND (CAST(? AS VARCHAR) IS NULL OR team = ?) "
            "ORDER BY soonest_wd_left, team, child_id",
            [team, team],
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def test_a_viewer_sees_the_figures_but_no_child(page: Any, store: Path) -> None:
    before = read_access_log(store).height
    for query in ({}, {"team": "Safeguarding North", "list": "cp_coming_due", "role": "admin"}):
        at = page("viewer", **query)
        drawn = drawn_texts(at)
        assert any(LOCKED in t for t in drawn)
        assert not [t for t in drawn if CHILD_ID.search(t)], "a child id reached a viewer"
        assert all("Child ID" not in f.value.columns for f in at.dataframe)
        assert "From contact to the register" in [h.value for h in at.header]
        assert not any("children are on the register:" in t for t in drawn)  # not its length
    assert read_access_log(store).height == before


def test_a_manager_works_from_the_list_and_each_view_is_logged(page: Any, store: Path) -> None:
    before = read_access_log(store).height
    at = page("manager")
    lists = [f.value for f in at.dataframe if "Child ID" in f.value.columns]
    assert len(lists) == 1
    assert lists[0]["Child ID"].to_list() == expected_rows(store)
    assert len(lists[0]) > 20
    log = read_access_log(store)
    assert log.height == before + 1
    assert (log["list_name"][0], log["role"][0]) == ("cp_coming_due", "manager")
    assert log["row_count"][0] == len(lists[0])
    at.run()  # the same view again: not logged twice
    assert read_access_log(store).height == before + 1
    at.sidebar.selectbox(key="team").select("Safeguarding South").run()
    lists = [f.value for f in at.dataframe if "Child ID" in f.value.columns]
    assert lists[0]["Child ID"].to_list() == expected_rows(store, "Safeguarding South")
    assert set(lists[0]["Team"]) == {"Safeguarding South"}
    log = read_access_log(store)
    assert log.height == before + 2
    assert '"team": "Safeguarding South"' in log["parameters"][0]


def test_the_journey_register_and_findings_have_their_words(page: Any) -> None:
    at = page("viewer")
    drawn = drawn_texts(at)
    assert any(t.startswith("In the 12 months to February 2025: ") for t in drawn)
    assert any(re.match(r"On \d+ \w+ 2025, \d+ children were on the register: neglect", t)
               for t in drawn)  # fmt: skip
    # Every finding linked to a child protection measure is listed, the joint inspection's too.
    assert any("JICPA\\-BCBC\\-2023\\-04" in t for t in drawn)
    assert any("CIW\\-BG\\-2018\\-09" in t for t in drawn)


def test_the_concerns_page_has_data_for_every_child_protection_link(
    page: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csv

    from pipelines.catalogue import load_catalogue
    from pipelines.config import REFERENCE_DIR

    catalogue = load_catalogue()
    protection = {i.id for i in catalogue.values() if i.computation.startswith("child_protection")}
    with (REFERENCE_DIR / "inspection_concerns.csv").open(encoding="utf-8", newline="") as f:
        links = [
            (row["Concern ID"], row["Inspection Date"], i)
            for row in csv.DictReader(f)
            for i in row["Indicator IDs"].split(";")
            if i in protection
        ]
    assert len(links) >= 20
    assert any(c.startswith("JICPA") for c, _, _ in links)
    at = page("viewer")
    at.switch_page("pages/concerns.py").run()
    assert not at.exception
    by_concern: dict[str, list[str]] = {}
    current = ""
    for body in (h.value for h in at.get("html")):
        line = " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())
        found = re.match(r"([A-Z]+-[A-Z]+-\d{4}-\d+) — ", line)
        current = found.group(1) if found else current
        by_concern.setdefault(current, []).append(line)
    for concern, inspected, indicator_id in links:
        name = catalogue[indicator_id].name
        shown = [line for line in by_concern[concern] if f"{name}: latest " in line]
        assert shown, (concern, indicator_id)
        assert not any(": latest –;" in line for line in shown), (concern, indicator_id)
        if inspected.endswith(("2022", "2023")):  # inspections the demo data runs across
            assert not any(line.endswith("no data") for line in shown), (concern, name)
