""" "Better since the inspection?": one verdict per finding and indicator, in words.

Method (docs/design.md, "Better since the inspection?"): the chart's judged points are split at the
inspection date. The **before** segment is the last :data:`BASELINE_POINTS` judged points ending
before the inspection; its mean and natural process limits (mean ± 2.66 × average moving range, screened
and clipped as on every chart, by ``pipelines.spc.segment_limits``) describe the process the
inspectors saw. The **after** segment is every judged point from the
inspection on. The verdict reads the after segment against the before segment's mean and limits
with the SPC shift rule (:data:`SHIFT_LENGTH` = 7 consecutive points on one side of the mean,
NHSRplotthedots' default) or two of three consecutive points beyond a limit on the same side:

- the latest signal decides the direction (a recovery after an early dip counts as the recovery),
  dated from the first signal on that side since the last one on the other side;
- it must still hold: the mean of the last seven points is on the same side of the before mean,
  else "no evidence of a lasting change: the shift of <month> did not last";
- in the good direction (catalogue polarity): "improved: a sustained shift since <month of the
  first signalling point>"; in the bad direction: "worse: a sustained shift since <month>"; for
  a neutral indicator "higher" or "lower";
- no signal: "no evidence of change";
- the points used are those the catalogue judges (``judged_on``: a slow stock's month-end weeks
  on a weekly chart), so weekly snapshots that share most of their items do not make a shift;
- fewer than :data:`MIN_AFTER` points after, or fewer than :data:`MIN_BEFORE` before: "not enough
  data since" (or "before") the inspection.

Process changes after the inspection do not move the baseline: the question is whether the service
is better than the one the inspectors saw, so the comparison is always with the before segment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from pipelines.catalogue import Indicator
from pipelines.indicators.judgement import chart_options, judged_mask
from pipelines.presentation.i18n import _, month_year
from pipelines.spc import segment_limits

BASELINE_POINTS = 24
MIN_BEFORE = 12
MIN_AFTER = 7
SHIFT_LENGTH = 7

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


def _judged(rows: pl.DataFrame, indicator: Indicator) -> pl.DataFrame:
    """The points the catalogue says are judged (a slow stock's month-end weeks on a weekly
    chart), whether or not the latest segment's own limits were reliable: the comparison here is
    with the before segment's limits."""
    if rows.is_empty() or "value" not in rows.columns:
        return pl.DataFrame(schema={"period_end": pl.Date, "value": pl.Float64})
    data = rows.filter(pl.col("value").is_not_null()).sort("period_end")
    period_type = str(data["period_type"][0]) if "period_type" in data.columns else "month"
    mask = judged_mask(data["period_end"].to_list(), period_type, indicator.judged_on)
    data = data.filter(pl.Series(mask, dtype=pl.Boolean))
    return data.select("period_end", pl.col("value").cast(pl.Float64))


def _limits(values: Sequence[float], indicator: Indicator) -> tuple[float, float, float]:
    """The before segment's mean and limits, by the one SPC implementation (moving ranges
    screened, limits clipped to the unit's scale, as on the charts)."""
    limits = segment_limits(list(values), chart_options(indicator, "total"))
    mean = limits.mean if limits.mean is not None else 0.0
    lower = limits.lower if limits.lower is not None else mean
    upper = limits.upper if limits.upper is not None else mean
    return mean, lower, upper


def _runs(
    ends: Sequence[dt.date], values: Sequence[float], mean: float, lower: float, upper: float
) -> list[tuple[str, dt.date]]:
    """(side, start) of each signal against the before segment, in order: a shift (seven in a
    row on one side of the mean) or two of three points beyond a limit."""
    found: list[tuple[str, dt.date]] = []
    run_side, run_start = "", 0
    for i, value in enumerate(values):
        side = "high" if value > mean else "low" if value < mean else ""
        if side != run_side:
            run_side, run_start = side, i
        if side and i - run_start + 1 == SHIFT_LENGTH:
            found.append((side, ends[run_start]))
        window = values[i - 2 : i + 1] if i >= 2 else []
        for beyond, outside in (
            ("high", [v > upper for v in window]),
            ("low", [v < lower for v in window]),
        ):
            if sum(outside) >= 2:
                found.append((beyond, ends[i - 2 + outside.index(True)]))
    return found


def _latest_run(
    ends: Sequence[dt.date], values: Sequence[float], mean: float, lower: float, upper: float
) -> tuple[str, dt.date] | None:
    """The side of the latest signal, and since when the series has signalled on that side (the
    first signal after the last one on the other side)."""
    runs = _runs(ends, values, mean, lower, upper)
    if not runs:
        return None
    side = runs[-1][0]
    since = runs[-1][1]
    for other_side, start in reversed(runs):
        if other_side != side:
            break
        since = start
    return side, since


def verdict(rows: pl.DataFrame, indicator: Indicator, inspection_date: dt.date) -> Verdict:
    """The verdict of one chart's rows (one indicator, period type and breakdown value)."""
    data = _judged(rows, indicator)
    before = data.filter(pl.col("period_end") < inspection_date).tail(BASELINE_POINTS)
    after = data.filter(pl.col("period_end") >= inspection_date)
    nb, na = before.height, after.height
    after_mean = float(after["value"].mean()) if na else None  # type: ignore[arg-type]
    if nb < MIN_BEFORE or na < MIN_AFTER:
        if nb >= MIN_BEFORE:
            words = _(
                "not enough data since the inspection ({points} points; at least {needed} needed)",
                points=na,
                needed=MIN_AFTER,
            )
        else:
            words = _(
                "not enough data before the inspection ({points} points; at least {needed} needed)",
                points=nb,
                needed=MIN_BEFORE,
            )
        return Verdict(indicator.id, TOO_FEW, words, None, None, after_mean, None, None, nb, na)
    mean, lower, upper = _limits(before["value"].to_list(), indicator)
    run = _latest_run(after["period_end"].to_list(), after["value"].to_list(), mean, lower, upper)
    recent = after["value"].tail(SHIFT_LENGTH).to_list()
    recent_mean = sum(recent) / len(recent)
    if run is None:
        outcome, words, since = NO_CHANGE, _("no evidence of change since the inspection"), None
    elif (recent_mean > mean) != (run[0] == "high") or recent_mean == mean:
        # The signal did not last: the latest points are back on the other side of the mean.
        outcome, since = NO_CHANGE, None
        words = _(
            "no evidence of a lasting change: the shift of {month} did not last",
            month=month_year(run[1]),
        )
    else:
        side, since = run
        if indicator.polarity == "neutral":
            outcome = HIGHER if side == "high" else LOWER
        else:
            good = (side == "high") == (indicator.polarity == "higher")
            outcome = IMPROVED if good else WORSE
        words = _outcome_words(outcome, month_year(since))
    return Verdict(indicator.id, outcome, words, since, mean, after_mean, lower, upper, nb, na)


def _outcome_words(outcome: str, month: str) -> str:
    if outcome == IMPROVED:
        return _("improved: a sustained shift since {month}", month=month)
    if outcome == WORSE:
        return _("worse: a sustained shift since {month}", month=month)
    if outcome == HIGHER:
        return _("higher: a sustained shift since {month}", month=month)
    return _("lower: a sustained shift since {month}", month=month)
