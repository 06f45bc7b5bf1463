"""The overview's tiles, "What changed" and summary table (pipelines/overview.py) agree, for every
period type and team of the demo store.

Issue 8: "What changed" skipped indicators whose latest period was earlier than the front door's
(open assessments and the early-help list were special cause on their tiles and absent from the
list). Now both read :func:`pipelines.signals.latest_signal`; this test reads the page's inputs
for every period type and team and checks the words as the page renders them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from indicator_helpers import demo_store_path

from pipelines import read_models
from pipelines.catalogue import headline_indicators, load_catalogue
from pipelines.overview import (
    ASSURANCE_COLUMNS,
    NO_TEAM_BREAKDOWN,
    changes_from_tiles,
    chart_tiles,
    summary_table,
)
from pipelines.periods import PERIOD_TYPES
from pipelines.presentation.narrative import variation_sentence
from pipelines.store import read_connection

CATALOGUE = load_catalogue()
HEADLINE = {i.id for i in headline_indicators()}
KIND_WORDS = {
    "concern": "special cause concern",
    "improvement": "special cause improvement",
    "neutral": "(special cause)",
}
ICON_WORDS = {"concern": "Concern:", "improvement": "Improvement:", "neutral": "Special cause:"}


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str | None], list]:
    """The tiles of every period type and team, read as the overview reads them."""
    store = demo_store_path(tmp_path_factory)
    con = read_connection(store)
    try:
        ids = tuple(CATALOGUE)
        teams = read_models.teams(con)
        found = {}
        for period in PERIOD_TYPES:
            totals = read_models.chart_rows(con, ids, period)
            for team in [None, *teams]:
                selected = (
                    read_models.chart_rows(con, ids, period, "team", team) if team else totals
                )
                found[(period, team)] = chart_tiles(selected, totals, team)
        return found
    finally:
        con.close()


def test_the_demo_has_views_to_compare(views: dict) -> None:
    teams = {team for _, team in views}
    assert len(teams) >= 6  # all teams and each team of the demo
    specials = sum(t.signal.is_special for tiles in views.values() for t in tiles)
    assert specials >= 10, "the demo shows special causes somewhere, or this proves little"


def test_what_changed_and_the_tiles_agree_everywhere(views: dict) -> None:
    for (period, team), tiles in views.items():
        changes = changes_from_tiles(tiles)
        listed = {c.indicator_id: c for c in changes}
        assert len(listed) == len(changes), (period, team)
        for tile in tiles:  # every indicator, the headline ones among them
            where = (period, team, tile.indicator.id)
            signal = tile.signal
            assert signal.is_special == (tile.indicator.id in listed), where
            if not signal.is_special:
                continue
            change = listed[tile.indicator.id]
            kind = signal.kind
            # The sentence names the indicator (with the tile's scope) and the tile's signal ...
            assert change.sentence.startswith(f"{tile.indicator.name}{tile.scope}: "), where
            assert KIND_WORDS[kind] in change.sentence, where
            # ... which the tile's icon words say too.
            assert variation_sentence(signal).startswith(ICON_WORDS[kind]), where


def test_concerns_come_first(views: dict) -> None:
    order = {"concern": 0, "improvement": 1, "neutral": 2}
    for key, tiles in views.items():
        kinds = [order[c.kind] for c in changes_from_tiles(tiles)]
        assert kinds == sorted(kinds), key


def test_an_indicator_whose_figures_end_earlier_is_still_listed(views: dict) -> None:
    # Assessment figures stop a week before the front door's in the demo (their extract ends
    # earlier): a special cause there is listed, naming its own week.
    found = False
    for tiles in views.values():
        newest = max(t.signal.period_end for t in tiles if t.signal.period_end)
        by_id = {t.indicator.id: t for t in tiles}
        for change in changes_from_tiles(tiles):
            if change.period_end is None or change.period_end >= newest:
                continue
            found = True
            signal = by_id[change.indicator_id].signal
            # Weeks are named by their last day, months and longer by their month.
            assert any(f"{change.period_end:{f}}" in change.sentence for f in ("%d %B %Y", "%B %Y"))
            # It says what the newer figures are: the view's newest, or for a stock judged at
            # month end its own latest week.
            later = signal.period_end if signal.judged_on == "month_end" else newest
            assert any(f"{later:{f}}" in change.sentence for f in ("%d %B %Y", "%B %Y"))
    assert found


def test_a_team_that_holds_no_cases_is_not_applicable(views: dict) -> None:
    tile = next(t for t in views[("week", "IAA Hub")] if t.indicator.id == "wf_caseload_avg")
    assert tile.scope == " (IAA Hub)"
    assert tile.signal.withheld == "not_applicable"
    assert tile.signal.value is None
    assert "Not applicable" in variation_sentence(tile.signal) or "not applicable" in (
        variation_sentence(tile.signal)
    )


def test_an_indicator_without_a_team_breakdown_says_it_covers_all_teams(views: dict) -> None:
    tile = next(t for t in views[("week", "IAA Hub")] if t.indicator.id == "pv_eh_waiting_count")
    assert tile.scope == NO_TEAM_BREAKDOWN
    assert tile.signal.breakdown == "total"


def test_the_summary_table_holds_every_headline_indicator_once(views: dict) -> None:
    for key, tiles in views.items():
        headline = [t for t in tiles if t.indicator.id in HEADLINE]
        table = summary_table(headline)
        placed = [t.indicator.id for cell in table.cells.values() for t in cell]
        assert sorted(placed) == sorted(HEADLINE), key
        for (row, column), cell in table.cells.items():
            assert column in dict(ASSURANCE_COLUMNS)
            for tile in cell:
                signal = tile.signal
                if row == "withheld":
                    assert signal.withheld is not None or signal.variation is None
                elif row == "common_cause":
                    assert signal.variation == "common_cause"
                else:
                    assert signal.kind == row
                if column != "none":
                    assert signal.assurance == column and signal.withheld is None


def test_tiles_of_the_demo_weeks(views: dict, tmp_path_factory: pytest.TempPathFactory) -> None:
    # Read independently: the newest weekly value of each headline indicator.
    store: Path = demo_store_path(tmp_path_factory)
    con = read_connection(store)
    try:
        latest = con.execute(
            "SELECT indicator_id, arg_max(value, period_end), max(period_end) "
            "FROM indicator_series WHERE period_type = 'week' AND breakdown = 'total' "
            "AND value IS NOT NULL GROUP BY ALL"
        ).fetchall()
    finally:
        con.close()
    newest = {i: (v, e) for i, v, e in latest}
    for tile in views[("week", None)]:
        if tile.indicator.id in HEADLINE:
            value, end = newest[tile.indicator.id]
            assert (tile.signal.value, tile.signal.period_end) == (value, end)
            assert isinstance(end, dt.date)


def test_tiles_keep_catalogue_order(views: dict) -> None:
    tiles = views[("month", None)]
    assert [t.indicator.id for t in tiles] == list(CATALOGUE)
    assert pl.Series([t.indicator.headline for t in tiles]).sum() == len(HEADLINE)
