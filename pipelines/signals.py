"""The latest signal of a chart: THE one place that says what a chart shows now.

Every page that reports "where we stand" must call :func:`latest_signal` (the overview's tiles,
"What changed" and summary table, the board view, the inspection concerns page), so a figure can
never read one way on one screen and another way on the next. It reads one chart's rows of
``indicator_series`` (one indicator, period type, breakdown and breakdown value, as built by
``pipelines/indicators/judgement.py``) and returns a :class:`Signal`: the newest value and its
period, the change on the period before, the point the SPC judgement is read from (for a stock
judged at month end, the last month-end week, which may be earlier than the newest week), its
point type and rule, the variation and assurance icons, the target that applies, and, when no
signal is shown, why (``withheld``):

- ``no_data``: no value for this period type and breakdown;
- ``not_applicable``: the measure does not apply to this slice (e.g. a team that holds no cases);
- ``trial``: fewer than 13 points since the last process change (MDC shows no icons);
- ``autocorrelated``: consecutive points move together, so the limits would flag noise;
- ``coarse``: the values step by more than their spread, so the run rules fire by chance.

:func:`flag_shares` measures how often charts flag special cause (the figure issue 8 reports).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import polars as pl

from pipelines.catalogue import Indicator, headline_indicators, load_catalogue
from pipelines.store.process_changes import active_changes
from pipelines.store.reader import query_frame

NOT_JUDGED = "not_judged"
UNRELIABLE = ("autocorrelated", "coarse")
SPECIAL_TYPES = (
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)


@dataclass(frozen=True)
class Signal:
    """What one chart says now (see the module docstring)."""

    indicator: Indicator
    period_type: str
    breakdown: str
    breakdown_value: str
    value: float | None  # the newest value
    period_end: dt.date | None  # the newest value's period
    previous_value: float | None  # the value of the period before (None: none)
    judged_value: float | None  # the value the judgement is read from
    judged_period_end: dt.date | None
    previous_judged_value: float | None  # the judged point before it, for the movement
    point_type: str | None  # the judged point's type; None when withheld
    rule: str  # the first rule that fired ("" for common cause)
    direction: str  # "high", "low" or ""
    run_length: int  # points in the run that fired (shift, trend), else 0
    variation: str | None  # the icon: "common_cause", "concern_high", ... (None: withheld)
    assurance: str | None  # "consistently_pass", "consistently_fail", "inconsistent" or None
    target: float | None  # the target this chart is held to (None: none for this slice)
    withheld: str | None  # why no signal is shown (see the module docstring)
    autocorrelation: float | None  # lag-1 r of the latest segment
    judged_on: str  # "each_period" or "month_end"
    mean: float | None  # of the latest segment
    lower: float | None
    upper: float | None
    trial: bool

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous_value is None:
            return None
        return self.value - self.previous_value

    @property
    def is_special(self) -> bool:
        return self.withheld is None and self.point_type in SPECIAL_TYPES

    @property
    def kind(self) -> str | None:
        """ "concern", "improvement" or "neutral" for a special cause, else None."""
        if not self.is_special:
            return None
        return {
            "special_cause_concern": "concern",
            "special_cause_improvement": "improvement",
        }.get(self.point_type or "", "neutral")


def _get(row: dict[str, object], name: str, default: object = None) -> object:
    return row.get(name, default)


def _run_length(points: pl.DataFrame, rule: str, direction: str) -> int:
    """How many judged points of the latest segment, ending with the last, form the run."""
    values = points["value"].to_list()
    if not values:
        return 0
    high = direction == "high"
    count = 1
    if rule == "shift":
        mean = points["mean"][-1]
        count = 0
        for v in reversed(values):
            if mean is not None and ((v > mean) if high else (v < mean)):
                count += 1
            else:
                break
    elif rule == "trend":
        for later, earlier in zip(reversed(values), reversed(values[:-1]), strict=False):
            if (later > earlier) if high else (later < earlier):
                count += 1
            else:
                break
    else:
        return 0
    return count


def latest_signal(rows: pl.DataFrame, indicator: Indicator) -> Signal:
    """The signal of one chart (rows of one indicator, period type, breakdown and value)."""
    data = rows.sort("period_end") if not rows.is_empty() else rows
    first = data.row(0, named=True) if data.height else {}
    base = {
        "indicator": indicator,
        "period_type": str(_get(first, "period_type", "")),
        "breakdown": str(_get(first, "breakdown", "total")),
        "breakdown_value": str(_get(first, "breakdown_value", "All")),
    }
    empty = dict.fromkeys(
        ("value", "period_end", "previous_value", "judged_value", "judged_period_end"),
    )
    empty.update(
        previous_judged_value=None,
        point_type=None,
        rule="",
        direction="",
        run_length=0,
        variation=None,
        assurance=None,
        autocorrelation=None,
        mean=None,
        lower=None,
        upper=None,
        trial=False,
    )
    target = _get(first, "target", indicator.target_for(base["breakdown"]))
    judged_on = str(_get(first, "judged_on", "each_period") or "each_period")
    if data.is_empty():
        return Signal(**base, **empty, target=None, withheld="no_data", judged_on=judged_on)
    if _get(first, "withheld") == "not_applicable":
        return Signal(**base, **empty, target=None, withheld="not_applicable", judged_on=judged_on)
    valued = data.filter(pl.col("value").is_not_null())
    if valued.is_empty():
        return Signal(**base, **empty, target=target, withheld="no_data", judged_on=judged_on)  # type: ignore[arg-type]
    last = valued.row(-1, named=True)
    previous = valued["value"][-2] if valued.height > 1 else None
    judged = (
        valued.filter(pl.col("point_type") != NOT_JUDGED)
        if "point_type" in valued.columns
        else valued
    )
    chart_withheld = _get(last, "withheld")
    latest_segment = last.get("segment")
    segment_rows = (
        valued.filter(pl.col("segment") == latest_segment) if latest_segment is not None else valued
    )
    fields = {
        **empty,
        "value": last["value"],
        "period_end": last["period_end"],
        "previous_value": previous,
        "autocorrelation": _get(last, "autocorrelation"),
        "mean": _get(last, "mean"),
        "lower": _get(last, "lower"),
        "upper": _get(last, "upper"),
        "trial": bool(_get(last, "trial") or False),
    }
    withheld = chart_withheld
    if withheld in UNRELIABLE and (segment_rows["point_type"] != NOT_JUDGED).any():
        withheld = None  # a view cropped to an earlier segment, whose limits were judged
    if withheld is None and judged.is_empty():
        withheld = "no_data"
    if withheld is None:
        point = judged.row(-1, named=True)
        in_segment = judged.filter(pl.col("segment") == point["segment"])
        rule, direction = point["rule"] or "", point["direction"] or ""
        fields.update(
            judged_value=point["value"],
            judged_period_end=point["period_end"],
            previous_judged_value=judged["value"][-2] if judged.height > 1 else None,
            point_type=point["point_type"],
            rule=rule,
            direction=direction,
            run_length=_run_length(in_segment, rule, direction),
            variation=variation_of(point["point_type"], direction),
            assurance=_get(point, "assurance"),
            mean=point["mean"],
            lower=point["lower"],
            upper=point["upper"],
        )
    return Signal(**base, **fields, target=target, withheld=withheld, judged_on=judged_on)  # type: ignore[arg-type]


def variation_of(point_type: str | None, direction: str) -> str | None:
    """The variation icon code of a judged point (as ``spc`` gives the chart's latest)."""
    if point_type == "common_cause":
        return "common_cause"
    if point_type not in SPECIAL_TYPES:
        return None
    kind = {"special_cause_improvement": "improvement", "special_cause_concern": "concern"}
    return f"{kind.get(point_type, 'neutral')}_{direction}"


@dataclass(frozen=True)
class FlagShare:
    indicator_id: str
    points: int
    flagged: int

    @property
    def percent(self) -> float:
        return 100 * self.flagged / self.points if self.points else 0.0


def flag_shares(
    con: duckdb.DuckDBPyConnection,
    period_type: str = "week",
    since: dt.date | None = None,
    *,
    headline_only: bool = True,
) -> tuple[dt.date | None, list[FlagShare]]:
    """The share of valued points flagged special cause on each total chart, for periods ending
    on or after ``since`` (default: the latest process change in the store, else all)."""
    if since is None:
        try:
            dates = [c.change_date for c in active_changes(con)]
        except duckdb.Error:  # a store from before process changes
            dates = []
        since = max(dates) if dates else None
    wanted = [i.id for i in headline_indicators()] if headline_only else list(load_catalogue())
    frame = query_frame(
        con,
        "SELECT indicator_id, count(*) AS points, "
        "count(*) FILTER (WHERE point_type LIKE 'special_cause%') AS flagged "
        "FROM indicator_series WHERE breakdown = 'total' AND period_type = ? "
        "AND value IS NOT NULL AND period_end >= ? GROUP BY indicator_id",
        [period_type, since or dt.date(1900, 1, 1)],
    )
    found = {r["indicator_id"]: r for r in frame.iter_rows(named=True)}
    shares = [
        FlagShare(i, int(found[i]["points"]), int(found[i]["flagged"]))
        for i in wanted
        if i in found
    ]
    return since, shares
