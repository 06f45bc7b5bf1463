"""SPC results in words and symbols, for tiles, tables and text summaries (never colour alone)."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.presentation.theme import DARK_BLUE, DARK_GREY, DARK_PINK, ORANGE


@dataclass(frozen=True)
class Icon:
    words: str
    symbol: str
    colour: str


VARIATION: dict[str | None, Icon] = {
    "common_cause": Icon("Common cause: no significant change", "●", DARK_GREY),
    "improvement_high": Icon("Improvement: special cause, higher", "▲", DARK_BLUE),
    "improvement_low": Icon("Improvement: special cause, lower", "▼", DARK_BLUE),
    "concern_high": Icon("Concern: special cause, higher", "▲", ORANGE),
    "concern_low": Icon("Concern: special cause, lower", "▼", ORANGE),
    "neutral_high": Icon("Special cause: unusually high", "▲", DARK_PINK),
    "neutral_low": Icon("Special cause: unusually low", "▼", DARK_PINK),
    None: Icon("No variation signal", "○", DARK_GREY),
}

ASSURANCE: dict[str | None, Icon] = {
    "consistently_pass": Icon("Target: consistently met", "✔", DARK_BLUE),
    "consistently_fail": Icon("Target: consistently missed", "✘", ORANGE),
    "inconsistent": Icon("Target: hit and miss", "≈", DARK_GREY),
    None: Icon("No target assurance", "–", DARK_GREY),
}

# Why a chart shows no variation signal (Signal.withheld), in words a leader can act on.
WITHHELD_WORDS: dict[str, str] = {
    "no_data": "No figures for this period type yet",
    "no_values": "No figures since the last process change",
    "not_applicable": "Not applicable: this measure does not apply to this slice (for example, "
    "a team that holds no cases)",
    "trial": "Too few points since the last process change for SPC (fewer than 13, so the "
    "limits are only trial limits)",
    "autocorrelated": "Limits not reliable: consecutive points move together, so limits worked "
    "out from their moving ranges would be too narrow and flag noise; read the line's direction "
    "instead",
    "coarse": "Limits not reliable: the figures move in steps larger than their usual variation, "
    "so the SPC rules would fire by chance",
}

# The same reasons in a few words, beside an icon.
WITHHELD_SHORT: dict[str, str] = {
    "no_data": "no figures yet",
    "no_values": "no figures since the last process change",
    "not_applicable": "not applicable to this slice",
    "trial": "too few points since the last process change",
    "autocorrelated": "limits not reliable (consecutive points move together)",
    "coarse": "limits not reliable (figures move in large steps)",
}

RULE_WORDS = {
    "outside_limits": "outside the process limits",
    "trend": "part of a run of 7 rising or falling points",
    "two_in_three": "2 of 3 points near a process limit",
    "shift": "part of a run of 7 or more points on one side of the average",
    "": "",
}


def variation_icon(variation: str | None) -> Icon:
    return VARIATION.get(variation, VARIATION[None])


def assurance_icon(assurance: str | None) -> Icon:
    return ASSURANCE.get(assurance, ASSURANCE[None])


def point_words(point_type: str | None) -> str:
    if point_type is None:
        return "no value"
    return {
        "special_cause_improvement": "special cause improvement",
        "special_cause_concern": "special cause concern",
        "special_cause_neutral_high": "unusually high (special cause)",
        "special_cause_neutral_low": "unusually low (special cause)",
        "common_cause": "common cause",
        "not_judged": "not judged",
    }.get(point_type, point_type.replace("_", " "))
