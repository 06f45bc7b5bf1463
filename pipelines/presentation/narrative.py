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

from pipelines.presentation.formatting import format_number, format_value, shown_as_zero
from pipelines.presentation.i18n import N_, _, date_long, date_short, month_year, ngettext
from pipelines.presentation.status import (
    assurance_icon,
    point_words,
    variation_icon,
    withheld_short,
    withheld_words,
)
from pipelines.signals import Signal

PERIOD_WORDS = {"week": "week", "month": "month", "quarter": "quarter", "year": "year"}
PERIOD_LABELS = {
    "week": N_("Weekly"),
    "month": N_("Monthly"),
    "quarter": N_("Quarterly"),
    "year": N_("Yearly"),
}
MONTH_END_WEEK = "month-end week"  # a weekly chart judged on its month-end weeks

# Every sentence below is one translatable template; the pieces that vary with the period are
# whole phrases per period (Welsh mutates and elides around them: "yr wythnos flaenorol", "y mis
# blaenorol"), and counts go through ngettext (Welsh has six plural forms).
ON_BEFORE = {
    "week": N_("on the week before"),
    "month": N_("on the month before"),
    "quarter": N_("on the quarter before"),
    "year": N_("on the year before"),
    MONTH_END_WEEK: N_("on the month-end week before"),
    "period": N_("on the period before"),
}
LAST_THREE = {
    ("week", "upper"): N_("2 of the last 3 weeks close to the upper process limit"),
    ("week", "lower"): N_("2 of the last 3 weeks close to the lower process limit"),
    ("month", "upper"): N_("2 of the last 3 months close to the upper process limit"),
    ("month", "lower"): N_("2 of the last 3 months close to the lower process limit"),
    ("quarter", "upper"): N_("2 of the last 3 quarters close to the upper process limit"),
    ("quarter", "lower"): N_("2 of the last 3 quarters close to the lower process limit"),
    ("year", "upper"): N_("2 of the last 3 years close to the upper process limit"),
    ("year", "lower"): N_("2 of the last 3 years close to the lower process limit"),
    (MONTH_END_WEEK, "upper"): N_(
        "2 of the last 3 month-end weeks close to the upper process limit"
    ),
    (MONTH_END_WEEK, "lower"): N_(
        "2 of the last 3 month-end weeks close to the lower process limit"
    ),
    ("period", "upper"): N_("2 of the last 3 periods close to the upper process limit"),
    ("period", "lower"): N_("2 of the last 3 periods close to the lower process limit"),
}


def counted_periods(period: str, n: int) -> str:
    """'7 weeks', '1 month', '8 month-end weeks' (plural-aware in each language)."""
    if period == "week":
        return ngettext("{n} week", "{n} weeks", n)
    if period == "month":
        return ngettext("{n} month", "{n} months", n)
    if period == "quarter":
        return ngettext("{n} quarter", "{n} quarters", n)
    if period == "year":
        return ngettext("{n} year", "{n} years", n)
    if period == MONTH_END_WEEK:
        return ngettext("{n} month-end week", "{n} month-end weeks", n)
    return ngettext("{n} period", "{n} periods", n)


def period_end_words(period_type: str, end: dt.date) -> str:
    """'in the week ending 30 March 2025', 'in March 2025', ..."""
    if period_type == "week":
        return _("in the week ending {date}", date=date_long(end))
    if period_type == "month":
        return _("in {month}", month=month_year(end))
    if period_type == "quarter":
        return _("in the quarter ending {month}", month=month_year(end))
    if period_type in ("year", "calendar_year", "year_to_september"):
        return _("in the year ending {month}", month=month_year(end))
    return _("in the period ending {date}", date=date_long(end))


def signal_label(signal: Signal) -> str:
    """'special cause concern', 'special cause improvement', 'unusually high (special cause)'."""
    return point_words(signal.point_type)


def _period(signal: Signal) -> str:
    if signal.judged_on == "month_end" and signal.period_type == "week":
        return MONTH_END_WEEK
    return signal.period_type if signal.period_type in PERIOD_WORDS else "period"


def rule_clause(signal: Signal) -> str:
    """Why the judged point is special cause, worded from the rule's side."""
    unit = signal.indicator.unit
    high = signal.direction == "high"
    period = _period(signal)
    if signal.rule == "outside_limits":
        if high:
            return _(
                "above the upper process limit of {limit}", limit=format_value(signal.upper, unit)
            )
        return _("below the lower process limit of {limit}", limit=format_value(signal.lower, unit))
    if signal.rule == "shift":
        n = max(signal.run_length, 7)
        mean = format_value(signal.mean, unit)
        periods = counted_periods(period, n)
        if high:
            return _("{periods} in a row above the average of {mean}", periods=periods, mean=mean)
        return _("{periods} in a row below the average of {mean}", periods=periods, mean=mean)
    if signal.rule == "trend":
        periods = counted_periods(period, max(signal.run_length, 7))
        if high:
            return _("{periods} in a row, each higher than the one before", periods=periods)
        return _("{periods} in a row, each lower than the one before", periods=periods)
    if signal.rule == "two_in_three":
        return _(LAST_THREE[(period, "upper" if high else "lower")])
    return ""


def movement_words(signal: Signal) -> str:
    """The judged point's movement on the judged point before, as a neutral fact."""
    if signal.judged_value is None:
        return ""
    before = signal.previous_judged_value
    on_before = _(ON_BEFORE[_period(signal)])
    if before is None:
        return _("no earlier figure to compare with")
    change = signal.judged_value - before
    unit = signal.indicator.unit
    if shown_as_zero(change, unit):  # never "down 0.0": the figures shown are equal
        return _("unchanged {on_before}", on_before=on_before)
    rising = change > 0
    if signal.rule == "trend" and rising != (signal.direction == "high"):
        return ""  # a trend cannot have moved the other way: say nothing rather than contradict
    amount = change_amount(abs(change), unit)
    if rising:
        return _("up {amount} {on_before}", amount=amount, on_before=on_before)
    return _("down {amount} {on_before}", amount=amount, on_before=on_before)


def change_amount(magnitude: float, unit: str) -> str:
    """'3', '2.5 percentage points', '0.4 weeks' (no sign)."""
    if unit == "pct":
        return _("{number} percentage points", number=format_number(magnitude, unit))
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
    parts = [
        _(
            "{name}{scope}: {signal} — {rule}.",
            name=ind.name,
            scope=scope,
            signal=signal_label(signal),
            rule=rule_clause(signal),
        )
    ]
    if when:
        fact = _("{value} {when}", value=value, when=period_end_words(signal.period_type, when))
    else:
        fact = value
    moved = movement_words(signal)
    fact = fact[0].upper() + fact[1:]
    parts.append(_("{fact}, {moved}.", fact=fact, moved=moved) if moved else f"{fact}.")
    if when is not None and newest is not None and when < newest:
        if signal.judged_on == "month_end" and signal.period_end and signal.period_end > when:
            parts.append(
                _(
                    "Judged on month-end weeks; the latest week ({date}) was {value}.",
                    date=date_long(signal.period_end),
                    value=format_value(signal.value, ind.unit),
                )
            )
        else:
            parts.append(
                _(
                    "These are its latest figures (others run to {date}).",
                    date=date_long(newest),
                )
            )
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
    period = signal.period_type if signal.period_type in PERIOD_WORDS else "period"
    on_before = _(ON_BEFORE[period])
    change = signal.change
    if change is None:
        return _("No earlier figure to compare with")
    if shown_as_zero(change, signal.indicator.unit):
        return _("No change {on_before}", on_before=on_before)
    amount = change_amount(abs(change), signal.indicator.unit)
    if change > 0:
        return _("Up {amount} {on_before}", amount=amount, on_before=on_before)
    return _("Down {amount} {on_before}", amount=amount, on_before=on_before)


def withheld_sentence(signal: Signal) -> str:
    """Why no variation icon is shown, in words (empty when it is shown)."""
    if signal.withheld is None:
        return ""
    text = withheld_words(signal.withheld)
    if signal.withheld == "autocorrelated" and signal.autocorrelation is not None:
        return _(
            "{reason} (lag-1 autocorrelation {r}).",
            reason=text,
            r=f"{signal.autocorrelation:.2f}",
        )
    return text + "."


def variation_sentence(signal: Signal) -> str:
    """The variation in words, saying when the judged point is earlier than the newest."""
    if signal.withheld is not None:
        return _(
            "{icon}: {reason}",
            icon=variation_icon(None).words,
            reason=withheld_short(signal.withheld),
        )
    words = variation_icon(signal.variation).words
    if (
        signal.judged_on == "month_end"
        and signal.judged_period_end
        and signal.period_type == "week"
    ):
        return _(
            "{icon} (judged on month-end weeks; latest {date})",
            icon=words,
            date=date_short(signal.judged_period_end),
        )
    return words


def assurance_sentence(signal: Signal) -> str:
    """The assurance in words, or why there is none."""
    ind = signal.indicator
    if signal.target is None:
        if ind.target is not None and signal.breakdown != "total":
            return _("No target for this breakdown (the target is set for the total)")
        return _("No target set")
    target = format_value(signal.target, ind.unit)
    if signal.withheld is not None:
        return _(
            "Target {target}: assurance not shown: {reason}",
            target=target,
            reason=withheld_short(signal.withheld),
        )
    words = assurance_icon(signal.assurance).words.removeprefix(_("Target: "))
    return _("Target {target}: {assurance}", target=target, assurance=words)


def chart_summary(signal: Signal, scope: str = "") -> str:
    """One or two sentences describing a chart for someone who cannot see it."""
    ind = signal.indicator
    label = _(PERIOD_LABELS[signal.period_type]) if signal.period_type in PERIOD_LABELS else ""
    label = label.lower() or _("custom")
    name = ind.name
    if signal.withheld == "not_applicable":
        return _(
            "{name}{scope}, {label}: not applicable. {reason}",
            name=name,
            scope=scope,
            label=label,
            reason=withheld_sentence(signal),
        )
    if signal.value is None or signal.period_end is None:
        return _("{name}{scope}: no data for this period type.", name=name, scope=scope)
    parts = [
        _(
            "{name}{scope}, {label}: {value} {when}",
            name=name,
            scope=scope,
            label=label,
            value=format_value(signal.value, ind.unit),
            when=period_end_words(signal.period_type, signal.period_end),
        )
    ]
    if signal.mean is not None:
        parts.append(_("average {mean}", mean=format_value(signal.mean, ind.unit)))
    if signal.lower is not None and signal.upper is not None:
        lower, upper = format_value(signal.lower, ind.unit), format_value(signal.upper, ind.unit)
        if signal.trial:
            parts.append(
                _(
                    "process limits {lower} to {upper} (trial limits: fewer than 13 points)",
                    lower=lower,
                    upper=upper,
                )
            )
        else:
            parts.append(_("process limits {lower} to {upper}", lower=lower, upper=upper))
    sentence = "; ".join(parts) + "."
    if signal.withheld is not None:
        why = withheld_sentence(signal)
        sentence += " " + _("No variation signal: {reason}", reason=why[0].lower() + why[1:])
    elif signal.is_special:
        label = signal_label(signal)
        clause = _(
            "{signal}: {rule}", signal=label[0].upper() + label[1:], rule=rule_clause(signal)
        )
        if signal.judged_period_end != signal.period_end and signal.judged_period_end:
            clause = _(
                "{clause} (at the month-end week ending {date})",
                clause=clause,
                date=date_long(signal.judged_period_end),
            )
        sentence += f" {clause}."
    else:
        sentence += " " + _("Latest judged point: common cause (no significant change).")
    if signal.target is not None or ind.target is not None:
        sentence += f" {assurance_sentence(signal)}."
    return sentence
