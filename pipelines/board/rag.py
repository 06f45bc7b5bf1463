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
from pipelines.presentation.i18n import N_, _, pgettext

GREEN, AMBER, RED = "green", "amber", "red"
# Colours with a letter and a word, never colour alone (Analysis Function-compatible, dark text).
RAG_COLOURS = {GREEN: "#00703C", AMBER: "#F4B400", RED: "#D4351C"}
RAG_TEXT = {GREEN: "#FFFFFF", AMBER: "#0B0C0C", RED: "#FFFFFF"}


def rag_letter(rating: str) -> str:
    """The letter in the square, in the current language (Welsh: C for coch, A, G)."""
    return {
        GREEN: pgettext("RAG letter", "G"),
        AMBER: pgettext("RAG letter", "A"),
        RED: pgettext("RAG letter", "R"),
    }[rating]


def rag_colour_word(rating: str) -> str:
    """The rating's colour in one word ('red' / 'coch'), e.g. for a screen reader."""
    return {GREEN: _("green"), AMBER: _("amber"), RED: _("red")}[rating]


@dataclass(frozen=True)
class Rag:
    rating: str | None  # green, amber, red; None: no rating
    words: str


def rag(indicator: Indicator, value: float | None, target: float | None = None) -> Rag:
    """The rating of ``value`` against the target (the chart's, else the catalogue's)."""
    target = indicator.target if target is None else target
    if target is None or indicator.polarity == "neutral":
        return Rag(None, _("no RAG rating: no target is set"))
    if value is None:
        return Rag(None, _("no RAG rating: no figure yet"))
    tolerance = indicator.tolerance or 0.0
    shortfall = (target - value) if indicator.polarity == "higher" else (value - target)
    shown = format_value(target, indicator.unit)
    if shortfall <= 0:
        return Rag(GREEN, _("green: meets the target of {target}", target=shown))
    if shortfall <= tolerance:
        return Rag(
            AMBER,
            _("amber: misses the target of {target} by no more than the tolerance", target=shown),
        )
    return Rag(
        RED, _("red: misses the target of {target} by more than the tolerance", target=shown)
    )


# Translated where it is shown: _(RAG_LEGEND).
RAG_LEGEND = N_(
    "RAG (a square with R, A or G) compares the latest figure with the council's target: green "
    "meets it, amber misses it by no more than the tolerance, red by more. The SPC icon (a circle, "
    "diamond or triangle) says whether the change is real. They answer different questions."
)
