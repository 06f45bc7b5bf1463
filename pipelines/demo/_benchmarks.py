"""A small synthetic benchmark set for the demo: published-style figures for Wales and the other
21 Welsh councils, so benchmarking shows out of the box. Every figure is made up and labelled so
in its source note; none is a published figure. The fictional demo council stands in the place of
the council whose inspection story it follows (Bridgend, W06000013), which is therefore left out.

Each council has a level of its own and a little year-to-year noise; Wales is the mean of the
councils' figures; a few cells are suppressed (a gap with its reason, as StatsWales writes ``*``).
Drawn from its own stream, ``np.random.default_rng([seed, 15])``, so every other demo file is
unchanged.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.published.areas import WALES, council_codes

SOURCE_NOTE = "Synthetic benchmark figure (demo; not a published figure)"
STANDS_IN_FOR = "W06000013"
# indicator: (the councils' typical level, how much levels differ between councils)
LEVELS = {"pe_assessment_42wd_pct": (84.0, 6.0), "pe_child_seen_alone_pct": (62.0, 9.0)}
SUPPRESS_SHARE = 0.04


def write_demo_benchmarks(out_dir: Path, seed: int, first: dt.date, last: dt.date) -> Path:
    """``benchmarks.csv`` (indicator_values with Geography and Status) for every complete
    financial year from ``first``'s to ``last``."""
    rng = np.random.default_rng([seed, 15])
    councils = [c for c in council_codes() if c != STANDS_IN_FOR]
    start_year = first.year if first.month >= 4 else first.year - 1
    years = [y for y in range(start_year, last.year + 1) if dt.date(y + 1, 3, 31) <= last]
    rows: list[dict[str, str]] = []
    for indicator, (centre, spread) in LEVELS.items():
        levels = centre + spread * rng.standard_normal(len(councils))
        for year in years:
            values = np.clip(levels + 2.0 * rng.standard_normal(len(councils)), 0, 100)
            suppressed = rng.random(len(councils)) < SUPPRESS_SHARE
            period = (f"01/04/{year}", f"31/03/{year + 1}")
            for code, value, hidden in zip(councils, values, suppressed, strict=True):
                rows.append(_row(indicator, period, code, None if hidden else float(value)))
            rows.append(_row(indicator, period, WALES, float(np.mean(values))))
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "benchmarks.csv"
    pl.DataFrame(rows).write_csv(path, line_terminator="\n")
    return path


def _row(indicator: str, period: tuple[str, str], area: str, value: float | None) -> dict[str, str]:
    return {
        "Indicator ID": indicator,
        "Period Start": period[0],
        "Period End": period[1],
        "Value": "" if value is None else f"{value:.1f}",
        "Status": "suppressed" if value is None else "",
        "Geography": area,
        "Source Note": SOURCE_NOTE,
    }
