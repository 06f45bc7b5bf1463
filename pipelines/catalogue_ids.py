"""The indicator ids known to the product, read from the committed catalogue.

Kept apart from the full catalogue so that the extract schemas can check ids without importing the
indicator machinery.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from pipelines.config import REFERENCE_DIR

CATALOGUE_FILE = REFERENCE_DIR / "indicators.csv"


@lru_cache(maxsize=1)
def indicator_ids() -> frozenset[str]:
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["id"] for row in csv.DictReader(handle))


@lru_cache(maxsize=1)
def percentage_ids() -> frozenset[str]:
    """Indicators measured as a percentage, whose numerator can never exceed the denominator."""
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["id"] for row in csv.DictReader(handle) if row["unit"] == "pct")


@lru_cache(maxsize=1)
def computed_ids() -> frozenset[str]:
    """Indicators the product computes from the extracts (not accepted as uploaded figures)."""
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as handle:
        return frozenset(
            row["id"] for row in csv.DictReader(handle) if row["computation"] != "uploaded"
        )
