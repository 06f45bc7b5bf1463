"""Tests for the England-and-Wales working-day calendar (pipelines/workdays.py).

Expected values are worked by hand from a paper calendar, not produced by the code under test.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date, datetime, timedelta

import duckdb
import holidays
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines import workdays as wd

# ---------------------------------------------------------------- the committed CSV


def _csv_rows() -> list[dict[str, str]]:
    with wd.CALENDAR_PATH.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_csv_shape_and_version() -> None:
    rows = _csv_rows()
    assert list(rows[0]) == ["date", "title", "calendar_version"]
    assert {r["calendar_version"] for r in rows} == {wd.CALENDAR_VERSION}
    assert re.fullmatch(r"ew-\d{4}-\d{2}", wd.CALENDAR_VERSION)
    assert all(r["title"].strip() for r in rows)


def test_bank_holidays_are_sorted_unique_weekdays_in_coverage() -> None:
    days = wd.bank_holidays()
    assert list(days) == sorted(set(days))
    assert days[0] == date(2005, 1, 3) and days[-1] == date(2035, 12, 26)
    # gov.uk lists the substitute weekday, never the weekend date itself.
    assert all(d.weekday() < 5 for d in days)


def test_eight_per_year_plus_proclaimed_extras() -> None:
    per_year = Counter(d.year for d in wd.bank_holidays())
    # 2011: Royal wedding (29 Apr); 2012: Diamond Jubilee (5 Jun, spring moved to 4 Jun);
    # 2022: Platinum Jubilee (3 Jun) and State Funeral (19 Sep); 2023: Coronation (8 May).
    expected = {y: 8 for y in range(2005, 2036)} | {2011: 9, 2012: 9, 2022: 10, 2023: 9}
    assert dict(per_year) == expected


def test_moved_and_one_off_days() -> None:
    hols = set(wd.bank_holidays())
    assert date(2020, 5, 8) in hols and date(2020, 5, 4) not in hols  # VE Day move
    assert {date(2022, 6, 2), date(2022, 6, 3)} <= hols  # Jubilee: spring moved + extra
    assert date(2022, 5, 30) not in hols
    assert date(2022, 9, 19) in hols  # State Funeral
    assert date(2023, 5, 8) in hols  # Coronation
    assert date(2011, 4, 29) in hols  # Royal wedding
    assert {date(2012, 6, 4), date(2012, 6, 5)} <= hols and date(2012, 5, 28) not in hols


def test_calendar_covers_2005_to_2035_in_its_own_version() -> None:
    """Extended from 2015–2030 (issue 9): the version moved on with the data."""
    assert (date(2005, 1, 1), date(2035, 12, 31)) == (wd.COVERAGE_START, wd.COVERAGE_END)
    assert wd.CALENDAR_VERSION == "ew-2026-12"


def test_matches_python_holidays_england() -> None:
    """Cross-check against python-holidays' England subdivision.

    Known, documented difference: python-holidays also lists the *actual* date of New Year's
    Day, Christmas Day and Boxing Day when it falls on a Saturday or Sunday (e.g. Sun 25 Dec 2022),
    alongside the "(observed)" weekday substitute. gov.uk's england-and-wales list (authoritative)
    contains only the weekday bank holiday, so weekend dates are removed before comparing. No
    other difference is expected; any other mismatch fails with both sides listed.
    """
    pkg = holidays.country_holidays("GB", subdiv="ENG", years=range(2005, 2036))
    weekend = {d: name for d, name in pkg.items() if d.weekday() >= 5}
    assert set(weekend.values()) <= {"New Year's Day", "Christmas Day", "Boxing Day"}
    pkg_days = set(pkg) - set(weekend)
    ours = set(wd.bank_holidays())
    only_pkg, only_ours = sorted(pkg_days - ours), sorted(ours - pkg_days)
    assert not only_pkg and not only_ours, (
        f"python-holidays only: {only_pkg}; committed CSV only: {only_ours}"
    )


def test_holiday_table() -> None:
    tbl = wd.holiday_table()
    assert tbl.schema == pl.Schema({"date": pl.Date, "title": pl.String})
    assert tbl.height == len(wd.bank_holidays())
    assert tbl.filter(pl.col("date") == date(2022, 6, 3))["title"].item().startswith("Platinum")
    con = duckdb.connect()
    con.register("bank_holidays", tbl)
    sql = "select count(*) from bank_holidays where date between '2022-06-01' and '2022-06-30'"
    assert con.execute(sql).fetchall() == [(2,)]


# ---------------------------------------------------------------- hand-worked scalar cases


def test_is_working_day() -> None:
    assert wd.is_working_day(date(2022, 5, 30))  # normally spring BH; moved in 2022
    assert not wd.is_working_day(date(2022, 12, 27))  # Christmas Day substitute (25th a Sunday)
    assert not wd.is_working_day(date(2022, 12, 26))  # Boxing Day, Monday
    assert not wd.is_working_day(date(2023, 4, 8))  # Saturday
    assert wd.is_working_day(date(2022, 12, 28))
    assert wd.is_working_day(datetime(2023, 4, 11, 14, 5))  # datetimes use their date


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # Easter 2022: GF Fri 15 Apr, EM Mon 18 Apr. Thu 14 -> Tue 19: only Tue 19 counts.
        (date(2022, 4, 14), date(2022, 4, 19), 1),
        # Easter 2023: GF Fri 7 Apr, EM Mon 10 Apr. Wed 5 -> Wed 12: Thu 6, Tue 11, Wed 12.
        (date(2023, 4, 5), date(2023, 4, 12), 3),
        # Christmas 2022: Sun 25, Mon 26 (Boxing), Tue 27 (Christmas substitute). Fri 23 -> Wed 28.
        (date(2022, 12, 23), date(2022, 12, 28), 1),
        # Across New Year 2023 too (Mon 2 Jan substitute): Wed 28, Thu 29, Fri 30, Tue 3 Jan.
        (date(2022, 12, 23), date(2023, 1, 3), 4),
        # Jubilee: Thu 2 and Fri 3 June 2022 are holidays. Wed 1 -> Mon 6: only Mon 6.
        (date(2022, 6, 1), date(2022, 6, 6), 1),
        (date(2022, 5, 27), date(2022, 5, 31), 2),  # Mon 30 May 2022 worked: Mon 30, Tue 31
        (date(2023, 1, 9), date(2023, 1, 9), 0),  # same day: day 0
        (date(2023, 1, 9), date(2023, 1, 13), 4),  # Mon -> Fri
        # Non-working end counts as the next working day: Mon -> Sat = Mon -> next Mon = 5.
        (date(2023, 1, 9), date(2023, 1, 14), 5),
        (date(2023, 1, 9), date(2023, 1, 16), 5),
        (date(2023, 1, 10), date(2023, 1, 9), -1),  # end before start: negative, as polars
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert wd.working_days_between(start, end) == expected


def test_42_working_day_assessment_deadline() -> None:
    """Referral Mon 3 Apr 2023 (day 0); the 42nd working day after it is Wed 7 Jun 2023.

    Worked by hand (holidays: GF 7 Apr, EM 10 Apr, early May 1 May, Coronation 8 May,
    spring 29 May):
      Apr: 4,5,6 -> 1-3 | 11-14 -> 4-7 | 17-21 -> 8-12 | 24-28 -> 13-17
      May: 2-5 -> 18-21 | 9-12 -> 22-25 | 15-19 -> 26-30 | 22-26 -> 31-35 | 30,31 -> 36,37
      Jun: 1,2 -> 38,39 | 5,6,7 -> 40,41,42
    Check: 42 weekdays after Mon 3 Apr is Wed 31 May; the 5 holidays push it 5 working days
    on (Thu 1, Fri 2, Mon 5, Tue 6, Wed 7 Jun).
    """
    referral = date(2023, 4, 3)
    assert wd.add_working_days(referral, 42) == date(2023, 6, 7)
    assert wd.working_days_between(referral, date(2023, 6, 7)) == 42
    assert wd.within_timescale(referral, date(2023, 6, 7), 42)
    assert not wd.within_timescale(referral, date(2023, 6, 8), 42)
    assert wd.within_timescale(referral, datetime(2023, 6, 7, 23, 59), 42)


def test_deadline_friday_completed_saturday_is_late() -> None:
    # Mon 9 Jan 2023 + 4 working days = Fri 13 Jan; completing Sat 14 Jan is after the deadline.
    assert wd.add_working_days(date(2023, 1, 9), 4) == date(2023, 1, 13)
    assert wd.within_timescale(date(2023, 1, 9), date(2023, 1, 13), 4)
    assert not wd.within_timescale(date(2023, 1, 9), date(2023, 1, 14), 4)


def test_clock_start_on_saturday_rolls_forward() -> None:
    sat = date(2023, 4, 15)
    assert wd.roll_forward(sat) == date(2023, 4, 17)
    assert wd.working_days_between(sat, date(2023, 4, 16)) == 0  # Sunday: clock not started
    assert wd.working_days_between(sat, date(2023, 4, 17)) == 0  # Monday is day 0
    assert wd.working_days_between(sat, date(2023, 4, 18)) == 1
    assert wd.add_working_days(sat, 1) == date(2023, 4, 18)


def test_clock_start_on_bank_holiday_rolls_forward() -> None:
    good_friday = date(2023, 4, 7)  # rolls past Sat, Sun and Easter Monday to Tue 11 Apr
    assert wd.roll_forward(good_friday) == date(2023, 4, 11)
    assert wd.working_days_between(good_friday, date(2023, 4, 11)) == 0
    assert wd.working_days_between(good_friday, date(2023, 4, 12)) == 1
    # Tue 11 Apr is day 4 of the 3 Apr worked example, so 42 more lands on its day 46:
    # Thu 8 (43), Fri 9 (44), Mon 12 (45), Tue 13 Jun 2023 (46).
    assert wd.add_working_days(good_friday, 42) == date(2023, 6, 13)
    assert wd.roll_forward(date(2022, 6, 2)) == date(2022, 6, 6)  # Jubilee Thu -> Mon


def test_add_and_count_are_inverse() -> None:
    start = date(2022, 12, 20)
    for n in range(0, 60):
        assert wd.working_days_between(start, wd.add_working_days(start, n)) == n


def test_errors() -> None:
    with pytest.raises(ValueError, match="outside the working-day calendar"):
        wd.working_days_between(date(2004, 12, 31), date(2005, 1, 5))
    with pytest.raises(ValueError, match="outside the working-day calendar"):
        wd.is_working_day(date(2036, 1, 1))
    with pytest.raises(ValueError, match="outside the calendar"):
        wd.add_working_days(date(2035, 12, 31), 1)
    with pytest.raises(ValueError, match="before start"):
        wd.within_timescale(date(2023, 1, 10), date(2023, 1, 9), 42)


# ---------------------------------------------------------------- the vectorised expression


def _expr_frame(df: pl.DataFrame) -> list[int | None]:
    out = df.select(wd.working_days_expr(pl.col("start"), pl.col("end")).alias("n"))
    return out["n"].to_list()


def test_expr_nulls_and_datetimes() -> None:
    df = pl.DataFrame(
        {
            "start": [datetime(2023, 4, 3, 9, 0), None, datetime(2023, 4, 15, 23, 59)],
            "end": [datetime(2023, 6, 7, 8, 0), datetime(2023, 6, 7), None],
        }
    )
    assert _expr_frame(df) == [42, None, None]


def test_expr_out_of_range_raises() -> None:
    df = pl.DataFrame(
        {"start": [date(2023, 1, 9), date(2004, 6, 1)], "end": [date(2023, 1, 9)] * 2}
    )
    with pytest.raises(ValueError, match="outside the working-day calendar"):
        _expr_frame(df)
    with pytest.raises(ValueError, match="outside the working-day calendar"):
        df.lazy().select(wd.working_days_expr(pl.col("start"), pl.col("end"))).collect()


_dates = st.dates(min_value=date(2005, 1, 1), max_value=date(2035, 12, 31))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_dates, st.integers(min_value=-5, max_value=120)), min_size=1))
def test_expr_agrees_with_scalar(pairs: list[tuple[date, int]]) -> None:
    starts = [s for s, _ in pairs]
    ends = [min(max(s + timedelta(days=k), wd.COVERAGE_START), wd.COVERAGE_END) for s, k in pairs]
    got = _expr_frame(pl.DataFrame({"start": starts, "end": ends}))
    assert got == [wd.working_days_between(s, e) for s, e in zip(starts, ends, strict=True)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_dates, _dates), min_size=1))
def test_expr_agrees_with_scalar_any_pair(pairs: list[tuple[date, date]]) -> None:
    df = pl.DataFrame({"start": [s for s, _ in pairs], "end": [e for _, e in pairs]})
    assert _expr_frame(df) == [wd.working_days_between(s, e) for s, e in pairs]


def test_expr_non_working_start_and_end_before_roll() -> None:
    # Saturday referral closed the same Saturday / the Sunday: clock never started, so 0 (raw
    # polars business_day_count(rolled Monday, Saturday) would say -1).
    df = pl.DataFrame(
        {
            "start": [date(2023, 4, 15), date(2023, 4, 15), date(2015, 1, 1)],
            "end": [date(2023, 4, 15), date(2023, 4, 16), date(2015, 1, 1)],
        }
    )
    assert _expr_frame(df) == [0, 0, 0]
