"""Plain-English sentences about signals: the text summary beside every chart and the "What
changed" list. Every sentence is built from a :class:`pipelines.signals.Signal` (the one source of
what a chart shows), so the words cannot disagree with the tile or the icon.

A "What changed" sentence states, in this order: the indicator; the signal (improvement or
concern from the polarity and the side of the rule, or "unusually high/low" for a neutral
measure); the rule that fired, worded from its side (above/below, higher/lower, upper/lower
limit); then the value, its period and its movement on the judged point before, as a separate
fact. The movement never stands in for the signal ("fell ... concern" read as a contradiction),
and a movement that a trend could not have had (impossible data) is left out rather than stated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipelines.presentation.formatting import format_number, format_value
from pipelines.presentation.status import (
    WITHHELD_SHORT,
    WITHHELD_WORDS,
    assurance_icon,
    point_words,
    variation_icon,
)
from pipelines.signals import Signal

PERIOD_WORDS = {
    "week": "week",
    "month": "month",
    "quarter": "quarter",
    "year": "year",
    "calendar_year": "year",
    "academic_year": "academic year",
    "year_to_september": "year",
}
PERIOD_LABELS = {
    "week": "Weekly",
    "month": "Monthly",
    "quarter": "Quarterly",
    "year": "Yearly",
    "calendar_year": "Calendar-year",
    "academic_year": "Academic-year",
    "year_to_september": "Yearly (to September)",
}


def period_end_words(period_type: str, end: dt.date) -> str:
    """'in the week ending 30 March 2025', 'in March 2025', ..."""
    if period_type == "week":
        return f"in the week ending {end:%d %B %Y}"
    if period_type == "month":
        return f"in {end:%B %Y}"
    if period_type == "quarter":
        return f"in the quarter ending {end:%B %Y}"
    if period_type in ("year", "calendar_year", "year_to_september"):
        return f"in the year ending {end:%B %Y}"
    if period_type == "academic_year":
        return f"in the academic year ending {end:%B %Y}"
    return f"in the period ending {end:%d %B %Y}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def signal_label(signal: Signal) -> str:
    """'special cause concern', 'special cause improvement', 'unusually high (special cause)'."""
    return point_words(signal.point_type)


def rule_clause(signal: Signal) -> str:
    """Why the judged point is special cause, worded from the rule's side."""
    unit = signal.indicator.unit
    high = signal.direction == "high"
    period = PERIOD_WORDS.get(signal.period_type, "period")
    if signal.judged_on == "month_end" and signal.period_type == "week":
        period = "month-end week"
    if signal.rule == "outside_limits":
        if high:
            return f"above the upper process limit of {format_value(signal.upper, unit)}"
        return f"below the lower process limit of {format_value(signal.lower, unit)}"
    if signal.rule == "shift":
        side = "above" if high else "below"
        n = max(signal.run_length, 7)
        return (
            f"{_plural(n, period)} in a row {side} the average of {format_value(signal.mean, unit)}"
        )
    if signal.rule == "trend":
        way = "higher" if high else "lower"
        n = max(signal.run_length, 7)
        return f"{_plural(n, period)} in a row, each {way} than the one before"
    if signal.rule == "two_in_three":
        limit = "upper" if high else "lower"
        return f"2 of the last 3 {period}s close to the {limit} process limit"
    return ""


def movement_words(signal: Signal) -> str:
    """The judged point's movement on the judged point before, as a neutral fact."""
    if signal.judged_value is None:
        return ""
    before = signal.previous_judged_value
    period = PERIOD_WORDS.get(signal.period_type, "period")
    if signal.judged_on == "month_end" and signal.period_type == "week":
        period = "month-end week"
    if before is None:
        return "no earlier figure to compare with"
    change = signal.judged_value - before
    if change == 0:
        return f"unchanged on the {period} before"
    rising = change > 0
    if signal.rule == "trend" and rising != (signal.direction == "high"):
        return ""  # a trend cannot have moved the other way: say nothing rather than contradict
    amount = change_amount(abs(change), signal.indicator.unit)
    return f"{'up' if rising else 'down'} {amount} on the {period} before"


def change_amount(magnitude: float, unit: str) -> str:
    """'3', '2.5 percentage points', '0.4 weeks' (no sign)."""
    if unit == "pct":
        return f"{format_number(magnitude, unit)} percentage points"
    return format_value(magnitude, unit)


@dataclass(frozen=True)
class Change:
    """One line of "What changed"."""

    indicator_id: str
    kind: str  # "concern", "improvement" or "neutral"
    point_type: str
    sentence: str
    period_end: dt.date | None  # the judged period


def change_sentence(signal: Signal, scope: str = "", newest: dt.date | None = None) -> str:
    """The "What changed" sentence of a special-cause signal (see the module docstring)."""
    ind = signal.indicator
    when = signal.judged_period_end
    value = format_value(signal.judged_value, ind.unit)
    parts = [f"{ind.name}{scope}: {signal_label(signal)} — {rule_clause(signal)}."]
    fact = f"{value} {period_end_words(signal.period_type, when)}" if when else value
    moved = movement_words(signal)
    parts.append(fact[0].upper() + fact[1:] + (f", {moved}" if moved else "") + ".")
    if when is not None and newest is not None and when < newest:
        if signal.judged_on == "month_end" and signal.period_end and signal.period_end > when:
            parts.append(
                "Judged on month-end weeks; the latest week "
                f"({signal.period_end:%d %B %Y}) was {format_value(signal.value, ind.unit)}."
            )
        else:
            parts.append(f"These are its latest figures (others run to {newest:%d %B %Y}).")
    return " ".join(parts)


def what_changed(signal: Signal, scope: str = "", newest: dt.date | None = None) -> Change | None:
    """A line for "What changed" when the signal is special cause, else None."""
    if not signal.is_special or signal.kind is None or signal.point_type is None:
        return None
    return Change(
        signal.indicator.id,
        signal.kind,
        signal.point_type,
        change_sentence(signal, scope, newest),
        signal.judged_period_end,
    )


def tile_change_words(signal: Signal) -> str:
    """The tile's change line: 'Up 3 on the week before', 'No change on the week before'."""
    period = PERIOD_WORDS.get(signal.period_type, "period")
    change = signal.change
    if change is None:
        return "No earlier figure to compare with"
    if change == 0:
        return f"No change on the {period} before"
    amount = change_amount(abs(change), signal.indicator.unit)
    return f"{'Up' if change > 0 else 'Down'} {amount} on the {period} before"


def withheld_sentence(signal: Signal) -> str:
    """Why no variation icon is shown, in words (empty when it is shown)."""
    if signal.withheld is None:
        return ""
    text = WITHHELD_WORDS[signal.withheld]
    if signal.withheld == "autocorrelated" and signal.autocorrelation is not None:
        text += f" (lag-1 autocorrelation {signal.autocorrelation:.2f})"
    return text + "."


def variation_sentence(signal: Signal) -> str:
    """The variation in words, saying when the judged point is earlier than the newest."""
    if signal.withheld is not None:
        return f"{variation_icon(None).words}: {WITHHELD_SHORT[signal.withheld]}"
    words = variation_icon(signal.variation).words
    if (
        signal.judged_on == "month_end"
        and signal.judged_period_end
        and signal.period_type == "week"
    ):
        words += f" (judged on month-end weeks; latest {signal.judged_period_end:%d %b %Y})"
    return words


def assurance_sentence(signal: Signal) -> str:
    """The assurance in words, or why there is none."""
    ind = signal.indicator
    if signal.target is None:
        if ind.target is not None and signal.breakdown != "total":
            return "No target for this breakdown (the target is set for the total)"
        return "No target set"
    target = format_value(signal.target, ind.unit)
    if signal.withheld is not None:
        return f"Target {target}: assurance not shown: {WITHHELD_SHORT[signal.withheld]}"
    return f"Target {target}: {assurance_icon(signal.assurance).words.removeprefix('Target: ')}"


def chart_summary(signal: Signal, scope: str = "") -> str:
    """One or two sentences describing a chart for someone who cannot see it."""
    ind = signal.indicator
    label = PERIOD_LABELS.get(signal.period_type, "Custom").lower()
    if signal.withheld == "not_applicable":
        return f"{ind.name}{scope}, {label}: not applicable. {withheld_sentence(signal)}"
    if signal.value is None or signal.period_end is None:
        return f"{ind.name}{scope}: no data for this period type."
    parts = [
        f"{ind.name}{scope}, {label}: {format_value(signal.value, ind.unit)} "
        f"{period_end_words(signal.period_type, signal.period_end)}"
    ]
    if signal.mean is not None:
        parts.append(f"average {format_value(signal.mean, ind.unit)}")
    if signal.lower is not None and signal.upper is not None:
        parts.append(
            f"process limits {format_value(signal.lower, ind.unit)} to "
            f"{format_value(signal.upper, ind.unit)}"
            + (" (trial limits: fewer than 13 points)" if signal.trial else "")
        )
    sentence = "; ".join(parts) + "."
    if signal.withheld is not None:
        why = withheld_sentence(signal)
        sentence += f" No variation signal: {why[0].lower()}{why[1:]}"
    elif signal.is_special:
        sentence += f" {signal_label(signal).capitalize()}: {rule_clause(signal)}"
        if signal.judged_period_end != signal.period_end and signal.judged_period_end:
            sentence += f" (at the month-end week ending {signal.judged_period_end:%d %B %Y})"
        sentence += "."
    else:
        sentence += " Latest judged point: common cause (no significant change)."
    if signal.target is not None or ind.target is not None:
        sentence += f" {assurance_sentence(signal)}."
    return sentence
