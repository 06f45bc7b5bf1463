"""The indicator catalogue: one committed CSV (data/reference/indicators.csv) that defines every
indicator once — name, theme, unit, polarity, timescale, counting rule, source, the extracts it needs,
how it is computed, and the council's local target and tolerance (edit the CSV to change them).

Docs, page lists and the series build all read it; tests fail when code and catalogue drift.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from pipelines.catalogue_ids import CATALOGUE_FILE

POLARITY_DIRECTION = {"higher": "increase", "lower": "decrease", "neutral": "neutral"}


@dataclass(frozen=True)
class Indicator:
    id: str
    theme: str
    name: str
    definition: str
    unit: str
    polarity: str
    frequency: str
    measure_type: str
    timescale_value: str
    timescale_unit: str
    clock_start: str
    clock_stop: str
    counting_rule: str
    standard_and_source: str
    confidence: str
    seed_evidence: str
    extracts: tuple[str, ...]
    computation: str
    breakdowns: tuple[str, ...]
    headline: bool
    target: float | None
    tolerance: float | None

    @property
    def direction(self) -> str:
        """The SPC direction: which way is improvement."""
        return POLARITY_DIRECTION[self.polarity]

    @property
    def computed(self) -> bool:
        return self.computation != "uploaded"

    @property
    def timescale(self) -> str:
        if not self.timescale_value:
            return ""
        return f"{self.timescale_value} {self.timescale_unit.replace('_', ' ')}"


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


@cache
def load_catalogue() -> dict[str, Indicator]:
    """Every indicator by id, in catalogue order."""
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    catalogue: dict[str, Indicator] = {}
    for row in rows:
        if row["polarity"] not in POLARITY_DIRECTION:
            raise ValueError(f"{CATALOGUE_FILE}: {row['id']} has unknown polarity")
        catalogue[row["id"]] = Indicator(
            **{
                **row,
                "extracts": _split(row["extracts"]),
                "breakdowns": _split(row["breakdowns"]),
                "headline": row["headline"].strip().lower() == "yes",
                "target": _number(row["target"]),
                "tolerance": _number(row["tolerance"]),
            }
        )
    return catalogue


def indicator(indicator_id: str) -> Indicator:
    try:
        return load_catalogue()[indicator_id]
    except KeyError:
        raise ValueError(f"unknown indicator {indicator_id!r}") from None


def computed_indicators() -> list[Indicator]:
    return [i for i in load_catalogue().values() if i.computed]


def headline_indicators() -> list[Indicator]:
    return [i for i in load_catalogue().values() if i.headline]
