"""Reporting periods (pipelines/periods.py): weeks ending on a configurable day (Sunday by
default), calendar months, calendar quarters and Welsh financial years (April to March), complete
periods only.
Expected periods are read off a paper calendar.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from indicator_helpers import (
    d,
    import_text,
    period_ends,
    rebuild,
    series,
    settings_patcher,
)

from pipelines.config import load_settings
from pipelines.periods import PERIOD_SCHEMA, PERIOD_TYPES, period_table


@pytest.fixture
def patch_settings(monkeypatch: pytest.MonkeyPatch):
    """Rebuild with changed settings (see indicator_helpers.settings_patcher)."""
    return settings_patcher(monkeypatch)


def _spans(table: pl.DataFrame, kind: str) -> list[tuple[str, str, str]]:
    rows = table.filter(pl.col("period_type") == kind).sort("period_start")
    return [
        (f"{r['period_start']:%d/%m/%Y}", f"{r['period_end']:%d/%m/%Y}", r["label"])
        for r in rows.iter_rows(named=True)
    ]


# ------------------------------------------------------------------ weeks


def test_weeks_end_on_sunday_by_default() -> None:
    # Fri 01/04/2022 to Tue 03/05/2022: the week Mon 28/03-Sun 03/04 started before the data and
    # the week Mon 02/05-Sun 08/05 has not ended, so four complete weeks remain.
    table = period_table(d("01/04/2022"), d("03/05/2022"))
    assert _spans(table, "week") == [
        ("04/04/2022", "10/04/2022", "w/e 10 Apr 2022"),
        ("11/04/2022", "17/04/2022", "w/e 17 Apr 2022"),
        ("18/04/2022", "24/04/2022", "w/e 24 Apr 2022"),
        ("25/04/2022", "01/05/2022", "w/e 01 May 2022"),
    ]
    assert load_settings().week_ending == "sunday"  # the shipped config.toml keeps the default


def test_weeks_can_end_on_another_day() -> None:
    # Weeks ending Friday (ISO 5) run Saturday to Friday: from Fri 01/04 the first complete one is
    # Sat 02/04-Fri 08/04; the last to end by Tue 03/05 is Sat 23/04-Fri 29/04.
    table = period_table(d("01/04/2022"), d("03/05/2022"), week_ending_weekday=5)
    assert _spans(table, "week") == [
        ("02/04/2022", "08/04/2022", "w/e 08 Apr 2022"),
        ("09/04/2022", "15/04/2022", "w/e 15 Apr 2022"),
        ("16/04/2022", "22/04/2022", "w/e 22 Apr 2022"),
        ("23/04/2022", "29/04/2022", "w/e 29 Apr 2022"),
    ]


def test_a_week_that_starts_on_the_first_day_and_ends_on_the_last_is_complete() -> None:
    table = period_table(d("04/04/2022"), d("10/04/2022"))
    assert _spans(table, "week") == [("04/04/2022", "10/04/2022", "w/e 10 Apr 2022")]
    # One day less at either end and the week is incomplete.
    assert _spans(period_table(d("05/04/2022"), d("10/04/2022")), "week") == []
    assert _spans(period_table(d("04/04/2022"), d("09/04/2022")), "week") == []


# ------------------------------------------------------------------ months, quarters, years


def test_calendar_months_including_a_leap_february() -> None:
    table = period_table(d("01/01/2024"), d("31/03/2024"))
    assert _spans(table, "month") == [
        ("01/01/2024", "31/01/2024", "Jan 2024"),
        ("01/02/2024", "29/02/2024", "Feb 2024"),
        ("01/03/2024", "31/03/2024", "Mar 2024"),
    ]


def test_only_complete_months() -> None:
    # Data from Sat 02/04/2022 to Fri 29/07/2022: April began before the data, July has not ended.
    table = period_table(d("02/04/2022"), d("29/07/2022"))
    assert [label for _, _, label in _spans(table, "month")] == ["May 2022", "Jun 2022"]


def test_calendar_quarters() -> None:
    table = period_table(d("01/01/2022"), d("31/12/2022"))
    assert _spans(table, "quarter") == [
        ("01/01/2022", "31/03/2022", "Jan–Mar 2022"),
        ("01/04/2022", "30/06/2022", "Apr–Jun 2022"),
        ("01/07/2022", "30/09/2022", "Jul–Sep 2022"),
        ("01/10/2022", "31/12/2022", "Oct–Dec 2022"),
    ]
    # From 02/01 the first quarter is incomplete; to 30/12 the last one is.
    partial = period_table(d("02/01/2022"), d("30/12/2022"))
    assert [label for _, _, label in _spans(partial, "quarter")] == [
        "Apr–Jun 2022",
        "Jul–Sep 2022",
    ]


def test_welsh_financial_years_run_april_to_march() -> None:
    table = period_table(d("01/04/2021"), d("31/03/2023"))
    assert _spans(table, "year") == [
        ("01/04/2021", "31/03/2022", "2021-22"),
        ("01/04/2022", "31/03/2023", "2022-23"),
    ]
    # Data from January 2021: 2020-21 began before the data, so the first year is 2021-22; data
    # to 30/03/2023 leave 2022-23 incomplete.
    assert _spans(period_table(d("01/01/2021"), d("30/03/2023")), "year") == [
        ("01/04/2021", "31/03/2022", "2021-22")
    ]


def test_no_complete_period_gives_an_empty_table_with_the_schema() -> None:
    table = period_table(d("05/04/2022"), d("09/04/2022"))
    assert table.is_empty()
    assert dict(table.schema) == PERIOD_SCHEMA


# ------------------------------------------------------------------ properties

DATES = st.dates(dt.date(2016, 1, 1), dt.date(2029, 12, 31))


@settings(max_examples=150, deadline=None)
@given(first=DATES, length=st.integers(0, 800), weekday=st.integers(1, 7))
def test_every_period_is_complete_and_the_weeks_tile(
    first: dt.date, length: int, weekday: int
) -> None:
    last = first + dt.timedelta(days=length)
    table = period_table(first, last, week_ending_weekday=weekday)
    assert set(table["period_type"]) <= set(PERIOD_TYPES)
    assert table["period_start"].min() is None or table["period_start"].min() >= first
    assert table["period_end"].max() is None or table["period_end"].max() <= last
    assert table.filter(pl.col("period_end") < pl.col("period_start")).is_empty()

    weeks = table.filter(pl.col("period_type") == "week").sort("period_start")
    for start, end in weeks.select("period_start", "period_end").iter_rows():
        assert (end - start).days == 6 and end.isoweekday() == weekday
    # Consecutive, and every complete week inside [first, last] is there.
    starts = weeks["period_start"].to_list()
    assert all((b - a).days == 7 for a, b in itertools.pairwise(starts))
    expected = sum(
        1
        for offset in range(length + 1)
        if (first + dt.timedelta(days=offset)).isoweekday() == weekday and offset >= 6
    )
    assert weeks.height == expected

    for kind, months in (("month", 1), ("quarter", 3), ("year", 12)):
        spans = table.filter(pl.col("period_type") == kind).sort("period_start")
        for start, end in spans.select("period_start", "period_end").iter_rows():
            assert start.day == 1
            following = end + dt.timedelta(days=1)
            assert following.day == 1
            assert (following.year * 12 + following.month) - (start.year * 12 + start.month) == (
                months
            )
            if kind == "quarter":
                assert start.month in (1, 4, 7, 10)
            if kind == "year":
                assert start.month == 4
        ends = spans["period_end"].to_list()
        assert all(
            b == a + dt.timedelta(days=1)
            for a, b in zip(ends, spans["period_start"].to_list()[1:], strict=False)
        )


# ------------------------------------------------------------------ configuration and the build


def test_week_ending_is_read_from_the_configuration(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[periods]\nweek_ending = "Friday"\n', encoding="utf-8")
    assert load_settings(config).week_ending_weekday == 5
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    assert load_settings(empty).week_ending_weekday == 7  # Sunday when not set
    bad = tmp_path / "bad.toml"
    bad.write_text('[periods]\nweek_ending = "fri"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="week_ending"):
        load_settings(bad)


CONTACTS = """
Contact ID,Child ID,Received At,Source,Decision At,Outcome,Team
C1,K1,01/04/2022 09:00,Police,01/04/2022 10:00,Early help,North
C2,K2,08/04/2022 09:00,Police,11/04/2022 10:00,Early help,North
C3,K3,09/04/2022 09:00,Police,09/04/2022 10:00,Early help,North
C4,K4,16/04/2022 09:00,Police,16/04/2022 10:00,Early help,North
"""


def test_the_series_use_the_configured_week(tmp_path: Path, patch_settings) -> None:
    # Contacts from Fri 01/04 to Sat 16/04/2022; C2 (Fri 08/04) waits until Mon 11/04.
    # Sunday weeks: only Mon 04/04-Sun 10/04 is complete: C2 and C3 received, C2 waiting at its end.
    store = tmp_path / "store.duckdb"
    import_text(store, tmp_path, "contacts.csv", CONTACTS)
    assert period_ends(store, "fd_contacts_received") == [d("10/04/2022")]
    assert _weekly_totals(store, "fd_contacts_received") == [2]
    assert _weekly_totals(store, "fd_iaa_backlog") == [1]

    # Friday weeks: Sat 02/04-Fri 08/04 (C2 received and still waiting at the end of Friday) and
    # Sat 09/04-Fri 15/04 (C3 received; nothing waits, C2 having been decided on Mon 11/04).
    patch_settings(week_ending="friday")
    rebuild(store)
    assert period_ends(store, "fd_contacts_received") == [d("08/04/2022"), d("15/04/2022")]
    assert _weekly_totals(store, "fd_contacts_received") == [1, 1]
    assert _weekly_totals(store, "fd_iaa_backlog") == [1, 0]
    starts = series(store, "fd_contacts_received").filter(pl.col("period_type") == "week")
    assert set(starts["period_start"]) == {d("02/04/2022"), d("09/04/2022")}


def _weekly_totals(store: Path, indicator_id: str) -> list[float]:
    return (
        series(store, indicator_id)
        .filter((pl.col("period_type") == "week") & (pl.col("breakdown") == "total"))
        .sort("period_end")["value"]
        .to_list()
    )
