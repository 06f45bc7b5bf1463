"""The areas a published figure may cover: the 22 Welsh councils by ONS code, Wales, and England
(a national figure Welsh councils compare with; English councils are not comparators).

A figure with no area is the council's own (as every upload was before benchmarking); a figure
with an area is a published benchmark and is never mixed with the council's own series.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from pipelines.config import REFERENCE_DIR

AREAS_FILE = REFERENCE_DIR / "benchmark_areas.csv"
WALES = "W92000004"
ENGLAND = "E92000001"


@lru_cache(maxsize=1)
def area_names() -> dict[str, str]:
    """ONS code -> name, for Wales, England and the 22 Welsh councils (in the file's order)."""
    with AREAS_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def council_codes() -> tuple[str, ...]:
    with AREAS_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(row["code"] for row in csv.DictReader(handle) if row["kind"] == "council")


def code_for_name(name: str) -> str | None:
    """The ONS code of an area named as StatsWales names it (case, spaces and '&'/'and' ignored)."""
    wanted = _name_key(name)
    return next((c for c, n in area_names().items() if _name_key(n) == wanted), None)


def _name_key(name: str) -> str:
    return " ".join(name.lower().replace("&", "and").replace("the ", "").split())
