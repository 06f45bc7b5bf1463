"""Red/amber/green against the council's local target and tolerance (catalogue columns ``target``
and ``tolerance``; no Welsh national thresholds exist, shared/domain/README.md (e)).

Green: the latest value meets the target. Amber: it misses the target by no more than the
tolerance (in the indicator's own unit: percentage points for a percentage). Red: it misses by
more. No rating for an indicator with no target, a neutral one, or no value. A RAG rating says
where the latest figure stands against a line; it says nothing about whether the change is real,
which is the SPC icon's job: the two are shown side by side with their own legends.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.catalogue import Indicator
from pipelines.presentation.formatting import format_value

GREEN, AMBER, RED = "green", "amber", "red"
# Colours with a letter and a word, never colour alone (Analysis Function-compatible, dark text).
RAG_COLOURS = {GREEN: "#00703C", AMBER: "#F4B400", RED: "#D4351C"}
RAG_TEXT = {GREEN: "#FFFFFF", AMBER: "#0B0C0C", RED: "#FFFFFF"}
RAG_LETTER = {GREEN: "G", AMBER: "A", RED: "R"}


@dataclass(frozen=True)
class Rag:
    rating: str | None  # green, amber, red; None: no rating
    words: str


def rag(indicator: Indicator, value: float | None, target: float | None = None) -> Rag:
    """The rating of ``value`` against the target (the chart's, else the catalogue's)."""
    target = indicator.target if target is None else target
    if target is None or indicator.polarity == "neutral":
        return Rag(None, "no RAG rating: no target is set")
    if value is None:
        return Rag(None, "no RAG rating: no figure yet")
    tolerance = indicator.tolerance or 0.0
    shortfall = (target - value) if indicator.polarity == "higher" else (value - target)
    shown = format_value(target, indicator.unit)
    if shortfall <= 0:
        return Rag(GREEN, f"green: meets the target of {shown}")
    if shortfall <= tolerance:
        return Rag(AMBER, f"amber: misses the target of {shown} by no more than the tolerance")
    return Rag(RED, f"red: misses the target of {shown} by more than the tolerance")


RAG_LEGEND = (
    "RAG (a square with R, A or G) compares the latest figure with the council's target: green "
    "meets it, amber misses it by no more than the tolerance, red by more. The SPC icon (a circle, "
    "diamond or triangle) says whether the change is real. They answer different questions."
)
