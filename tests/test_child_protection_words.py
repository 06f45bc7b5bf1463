"""The child protection register's sentence: the figure now and the same point a year before."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.presentation.child_protection import register_summary, year_earlier
from pipelines.presentation.i18n import use_language


def _register(counts: dict[dt.date, dict[str, int]]) -> pl.DataFrame:
    rows = [
        {"period_end": day, "breakdown_value": category, "numerator": n}
        for day, by_category in counts.items()
        for category, n in by_category.items()
    ]
    return pl.DataFrame(rows)


def test_a_month_end_is_compared_with_the_same_month_end_a_year_before() -> None:
    assert year_earlier(dt.date(2025, 2, 28)) == dt.date(2024, 2, 29)  # leap year
    assert year_earlier(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert year_earlier(dt.date(2025, 3, 31)) == dt.date(2024, 3, 31)
    assert year_earlier(dt.date(2025, 3, 30)) == dt.date(2024, 3, 30)  # a week end stays a date


def test_the_register_sentence_reads_the_month_a_year_before() -> None:
    register = _register(
        {
            dt.date(2024, 1, 31): {"Neglect": 40},
            dt.date(2024, 2, 29): {"Neglect": 30, "Emotional abuse": 5},
            dt.date(2025, 2, 28): {"Neglect": 20, "Emotional abuse": 1},
        }
    )
    with use_language("en"):
        assert register_summary(register) == (
            "On 28 February 2025, 21 children were on the register: neglect 20, emotional abuse 1."
            " A year before (29 February 2024) there were 35."
        )
    with use_language("cy"):
        assert "29 Chwefror 2024" in register_summary(register)
