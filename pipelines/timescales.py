"""Statutory timescales in calendar units: days, weeks, months and hours.

Working-day timescales (42 working days for an assessment, 15 for an initial child protection
conference) are counted by :mod:`pipelines.workdays`. Others are calendar intervals
(`shared/domain/README.md`, section 5, rule 6): looked-after children's visits at most every
6 weeks, child protection reviews within 3 months and then every 6 months, core groups at least
every 6 weeks, return interviews within 72 hours. Months are added with month-end clamping: 31
January + 1 month is 28 February (29 in a leap year), 31 August + 6 months is 28/29 February.

In SQL the same arithmetic is DuckDB's ``date + INTERVAL n MONTH``, which clamps the same way;
``tests/test_timescales.py`` checks the two agree on every day of several years.

The catalogue's ``timescale_unit`` names the unit: ``working_days``, ``calendar_days``,
``weeks``, ``months`` or ``hours``. An item is in timescale when it happens on or before the
deadline (the clock-start date plus the interval).
"""

from __future__ import annotations

import calendar
import datetime as dt

from pipelines.workdays import add_working_days

UNITS = ("working_days", "calendar_days", "weeks", "months", "hours")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the last day of the target month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def deadline(start: dt.date | dt.datetime, value: int, unit: str) -> dt.date | dt.datetime:
    """The last moment (a date, or a date-time for hours) an item can happen and be in time.

    ``start`` is the clock start. For ``hours`` it must be a date-time and the deadline is a
    date-time; for the other units a date-time start uses its date and the deadline is a date.
    """
    if unit == "hours":
        if not isinstance(start, dt.datetime):
            raise ValueError("an hour-based timescale needs a date-time clock start")
        return start + dt.timedelta(hours=value)
    day = start.date() if isinstance(start, dt.datetime) else start
    if unit == "working_days":
        return add_working_days(day, value)
    if unit == "calendar_days":
        return day + dt.timedelta(days=value)
    if unit == "weeks":
        return day + dt.timedelta(weeks=value)
    if unit == "months":
        return add_months(day, value)
    raise ValueError(f"unknown timescale unit {unit!r}; use one of {', '.join(UNITS)}")


def within(start: dt.date | dt.datetime, end: dt.date | dt.datetime, value: int, unit: str) -> bool:
    """True when ``end`` is on or before the deadline of a ``value`` ``unit`` timescale."""
    limit = deadline(start, value, unit)
    if isinstance(limit, dt.datetime):
        if not isinstance(end, dt.datetime):
            raise ValueError("an hour-based timescale needs a date-time end")
        return end <= limit
    day = end.date() if isinstance(end, dt.datetime) else end
    return day <= limit
