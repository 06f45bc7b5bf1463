"""Numbers formatted by the catalogue's unit: one formatter for tiles, tables, charts and text."""

from __future__ import annotations

import math

from pipelines.presentation.i18n import N_, _

DECIMALS = {
    "count": 0,
    "pct": 1,
    "ratio": 1,
    "weeks": 1,
    "working_days": 0,
    "days": 0,
    "days_per_fte": 1,
    "rate_per_10k": 1,
}
SUFFIX = {
    "count": "",
    "pct": "%",
    "ratio": "",
    "weeks": " weeks",
    "working_days": " working days",
    "days": " days",
    "days_per_fte": " days per FTE",
    "rate_per_10k": " per 10,000",
}
# A number with its unit, one template per unit (Welsh puts a singular noun after a numeral:
# "12.3 wythnos", "5 diwrnod gwaith"). Numbers are written as in Wales in both languages.
UNIT_TEMPLATES = {
    "pct": N_("{number}%"),
    "weeks": N_("{number} weeks"),
    "working_days": N_("{number} working days"),
    "days": N_("{number} days"),
    "days_per_fte": N_("{number} days per FTE"),
    "rate_per_10k": N_("{number} per 10,000"),
}


def with_unit(number: str, unit: str) -> str:
    template = UNIT_TEMPLATES.get(unit)
    return _(template, number=number) if template else number


def unit_words(unit: str) -> str:
    """The unit alone, for an axis title ('weeks', 'working days'; '' for counts)."""
    return with_unit("", unit).strip()


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value: float | None, unit: str) -> str:
    """The number alone, e.g. '143', '87.5', '12.3' (no unit words)."""
    if _missing(value):
        return "–"
    decimals = DECIMALS.get(unit, 1)
    return f"{value:,.{decimals}f}"


def format_value(value: float | None, unit: str) -> str:
    """The number with its unit, e.g. '143', '87.5%', '12.3 weeks'."""
    if _missing(value):
        return _("no data")
    text = format_number(value, unit)
    if unit == "weeks" and text == "1.0":
        return _("1 week")
    return with_unit(text, unit)


def shown_as_zero(change: float, unit: str) -> bool:
    """Whether a change rounds to nothing at the unit's precision (0.04 of a caseload): the
    figures shown are then equal, and words or signs saying "up" or "down" would contradict
    them."""
    return format_number(abs(change), unit) == format_number(0, unit)


def format_change(change: float | None, unit: str) -> str:
    """A signed change, e.g. '+12', '−3.4 percentage points'."""
    if _missing(change):
        return _("no previous figure")
    magnitude = format_number(abs(change), unit)
    sign = "±" if shown_as_zero(change, unit) else "+" if change > 0 else "−"
    if unit == "pct":
        return _("{number} percentage points", number=sign + magnitude)
    return with_unit(sign + magnitude, unit)


def d3_format(unit: str) -> str:
    """Plotly hover/tick format for a unit."""
    decimals = DECIMALS.get(unit, 1)
    return f",.{decimals}f"
