"""Plain-English sentences about series: the text summary beside every chart and the
"What changed" list. Pure functions of a series frame (rows of one chart, oldest first)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.catalogue import Indicator
from pipelines.presentation.formatting import format_value
from pipelines.presentation.status import assurance_icon, point_words

PERIOD_WORDS = {"week": "week", "month": "month", "quarter": "quarter", "year": "year"}
PERIOD_LABELS = {"week": "Weekly", "month": "Monthly", "quarter": "Quarterly", "year": "Yearly"}


def _period_end_words(period_type: str, end: object) -> str:
    if period_type == "week":
        return f"in the week ending {end:%d %B %Y}"
    if period_type == "month":
        return f"in {end:%B %Y}"
    if period_type == "quarter":
        return f"in the quarter ending {end:%B %Y}"
    return f"in the year ending {end:%B %Y}"


def _valued(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("value").is_not_null()).sort("period_end")


def _run_length(values: list[float], mean: float, above: bool) -> int:
    count = 0
    for value in reversed(values):
        if (value > mean) if above else (value < mean):
            count += 1
        else:
            break
    return count


def _steps(values: list[float], rising: bool) -> int:
    count = 0
    for later, earlier in zip(reversed(values), reversed(values[:-1]), strict=False):
        if (later > earlier) if rising else (later < earlier):
            count += 1
        else:
            break
    return count


def _extreme_words(values: list[float], period_type: str) -> str:
    latest, history = values[-1], values[:-1]
    if not history:
        return ""
    for highest in (True, False):
        beaten = 0
        for value in reversed(history):
            if (value < latest) if highest else (value > latest):
                beaten += 1
            else:
                break
        word = "highest" if highest else "lowest"
        if beaten == len(history) and beaten >= 3:
            return f"the {word} on record"
        if beaten >= 3:
            return f"the {word} in {beaten + 1} {PERIOD_WORDS[period_type]}s"
    return ""


def rule_explanation(frame: pl.DataFrame) -> str:
    """Why the latest point is special cause, in words (empty for common cause)."""
    valued = _valued(frame)
    if valued.is_empty():
        return ""
    last = valued.row(-1, named=True)
    values = valued["value"].to_list()
    rule, high = last["rule"], last["direction"] == "high"
    if rule == "outside_limits":
        return "above the upper process limit" if high else "below the lower process limit"
    if rule == "shift" and last["mean"] is not None:
        run = _run_length(values, last["mean"], high)
        return f"{run} points {'above' if high else 'below'} the average"
    if rule == "trend":
        steps = _steps(values, high)
        return f"{steps + 1} points each {'higher' if high else 'lower'} than the one before"
    if rule == "two_in_three":
        return f"2 of the last 3 points close to the {'upper' if high else 'lower'} process limit"
    return ""


@dataclass(frozen=True)
class Change:
    indicator_id: str
    point_type: str
    sentence: str


def what_changed(frame: pl.DataFrame, indicator: Indicator) -> Change | None:
    """A sentence when the latest point of this chart is special cause, else None."""
    valued = _valued(frame)
    if valued.is_empty():
        return None
    last = valued.row(-1, named=True)
    if last["point_type"] in (None, "common_cause") or last["trial"]:
        return None
    values = valued["value"].to_list()
    previous = values[-2] if len(values) > 1 else None
    value_text = format_value(last["value"], indicator.unit)
    if previous is None or last["value"] == previous:
        verb = f"stood at {value_text}"
    else:
        verb = f"{'rose' if last['value'] > previous else 'fell'} to {value_text}"
    extreme = _extreme_words(values, last["period_type"])
    why = rule_explanation(frame)
    sentence = (
        f"{indicator.name} {verb}"
        + (f", {extreme}" if extreme else "")
        + f": {point_words(last['point_type'])}"
        + (f" ({why})" if why else "")
        + "."
    )
    return Change(indicator.id, last["point_type"], sentence)


def chart_summary(frame: pl.DataFrame, indicator: Indicator, scope: str = "") -> str:
    """One or two sentences describing a chart for someone who cannot see it."""
    valued = _valued(frame)
    if valued.is_empty():
        return f"{indicator.name}: no data for this period type{scope}."
    last = valued.row(-1, named=True)
    period_type = last["period_type"]
    parts = [
        f"{indicator.name}{scope} ({PERIOD_LABELS.get(period_type, 'Custom').lower()}): "
        f"{format_value(last['value'], indicator.unit)} "
        f"{_period_end_words(period_type, last['period_end'])}"
    ]
    if last["mean"] is not None:
        parts.append(f"average {format_value(last['mean'], indicator.unit)}")
    if last["lower"] is not None and last["upper"] is not None:
        parts.append(
            f"process limits {format_value(last['lower'], indicator.unit)} to "
            f"{format_value(last['upper'], indicator.unit)}"
            + (" (trial limits: fewer than 13 points)" if last["trial"] else "")
        )
    sentence = "; ".join(parts) + "."
    why = rule_explanation(frame)
    sentence += f" Latest point: {point_words(last['point_type'])}" + (f", {why}." if why else ".")
    if indicator.target is not None:
        sentence += (
            f" Target {format_value(indicator.target, indicator.unit)}: "
            f"{assurance_icon(last['assurance']).words.removeprefix('Target: ')}."
        )
    return sentence
