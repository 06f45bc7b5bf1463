"""SPC results in words and symbols, for tiles, tables and text summaries (never colour alone)."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.presentation.i18n import N_, _
from pipelines.presentation.theme import DARK_BLUE, DARK_GREY, DARK_PINK, ORANGE


@dataclass(frozen=True)
class Icon:
    text: str  # English, marked for translation; shown through .words
    symbol: str
    colour: str

    @property
    def words(self) -> str:
        """The icon in words, in the current language."""
        return _(self.text)


VARIATION: dict[str | None, Icon] = {
    "common_cause": Icon(N_("Common cause: no significant change"), "●", DARK_GREY),
    "improvement_high": Icon(N_("Improvement: special cause, higher"), "▲", DARK_BLUE),
    "improvement_low": Icon(N_("Improvement: special cause, lower"), "▼", DARK_BLUE),
    "concern_high": Icon(N_("Concern: special cause, higher"), "▲", ORANGE),
    "concern_low": Icon(N_("Concern: special cause, lower"), "▼", ORANGE),
    "neutral_high": Icon(N_("Special cause: unusually high"), "▲", DARK_PINK),
    "neutral_low": Icon(N_("Special cause: unusually low"), "▼", DARK_PINK),
    None: Icon(N_("No variation signal"), "○", DARK_GREY),
}

ASSURANCE: dict[str | None, Icon] = {
    "consistently_pass": Icon(N_("Target: consistently met"), "✔", DARK_BLUE),
    "consistently_fail": Icon(N_("Target: consistently missed"), "✘", ORANGE),
    "inconsistent": Icon(N_("Target: hit and miss"), "≈", DARK_GREY),
    None: Icon(N_("No target assurance"), "–", DARK_GREY),
}

# Why a chart shows no variation signal (Signal.withheld), in words a leader can act on.
WITHHELD_WORDS: dict[str, str] = {
    "no_data": N_("No figures for this period type yet"),
    "no_values": N_("No figures since the last process change"),
    "not_applicable": N_(
        "Not applicable: this measure does not apply to this slice (for example, "
        "a team that holds no cases)"
    ),
    "trial": N_(
        "Too few points since the last process change for SPC (fewer than 13, so the "
        "limits are only trial limits)"
    ),
    "autocorrelated": N_(
        "Limits not reliable: consecutive points move together, so limits worked "
        "out from their moving ranges would be too narrow and flag noise; read the line's direction "
        "instead"
    ),
    "coarse": N_(
        "Limits not reliable: the figures move in steps larger than their usual variation, "
        "so the SPC rules would fire by chance"
    ),
}

# The same reasons in a few words, beside an icon.
WITHHELD_SHORT: dict[str, str] = {
    "no_data": N_("no figures yet"),
    "no_values": N_("no figures since the last process change"),
    "not_applicable": N_("not applicable to this slice"),
    "trial": N_("too few points since the last process change"),
    "autocorrelated": N_("limits not reliable (consecutive points move together)"),
    "coarse": N_("limits not reliable (figures move in large steps)"),
}

RULE_WORDS = {
    "outside_limits": N_("outside the process limits"),
    "trend": N_("part of a run of 7 rising or falling points"),
    "two_in_three": N_("2 of 3 points near a process limit"),
    "shift": N_("part of a run of 7 or more points on one side of the average"),
    "": "",
}


def variation_icon(variation: str | None) -> Icon:
    return VARIATION.get(variation, VARIATION[None])


def assurance_icon(assurance: str | None) -> Icon:
    return ASSURANCE.get(assurance, ASSURANCE[None])


POINT_WORDS = {
    "special_cause_improvement": N_("special cause improvement"),
    "special_cause_concern": N_("special cause concern"),
    "special_cause_neutral_high": N_("unusually high (special cause)"),
    "special_cause_neutral_low": N_("unusually low (special cause)"),
    "common_cause": N_("common cause"),
    "not_judged": N_("not judged"),
}


def point_words(point_type: str | None) -> str:
    if point_type is None:
        return _("no value")
    if point_type in POINT_WORDS:
        return _(POINT_WORDS[point_type])
    return point_type.replace("_", " ")


def point_words_by_type() -> dict[str, str]:
    """Every point type in words, in the current language (for a whole column at once)."""
    return {key: point_words(key) for key in POINT_WORDS}


def rule_words(rule: str | None) -> str:
    """Why a point is special cause, in a few words ('' for none)."""
    text = RULE_WORDS.get(rule or "", "")
    return _(text) if text else ""


def withheld_words(reason: str) -> str:
    """Why a chart shows no variation signal, in full."""
    return _(WITHHELD_WORDS[reason])


def withheld_short(reason: str) -> str:
    """The same reason in a few words, beside an icon."""
    return _(WITHHELD_SHORT[reason])
