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
"""

from __future__ import annotations

import argparse
import csv
import math
from collections.abc import Iterator, Sequence
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from itertools import groupby, pairwise
from typing import Any, Literal, TextIO

import polars as pl

LIMIT_CONSTANT = 2.66  # 3 / d2 with d2 = 1.128 for moving ranges of two, as MDC rounds it
MR_SCREEN_CONSTANT = 3.267  # D4 for n = 2: the upper limit of the moving-range chart
NEAR_LIMIT_FRACTION = 2 / 3  # near ("2 sigma") limits sit 2/3 of the way to the process limits
TREND_LENGTH = 7
SHIFT_LENGTH = 7
MIN_FIX_AFTER = 12

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


@dataclass(frozen=True)
class SpcResult:
    """Every point in period order, plus the icons for the latest segment."""

    points: tuple[SpcPoint, ...]
    variation: str | None  # "common_cause", "improvement_high", "concern_low", "neutral_high", ...
    assurance: Assurance | None

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
}


@dataclass(frozen=True)
class SegmentLimits:
    """One segment's centre line and limits; all None without values, limits None without ranges."""

    mean: float | None = None
    lower: float | None = None
    upper: float | None = None
    near_lower: float | None = None
    near_upper: float | None = None


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
    return SegmentLimits(mean, mean - width, mean + width, mean - near, mean + near)


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
) -> list[tuple[Rule, Side]]:
    """The first rule (in spc.md's precedence order) that flags each value, with its direction."""
    n = len(xs)
    side = [_sign(x - lim.mean) for x in xs] if lim.mean is not None else [0] * n
    # +1 high, -1 low, 0 not flagged; the insertion order is the precedence order.
    flags: dict[Rule, list[int]] = {
        "outside_limits": [0] * n,
        "trend": [0] * n,
        "two_in_three": [0] * n,
        "shift": [0] * n,
    }

    lo, hi, near_lo, near_hi = lim.lower, lim.upper, lim.near_lower, lim.near_upper
    if lo is not None and hi is not None and near_lo is not None and near_hi is not None:
        outside = [1 if x > hi else -1 if x < lo else 0 for x in xs]
        flags["outside_limits"] = outside
        near = [
            (x > near_hi or x < near_lo)
            and (options.two_in_three_includes_beyond_limits or not outside[i])
            for i, x in enumerate(xs)
        ]
        for j in range(n - 2):
            window = range(j, j + 3)
            same_side = side[j] != 0 and all(side[k] == side[j] for k in window)
            if same_side and sum(near[k] for k in window) >= 2:
                for k in window:
                    if near[k]:
                        flags["two_in_three"][k] = side[j]

    steps = [_sign(b - a) for a, b in pairwise(xs)]  # steps[k] goes from point k to point k + 1
    for start, stop, step in _runs(steps):
        if step != 0 and stop - start >= TREND_LENGTH - 1:
            for k in range(start, stop + 1):
                flags["trend"][k] = flags["trend"][k] or step

    for start, stop, s in _runs(side):
        if s != 0 and stop - start >= SHIFT_LENGTH:
            flags["shift"][start:stop] = [s] * (stop - start)

    result: list[tuple[Rule, Side]] = []
    for i in range(n):
        fired = [(rule, f[i]) for rule, f in flags.items() if f[i]]
        rule, sign = fired[0] if fired else ("", 0)
        result.append((rule, "high" if sign > 0 else "low" if sign < 0 else ""))
    return result


def _point_type(direction: Side, polarity: Polarity) -> PointType:
    if direction == "":
        return "common_cause"
    if polarity == "neutral":
        return "special_cause_neutral_high" if direction == "high" else "special_cause_neutral_low"
    better = "high" if polarity == "increase" else "low"
    return "special_cause_improvement" if direction == better else "special_cause_concern"


def _variation(point: SpcPoint) -> str:
    if point.point_type == "common_cause":
        return "common_cause"
    kind = {"special_cause_improvement": "improvement", "special_cause_concern": "concern"}
    return f"{kind.get(point.point_type or '', 'neutral')}_{point.direction}"


def _assurance(point: SpcPoint, options: SpcOptions) -> Assurance | None:
    target, lower, upper = options.target, point.lower, point.upper
    if target is None or options.direction == "neutral" or lower is None or upper is None:
        return None
    if lower <= target <= upper:
        return "inconsistent"
    target_is_high = target > upper
    # Higher is better: a target above every likely value is consistently failed.
    if target_is_high == (options.direction == "increase"):
        return "consistently_fail"
    return "consistently_pass"


def _clean(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"values must be finite numbers or missing, not {value}")
    return value


def compute_spc(
    periods: Sequence[Period], values: Sequence[float | None], options: SpcOptions | None = None
) -> SpcResult:
    """Build an XmR chart: limits per segment, special-cause flags per point, icons for the latest.

    Points are returned sorted by period. Raises ValueError on mismatched lengths, duplicate or
    unsortable periods, or infinite values.
    """
    options = options or SpcOptions()
    if len(periods) != len(values):
        raise ValueError(f"{len(periods)} periods but {len(values)} values")
    try:
        order = sorted(range(len(periods)), key=lambda i: periods[i])
        boundaries = sorted(options.rebase_at)
        raw_segments = [sum(b <= periods[i] for b in boundaries) for i in order]
    except TypeError as exc:
        raise ValueError(f"periods and rebase periods must be mutually sortable: {exc}") from exc
    for a, b in pairwise(order):
        if periods[a] == periods[b]:
            raise ValueError(f"duplicate period {periods[a]!r}")
    xs = [_clean(values[i]) for i in order]
    # Renumber 0, 1, ... so rebase periods before the first point or in the same gap add nothing.
    segment_of = {raw: n for n, raw in enumerate(dict.fromkeys(raw_segments))}
    segments = [segment_of[raw] for raw in raw_segments]

    points: list[SpcPoint] = []
    for seg, members in groupby(range(len(order)), key=lambda i: segments[i]):
        idx = list(members)
        seg_values = [xs[i] for i in idx]
        lim = segment_limits(seg_values, options)
        present = [v for v in seg_values if v is not None]
        trial = len(present) < options.min_points_for_limits
        causes = iter(_special_causes(present, lim, options))
        for i, value in zip(idx, seg_values, strict=True):
            rule, direction = next(causes) if value is not None else ("", "")
            point_type = _point_type(direction, options.direction) if value is not None else None
            points.append(
                SpcPoint(
                    period=periods[order[i]],
                    value=value,
                    segment=seg,
                    mean=lim.mean,
                    lower=lim.lower,
                    upper=lim.upper,
                    near_lower=lim.near_lower,
                    near_upper=lim.near_upper,
                    trial=trial,
                    point_type=point_type,
                    rule=rule,
                    direction=direction,
                )
            )

    latest = [p for p in points if p.segment == points[-1].segment and p.value is not None]
    if not latest or latest[-1].trial:
        return SpcResult(tuple(points), None, None)
    return SpcResult(tuple(points), _variation(latest[-1]), _assurance(latest[-1], options))


# ---------------------------------------------------------------------------------------------
# Command line: `spc` reads `period,value` CSV on stdin, writes the chart CSV on stdout.

CSV_COLUMNS = ("period", "value", "mean", "lower", "upper", "near_lower", "near_upper")
CSV_COLUMNS += ("point_type", "rule")


class _InputError(ValueError):
    pass


def _finite(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number: {text!r}")
    return value


def _fix_after(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < MIN_FIX_AFTER:
        raise argparse.ArgumentTypeError(f"must be at least {MIN_FIX_AFTER}, not {n}")
    return n


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spc",
        description="XmR chart (Making Data Count rules) for a `period,value` CSV read on stdin.",
    )
    parser.add_argument("--target", type=_finite, help="target value, for the assurance icon")
    parser.add_argument(
        "--direction",
        choices=("increase", "decrease", "neutral"),
        default="neutral",
        help="polarity: increase = higher is better (default: neutral)",
    )
    parser.add_argument(
        "--no-screen", action="store_true", help="keep large moving ranges (MDC Excel behaviour)"
    )
    parser.add_argument(
        "--rebase",
        nargs="+",
        action="extend",
        default=[],
        metavar="PERIOD",
        help="start a new segment at each PERIOD",
    )
    parser.add_argument(
        "--fix-after", type=_fix_after, metavar="N", help="fix limits after N points"
    )
    return parser


def _read_series(stdin: TextIO) -> tuple[list[str], list[float | None]]:
    reader = csv.reader(stdin)
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != ["period", "value"]:
        raise _InputError(
            f"line 1: the header must be 'period,value', not {','.join(header or [])!r}"
        )
    periods: list[str] = []
    values: list[float | None] = []
    seen: dict[str, int] = {}
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise _InputError(f"line {reader.line_num}: {exc}") from None
    for line, row in rows:
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != 2:
            raise _InputError(f"line {line}: expected 2 fields (period,value), found {len(row)}")
        period, text = row[0].strip(), row[1].strip()
        if not period:
            raise _InputError(f"line {line}: the period is blank")
        if period in seen:
            raise _InputError(
                f"line {line}: period {period!r} already appeared on line {seen[period]}"
            )
        seen[period] = line
        try:
            value = _finite(text) if text else None
        except argparse.ArgumentTypeError:
            raise _InputError(f"line {line}: value {text!r} is not a finite number") from None
        periods.append(period)
        values.append(value)
    if not periods:
        raise _InputError("no data rows after the header")
    return periods, values


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    r = round(x, 6) + 0.0  # + 0.0 turns -0.0 into 0.0
    return str(int(r)) if r.is_integer() else repr(r)


def _summary(result: SpcResult, options: SpcOptions) -> list[str]:
    latest = [p for p in result.points if p.segment == result.points[-1].segment]
    present = [p for p in latest if p.value is not None]
    if result.variation is None:
        why = (
            "the latest segment has no values"
            if not present
            else f"the latest segment has {len(present)} points, so its limits are trial limits "
            f"(icons need at least {options.min_points_for_limits})"
        )
        return [f"Variation: not shown: {why}.", f"Assurance: not shown: {why}."]
    last = present[-1]
    if result.variation == "common_cause":
        words = f"common cause: no special cause at the latest point ({last.period})"
    else:
        kind, side = result.variation.split("_")
        label = "special cause" if kind == "neutral" else f"special cause {kind}"
        words = (
            f"{label} ({side} values) at the latest point ({last.period}), "
            f"rule: {last.rule.replace('_', ' ')}"
        )
    lines = [f"Variation: {words}."]
    if options.target is None:
        lines.append("Assurance: not shown: no target given.")
    elif options.direction == "neutral":
        lines.append("Assurance: not shown: neutral polarity has no better direction.")
    elif result.assurance is None:
        lines.append("Assurance: not shown: too few values to compute process limits.")
    else:
        target = _fmt(options.target)
        lines.append(
            {
                "consistently_pass": f"Assurance: the target {target} is consistently met "
                "(it lies outside the process limits, on the passing side).",
                "consistently_fail": f"Assurance: the target {target} is consistently missed "
                "(it lies outside the process limits, on the failing side).",
                "inconsistent": f"Assurance: hit and miss: the target {target} lies within the "
                "process limits, so it will sometimes be met and sometimes missed.",
            }[result.assurance]
        )
    return lines


def run_spc_cli(argv: list[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """`spc [--target X] [--direction D] [--no-screen] [--rebase PERIOD ...] [--fix-after N]`.

    Reads `period,value` CSV (blank value = missing) from stdin; writes one row per period, sorted
    by period, with numbers rounded to 6 decimal places; prints the icons in words on stderr.
    Exit 0 on success, 1 for bad input (the message names the line), 2 for usage errors.
    """
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has already written help or the usage error
        return exc.code if isinstance(exc.code, int) else 2
    options = SpcOptions(
        direction=args.direction,
        target=args.target,
        screen_moving_ranges=not args.no_screen,
        rebase_at=tuple(args.rebase),
        fix_after=args.fix_after,
    )
    try:
        periods, values = _read_series(stdin)
    except _InputError as exc:
        print(f"spc: error: {exc}", file=stderr)
        return 1
    result = compute_spc(periods, values, options)
    writer = csv.writer(stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in result.points:
        numbers = (p.value, p.mean, p.lower, p.upper, p.near_lower, p.near_upper)
        writer.writerow((p.period, *map(_fmt, numbers), p.point_type or "", p.rule))
    for line in _summary(result, options):
        print(line, file=stderr)
    return 0


__all__ = [
    "LIMIT_CONSTANT",
    "MR_SCREEN_CONSTANT",
    "NEAR_LIMIT_FRACTION",
    "SegmentLimits",
    "SpcOptions",
    "SpcPoint",
    "SpcResult",
    "compute_spc",
    "run_spc_cli",
    "segment_limits",
]
