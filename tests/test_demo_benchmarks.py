"""The demo's synthetic benchmark set (issue 15): deterministic, labelled synthetic on every row,
Wales and the 21 councils other than the one the demo stands in for, a few suppressed cells,
and accepted by the indicator_values contract."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from pipelines.demo._benchmarks import STANDS_IN_FOR, write_demo_benchmarks
from pipelines.ingest import prepare
from pipelines.published.areas import WALES, council_codes

FIRST, LAST = dt.date(2020, 4, 6), dt.date(2025, 3, 30)


def test_the_benchmark_set_is_synthetic_deterministic_and_valid(tmp_path: Path) -> None:
    one = write_demo_benchmarks(tmp_path / "a", 20220501, FIRST, LAST)
    two = write_demo_benchmarks(tmp_path / "b", 20220501, FIRST, LAST)
    assert one.read_bytes() == two.read_bytes()
    prepared = prepare(one, "indicator_values")
    frame = prepared.frame
    assert set(frame["source_note"]) == {
        "Synthetic benchmark figure (demo; not a published figure)"
    }
    areas = set(frame["geography"])
    assert areas == {WALES, *council_codes()} - {STANDS_IN_FOR}
    # Complete financial years only: 2020-21 to 2023-24 (2024-25 ends a day after the demo).
    assert sorted(set(frame["period_end"])) == [dt.date(y, 3, 31) for y in range(2021, 2025)]
    gaps = frame.filter(pl.col("value").is_null())
    assert gaps.height > 0 and set(gaps["status"]) == {"suppressed"}
    assert frame.filter(pl.col("geography") == WALES)["value"].null_count() == 0
