"""The ``spc`` command: an XmR chart for any ``period,value`` CSV read on standard input.

Periods are dates, written one way throughout the file: ``dd/mm/yyyy`` (as analysts type them),
``yyyy-mm-dd`` or ``yyyy-mm`` (a month). They are sorted as dates, never as text, so 01/02/2024
comes after 15/01/2024 and 2024-10 after 2024-2. Anything else is rejected with the line number.

A regular series (monthly, or dates a whole number of weeks apart) with periods missing between
its first and last is charted with those periods as gaps: no moving range spans them, as on the
dashboard (see ``pipelines/spc.py``); stderr names them. The CSV written has one row per input
row, in date order, periods written as they were given.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import re
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from itertools import pairwise
from typing import TextIO

from pipelines.presentation.i18n import _, pgettext
from pipelines.spc import AUTOCORRELATION_LIMIT, MIN_FIX_AFTER, SpcOptions, SpcResult, compute_spc

CSV_COLUMNS = ("period", "value", "mean", "lower", "upper", "near_lower", "near_upper")
CSV_COLUMNS += ("point_type", "rule")
PERIOD_STYLES = {
    "dd/mm/yyyy": re.compile(r"(\d{2})/(\d{2})/(\d{4})"),
    "yyyy-mm-dd": re.compile(r"(\d{4})-(\d{2})-(\d{2})"),
    "yyyy-mm": re.compile(r"(\d{4})-(\d{1,2})"),
}


class _InputError(ValueError):
    pass


def parse_period(text: str) -> tuple[dt.date, str]:
    """The date a period stands for (a month: its first day) and the style it is written in.

    Raises ValueError with the reason for anything that is not one of the three styles or not a
    real date (31/02/2024, 2024-13).
    """
    for style, pattern in PERIOD_STYLES.items():
        match = pattern.fullmatch(text)
        if match is None:
            continue
        numbers = [int(g) for g in match.groups()]
        if style == "dd/mm/yyyy":
            day, month, year = numbers
        elif style == "yyyy-mm-dd":
            year, month, day = numbers
        else:
            (year, month), day = numbers, 1
        try:
            return dt.date(year, month, day), style
        except ValueError:
            raise ValueError(_("{text} is not a real date", text=repr(text))) from None
    raise ValueError(
        _(
            "{text} is not a period: periods must be dates written dd/mm/yyyy, yyyy-mm-dd or "
            "yyyy-mm (a month)",
            text=repr(text),
        )
    )


@dataclass(frozen=True)
class Series:
    periods: list[str]  # as written, in input order
    dates: list[dt.date]
    values: list[float | None]
    style: str


def _finite(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a number: {text}", text=repr(text))) from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(_("not a finite number: {text}", text=repr(text)))
    return value


def _fix_after(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a whole number: {text}", text=repr(text))) from None
    if n < MIN_FIX_AFTER:
        raise argparse.ArgumentTypeError(
            _("must be at least {least}, not {n}", least=MIN_FIX_AFTER, n=n)
        )
    return n


def _rebase_period(text: str) -> dt.date:
    try:
        return parse_period(text.strip())[0]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spc",
        description=_(
            "XmR chart (Making Data Count rules) for a `period,value` CSV read on stdin. "
            "Periods: dates written dd/mm/yyyy, yyyy-mm-dd or yyyy-mm, one style per file."
        ),
    )
    parser.add_argument("--target", type=_finite, help=_("target value, for the assurance icon"))
    parser.add_argument(
        "--direction",
        choices=("increase", "decrease", "neutral"),
        default="neutral",
        help=_("polarity: increase = higher is better (default: neutral)"),
    )
    parser.add_argument(
        "--no-screen",
        action="store_true",
        help=_("keep large moving ranges (MDC Excel behaviour)"),
    )
    parser.add_argument(
        "--rebase",
        nargs="+",
        action="extend",
        type=_rebase_period,
        default=[],
        metavar="PERIOD",
        help=_("start a new segment at each PERIOD (a date in any of the three styles)"),
    )
    parser.add_argument(
        "--fix-after", type=_fix_after, metavar="N", help=_("fix limits after N points")
    )
    return parser


def _read_series(stdin: TextIO) -> Series:
    reader = csv.reader(stdin)
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != ["period", "value"]:
        raise _InputError(
            _(
                "line 1: the header must be 'period,value', not {header}",
                header=repr(",".join(header or [])),
            )
        )
    periods: list[str] = []
    dates: list[dt.date] = []
    values: list[float | None] = []
    seen: dict[dt.date, int] = {}
    style_line: tuple[str, int] | None = None
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise _InputError(_("line {line}: {error}", line=reader.line_num, error=exc)) from None
    for line, row in rows:
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != 2:
            raise _InputError(
                _(
                    "line {line}: expected 2 fields (period,value), found {found}",
                    line=line,
                    found=len(row),
                )
            )
        period, text = row[0].strip(), row[1].strip()
        if not period:
            raise _InputError(_("line {line}: the period is blank", line=line))
        try:
            date, style = parse_period(period)
        except ValueError as exc:
            raise _InputError(_("line {line}: {error}", line=line, error=exc)) from None
        if style_line is None:
            style_line = (style, line)
        elif style != style_line[0]:
            raise _InputError(
                _(
                    "line {line}: period {period} is written {style}, but line {first} is "
                    "written {first_style}; write every period the same way",
                    line=line,
                    period=repr(period),
                    style=style,
                    first=style_line[1],
                    first_style=style_line[0],
                )
            )
        if date in seen:
            raise _InputError(
                _(
                    "line {line}: period {period} already appeared on line {first}",
                    line=line,
                    period=repr(period),
                    first=seen[date],
                )
            )
        seen[date] = line
        try:
            value = _finite(text) if text else None
        except argparse.ArgumentTypeError:
            raise _InputError(
                _("line {line}: value {value} is not a finite number", line=line, value=repr(text))
            ) from None
        periods.append(period)
        dates.append(date)
        values.append(value)
    if style_line is None:
        raise _InputError(_("no data rows after the header"))
    return Series(periods, dates, values, style_line[0])


def _month_index(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def missing_periods(dates: list[dt.date], style: str) -> list[dt.date]:
    """Periods absent between the first and last of a regular series: every month for monthly
    periods (yyyy-mm, or dates all on the same day of the month), every week for dates a whole
    number of weeks apart. An irregular series has none (its spacing says nothing)."""
    ordered = sorted(dates)
    if len(ordered) < 3:
        return []
    month_ends = all((d + dt.timedelta(days=1)).day == 1 for d in ordered)
    same_day = len({d.day for d in ordered}) == 1 and ordered[0].day <= 28
    if style == "yyyy-mm" or month_ends or same_day:
        present = {_month_index(d) for d in ordered}

        def period_of(i: int) -> dt.date:
            first = dt.date(i // 12, i % 12 + 1, 1)
            if month_ends and style != "yyyy-mm":
                return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1) - (
                    dt.timedelta(days=1)
                )
            return first.replace(day=ordered[0].day)

        return [
            period_of(i)
            for i in range(_month_index(ordered[0]), _month_index(ordered[-1]) + 1)
            if i not in present
        ]
    steps = [(b - a).days for a, b in pairwise(ordered)]
    if min(steps) == 7 and all(s % 7 == 0 for s in steps):
        present_days = set(ordered)
        count = (ordered[-1] - ordered[0]).days // 7
        weeks = (ordered[0] + dt.timedelta(days=7 * k) for k in range(count + 1))
        return [w for w in weeks if w not in present_days]
    return []


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    r = round(x, 6) + 0.0  # + 0.0 turns -0.0 into 0.0
    return str(int(r)) if r.is_integer() else repr(r)


def _rule(rule: str) -> str:
    """A rule's code in words ('outside limits')."""
    words = {
        "outside_limits": pgettext("spc rule", "outside limits"),
        "trend": pgettext("spc rule", "trend"),
        "two_in_three": pgettext("spc rule", "two in three"),
        "shift": pgettext("spc rule", "shift"),
    }
    return words.get(rule, rule.replace("_", " "))


def _special_cause(variation: str, when: str, rule: str) -> str:
    """The variation line for a special cause at the latest point."""
    fields = {"when": when, "rule": _rule(rule)}
    lines = {
        "improvement_high": _(
            "Variation: special cause improvement (high values) at the latest point ({when}), "
            "rule: {rule}.",
            **fields,
        ),
        "improvement_low": _(
            "Variation: special cause improvement (low values) at the latest point ({when}), "
            "rule: {rule}.",
            **fields,
        ),
        "concern_high": _(
            "Variation: special cause concern (high values) at the latest point ({when}), "
            "rule: {rule}.",
            **fields,
        ),
        "concern_low": _(
            "Variation: special cause concern (low values) at the latest point ({when}), "
            "rule: {rule}.",
            **fields,
        ),
        "neutral_high": _(
            "Variation: special cause (high values) at the latest point ({when}), rule: {rule}.",
            **fields,
        ),
        "neutral_low": _(
            "Variation: special cause (low values) at the latest point ({when}), rule: {rule}.",
            **fields,
        ),
    }
    return lines[variation]


def _summary(result: SpcResult, options: SpcOptions, label: dict[dt.date, str]) -> list[str]:
    latest = [p for p in result.points if p.segment == result.points[-1].segment]
    present = [p for p in latest if p.value is not None]
    r1 = result.autocorrelation
    lines = []
    if r1 is not None:
        lines.append(_("Autocorrelation: lag-1 r = {r} in the latest segment.", r=f"{r1:.2f}"))
    if result.withheld == "autocorrelated":
        fields = {"r": f"{r1:.2f}", "limit": AUTOCORRELATION_LIMIT}
        return [
            *lines,
            _(
                "Variation: not shown: consecutive values move together (lag-1 autocorrelation "
                "{r}, above {limit}), so limits from moving ranges are too narrow to judge it.",
                **fields,
            ),
            _(
                "Assurance: not shown: consecutive values move together (lag-1 autocorrelation "
                "{r}, above {limit}), so limits from moving ranges are too narrow to judge it.",
                **fields,
            ),
        ]
    if result.variation is None:
        if not present:
            return [
                *lines,
                _("Variation: not shown: the latest segment has no values."),
                _("Assurance: not shown: the latest segment has no values."),
            ]
        fields = {"n": len(present), "least": options.min_points_for_limits}
        return [
            *lines,
            _(
                "Variation: not shown: the latest segment has {n} points, so its limits are "
                "trial limits (icons need at least {least}).",
                **fields,
            ),
            _(
                "Assurance: not shown: the latest segment has {n} points, so its limits are "
                "trial limits (icons need at least {least}).",
                **fields,
            ),
        ]
    last = present[-1]
    when = label.get(last.period, str(last.period))
    if result.variation == "common_cause":
        lines.append(
            _(
                "Variation: common cause: no special cause at the latest point ({when}).",
                when=when,
            )
        )
    else:
        lines.append(_special_cause(result.variation, when, last.rule))
    if options.target is None:
        lines.append(_("Assurance: not shown: no target given."))
    elif options.direction == "neutral":
        lines.append(_("Assurance: not shown: neutral polarity has no better direction."))
    elif result.assurance is None:
        lines.append(_("Assurance: not shown: too few values to compute process limits."))
    else:
        target = _fmt(options.target)
        lines.append(
            {
                "consistently_pass": _(
                    "Assurance: the target {target} is consistently met (it lies outside the "
                    "process limits, on the passing side).",
                    target=target,
                ),
                "consistently_fail": _(
                    "Assurance: the target {target} is consistently missed (it lies outside the "
                    "process limits, on the failing side).",
                    target=target,
                ),
                "inconsistent": _(
                    "Assurance: hit and miss: the target {target} lies within the process "
                    "limits, so it will sometimes be met and sometimes missed.",
                    target=target,
                ),
            }[result.assurance]
        )
    return lines


def run_spc_cli(argv: list[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """`spc [--target X] [--direction D] [--no-screen] [--rebase PERIOD ...] [--fix-after N]`.

    Reads `period,value` CSV (blank value = missing) from stdin; writes one row per period, sorted
    by date, with numbers rounded to 6 decimal places; prints the icons in words on stderr.
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
        max_autocorrelation=AUTOCORRELATION_LIMIT,
    )
    try:
        series = _read_series(stdin)
    except _InputError as exc:
        print(f"spc: error: {exc}", file=stderr)
        return 1
    gaps = missing_periods(series.dates, series.style)
    result = compute_spc([*series.dates, *gaps], [*series.values, *([None] * len(gaps))], options)
    label = dict(zip(series.dates, series.periods, strict=True))
    writer = csv.writer(stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in result.points:
        if p.period not in label:  # a missing period: charted as a gap, not written
            continue
        numbers = (p.value, p.mean, p.lower, p.upper, p.near_lower, p.near_upper)
        writer.writerow((label[p.period], *map(_fmt, numbers), p.point_type or "", p.rule))
    if gaps:
        shown = ", ".join(
            f"{g:%Y-%m}" if series.style == "yyyy-mm" else f"{g:%d/%m/%Y}" for g in gaps[:12]
        )
        if len(gaps) > 12:
            words = _(
                "Gaps: {n} missing period(s) ({shown} and {more} more) are treated as gaps: no "
                "moving range spans them.",
                n=len(gaps),
                shown=shown,
                more=len(gaps) - 12,
            )
        else:
            words = _(
                "Gaps: {n} missing period(s) ({shown}) are treated as gaps: no moving range "
                "spans them.",
                n=len(gaps),
                shown=shown,
            )
        print(words, file=stderr)
    for line in _summary(result, options, label):
        print(line, file=stderr)
    return 0


__all__ = ["CSV_COLUMNS", "missing_periods", "parse_period", "run_spc_cli"]
