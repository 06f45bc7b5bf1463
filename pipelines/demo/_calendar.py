"""Calendar helpers for the synthetic demo: day numbers, bank holidays, school holidays, ramps.

Days are handled as integer day numbers (days since 1970-01-01, i.e. ``numpy.datetime64[D]``
as int64) so that every step can be vectorised with numpy.

Working days follow the recommendation in ``shared/domain/README.md`` (section 5): weekends plus the
England-and-Wales bank holidays, including the one-off proclaimed days of 2020, 2022 and 2023. The list
is computed from the statutory rules (Banking and Financial Dealings Act 1971 schedule plus
proclamations) rather than read from a package, so the demo is byte-stable across library versions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

EPOCH = dt.date(1970, 1, 1)

# One-off changes to the England-and-Wales list: moved holidays and proclaimed extra days.
_MOVED: dict[tuple[int, str], dt.date] = {
    (2020, "early_may"): dt.date(2020, 5, 8),  # VE Day 75th anniversary
    (2022, "spring"): dt.date(2022, 6, 2),  # Platinum Jubilee weekend
    (2012, "spring"): dt.date(2012, 6, 4),  # Diamond Jubilee weekend
}
_EXTRA: tuple[dt.date, ...] = (
    dt.date(2011, 4, 29),  # Royal wedding
    dt.date(2012, 6, 5),  # Diamond Jubilee
    dt.date(2022, 6, 3),  # Platinum Jubilee
    dt.date(2022, 9, 19),  # State funeral of Queen Elizabeth II
    dt.date(2023, 5, 8),  # Coronation of King Charles III
)


def day_number(d: dt.date) -> int:
    """Return the day number (days since 1970-01-01) of a date."""
    return (d - EPOCH).days


def to_date(n: int) -> dt.date:
    """Return the date for a day number."""
    return EPOCH + dt.timedelta(days=int(n))


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> dt.date:
    d = dt.date(year, month, 1)
    return d + dt.timedelta(days=(7 - d.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    d = nxt - dt.timedelta(days=1)
    return d - dt.timedelta(days=d.weekday())


def bank_holidays(first_year: int, last_year: int) -> list[dt.date]:
    """England-and-Wales bank holidays for the given years, sorted."""
    out: list[dt.date] = []
    for y in range(first_year, last_year + 1):
        ny = dt.date(y, 1, 1)
        out.append(ny + dt.timedelta(days={5: 2, 6: 1}.get(ny.weekday(), 0)))
        easter = easter_sunday(y)
        out += [easter - dt.timedelta(days=2), easter + dt.timedelta(days=1)]
        out.append(_MOVED.get((y, "early_may"), _first_monday(y, 5)))
        out.append(_MOVED.get((y, "spring"), _last_monday(y, 5)))
        out.append(_last_monday(y, 8))
        xmas = dt.date(y, 12, 25)
        wd = xmas.weekday()
        if wd == 5:  # Saturday: Christmas moves to Monday 27, Boxing Day to Tuesday 28
            out += [dt.date(y, 12, 27), dt.date(y, 12, 28)]
        elif wd == 4:  # Friday: Boxing Day (Saturday) moves to Monday 28
            out += [xmas, dt.date(y, 12, 28)]
        elif wd == 6:  # Sunday: Boxing Day Monday 26, Christmas substitute Tuesday 27
            out += [dt.date(y, 12, 26), dt.date(y, 12, 27)]
        else:
            out += [xmas, dt.date(y, 12, 26)]
    out += [d for d in _EXTRA if first_year <= d.year <= last_year]
    return sorted(set(out))


class WorkCalendar:
    """Working-day arithmetic on day numbers (weekends plus England-and-Wales bank holidays)."""

    def __init__(self, first_year: int, last_year: int) -> None:
        self.holidays = bank_holidays(first_year, last_year)
        hol = np.array(self.holidays, dtype="datetime64[D]")
        self.cal = np.busdaycalendar(weekmask="1111100", holidays=hol)

    def is_workday(self, days: np.ndarray) -> np.ndarray:
        """Boolean mask of working days."""
        return np.is_busday(days.astype("datetime64[D]"), busdaycal=self.cal)

    def offset(self, days: np.ndarray, n: np.ndarray | int) -> np.ndarray:
        """The ``n``-th working day after ``days`` (rolled forward to a working day first)."""
        res = np.busday_offset(days.astype("datetime64[D]"), n, roll="forward", busdaycal=self.cal)
        return res.astype(np.int64)


def ramp(days: np.ndarray, points: Sequence[tuple[dt.date, float]]) -> np.ndarray:
    """Piecewise-linear curve through (date, value) points, flat beyond the ends."""
    xs = np.array([day_number(d) for d, _ in points], dtype=np.float64)
    ys = np.array([v for _, v in points], dtype=np.float64)
    return np.interp(np.asarray(days, dtype=np.float64), xs, ys)


def weekday(days: np.ndarray) -> np.ndarray:
    """Monday = 0 ... Sunday = 6 for day numbers (1970-01-01 was a Thursday)."""
    return (np.asarray(days) + 3) % 7


def school_holiday_mask(days: np.ndarray) -> np.ndarray:
    """Approximate Welsh school holidays (and 2020-21 lockdown closures) as a boolean mask.

    Used only to thin education-sourced contacts; exact term dates vary by council and do not matter
    for the demo.
    """
    dates = days.astype("datetime64[D]")
    years = dates.astype("datetime64[Y]").astype(int) + 1970
    month = dates.astype("datetime64[M]").astype(int) % 12 + 1
    dom = (dates - dates.astype("datetime64[M]")).astype(int) + 1
    mask = ((month == 7) & (dom >= 22)) | (month == 8) | ((month == 9) & (dom <= 2))
    mask |= ((month == 12) & (dom >= 21)) | ((month == 1) & (dom <= 3))
    mask |= (month == 10) & (dom >= 26)
    mask |= (month == 2) & (dom >= 13) & (dom <= 21)
    for y in np.unique(years):
        e = day_number(easter_sunday(int(y)))
        mask |= (days >= e - 9) & (days <= e + 8)
        spring = day_number(_last_monday(int(y), 5))
        mask |= (days >= spring) & (days <= spring + 4)
    for lo, hi in (
        (dt.date(2020, 3, 23), dt.date(2020, 6, 28)),
        (dt.date(2021, 1, 4), dt.date(2021, 2, 21)),
    ):
        mask |= (days >= day_number(lo)) & (days <= day_number(hi))
    return mask
