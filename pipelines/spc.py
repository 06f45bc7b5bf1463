"""Statistical process control (XmR charts) in the NHS "Making Data Count" (MDC) style.

Boards read our indicator charts the way they read MDC charts: a centre line, process limits from
the average moving range, four special-cause rules and two icons (variation, assurance). The rules
and defaults follow `shared/domain/spc.md`, which matches the R package NHSRplotthedots; the MDC
Excel behaviours it differs on are options.

Decisions that spc.md leaves to us (each is tested in `tests/test_spc.py`):

- **Missing values** (None or NaN) are skipped in the mean and the moving ranges, and a gap does
  not create a moving range across it: a range spanning two periods would overstate the
  period-to-period variation. The rules, by contrast, run over the non-missing points in period
  order, so one missing month neither starts nor breaks a trend or shift. A missing point stays in
  the output with its segment's limits, a null value and a null point type.
- **Zero variation** (average moving range 0): the limits and near limits all equal the mean, so a
  point equal to the mean is common cause and any point that differs is outside. When every
  baseline value is identical the mean is exactly that value (no rounding drift that would put the
  points themselves "outside"). If screening alone would cut a non-zero average moving range to
  zero (a flat series with one jump), the unscreened average is kept, so the jump is judged against
  real limits instead of every point falling outside a zero-width band.
- **No moving range at all** (one value, or values isolated by gaps): the mean is shown, the limits
  are null, and only the trend and shift rules can fire.
- **Trial limits**: a segment with fewer than `min_points_for_limits` (13) non-missing points still
  gets limits and point flags, marked `trial`; when the latest segment is on trial there are no
  icons (variation and assurance are None), as MDC shows limits only from 13 points.
- **Rebasing**: a segment starts at the first period on or after each rebase period; a rebase at or
  before the first period changes nothing. With `fix_after`, each segment's baseline is its own
  first N non-missing points (the limits then come from N points, but `trial` still counts all the
  segment's points).
- **Icons** use the last non-missing point of the latest segment.
- A point that ends a rising trend and starts a falling one keeps the direction of the earlier run.
- **Scale bounds** (``lower_bound``, ``upper_bound``): a count cannot fall below 0 and a percentage
  cannot leave 0-100, so limits beyond the scale are drawn and stored at its edge. Clipping never
  changes a flag: no value can lie beyond the scale, so no value can lie beyond a clipped limit.
- **Zero variation and assurance**: when the limits have zero width every likely value is the mean,
  so the target is consistently met or missed according to the mean (a target equal to the mean is
  met); NHSRplotthedots would call a target on the limits "hit and miss".
- **Autocorrelation**: every segment gets the lag-1 autocorrelation of its values (the usual
  estimator, over pairs of consecutive non-missing points). Moving ranges of positively
  autocorrelated values understate the spread (for an AR(1) process by the factor sqrt(1 - r)), so
  the limits hug the mean and noise is flagged. With ``max_autocorrelation`` set, icons are
  withheld when the latest segment exceeds it (``SpcResult.withheld == "autocorrelated"``); the
  point flags themselves are left as the rules give them, for callers to show or withhold. The
  threshold and its sources are in docs/design.md ("SPC that fits the series").
- **Coarse values**: with ``check_resolution`` the icons are also withheld (``"coarse"``) when the
  step between recorded values (e.g. 1 for whole numbers) is larger than the process spread
  estimated from the moving ranges (average moving range / 1.128): rounding then makes up much of
  the variation, and runs of equal values on one side of a mean that lies between two steps fire
  the run rules by chance (Wheeler's "chunky data"). Zero variation is not coarse. For ratios of
  counts the caller passes each value's ``steps`` (one event's worth: 100 / denominator for a
  percentage), since 0 %, 11.1 % and 12.5 % have no common written step but are just as chunky.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby, pairwise
from typing import Any, Literal

import polars as pl

LIMIT_CONSTANT = 2.66  # 3 / d2 with d2 = 1.128 for moving ranges of two, as MDC rounds it
MR_SCREEN_CONSTANT = 3.267  # D4 for n = 2: the upper limit of the moving-range chart
NEAR_LIMIT_FRACTION = 2 / 3  # near ("2 sigma") limits sit 2/3 of the way to the process limits
TREND_LENGTH = 7
SHIFT_LENGTH = 7
MIN_FIX_AFTER = 12
AUTOCORRELATION_LIMIT = 0.5  # lag-1 r above which limits from moving ranges are unreliable

Polarity = Literal["increase", "decrease", "neutral"]
Period = Any  # any mutually sortable key: dates, ISO strings, integers
PointType = Literal[
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
    "common_cause",
]
Rule = Literal["outside_limits", "trend", "two_in_three", "shift", ""]
Side = Literal["high", "low", ""]
Assurance = Literal["consistently_pass", "consistently_fail", "inconsistent"]
Withheld = Literal["no_values", "trial", "autocorrelated", "coarse"]
D2 = 1.128  # expected moving range of two independent normal values, in standard deviations


@dataclass(frozen=True)
class SpcOptions:
    """How to build one chart; defaults are NHSRplotthedots' (spc.md, "Where peers differ")."""

    direction: Polarity = "neutral"  # polarity: "increase" means higher is better
    target: float | None = None
    screen_moving_ranges: bool = True
    rebase_at: tuple[Period, ...] = ()
    fix_after: int | None = None
    two_in_three_includes_beyond_limits: bool = False  # MDC's November 2023 variant
    min_points_for_limits: int = 13
    lower_bound: float | None = None  # the scale's floor (0 for counts): limits are clipped to it
    upper_bound: float | None = None  # the scale's ceiling (100 for percentages)
    max_autocorrelation: float | None = None  # withhold the icons above this lag-1 r (None: never)
    check_resolution: bool = False  # withhold the icons when values step by more than sigma

    def __post_init__(self) -> None:
        if self.direction not in ("increase", "decrease", "neutral"):
            raise ValueError(
                f"direction must be increase, decrease or neutral, not {self.direction!r}"
            )
        if self.fix_after is not None and self.fix_after < MIN_FIX_AFTER:
            raise ValueError(f"fix_after must be at least {MIN_FIX_AFTER}, not {self.fix_after}")
        if self.min_points_for_limits < 1:
            raise ValueError("min_points_for_limits must be at least 1")
        if self.target is not None and not math.isfinite(self.target):
            raise ValueError("target must be a finite number")
        for name in ("lower_bound", "upper_bound"):
            bound = getattr(self, name)
            if bound is not None and not math.isfinite(bound):
                raise ValueError(f"{name} must be a finite number")
        if (
            self.lower_bound is not None
            and self.upper_bound is not None
            and self.lower_bound > self.upper_bound
        ):
            raise ValueError("lower_bound must not be above upper_bound")
        if self.max_autocorrelation is not None and not -1 < self.max_autocorrelation <= 1:
            raise ValueError("max_autocorrelation must be above -1 and at most 1")


@dataclass(frozen=True)
class SpcPoint:
    """One period of the chart: its value, its segment's lines and what the rules found."""

    period: Period
    value: float | None
    segment: int
    mean: float | None
    lower: float | None
    upper: float | None
    near_lower: float | None
    near_upper: float | None
    trial: bool
    point_type: PointType | None  # None only for a missing value
    rule: Rule
    direction: Side
    autocorrelation: float | None = None  # lag-1 r of this point's segment (None: not estimable)


@dataclass(frozen=True)
class SpcResult:
    """Every point in period order, plus the icons for the latest segment."""

    points: tuple[SpcPoint, ...]
    variation: str | None  # "common_cause", "improvement_high", "concern_low", "neutral_high", ...
    assurance: Assurance | None
    autocorrelation: float | None = None  # lag-1 r of the latest segment
    withheld: Withheld | None = None  # why the icons are not shown (None: they are)
    coarse_segments: tuple[int, ...] = ()  # with check_resolution: segments too coarse to judge

    def to_polars(self) -> pl.DataFrame:
        """The points as a DataFrame, one row per period, columns named as in `SpcPoint`."""
        return pl.DataFrame(
            [pl.Series("period", [p.period for p in self.points])]
            + [
                pl.Series(name, [getattr(p, name) for p in self.points], dtype=dtype)
                for name, dtype in COLUMN_TYPES.items()
            ]
        )


COLUMN_TYPES: dict[str, Any] = {
    "value": pl.Float64,
    "segment": pl.Int64,
    "mean": pl.Float64,
    "lower": pl.Float64,
    "upper": pl.Float64,
    "near_lower": pl.Float64,
    "near_upper": pl.Float64,
    "trial": pl.Boolean,
    "point_type": pl.String,
    "rule": pl.String,
    "direction": pl.String,
    "autocorrelation": pl.Float64,
}


@dataclass(frozen=True)
class SegmentLimits:
    """One segment's centre line and limits; all None without values, limits None without ranges."""

    mean: float | None = None
    lower: float | None = None
    upper: float | None = None
    near_lower: float | None = None
    near_upper: float | None = None
    average_moving_range: float | None = None  # the (screened) average the limits come from


def _mean(xs: Sequence[float]) -> float:
    # Identical values give exactly that value, so zero-variation points sit on the mean.
    return xs[0] if min(xs) == max(xs) else math.fsum(xs) / len(xs)


def segment_limits(values: Sequence[float | None], options: SpcOptions) -> SegmentLimits:
    """Centre line and limits for one segment's values in period order (None = missing)."""
    present = [i for i, v in enumerate(values) if v is not None]
    if not present:
        return SegmentLimits()
    if options.fix_after is not None:
        present = present[: options.fix_after]
    baseline = values[: present[-1] + 1]
    mean = _mean([v for v in baseline if v is not None])
    ranges = [abs(b - a) for a, b in pairwise(baseline) if a is not None and b is not None]
    if not ranges:
        return SegmentLimits(mean=mean)
    amr = math.fsum(ranges) / len(ranges)
    if options.screen_moving_ranges and amr > 0:
        kept = [r for r in ranges if r < MR_SCREEN_CONSTANT * amr]  # never empty when amr > 0
        screened = math.fsum(kept) / len(kept)
        amr = screened if screened > 0 else amr
    width = LIMIT_CONSTANT * amr
    near = NEAR_LIMIT_FRACTION * width

    def clip(x: float) -> float:
        if options.lower_bound is not None:
            x = max(x, options.lower_bound)
        if options.upper_bound is not None:
            x = min(x, options.upper_bound)
        return x

    return SegmentLimits(
        mean, clip(mean - width), clip(mean + width), clip(mean - near), clip(mean + near), amr
    )


def value_step(values: Sequence[float]) -> float | None:
    """The step between recorded values: the largest number every difference between them is a
    whole multiple of (1 for whole numbers, 0.5 for halves, 50 for 0, 50 and 100), found among
    values written with up to 6 decimal places. None when fewer than two distinct values or the
    values are not written to a fixed number of places (e.g. thirds)."""
    distinct = sorted(set(values))
    if len(distinct) < 2:
        return None
    for places in range(7):
        scale = 10**places
        scaled = [v * scale for v in distinct]
        if all(abs(x - round(x)) < 1e-6 for x in scaled):
            whole = [round(x) for x in scaled]
            step = 0
            for x in whole[1:]:
                step = math.gcd(step, x - whole[0])
            return step / scale
    return None


def is_coarse(
    values: Sequence[float], average_moving_range: float | None, step: float | None = None
) -> bool:
    """True when the step between values exceeds the spread estimated from the moving ranges.

    ``step`` is the step when the caller knows it from the counts behind the values (one event
    more or less moves a percentage of 8 by 12.5 points); otherwise it is read off the values."""
    if not average_moving_range:
        return False
    if step is None:
        step = value_step(values)
    return step is not None and step > average_moving_range / D2


def lag1_autocorrelation(values: Sequence[float | None]) -> float | None:
    """The lag-1 autocorrelation of values in period order (None = missing): the usual estimator
    r1 = sum((x[t] - m) * (x[t+1] - m)) / sum((x[t] - m) ** 2), over pairs of consecutive
    non-missing points (no pair spans a gap). None with fewer than 3 values or no variation."""
    present = [v for v in values if v is not None]
    if len(present) < 3:
        return None
    mean = math.fsum(present) / len(present)
    spread = math.fsum((v - mean) ** 2 for v in present)
    if spread == 0:
        return None
    pairs = [
        (a - mean) * (b - mean) for a, b in pairwise(values) if a is not None and b is not None
    ]
    return math.fsum(pairs) / spread


def _runs(keys: Sequence[int]) -> Iterator[tuple[int, int, int]]:
    """(start, stop, key) for each run of equal consecutive keys."""
    start = 0
    for key, group in groupby(keys):
        stop = start + len(list(group))
        yield start, stop, key
        start = stop


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _special_causes(
    xs: Sequence[float], lim: SegmentLimits, options: SpcOptions
) -> tuple[list[Rule], list[Side]]:
    """The first rule (in spc.md's precedence order) that flags each value, and its direction."""
    n = len(xs)
    mean = lim.mean
    side = [(x > mean) - (x < mean) for x in xs] if mean is not None else [0] * n
    # +1 high, -1 low, 0 not flagged, one list per rule.
    outside = [0] * n
    trend = [0] * n
    two_in_three = [0] * n
    shift = [0] * n

    lo, hi, near_lo, near_hi = lim.lower, lim.upper, lim.near_lower, lim.near_upper
    if lo is not None and hi is not None and near_lo is not None and near_hi is not None:
        outside = [1 if x > hi else -1 if x < lo else 0 for x in xs]
        beyond_counts = options.two_in_three_includes_beyond_limits
        near = [
            (x > near_hi or x < near_lo) and (beyond_counts or not out)
            for x, out in zip(xs, outside, strict=True)
        ]
        for j in range(n - 2):
            s = side[j]
            # Three points on one side of the mean, at least two of them beyond the near limits.
            same_side = s != 0 and side[j + 1] == s and side[j + 2] == s
            if same_side and near[j] + near[j + 1] + near[j + 2] >= 2:
                for k in (j, j + 1, j + 2):
                    if near[k]:
                        two_in_three[k] = s

    steps = [_sign(b - a) for a, b in pairwise(xs)]  # steps[k] goes from point k to point k + 1
    for start, stop, step in _runs(steps):
        if step != 0 and stop - start >= TREND_LENGTH - 1:
            for k in range(start, stop + 1):
                trend[k] = trend[k] or step

    for start, stop, s in _runs(side):
        if s != 0 and stop - start >= SHIFT_LENGTH:
            shift[start:stop] = [s] * (stop - start)

    rules: list[Rule] = []
    directions: list[Side] = []
    for o, t, w, h in zip(outside, trend, two_in_three, shift, strict=True):
        if o:
            rule, sign = "outside_limits", o
        elif t:
            rule, sign = "trend", t
        elif w:
            rule, sign = "two_in_three", w
        elif h:
            rule, sign = "shift", h
        else:
            rule, sign = "", 0
        rules.append(rule)
        directions.append("high" if sign > 0 else "low" if sign < 0 else "")
    return rules, directions


def _point_type(direction: Side, polarity: Polarity) -> PointType:
    if direction == "":
        return "common_cause"
    if polarity == "neutral":
        return "special_cause_neutral_high" if direction == "high" else "special_cause_neutral_low"
    better = "high" if polarity == "increase" else "low"
    return "special_cause_improvement" if direction == better else "special_cause_concern"


def _variation(point_type: str | None, direction: str) -> str:
    if point_type == "common_cause":
        return "common_cause"
    kind = {"special_cause_improvement": "improvement", "special_cause_concern": "concern"}
    return f"{kind.get(point_type or '', 'neutral')}_{direction}"


def _assurance(
    mean: float | None, lower: float | None, upper: float | None, options: SpcOptions
) -> Assurance | None:
    target = options.target
    if target is None or options.direction == "neutral" or lower is None or upper is None:
        return None
    if lower == upper and mean is not None:
        # Zero variation: every likely value is the mean, so the target is met or missed by it.
        meets = mean >= target if options.direction == "increase" else mean <= target
        return "consistently_pass" if meets else "consistently_fail"
    if lower <= target <= upper:
        return "inconsistent"
    target_is_high = target > upper
    # Higher is better: a target above every likely value is consistently failed.
    if target_is_high == (options.direction == "increase"):
        return "consistently_fail"
    return "consistently_pass"


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def _clean(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"values must be finite numbers or missing, not {value}")
    return value


@dataclass(frozen=True)
class SpcColumns:
    """What :func:`compute_spc` returns, with the points as columns in period order (one list
    per :class:`SpcPoint` field): what a rebuild of thousands of charts reads, without building
    a point object per period."""

    columns: dict[str, list[Any]]  # "period" and every name in COLUMN_TYPES
    variation: str | None
    assurance: Assurance | None
    autocorrelation: float | None = None
    withheld: Withheld | None = None
    coarse_segments: tuple[int, ...] = ()

    def result(self) -> SpcResult:
        names = ["period", *COLUMN_TYPES]
        points = tuple(
            SpcPoint(**dict(zip(names, row, strict=True)))
            for row in zip(*(self.columns[name] for name in names), strict=True)
        )
        return SpcResult(
            points,
            self.variation,
            self.assurance,
            self.autocorrelation,
            self.withheld,
            self.coarse_segments,
        )


def compute_spc(
    periods: Sequence[Period],
    values: Sequence[float | None],
    options: SpcOptions | None = None,
    steps: Sequence[float | None] | None = None,
) -> SpcResult:
    """Build an XmR chart: limits per segment, special-cause flags per point, icons for the latest.

    ``steps`` (optional, one per value): how far one event moves each value, when the values are
    ratios of counts; with ``check_resolution`` their median over the latest segment is the step
    that decides "coarse" (see :func:`is_coarse`).

    Points are returned sorted by period. Raises ValueError on mismatched lengths, duplicate or
    unsortable periods, or infinite values.
    """
    return spc_columns(periods, values, options, steps).result()


def spc_columns(
    periods: Sequence[Period],
    values: Sequence[float | None],
    options: SpcOptions | None = None,
    steps: Sequence[float | None] | None = None,
) -> SpcColumns:
    """:func:`compute_spc` with the points as columns (the same maths; see :class:`SpcColumns`)."""
    options = options or SpcOptions()
    if len(periods) != len(values):
        raise ValueError(f"{len(periods)} periods but {len(values)} values")
    if steps is not None and len(steps) != len(values):
        raise ValueError(f"{len(values)} values but {len(steps)} steps")
    try:
        order = sorted(range(len(periods)), key=lambda i: periods[i])
        boundaries = sorted(options.rebase_at)
        raw_segments = (
            [sum(b <= periods[i] for b in boundaries) for i in order]
            if boundaries
            else [0] * len(order)
        )
    except TypeError as exc:
        raise ValueError(f"periods and rebase periods must be mutually sortable: {exc}") from exc
    for a, b in pairwise(order):
        if periods[a] == periods[b]:
            raise ValueError(f"duplicate period {periods[a]!r}")
    xs = [_clean(values[i]) for i in order]
    # Renumber 0, 1, ... so rebase periods before the first point or in the same gap add nothing.
    segment_of = {raw: n for n, raw in enumerate(dict.fromkeys(raw_segments))}
    segments = [segment_of[raw] for raw in raw_segments]

    columns: dict[str, list[Any]] = {name: [] for name in ("period", *COLUMN_TYPES)}
    point_types = {
        side: _point_type(side, options.direction)
        for side in ("high", "low", "")  # type: ignore[arg-type]
    }
    coarse: list[int] = []
    for seg, members in groupby(range(len(order)), key=lambda i: segments[i]):
        idx = list(members)
        n = len(idx)
        seg_values = [xs[i] for i in idx]
        lim = segment_limits(seg_values, options)
        r1 = lag1_autocorrelation(seg_values)
        present = [v for v in seg_values if v is not None]
        seg_steps = [
            float(steps[order[i]])  # type: ignore[arg-type]
            for i in idx
            if steps is not None and steps[order[i]] is not None and xs[i] is not None
        ]
        trial = len(present) < options.min_points_for_limits
        # Too few points to tell chunky from noise: a trial segment keeps its flags.
        if (
            options.check_resolution
            and not trial
            and is_coarse(present, lim.average_moving_range, _median(seg_steps))
        ):
            coarse.append(seg)
        rules, directions = _special_causes(present, lim, options)
        if len(present) < n:  # missing values: no rule, no direction, no point type
            found = iter(zip(rules, directions, strict=True))
            pairs = [next(found) if v is not None else ("", "") for v in seg_values]
            rules = [rule for rule, _ in pairs]
            directions = [direction for _, direction in pairs]
        columns["period"].extend(periods[order[i]] for i in idx)
        columns["value"].extend(seg_values)
        columns["segment"].extend([seg] * n)
        columns["mean"].extend([lim.mean] * n)
        columns["lower"].extend([lim.lower] * n)
        columns["upper"].extend([lim.upper] * n)
        columns["near_lower"].extend([lim.near_lower] * n)
        columns["near_upper"].extend([lim.near_upper] * n)
        columns["trial"].extend([trial] * n)
        columns["point_type"].extend(
            point_types[d] if v is not None else None
            for v, d in zip(seg_values, directions, strict=True)
        )
        columns["rule"].extend(rules)
        columns["direction"].extend(directions)
        columns["autocorrelation"].extend([r1] * n)

    if not order:
        return SpcColumns(columns, None, None, None, "no_values")
    last_segment = columns["segment"][-1]
    r1 = columns["autocorrelation"][-1]
    latest = [
        i
        for i, (seg, value) in enumerate(zip(columns["segment"], columns["value"], strict=True))
        if seg == last_segment and value is not None
    ]
    if not latest:
        return SpcColumns(columns, None, None, r1, "no_values", tuple(coarse))
    last = latest[-1]
    if columns["trial"][last]:
        return SpcColumns(columns, None, None, r1, "trial", tuple(coarse))
    limit = options.max_autocorrelation
    if limit is not None and r1 is not None and r1 > limit:
        return SpcColumns(columns, None, None, r1, "autocorrelated", tuple(coarse))
    if last_segment in coarse:
        return SpcColumns(columns, None, None, r1, "coarse", tuple(coarse))
    point_type, direction = columns["point_type"][last], columns["direction"][last]
    lower, upper, mean = columns["lower"][last], columns["upper"][last], columns["mean"][last]
    return SpcColumns(
        columns,
        _variation(point_type, direction),
        _assurance(mean, lower, upper, options),
        r1,
        None,
        tuple(coarse),
    )


__all__ = [
    "AUTOCORRELATION_LIMIT",
    "LIMIT_CONSTANT",
    "MR_SCREEN_CONSTANT",
    "NEAR_LIMIT_FRACTION",
    "SegmentLimits",
    "SpcColumns",
    "SpcOptions",
    "SpcPoint",
    "SpcResult",
    "compute_spc",
    "is_coarse",
    "lag1_autocorrelation",
    "segment_limits",
    "spc_columns",
    "value_step",
]
