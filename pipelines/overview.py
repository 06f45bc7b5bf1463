"""The senior leaders' overview: a tile per headline indicator and "What changed".

Pure functions over series rows (from ``read_models.chart_rows``); the page only draws them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from pipelines.catalogue import Indicator, headline_indicators, load_catalogue
from pipelines.presentation.narrative import Change, what_changed


@dataclass(frozen=True)
class Tile:
    """The latest figure of one chart, with its change, target and SPC icons."""

    indicator: Indicator
    rows: pl.DataFrame  # this chart's rows, oldest first
    scope: str  # "" or a note such as " (all teams)"

    def _valued(self) -> pl.DataFrame:
        return self.rows.filter(pl.col("value").is_not_null()).sort("period_end")

    @property
    def latest(self) -> dict[str, object] | None:
        valued = self._valued()
        return valued.row(-1, named=True) if valued.height else None

    @property
    def previous_value(self) -> float | None:
        valued = self._valued()
        return valued["value"][-2] if valued.height > 1 else None

    @property
    def change(self) -> float | None:
        latest, previous = self.latest, self.previous_value
        if latest is None or previous is None:
            return None
        return float(latest["value"]) - float(previous)  # type: ignore[arg-type]


def group_by_indicator(rows: pl.DataFrame) -> dict[str, pl.DataFrame]:
    if rows.is_empty():
        return {}
    return {
        str(key[0]): frame.sort("period_end")
        for key, frame in rows.group_by("indicator_id", maintain_order=True)
    }


def crop(rows: pl.DataFrame, start: dt.date | None, end: dt.date | None) -> pl.DataFrame:
    """Keep the periods ending within the chosen date range (limits stay those of the full
    history: cropping the view does not change the SPC)."""
    if start is not None:
        rows = rows.filter(pl.col("period_end") >= start)
    if end is not None:
        rows = rows.filter(pl.col("period_end") <= end)
    return rows


def build_tiles(selected: pl.DataFrame, totals: pl.DataFrame, team: str | None) -> list[Tile]:
    """Tiles for the headline indicators, in catalogue order. With a team chosen, indicators that
    have no team breakdown show the total, labelled as covering all teams."""
    by_team = group_by_indicator(selected)
    by_total = group_by_indicator(totals)
    tiles = []
    for indicator in headline_indicators():
        if team and indicator.id in by_team:
            tiles.append(Tile(indicator, by_team[indicator.id], f" ({team})"))
        elif indicator.id in by_total:
            scope = " (all teams: no team breakdown)" if team else ""
            tiles.append(Tile(indicator, by_total[indicator.id], scope))
        else:
            tiles.append(Tile(indicator, totals.clear(), ""))
    return tiles


def changes_this_period(rows: pl.DataFrame) -> list[Change]:
    """Sentences for every indicator whose latest point, in the latest period of these rows, is
    special cause. Indicators whose series stops before the latest period are not listed."""
    if rows.is_empty():
        return []
    latest_end = rows.filter(pl.col("value").is_not_null())["period_end"].max()
    catalogue = load_catalogue()
    found = []
    for indicator_id, frame in group_by_indicator(rows).items():
        valued = frame.filter(pl.col("value").is_not_null())
        if valued.is_empty() or valued["period_end"].max() != latest_end:
            continue
        change = what_changed(frame, catalogue[indicator_id])
        if change is not None:
            found.append(change)
    order = {"special_cause_concern": 0}
    return sorted(found, key=lambda c: (order.get(c.point_type, 1), c.indicator_id))
