"""Calendar-interval timescales: month-end clamping, weeks, hours, and DuckDB agreeing with
Python on every day of four years (the SQL families use ``date + INTERVAL n MONTH``)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from pipelines.timescales import add_months, deadline, within


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),  # leap year
        (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29)),
        (dt.date(2023, 3, 31), 3, dt.date(2023, 6, 30)),
        (dt.date(2023, 11, 30), 3, dt.date(2024, 2, 29)),
        (dt.date(2023, 12, 15), 1, dt.date(2024, 1, 15)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2024, 5, 31), -3, dt.date(2024, 2, 29)),
    ],
)
def test_months_clamp_to_the_month_end(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


def test_weeks_calendar_days_and_working_days() -> None:
    assert deadline(dt.date(2024, 1, 31), 6, "weeks") == dt.date(2024, 3, 13)
    assert deadline(dt.date(2024, 1, 31), 10, "calendar_days") == dt.date(2024, 2, 10)
    # Friday 29 March 2024 is Good Friday; 1 April Easter Monday: day 0 rolls to 2 April.
    assert deadline(dt.date(2024, 3, 29), 10, "working_days") == dt.date(2024, 4, 16)


def test_hours_need_date_times() -> None:
    back = dt.datetime(2024, 3, 1, 22, 30)
    assert deadline(back, 72, "hours") == dt.datetime(2024, 3, 4, 22, 30)
    assert within(back, dt.datetime(2024, 3, 4, 22, 30), 72, "hours")
    assert not within(back, dt.datetime(2024, 3, 4, 22, 31), 72, "hours")
    with pytest.raises(ValueError, match="date-time"):
        deadline(dt.date(2024, 3, 1), 72, "hours")


def test_within_counts_the_deadline_day_as_in_time() -> None:
    assert within(dt.date(2024, 1, 31), dt.date(2024, 2, 29), 1, "months")
    assert not within(dt.date(2024, 1, 31), dt.date(2024, 3, 1), 1, "months")


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown timescale unit"):
        deadline(dt.date(2024, 1, 1), 3, "fortnights")


@pytest.mark.parametrize("months", [1, 3, 6, 12])
def test_duckdb_interval_arithmetic_agrees(months: int) -> None:
    days = [dt.date(2023, 1, 1) + dt.timedelta(days=i) for i in range(4 * 366)]
    con = duckdb.connect()
    try:
        got = con.execute(
            "SELECT CAST(d + to_months(?) AS DATE) FROM unnest(CAST(? AS DATE[])) AS t(d)",
            [months, days],
        ).fetchall()
    finally:
        con.close()
    assert [row[0] for row in got] == [add_months(d, months) for d in days]
