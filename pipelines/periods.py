"""Reporting periods: weeks (ending on a configurable day, Sunday by default), calendar months,
quarters, and Welsh financial years (April to March); and, for published figures, the other
years publishers use (calendar years, academic years, years to 30 September), each charted as
its own period type.

Only complete periods are reported: a period is included when it ends on or before the date the
data runs to. Snapshot indicators are measured as at the end of the period's last day; flow
indicators count the events completed within the period (first to last day, inclusive).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.presentation.i18n import N_

PERIOD_TYPES = ("week", "month", "quarter", "year")
# Years that published figures use besides the financial year: type -> (first month, words).
# The series computed from the extracts use PERIOD_TYPES only; uploaded figures may use any.
OTHER_YEARS = {
    "calendar_year": (1, N_("Calendar years (January–December)")),
    "academic_year": (9, N_("Academic years (September–August)")),
    "year_to_september": (10, N_("Years to 30 September")),
}
ALL_PERIOD_TYPES = (*PERIOD_TYPES, *OTHER_YEARS)
PERIOD_SCHEMA = {
    "period_type": pl.String,
    "period_start": pl.Date,
    "period_end": pl.Date,
    "label": pl.String,
}


def _month_start(d: dt.date, months_back: int = 0) -> dt.date:
    index = d.year * 12 + d.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def _add_months(d: dt.date, months: int) -> dt.date:
    index = d.year * 12 + d.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _weeks(first: dt.date, last: dt.date, week_ending_weekday: int) -> list[dict[str, object]]:
    offset = (week_ending_weekday - first.isoweekday()) % 7
    end = first + dt.timedelta(days=offset)
    rows = []
    while end <= last:
        rows.append(
            {
                "period_type": "week",
                "period_start": end - dt.timedelta(days=6),
                "period_end": end,
                "label": f"w/e {end:%d %b %Y}",
            }
        )
        end += dt.timedelta(days=7)
    return rows


def _spans(first: dt.date, last: dt.date, kind: str) -> list[dict[str, object]]:
    step = {"month": 1, "quarter": 3}.get(kind, 12)
    if kind == "month":
        start = _month_start(first)
    elif kind == "quarter":
        start = dt.date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    else:  # a year starting in its first month (April for the Welsh financial year)
        month = OTHER_YEARS[kind][0] if kind in OTHER_YEARS else 4
        start = dt.date(first.year if first.month >= month else first.year - 1, month, 1)
    rows = []
    while True:
        following = _add_months(start, step)
        end = following - dt.timedelta(days=1)
        if end > last:
            break
        if kind == "month":
            label = f"{start:%b %Y}"
        elif kind == "quarter":
            label = f"{start:%b}–{end:%b %Y}"
        elif kind == "calendar_year":
            label = f"{start.year}"
        elif kind == "academic_year":
            label = f"{start.year}/{str(start.year + 1)[-2:]}"
        elif kind == "year_to_september":
            label = f"year to Sep {end.year}"
        else:
            label = f"{start.year}-{str(start.year + 1)[-2:]}"
        rows.append({"period_type": kind, "period_start": start, "period_end": end, "label": label})
        start = following
    return rows


def period_table(
    first: dt.date,
    last: dt.date,
    week_ending_weekday: int = 7,
    kinds: tuple[str, ...] = PERIOD_TYPES,
) -> pl.DataFrame:
    """Every complete period of each type in ``kinds`` that starts on or after ``first``'s period
    and ends on or before ``last``. ``week_ending_weekday`` is ISO (1 = Monday … 7 = Sunday)."""
    rows = _weeks(first, last, week_ending_weekday) if "week" in kinds else []
    for kind in [k for k in kinds if k != "week"]:
        rows += _spans(first, last, kind)
    return pl.DataFrame(rows, schema=PERIOD_SCHEMA).filter(pl.col("period_start") >= first)
