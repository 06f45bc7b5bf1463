"""The indicator catalogue: one committed CSV (data/reference/indicators.csv) that defines every
indicator once — name, theme, unit, polarity, timescale, counting rule, source, the extracts it needs,
how it is computed, and the council's local target and tolerance (edit the CSV to change them).

Docs, page lists and the series build all read it; tests fail when code and catalogue drift.

How each indicator is judged by SPC is also catalogue data, so a new family only fills in columns
(docs/design.md, "SPC that fits the series", gives the reasons):

- ``judged_on``: ``each_period`` (default: every point of every chart is judged) or ``month_end``
  (a snapshot of a slowly moving stock: on weekly charts only the last week ending in each month is
  judged; the other weeks are drawn but carry no signal, since consecutive weekly snapshots share
  most of their items and their moving ranges understate the real variation).
- ``warm_up``: how much history a value needs before it is complete, e.g. ``365 days`` (a 12-month
  look-back), ``42 working days`` (a clock that must have run), ``12 weeks``; units days, weeks,
  months or working days. No value is reported for a period before the warm-up has passed since
  the first date in the indicator's extracts (a flow's period must start after it, a snapshot's
  must end after it). Empty: no warm-up.
- ``target_breakdowns``: breakdowns (``;``-separated, e.g. ``team``) whose slices are held to the
  same target as the total. Empty: the target applies to the total only, and a slice has no
  target and no assurance icon.
- ``not_applicable_when``: ``no_numerator``: a breakdown slice whose numerator is 0 or missing in
  every period is not applicable (e.g. children per case-holding worker in a team that holds no
  cases) and shows "not applicable", not 0. Empty: every slice applies.

Welsh (issue 16): ``name_cy``, ``definition_cy``, ``counting_rule_cy`` and
``standard_and_source_cy``, the last columns. ``Indicator.name``, ``.definition``,
``.counting_rule`` and ``.standard_and_source`` speak the current language
(:mod:`pipelines.presentation.i18n`), falling back to the English where the Welsh is empty;
:func:`untranslated` lists what is missing. The Welsh awaits the council's Welsh language
officer's review (docs/i18n.md).

Scale bounds come from the unit (:data:`UNIT_BOUNDS`): every unit is non-negative and percentages
end at 100, so SPC limits are clipped to them.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from pipelines.catalogue_ids import CATALOGUE_FILE
from pipelines.presentation.i18n import N_, current_language

POLARITY_DIRECTION = {"higher": "increase", "lower": "decrease", "neutral": "neutral"}
JUDGED_ON = ("each_period", "month_end")
NOT_APPLICABLE_RULES = ("no_numerator",)
# (lowest, highest) a value of each unit can take; None: no bound.
UNIT_BOUNDS: dict[str, tuple[float | None, float | None]] = {
    "count": (0.0, None),
    "pct": (0.0, 100.0),
    "ratio": (0.0, None),
    "weeks": (0.0, None),
    "working_days": (0.0, None),
    "days": (0.0, None),
    "days_per_fte": (0.0, None),
    "rate_per_10k": (0.0, None),
}
NEW_COLUMNS = ("judged_on", "warm_up", "target_breakdowns", "not_applicable_when")
WELSH_COLUMNS = ("name_cy", "definition_cy", "counting_rule_cy", "standard_and_source_cy")
TRANSLATED_FIELDS = ("name", "definition", "counting_rule", "standard_and_source")
# The themes, marked for the Welsh catalogue (shown with i18n._ where a page heads a theme).
THEMES = (
    N_("Front door"),
    N_("People"),
    N_("Prevention"),
    N_("Well-being"),
    N_("Partnership and integration"),
    N_("Workforce"),
)
_WARM_UP = re.compile(r"(\d+) (days|weeks|months|working days)")


@dataclass(frozen=True)
class WarmUp:
    """History a value needs before it is complete (catalogue column ``warm_up``)."""

    amount: int
    unit: str  # "days", "weeks", "months" or "working days"

    def end(self, start: dt.date) -> dt.date:
        """The first date whose value is complete when the history starts on ``start``."""
        if self.unit == "days":
            return start + dt.timedelta(days=self.amount)
        if self.unit == "weeks":
            return start + dt.timedelta(weeks=self.amount)
        if self.unit == "months":
            index = start.year * 12 + start.month - 1 + self.amount
            year, month = divmod(index, 12)
            day = min(start.day, _days_in_month(year, month + 1))
            return dt.date(year, month + 1, day)
        from pipelines.workdays import add_working_days

        return add_working_days(start, self.amount)

    def __str__(self) -> str:
        unit = self.unit[:-1] if self.amount == 1 else self.unit
        return f"{self.amount} {unit}"


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def parse_warm_up(text: str) -> WarmUp | None:
    """``"365 days"`` → WarmUp(365, "days"); empty → None; anything else raises ValueError."""
    text = " ".join(text.split())
    if not text:
        return None
    match = _WARM_UP.fullmatch(text)
    if match is None:
        raise ValueError(
            f"warm_up {text!r} must be a whole number and days, weeks, months or working days"
        )
    return WarmUp(int(match.group(1)), match.group(2))


@dataclass(frozen=True)
class Indicator:
    id: str
    theme: str
    name_en: str
    definition_en: str
    unit: str
    polarity: str
    frequency: str
    measure_type: str
    timescale_value: str
    timescale_unit: str
    clock_start: str
    clock_stop: str
    counting_rule_en: str
    standard_and_source_en: str
    confidence: str
    seed_evidence: str
    extracts: tuple[str, ...]
    computation: str
    breakdowns: tuple[str, ...]
    headline: bool
    target: float | None
    tolerance: float | None
    judged_on: str = "each_period"
    warm_up: WarmUp | None = None
    target_breakdowns: tuple[str, ...] = ()
    not_applicable_when: str = ""
    name_cy: str = ""
    definition_cy: str = ""
    counting_rule_cy: str = ""
    standard_and_source_cy: str = ""

    def _spoken(self, field: str) -> str:
        if current_language() == "cy":
            welsh = getattr(self, f"{field}_cy")
            if welsh:
                return welsh
        return getattr(self, f"{field}_en")

    @property
    def name(self) -> str:
        """The name in the current language (English where the Welsh is missing)."""
        return self._spoken("name")

    @property
    def definition(self) -> str:
        return self._spoken("definition")

    @property
    def counting_rule(self) -> str:
        return self._spoken("counting_rule")

    @property
    def standard_and_source(self) -> str:
        """The statutory standard and its source, with the reference codes ([R2], [local])."""
        return self._spoken("standard_and_source")

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
        unit = self.timescale_unit.replace("_", " ")
        if self.timescale_value == "1" and unit.endswith("s"):
            unit = unit[:-1]  # "1 working day", not "1 working days"
        return f"{self.timescale_value} {unit}"

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """The lowest and highest value the unit allows (SPC limits are clipped to them)."""
        return UNIT_BOUNDS.get(self.unit, (None, None))

    def target_for(self, breakdown: str) -> float | None:
        """The target a chart of this breakdown is held to: the total's, on the slices of the
        breakdowns listed in ``target_breakdowns``, and none on any other slice."""
        if breakdown == "total" or breakdown in self.target_breakdowns:
            return self.target
        return None


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
        where = f"{CATALOGUE_FILE}: {row['id']}"
        if row["polarity"] not in POLARITY_DIRECTION:
            raise ValueError(f"{where} has unknown polarity")
        extra = {name: (row.get(name) or "").strip() for name in NEW_COLUMNS}
        judged_on = extra["judged_on"] or "each_period"
        if judged_on not in JUDGED_ON:
            raise ValueError(f"{where}: judged_on must be one of {', '.join(JUDGED_ON)}")
        if extra["not_applicable_when"] not in ("", *NOT_APPLICABLE_RULES):
            raise ValueError(f"{where}: not_applicable_when must be empty or no_numerator")
        try:
            warm_up = parse_warm_up(extra["warm_up"])
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from None
        skip = (*NEW_COLUMNS, *WELSH_COLUMNS, *TRANSLATED_FIELDS)
        base = {k: v for k, v in row.items() if k not in skip and k is not None}
        catalogue[row["id"]] = Indicator(
            **{
                **base,
                **{f"{f}_en": row[f] for f in TRANSLATED_FIELDS},
                **{c: (row.get(c) or "").strip() for c in WELSH_COLUMNS},
                "extracts": _split(row["extracts"]),
                "breakdowns": _split(row["breakdowns"]),
                "headline": row["headline"].strip().lower() == "yes",
                "target": _number(row["target"]),
                "tolerance": _number(row["tolerance"]),
                "judged_on": judged_on,
                "warm_up": warm_up,
                "target_breakdowns": _split(extra["target_breakdowns"]),
                "not_applicable_when": extra["not_applicable_when"],
            }
        )
    return catalogue


def indicator(indicator_id: str) -> Indicator:
    try:
        return load_catalogue()[indicator_id]
    except KeyError:
        raise ValueError(f"unknown indicator {indicator_id!r}") from None


def untranslated() -> list[tuple[str, str]]:
    """(indicator id, column) of every Welsh catalogue cell still empty, in catalogue order."""
    return [
        (i.id, f"{field}_cy")
        for i in load_catalogue().values()
        for field in TRANSLATED_FIELDS
        if getattr(i, f"{field}_en") and not getattr(i, f"{field}_cy")
    ]


def computed_indicators() -> list[Indicator]:
    return [i for i in load_catalogue().values() if i.computed]


def headline_indicators() -> list[Indicator]:
    return [i for i in load_catalogue().values() if i.headline]
