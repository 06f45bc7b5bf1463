"""The looked-after children page through the real navigation (AppTest), on a private copy of the
demo store (a list view writes the access log beside the store):

- a viewer sees the aggregate figures and that the two lists exist, never a row of them, a
  child's id or their length, whatever the URL says, and nothing is logged;
- a manager sees the coming-due list (looked-after children with a visit or review overdue or due
  within 7 days, most urgent first) and the list of children missing now or back with no return
  interview offered, and each view is logged once;
- the concerns page shows data for every looked-after and missing link of the register.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from dashboard_helpers import demo_store, drawn_texts, page_runner

from pipelines.catalogue import load_catalogue
from pipelines.config import REFERENCE_DIR
from pipelines.store import read_connection
from pipelines.store.access_log import read_access_log
from ui.registry import PAGES

PAGE = next(p for p in PAGES if p.path == "pages/looked_after.py")
CHILD_ID = re.compile(r"CH\d{6}")
LOCKED = "managers, analysts and administrators only"
LOOKED_AFTER_FAMILIES = ("looked_after", "missing")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("lac_page") / "demo.duckdb"
    shutil.copyfile(demo_store(tmp_path_factory), copy)
    return copy


@pytest.fixture
def page(store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Any]:
    yield page_runner(store, monkeypatch, tmp_path, PAGE.path, timeout=180)


def query(store: Path, sql: str) -> list[str]:
    con = read_connection(store)
    try:
        return [r[0] for r in con.execute(sql).fetchall()]
    finally:
        con.close()


def test_a_viewer_sees_the_figures_but_no_child(page: Any, store: Path) -> None:
    before = read_access_log(store).height
    for params in ({}, {"list": "missing_now", "role": "admin"}):
        at = page("viewer", **params)
        drawn = drawn_texts(at)
        assert sum(LOCKED in t for t in drawn) == 2  # both lists exist, locked
        assert not [t for t in drawn if CHILD_ID.search(t)], "a child id reached a viewer"
        assert all("Child ID" not in f.value.columns for f in at.dataframe)
        assert "Children looked after over time" in [h.value for h in at.header]
        assert not any("have a placement recorded:" in t for t in drawn)  # not its length
        assert any(re.match(r"On \d+ \w+ 2025, \d+ children were looked after\.", t)
                   for t in drawn)  # fmt: skip
    assert read_access_log(store).height == before


def test_a_manager_sees_both_lists_and_each_view_is_logged(page: Any, store: Path) -> None:
    before = read_access_log(store).height
    at = page("manager")
    lists = [f.value for f in at.dataframe if "Child ID" in f.value.columns]
    assert len(lists) == 2
    due = query(store, "SELECT child_id FROM lac_coming_due WHERE soonest_days_left <= 7 "
                       "ORDER BY soonest_days_left, team, child_id")  # fmt: skip
    assert lists[0]["Child ID"].to_list() == due and len(due) > 10
    missing = query(store, "SELECT child_id FROM missing_now "
                           "ORDER BY status DESC, hours_since DESC, child_id")  # fmt: skip
    assert lists[1]["Child ID"].to_list() == missing and missing
    log = read_access_log(store)
    assert log.height == before + 2
    assert set(log["list_name"][:2]) == {"lac_coming_due", "missing_now"}
    assert set(log["role"][:2]) == {"manager"}
    at.run()  # the same views again: not logged twice
    assert read_access_log(store).height == before + 2


def test_the_concerns_page_has_data_for_every_looked_after_link(page: Any) -> None:
    catalogue = load_catalogue()
    ours = {i.id for i in catalogue.values() if i.computation.startswith(LOOKED_AFTER_FAMILIES)}
    # and the fostering figures that come as uploads (in-house carers, unmatched requests, ...)
    ours |= {"pv_inhouse_foster_net", "pv_unmatched_placement_requests",
             "pv_connected_person_overdue"}  # fmt: skip
    with (REFERENCE_DIR / "inspection_concerns.csv").open(encoding="utf-8", newline="") as f:
        links = [
            (row["Concern ID"], row["Inspection Date"], i)
            for row in csv.DictReader(f)
            for i in row["Indicator IDs"].split(";")
            if i in ours
        ]
    assert len(links) >= 25
    at = page("viewer", "pages/concerns.py")
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
            assert not any(line.endswith("no data") for line in shown), (concern, name, shown)
