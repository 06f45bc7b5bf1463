"""The senior leaders' overview: "What changed", the summary table and a tile per headline
indicator. Pure functions over series rows (from ``read_models.chart_rows``); the page only draws.

Tiles, "What changed" and the summary table are built from the same charts and the same
:func:`pipelines.signals.latest_signal`, so they always agree: an indicator is in "What changed"
exactly when its tile shows a special cause.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from pipelines.catalogue import Indicator, headline_indicators, load_catalogue
from pipelines.presentation.i18n import N_, _
from pipelines.presentation.narrative import Change, what_changed
from pipelines.signals import Signal, latest_signal

NO_TEAM_BREAKDOWN = N_(" (all teams: no team breakdown)")


@dataclass(frozen=True)
class Tile:
    """One chart on the overview: its rows (oldest first), its scope note and its signal."""

    indicator: Indicator
    rows: pl.DataFrame
    scope: str  # "" or a note such as " (IAA Hub)"
    signal: Signal

    @property
    def latest(self) -> dict[str, object] | None:
        valued = self.rows.filter(pl.col("value").is_not_null()).sort("period_end")
        return valued.row(-1, named=True) if valued.height else None

    @property
    def change(self) -> float | None:
        return self.signal.change


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


def chart_tiles(
    selected: pl.DataFrame,
    totals: pl.DataFrame,
    team: str | None,
    indicators: list[Indicator] | None = None,
) -> list[Tile]:
    """The chart shown for each indicator (catalogue order): with a team chosen, the team's
    slice when the indicator is broken down by team (with no data, or "not applicable", when the
    team has none), else the total labelled as covering all teams."""
    by_team = group_by_indicator(selected) if team else {}
    by_total = group_by_indicator(totals)
    tiles = []
    for indicator in indicators if indicators is not None else list(load_catalogue().values()):
        if team and "team" in indicator.breakdowns:
            rows, scope = by_team.get(indicator.id, totals.clear()), f" ({team})"
        elif indicator.id in by_total:
            rows, scope = by_total[indicator.id], _(NO_TEAM_BREAKDOWN) if team else ""
        else:
            rows, scope = totals.clear(), ""
        tiles.append(Tile(indicator, rows, scope, latest_signal(rows, indicator)))
    return tiles


def build_tiles(selected: pl.DataFrame, totals: pl.DataFrame, team: str | None) -> list[Tile]:
    """Tiles for the headline indicators, in catalogue order."""
    return chart_tiles(selected, totals, team, headline_indicators())


def newest_period(tiles: list[Tile]) -> dt.date | None:
    ends = [t.signal.period_end for t in tiles if t.signal.period_end is not None]
    return max(ends) if ends else None


KIND_ORDER = {"concern": 0, "improvement": 1, "neutral": 2}


def changes_from_tiles(tiles: list[Tile]) -> list[Change]:
    """ "What changed": every chart whose judged point is special cause, concerns first, then
    improvements, then unusual values of neutral measures; the newest first within each."""
    newest = newest_period(tiles)
    found = [c for t in tiles if (c := what_changed(t.signal, t.scope, newest)) is not None]
    order = {t.indicator.id: n for n, t in enumerate(tiles)}
    return sorted(
        found,
        key=lambda c: (
            KIND_ORDER[c.kind],
            -(c.period_end.toordinal() if c.period_end else 0),
            order[c.indicator_id],
        ),
    )


def changes_this_period(
    selected: pl.DataFrame, totals: pl.DataFrame | None = None, team: str | None = None
) -> list[Change]:
    """ "What changed" for every catalogue indicator shown this way (see :func:`chart_tiles`)."""
    return changes_from_tiles(chart_tiles(selected, selected if totals is None else totals, team))


# ------------------------------------------------------------------ the summary table

VARIATION_ROWS: tuple[tuple[str, str], ...] = (
    ("concern", N_("Special cause concern")),
    ("improvement", N_("Special cause improvement")),
    ("neutral", N_("Unusually high or low (neither better nor worse)")),
    ("common_cause", N_("Common cause: no significant change")),
    ("withheld", N_("No variation signal")),
)
ASSURANCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("consistently_fail", N_("Target consistently missed")),
    ("inconsistent", N_("Target hit and miss")),
    ("consistently_pass", N_("Target consistently met")),
    ("none", N_("No target assurance")),
)


def variation_row(signal: Signal) -> str:
    if signal.withheld is not None or signal.variation is None:
        return "withheld"
    if signal.variation == "common_cause":
        return "common_cause"
    return signal.kind or "withheld"


def assurance_column(signal: Signal) -> str:
    if signal.withheld is None and signal.assurance in dict(ASSURANCE_COLUMNS):
        return str(signal.assurance)
    return "none"


@dataclass(frozen=True)
class SummaryTable:
    """Headline indicators by variation (rows) and assurance (columns)."""

    cells: dict[tuple[str, str], list[Tile]]

    def rows(self) -> list[tuple[str, str]]:
        """The variation rows that hold at least one indicator, in the fixed order."""
        return [
            r
            for r in VARIATION_ROWS
            if any(self.cells.get((r[0], c[0])) for c in ASSURANCE_COLUMNS)
        ]


def summary_table(tiles: list[Tile]) -> SummaryTable:
    cells: dict[tuple[str, str], list[Tile]] = {}
    for tile in tiles:
        key = (variation_row(tile.signal), assurance_column(tile.signal))
        cells.setdefault(key, []).append(tile)
    return SummaryTable(cells)
