"""The child population behind each period (denominator of rates per 10,000 children): the latest
estimate on or before the period end; the first estimate for periods less than a year before it;
nothing earlier."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from pipelines.indicators.build import family_sql
from pipelines.periods import period_table


def _population(estimates: list[tuple[dt.date, float]], first: dt.date, last: dt.date) -> dict:
    con = duckdb.connect()
    try:
        periods = period_table(first, last)  # noqa: F841 (read by SQL)
        child_population = pl.DataFrame(  # noqa: F841 (read by SQL)
            {
                "estimate_date": [d for d, _ in estimates],
                "children": [c for _, c in estimates],
                "source": ["test"] * len(estimates),
            },
            schema={"estimate_date": pl.Date, "children": pl.Float64, "source": pl.String},
        )
        con.execute("CREATE TEMP TABLE periods AS SELECT * FROM periods")
        con.execute("CREATE TEMP TABLE child_population AS SELECT * FROM child_population")
        con.execute(family_sql("population_periods"))
        rows = con.execute(
            "SELECT period_type, period_end, children FROM population_periods"
        ).fetchall()
    finally:
        con.close()
    return {(t, end): children for t, end, children in rows}


def test_latest_estimate_on_or_before_the_period_end() -> None:
    got = _population(
        [(dt.date(2022, 6, 30), 30_000), (dt.date(2023, 6, 30), 29_000)],
        dt.date(2022, 1, 1),
        dt.date(2023, 12, 31),
    )
    assert got[("month", dt.date(2023, 5, 31))] == 30_000
    assert got[("month", dt.date(2023, 6, 30))] == 29_000  # dated on the period's last day
    assert got[("month", dt.date(2023, 7, 31))] == 29_000
    assert got[("year", dt.date(2023, 3, 31))] == 30_000


def test_periods_before_the_first_estimate() -> None:
    got = _population([(dt.date(2022, 6, 30), 30_000)], dt.date(2021, 1, 1), dt.date(2022, 12, 31))
    assert got[("month", dt.date(2021, 7, 31))] == 30_000  # less than a year before
    assert ("month", dt.date(2021, 6, 30)) not in got  # exactly a year: no rate
    assert ("month", dt.date(2021, 1, 31)) not in got


def test_no_estimates_gives_no_population() -> None:
    assert _population([], dt.date(2022, 1, 1), dt.date(2022, 12, 31)) == {}
