"""An indicator's definition as a leader reads it: the catalogue's facts in plain words, without
the catalogue's working notes (reference codes such as "[R21]", confidence marks "(U)" and "(S)",
raw clock ids such as "contact_received", "1 working days").

The catalogue stays the one definition; this module only words it for the detail page.
"""

from __future__ import annotations

import re

from pipelines.catalogue import Indicator
from pipelines.presentation.formatting import format_value

# The inspection reports the catalogue cites by their seed number (shared/seeds/README.md).
REPORTS = {
    "000": "CIW inspection of Bridgend children's services (May 2022)",
    "001": "CIW inspection of Blaenau Gwent children's services (2018)",
    "seed_001": "CIW inspection of Blaenau Gwent children's services (2018)",
    "003": "Joint inspection of child protection arrangements, Bridgend (June 2023)",
}
# Abbreviations in clock ids, spelt out.
CLOCK_WORDS = {
    "eh": "early help",
    "icpc": "initial child protection conference",
    "lac": "looked after",
    "s47": "section 47 enquiry",
    "gp": "GP",
    "info": "information",
    "cp": "child protection",
}
UNIT_WORDS = {
    "working_days": ("working day", "working days"),
    "calendar_days": ("day", "days"),
    "weeks": ("week", "weeks"),
    "months": ("month", "months"),
    "hours": ("hour", "hours"),
}
_REFERENCE = re.compile(r"\s*\[(?:R\d+(?:-[a-z]+)?|local|seed only)\]")
_CONFIDENCE = re.compile(r"\s*\((?:U|S|V)\)")
_REPORT = re.compile(r"\[(000|001|003|seed_001)\]")
_SPACE_BEFORE_STOP = re.compile(r"\s+([.,;])")


def without_codes(text: str) -> str:
    """Catalogue text without reference codes and confidence marks; report codes named."""
    local = "[local]" in text
    text = _REFERENCE.sub("", text)
    text = _CONFIDENCE.sub("", text)
    text = _REPORT.sub(lambda m: REPORTS[m.group(1)] + ":", text)
    text = _SPACE_BEFORE_STOP.sub(r"\1", text)
    text = " ".join(text.split()).strip()
    if local and "local" not in text.lower():
        text = f"{text} (a local standard)" if text else "A local standard"
    return text


def clock_words(indicator: Indicator) -> str:
    """'From contact received to decision recorded', or '' without a clock."""
    if not indicator.clock_start:
        return ""

    def words(clock_id: str) -> str:
        return " ".join(CLOCK_WORDS.get(part, part) for part in clock_id.split("_"))

    start, stop = words(indicator.clock_start), words(indicator.clock_stop)
    return f"From {start} to {stop}" if stop else f"From {start}"


def timescale_words(indicator: Indicator) -> str:
    """'1 working day', '42 working days', '3 / 6 months', 'None'."""
    value = indicator.timescale_value.strip()
    if not value:
        return "None"
    singular, plural = UNIT_WORDS.get(indicator.timescale_unit, ("", ""))

    def one(part: str) -> str:
        match = re.fullmatch(r"(\d+)(wd|m)?", part)
        if match is None:
            return re.sub(r"reg(\d+)", r"as regulation \1 sets out", part)
        n, suffix = int(match.group(1)), match.group(2)
        if suffix == "wd":
            return f"{n} working day{'s' if n != 1 else ''}"
        if suffix == "m":
            return f"{n} month{'s' if n != 1 else ''}"
        return f"{n} {singular if n == 1 else plural}".strip()

    parts = [one(p) for p in value.split("|")]
    if all(re.fullmatch(r"\d+", p) for p in value.split("|")) and len(parts) > 1:
        return " / ".join(p.split(" ")[0] for p in parts) + f" {plural}"
    return " / ".join(parts)


def built_from(indicator: Indicator) -> str:
    """The extracts an indicator comes from, by their titles."""
    from pipelines.extracts import EXTRACT_TYPES

    titles = [EXTRACT_TYPES[e].title if e in EXTRACT_TYPES else e for e in indicator.extracts]
    return ", ".join(titles)


def definition_facts(indicator: Indicator) -> list[tuple[str, str]]:
    """(label, text) pairs for the detail page's definition, in reading order."""
    target = "None set"
    if indicator.target is not None:
        target = format_value(indicator.target, indicator.unit)
        if indicator.tolerance is not None:
            target += f" (tolerance {format_value(indicator.tolerance, indicator.unit)})"
        scope = ", ".join(indicator.target_breakdowns)
        target += f"; also held by each {scope}" if scope else "; set for the total only"
    facts = [
        ("What it measures", without_codes(indicator.definition)),
        ("How it is counted", without_codes(indicator.counting_rule)),
        ("Statutory timescale", timescale_words(indicator)),
        ("Clock", clock_words(indicator) or "No clock"),
        (
            "Better when",
            {"higher": "higher", "lower": "lower", "neutral": "neither (a volume)"}[
                indicator.polarity
            ],
        ),
        ("Local target", target),
        (
            "How it is judged",
            "On the last week of each month (a slowly moving stock)"
            if indicator.judged_on == "month_end"
            else "Every period",
        ),
        ("Standard and source", without_codes(indicator.standard_and_source)),
        ("Evidence in the inspection reports", without_codes(indicator.seed_evidence)),
    ]
    facts.append(("Built from", built_from(indicator)))
    if indicator.warm_up is not None:
        facts.append(("History needed first", f"{indicator.warm_up} (no figure before then)"))
    return facts
