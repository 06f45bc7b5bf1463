""" "Better since the inspection?": one verdict per finding and indicator, in words.

Method (docs/design.md, "Better since the inspection?"): the chart's judged points are split at the
inspection date. The **before** segment is the last :data:`BASELINE_POINTS` judged points ending
before the inspection; its mean and natural process limits (mean ± 2.66 × average moving range)
describe the process the inspectors saw. The **after** segment is every judged point from the
inspection on. The verdict reads the after segment against the before segment's mean and limits
with the SPC shift rule (:data:`SHIFT_LENGTH` = 7 consecutive points on one side of the mean,
NHSRplotthedots' default) or two of three consecutive points beyond a limit on the same side:

- the latest such run decides the direction (a recovery after an early dip counts as the recovery);
- in the good direction (catalogue polarity): "improved: a sustained shift since <month of the
  run's first point>"; in the bad direction: "worse: a sustained shift since <month>"; for a
  neutral indicator "higher" or "lower";
- no run: "no evidence of change";
- fewer than :data:`MIN_AFTER` points after, or fewer than :data:`MIN_BEFORE` before: "not enough
  data since" (or "before") the inspection.

Process changes after the inspection do not move the baseline: the question is whether the service
is better than the one the inspectors saw, so the comparison is always with the before segment.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from pipelines.catalogue import Indicator

BASELINE_POINTS = 24
MIN_BEFORE = 12
MIN_AFTER = 7
SHIFT_LENGTH = 7
NOT_JUDGED = "not_judged"

IMPROVED, WORSE, NO_CHANGE, TOO_FEW = "improved", "worse", "no_change", "not_enough_data"
HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class Verdict:
    """Whether one indicator is better than when the inspectors came."""

    indicator_id: str
    outcome: str  # improved, worse, higher, lower, no_change, not_enough_data
    words: str  # the verdict as the board reads it
    since: dt.date | None  # first period end of the run that decided it
    before_mean: float | None
    after_mean: float | None
    lower: float | None  # the before segment's limits
    upper: float | None
    before_points: int
    after_points: int

    @property
    def is_change(self) -> bool:
        return self.outcome in (IMPROVED, WORSE, HIGHER, LOWER)


def _judged(rows: pl.DataFrame) -> pl.DataFrame:
    """The points the chart judges (a month-end stock's other weeks are drawn, not judged)."""
    if rows.is_empty() or "value" not in rows.columns:
        return pl.DataFrame(schema={"period_end": pl.Date, "value": pl.Float64})
    data = rows.filter(pl.col("value").is_not_null())
    if "point_type" in data.columns:
        data = data.filter(pl.col("point_type").fill_null("") != NOT_JUDGED)
    return data.sort("period_end").select("period_end", pl.col("value").cast(pl.Float64))


def _limits(values: Sequence[float]) -> tuple[float, float, float]:
    mean = sum(values) / len(values)
    ranges = [abs(b - a) for a, b in itertools.pairwise(values)]
    spread = 2.66 * (sum(ranges) / len(ranges)) if ranges else 0.0
    return mean, mean - spread, mean + spread


def _latest_run(
    ends: Sequence[dt.date], values: Sequence[float], mean: float, lower: float, upper: float
) -> tuple[str, dt.date] | None:
    """("high" or "low", start) of the latest sustained shift against the before segment."""
    found: tuple[int, str, dt.date] | None = None  # (last index, side, start)
    run_side, run_start = "", 0
    for i, value in enumerate(values):
        side = "high" if value > mean else "low" if value < mean else ""
        if side != run_side:
            run_side, run_start = side, i
        if side and i - run_start + 1 >= SHIFT_LENGTH:
            found = (i, side, ends[run_start])
        window = values[i - 2 : i + 1] if i >= 2 else []
        for beyond, outside in (
            ("high", [v > upper for v in window]),
            ("low", [v < lower for v in window]),
        ):
            if sum(outside) >= 2:
                first = outside.index(True)
                found = (i, beyond, ends[i - 2 + first])
    return (found[1], found[2]) if found else None


def verdict(rows: pl.DataFrame, indicator: Indicator, inspection_date: dt.date) -> Verdict:
    """The verdict of one chart's rows (one indicator, period type and breakdown value)."""
    data = _judged(rows)
    before = data.filter(pl.col("period_end") < inspection_date).tail(BASELINE_POINTS)
    after = data.filter(pl.col("period_end") >= inspection_date)
    nb, na = before.height, after.height
    after_mean = float(after["value"].mean()) if na else None  # type: ignore[arg-type]
    if nb < MIN_BEFORE or na < MIN_AFTER:
        when = "since" if nb >= MIN_BEFORE else "before"
        counted = na if when == "since" else nb
        needed = MIN_AFTER if when == "since" else MIN_BEFORE
        words = (
            f"not enough data {when} the inspection ({counted} points; at least {needed} needed)"
        )
        return Verdict(indicator.id, TOO_FEW, words, None, None, after_mean, None, None, nb, na)
    mean, lower, upper = _limits(before["value"].to_list())
    run = _latest_run(after["period_end"].to_list(), after["value"].to_list(), mean, lower, upper)
    if run is None:
        outcome, words, since = NO_CHANGE, "no evidence of change since the inspection", None
    else:
        side, since = run
        if indicator.polarity == "neutral":
            outcome = HIGHER if side == "high" else LOWER
            words = f"{outcome}: a sustained shift since {since:%B %Y}"
        else:
            good = (side == "high") == (indicator.polarity == "higher")
            outcome = IMPROVED if good else WORSE
            words = f"{outcome}: a sustained shift since {since:%B %Y}"
    return Verdict(indicator.id, outcome, words, since, mean, after_mean, lower, upper, nb, na)
