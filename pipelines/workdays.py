"""England-and-Wales working-day calendar for statutory timescales (e.g. 42-working-day limits).

Why: Welsh timescales are counted in working days, and the only published bank-holiday list that
applies in Wales is gov.uk's ``england-and-wales`` division. It is kept as committed, versioned data
(``data/reference/bank_holidays_england_wales.csv``) so the dashboard never needs the network.

Counting convention (quoted in the indicator catalogue): the clock-start day is day 0. A start or
end date on a weekend or bank holiday is first rolled forward to the next working day. The
elapsed working days are ``business_day_count(rolled_start, rolled_end)``, i.e. the working days
in [rolled_start, rolled_end). For a working-day end on or after the start this is the number of
working days after the rolled start up to and including the end date; a weekend/holiday end counts
as the next working day, and an end before the rolled start (e.g. Saturday start, Sunday end) is 0.
So ``elapsed <= n`` exactly when ``end <= add_working_days(start, n)`` (the deadline), and an item
is in timescale when ``elapsed <= limit``.

The calendar covers 2005-01-01 to 2035-12-31 (the import refuses any date outside it, naming the
row and column); dates outside raise ``ValueError`` rather than
being counted against a missing calendar.
"""

from __future__ import annotations

import csv
from bisect import bisect_left
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl

CALENDAR_PATH = (
    Path(__file__).resolve().parent.parent
    / "data"
    / "reference"
    / "bank_holidays_england_wales.csv"
)
COVERAGE_START = date(2005, 1, 1)
COVERAGE_END = date(2035, 12, 31)


def _load(path: Path) -> tuple[tuple[tuple[date, str], ...], str]:
    """Read (date, title) rows and the single calendar version; reject malformed files."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    versions = {r["calendar_version"] for r in rows}
    if len(versions) != 1:
        raise ValueError(f"{path.name}: expected one calendar_version, found {sorted(versions)}")
    parsed = tuple(sorted((date.fromisoformat(r["date"]), r["title"]) for r in rows))
    days = [d for d, _ in parsed]
    if len(set(days)) != len(days):
        raise ValueError(f"{path.name}: duplicate dates")
    if days[0] < COVERAGE_START or days[-1] > COVERAGE_END:
        raise ValueError(f"{path.name}: dates outside {COVERAGE_START}..{COVERAGE_END}")
    return parsed, versions.pop()


_ROWS, CALENDAR_VERSION = _load(CALENDAR_PATH)
_HOLIDAYS: tuple[date, ...] = tuple(d for d, _ in _ROWS)
_HOLIDAY_SET = frozenset(_HOLIDAYS)
# Every working day in the coverage window, sorted: counting becomes two bisections.
_SPAN = (COVERAGE_END - COVERAGE_START).days + 1
_WORKDAYS: list[date] = [
    d
    for d in (COVERAGE_START + timedelta(days=i) for i in range(_SPAN))
    if d.weekday() < 5 and d not in _HOLIDAY_SET
]


def _check(d: date) -> date:
    """Return the date part of ``d``; raise ValueError if it lies outside the calendar."""
    if isinstance(d, datetime):
        d = d.date()
    if not COVERAGE_START <= d <= COVERAGE_END:
        raise ValueError(
            f"{d} is outside the working-day calendar ({COVERAGE_START} to {COVERAGE_END}, "
            f"version {CALENDAR_VERSION}); extend {CALENDAR_PATH.name} before counting"
        )
    return d


def bank_holidays() -> tuple[date, ...]:
    """All England-and-Wales bank holidays in the calendar, ascending."""
    return _HOLIDAYS


def holiday_table() -> pl.DataFrame:
    """The holidays as a DataFrame (``date``: Date, ``title``: String) for SQL/DuckDB joins."""
    return pl.DataFrame(
        {"date": [d for d, _ in _ROWS], "title": [t for _, t in _ROWS]},
        schema={"date": pl.Date, "title": pl.String},
    )


def is_working_day(d: date) -> bool:
    """True for Monday to Friday that is not an England-and-Wales bank holiday."""
    d = _check(d)
    return d.weekday() < 5 and d not in _HOLIDAY_SET


def roll_forward(d: date) -> date:
    """The clock start: ``d`` itself if a working day, else the next working day."""
    i = bisect_left(_WORKDAYS, _check(d))
    if i == len(_WORKDAYS):
        raise ValueError(f"no working day on or after {d} within the calendar")
    return _WORKDAYS[i]


def working_days_between(start: date, end: date) -> int:
    """Elapsed working days from the clock start (day 0) to ``end``.

    Equals ``business_day_count(roll_forward(start), roll_forward(end))``: 0 when ``end`` is any
    day from ``start`` up to the rolled start; for a working-day ``end`` the count of working days
    in (rolled start, end]; a non-working ``end`` counts as the next working day. If ``end`` is
    before ``start`` the result is negative (minus the working days in [end, rolled start));
    clean data (end >= start) never produces that.
    """
    s = roll_forward(start)
    return bisect_left(_WORKDAYS, _check(end)) - bisect_left(_WORKDAYS, s)


def add_working_days(start: date, n: int) -> date:
    """The deadline: the ``n``-th working day after the rolled start (``n = 0``: the rolled start).

    A negative ``n`` counts back from the rolled start.
    """
    i = bisect_left(_WORKDAYS, roll_forward(start)) + n
    if not 0 <= i < len(_WORKDAYS):
        raise ValueError(f"{start} + {n} working days falls outside the calendar")
    return _WORKDAYS[i]


def within_timescale(start: date, end: date, limit_working_days: int) -> bool:
    """True when ``end`` is no more than ``limit_working_days`` working days after the start.

    Equivalent to ``end <= add_working_days(start, limit_working_days)``. Raises ValueError if
    ``end`` is before ``start`` (a data error, not an on-time item).
    """
    if _check(end) < _check(start):
        raise ValueError(f"end {end} is before start {start}")
    return working_days_between(start, end) <= limit_working_days


def _check_series(s: pl.Series) -> pl.Series:
    """Vectorised range check used inside expressions (nulls pass through)."""
    outside = s.filter((s < COVERAGE_START) | (s > COVERAGE_END))
    if outside.len():
        _check(outside[0])
    return s


def _rolled_date(e: pl.Expr) -> pl.Expr:
    """Date part of ``e``, range-checked, rolled forward to a working day (null stays null)."""
    checked = e.dt.date().map_batches(_check_series, return_dtype=pl.Date, is_elementwise=True)
    return checked.dt.add_business_days(0, roll="forward", holidays=_HOLIDAYS)


def working_days_expr(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Vectorised :func:`working_days_between` for Date or Datetime columns (Int32 result).

    Both ends are rolled forward first: polars' raw ``business_day_count(rolled_start, end)``
    would give -1, not 0, for e.g. a Saturday start with a same-day end. Datetimes use their date
    part; a null start or end gives null. Out-of-range dates raise ValueError on evaluation.
    """
    return pl.business_day_count(_rolled_date(start), _rolled_date(end), holidays=_HOLIDAYS)


def working_day_ordinals() -> pl.DataFrame:
    """For SQL: each calendar date with ``wd_ord``, the count of working days strictly before it.

    ``wd_ord`` is also the ordinal of the first working day on or after the date, so the elapsed
    working days between two dates under our convention (both rolled forward, start day = day 0)
    are ``greatest(wd_ord(end) - wd_ord(start), 0)``; tests check this against
    :func:`working_days_between`.
    """
    dates = pl.date_range(COVERAGE_START, COVERAGE_END, interval="1d", eager=True).alias("date")
    holidays = set(bank_holidays())
    working = pl.Series(
        "working", [d.isoweekday() <= 5 and d not in holidays for d in dates], dtype=pl.Boolean
    )
    ordinal = working.cast(pl.Int32).cum_sum() - working.cast(pl.Int32)
    return pl.DataFrame({"date": dates, "is_working_day": working, "wd_ord": ordinal})
