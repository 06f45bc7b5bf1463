"""The demo council's child population: one synthetic mid-year estimate per year.

Cwm Arian has about 30,000 children (``N_CHILDREN``), drifting down slowly as in most Welsh
councils. No randomness: the figures depend only on the years covered.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from ._contacts import N_CHILDREN

SOURCE = "Synthetic mid-year estimate for the demo council (not a real figure)"


def write_child_population(out_dir: Path, first: dt.date, last: dt.date) -> Path:
    """Estimates dated 30 June of each year from the year before ``first`` to ``last``'s year,
    keeping only those dated on or before ``last`` (later ones are not published yet)."""
    years = [y for y in range(first.year - 1, last.year + 1) if dt.date(y, 6, 30) <= last]
    frame = pl.DataFrame(
        {
            "Estimate Date": [f"30/06/{y}" for y in years],
            "Children": [str(round(N_CHILDREN * (1 - 0.004 * (y - 2019)))) for y in years],
            "Source": [SOURCE] * len(years),
        }
    )
    path = out_dir / "child_population.csv"
    frame.write_csv(path, line_terminator="\n")
    return path
