"""Benchmarking (issue 15): the council against Wales and its comparator group, its rank among
the Welsh councils and its quartile, hand-worked; published figures never enter its series."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from indicator_helpers import import_text, series

from pipelines.catalogue import load_catalogue
from pipelines.published.areas import WALES, council_codes
from pipelines.published.benchmark import (
    Group,
    benchmark_summary,
    benchmark_table,
    quartile_of,
    rank_of,
    rank_words,
)
from pipelines.read_models import benchmarks
from pipelines.store.reader import read_connection

CATALOGUE = load_catalogue()
END = dt.date(2023, 3, 31)
CODES = council_codes()


def _published(values: dict[str, float | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "geography": list(values),
            "period_end": [END] * len(values),
            "value": list(values.values()),
            "gap_reason": [None if v is not None else "suppressed" for v in values.values()],
        },
        schema={
            "geography": pl.String,
            "period_end": pl.Date,
            "value": pl.Float64,
            "gap_reason": pl.String,
        },
    )


def test_rank_and_quartile_follow_the_polarity() -> None:
    others = [10.0, 20.0, 30.0, 40.0]
    assert rank_of(25.0, others, "increase") == 3  # 30 and 40 are better
    assert rank_of(25.0, others, "decrease") == 3  # 10 and 20 are better
    assert rank_of(30.0, others, "increase") == 2  # a tie shares the better rank
    # 22 councils: ranks 1-6 top quarter (4 x 5 / 22 = 0.91), 7-11 second, 12-17 third, 18-22
    # bottom; the first of three is in the top quarter, the last in the third.
    assert [quartile_of(r, 22) for r in (1, 6, 7, 11, 12, 17, 18, 22)] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert [quartile_of(r, 3) for r in (1, 2, 3)] == [1, 2, 3]


def test_the_council_is_ranked_among_the_councils_published() -> None:
    # Turnover (lower is better). 21 other councils publish 1..21, one of them suppressed (the
    # 5th code, 5.0: a gap). The council's 4.5 is beaten by 1, 2, 3 and 4: 5th of 21 (the 20
    # others with a figure and the council).
    indicator = CATALOGUE["wf_sw_turnover_pct"]
    others = {code: float(i + 1) for i, code in enumerate(CODES[:21])}
    others[CODES[4]] = None  # 5.0 suppressed: a gap, never ranked, never 0
    group = Group("Similar", (CODES[0], CODES[1], CODES[2], CODES[4]))
    table = benchmark_table(
        pl.DataFrame({"period_end": [END], "value": [4.5]}),
        _published({**others, WALES: 9.5}),
        indicator,
        group,
    )
    row = table.row(0, named=True)
    assert (row["council"], row["wales"], row["rank"], row["councils"]) == (4.5, 9.5, 5, 21)
    assert row["quartile"] == 1  # floor(4 x 4 / 21) + 1 = floor(0.76) + 1
    # Group median of 1, 2 and 3 (the 4th member suppressed): 2, from 3 of 4 councils.
    assert (row["group_median"], row["group_count"]) == (2.0, 3)
    words = benchmark_summary(table, indicator, group, "year")
    assert words.startswith("In the year ending March 2023: this council 4.5%; Wales 9.5%")
    assert "ranks 5th of 21 (top quarter); 1st is the lowest, and lower is better" in words
    assert "Similar median 2.0% (3 of 4 councils published)" in words


def test_the_councils_own_published_figure_is_not_counted_twice() -> None:
    indicator = CATALOGUE["pv_lac_rate"]  # neutral: rank 1 is the highest, not the best
    published = _published({CODES[0]: 100.0, CODES[1]: 120.0, CODES[2]: 80.0})
    table = benchmark_table(
        pl.DataFrame(schema={"period_end": pl.Date, "value": pl.Float64}),
        published,
        indicator,
        Group("None", ()),
        council_code=CODES[1],
    )
    row = table.row(0, named=True)
    # No series of its own for the period: its published 120 is used, ranked against 100 and 80.
    assert (row["council"], row["rank"], row["councils"]) == (120.0, 1, 3)
    assert rank_words(1, 3, row["quartile"], "neutral") == "1st of 3 (highest quarter)"


STATSWALES = "\r\n".join(
    [
        '"Children looked after per 10,000 at 31 March by local authority"',
        "",
        '"","2022","2023"',
        '"Cardiff ","100","*"',
        '"Newport ","90","95"',
        '"Wales ","110","112"',
        "",
    ]
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipelines.ingest import prepare
    from pipelines.published.layouts import STATSWALES as LAYOUT
    from pipelines.published.layouts import MeasureChoice
    from pipelines.store import import_prepared

    folder = tmp_path_factory.mktemp("benchmarks")
    path = folder / "store.duckdb"
    own = (
        "Indicator ID,Period Start,Period End,Value\r\n"
        "wb_iro_alerts_open,01/04/2021,31/03/2022,104\r\n"
        "wb_iro_alerts_open,01/04/2022,31/03/2023,99\r\n"
    )
    import_text(path, folder, "own.csv", own)
    measure = "Children looked after per 10,000 at 31 March"
    file = folder / "statswales.csv"
    file.write_text(STATSWALES, encoding="utf-8")
    choice = MeasureChoice(LAYOUT, measure, "wb_iro_alerts_open")
    prepared = prepare(file, measures={(LAYOUT, measure.lower()): choice})
    import_prepared(path, prepared, imported_by="test")
    return path


def test_published_figures_go_to_the_benchmarks_never_the_councils_series(store: Path) -> None:
    own = series(store, "wb_iro_alerts_open").filter(pl.col("breakdown") == "total")
    assert own.select("period_end", "value").rows() == [
        (dt.date(2022, 3, 31), 104.0),
        (dt.date(2023, 3, 31), 99.0),
    ]
    con = read_connection(store)
    try:
        published = benchmarks(con, "wb_iro_alerts_open", "year")
    finally:
        con.close()
    assert published.select("geography", "period_end", "value", "gap_reason").rows() == [
        ("W06000015", dt.date(2022, 3, 31), 100.0, None),
        ("W06000022", dt.date(2022, 3, 31), 90.0, None),
        (WALES, dt.date(2022, 3, 31), 110.0, None),
        ("W06000015", dt.date(2023, 3, 31), None, "suppressed"),
        ("W06000022", dt.date(2023, 3, 31), 95.0, None),
        (WALES, dt.date(2023, 3, 31), 112.0, None),
    ]
    table = benchmark_table(own, published, CATALOGUE["wb_iro_alerts_open"], Group("G", ()))
    assert table.select("period_end", "council", "wales", "rank", "councils").rows() == [
        (dt.date(2022, 3, 31), 104.0, 110.0, 3, 3),  # lower is better: 100 and 90 rank above
        (dt.date(2023, 3, 31), 99.0, 112.0, 2, 2),  # Cardiff suppressed: not ranked
    ]
