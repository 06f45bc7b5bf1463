"""An indicator's definition as a leader reads it: the catalogue's facts in plain words, without
the catalogue's working notes (reference codes such as "[R21]", confidence marks "(U)" and "(S)",
raw clock ids such as "contact_received", "1 working days").

The catalogue stays the one definition; this module only words it for the detail page.
"""

from __future__ import annotations

import re

from pipelines.catalogue import Indicator, WarmUp
from pipelines.presentation.formatting import format_value
from pipelines.presentation.i18n import N_, _, ngettext

# The inspection reports the catalogue cites by their seed number (shared/seeds/README.md).
REPORTS = {
    "000": N_("CIW inspection of Bridgend children's services (May 2022)"),
    "001": N_("CIW inspection of Blaenau Gwent children's services (2018)"),
    "seed_001": N_("CIW inspection of Blaenau Gwent children's services (2018)"),
    "003": N_("Joint inspection of child protection arrangements, Bridgend (June 2023)"),
}
# Each clock id of the catalogue in words (an id not listed is spelt out from its parts).
CLOCK_IDS = {
    "assessment_completed": N_("assessment completed"),
    "became_lac_or_last_review": N_("becoming looked after or the last review"),
    "contact_received": N_("contact received"),
    "decision_recorded": N_("decision recorded"),
    "deregistration": N_("deregistration"),
    "eh_allocated": N_("early help allocated"),
    "eh_closed": N_("early help closed"),
    "eh_referral": N_("early help referral"),
    "event": N_("the event"),
    "feedback_sent": N_("feedback sent"),
    "first_core_group": N_("first core group"),
    "full_approval": N_("full approval"),
    "gp_registered": N_("registered with a GP"),
    "icpc_held": N_("initial child protection conference held"),
    "icpc_or_last_review": N_("initial child protection conference or the last review"),
    "info_returned": N_("information returned"),
    "interview_offered": N_("interview offered"),
    "last_core_group": N_("last core group"),
    "last_supervision": N_("last supervision"),
    "last_visit": N_("last visit"),
    "left_care": N_("left care"),
    "next_core_group": N_("next core group"),
    "next_visit": N_("next visit"),
    "outcome_shared": N_("outcome shared"),
    "period_end": N_("the period's end"),
    "placement_start": N_("placement start"),
    "placement_start_or_last_visit": N_("placement start or the last visit"),
    "plan_circulated": N_("plan circulated"),
    "plan_start_or_last_review": N_("plan start or the last review"),
    "previous_referral": N_("previous referral"),
    "record_entered": N_("record entered"),
    "referral": N_("referral"),
    "registration": N_("registration"),
    "request_sent": N_("request sent"),
    "return_from_missing": N_("return from being missing"),
    "review_held": N_("review held"),
    "s47_concluded": N_("section 47 enquiry concluded"),
    "status_date": N_("the status date"),
    "statutory_referral": N_("statutory referral"),
    "strategy_decision": N_("strategy decision"),
    "strategy_discussion": N_("strategy discussion"),
    "strategy_held": N_("strategy discussion held"),
    "temporary_approval": N_("temporary approval"),
    "visit": N_("visit"),
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
# "3 / 6 months": several values of one unit.
UNIT_LISTS = {
    "working_days": N_("{values} working days"),
    "calendar_days": N_("{values} days"),
    "weeks": N_("{values} weeks"),
    "months": N_("{values} months"),
    "hours": N_("{values} hours"),
}
POLARITY = {"higher": N_("higher"), "lower": N_("lower"), "neutral": N_("neither (a volume)")}
_REFERENCE = re.compile(r"\s*\[(?:R\d+(?:-[a-z]+)?|local|seed only)\]")
_CONFIDENCE = re.compile(r"\s*\((?:U|S|V)\)")
_REPORT = re.compile(r"\[(000|001|003|seed_001)\]")
_SPACE_BEFORE_STOP = re.compile(r"\s+([.,;])")


def without_codes(text: str) -> str:
    """Catalogue text without reference codes and confidence marks; report codes named."""
    local = "[local]" in text
    text = _REFERENCE.sub("", text)
    text = _CONFIDENCE.sub("", text)
    text = _REPORT.sub(lambda m: _(REPORTS[m.group(1)]) + ":", text)
    text = _SPACE_BEFORE_STOP.sub(r"\1", text)
    text = " ".join(text.split()).strip()
    # "leol": Welsh "lleol" and its soft mutation ("safon leol").
    if local and "local" not in text.lower() and "leol" not in text.lower():
        text = _("{text} (a local standard)", text=text) if text else _("A local standard")
    return text


def clock_words(indicator: Indicator) -> str:
    """'From contact received to decision recorded', or '' without a clock."""
    if not indicator.clock_start:
        return ""

    def words(clock_id: str) -> str:
        if clock_id in CLOCK_IDS:
            return _(CLOCK_IDS[clock_id])
        return " ".join(CLOCK_WORDS.get(part, part) for part in clock_id.split("_"))

    start, stop = words(indicator.clock_start), words(indicator.clock_stop)
    if stop:
        return _("From {start} to {stop}", start=start, stop=stop)
    return _("From {start}", start=start)


def unit_words(n: int, unit: str) -> str:
    """'1 working day', '42 working days', in the current language."""
    if unit == "working_days":
        return ngettext("{n} working day", "{n} working days", n)
    if unit == "calendar_days":
        return ngettext("{n} day", "{n} days", n)
    if unit == "weeks":
        return ngettext("{n} week", "{n} weeks", n)
    if unit == "months":
        return ngettext("{n} month", "{n} months", n)
    if unit == "hours":
        return ngettext("{n} hour", "{n} hours", n)
    return str(n)


def timescale_words(indicator: Indicator) -> str:
    """'1 working day', '42 working days', '3 / 6 months', 'None'."""
    value = indicator.timescale_value.strip()
    if not value:
        return _("None")
    unit = indicator.timescale_unit

    def one(part: str) -> str:
        match = re.fullmatch(r"(\d+)(wd|m)?", part)
        if match is None:
            return re.sub(
                r"reg(\d+)", lambda m: _("as regulation {number} sets out", number=m[1]), part
            )
        n, suffix = int(match.group(1)), match.group(2)
        return unit_words(n, {"wd": "working_days", "m": "months"}.get(suffix or "", unit))

    numbers = value.split("|")
    if all(re.fullmatch(r"\d+", p) for p in numbers) and len(numbers) > 1 and unit in UNIT_LISTS:
        return _(UNIT_LISTS[unit], values=" / ".join(numbers))
    return " / ".join(one(p) for p in numbers)


def built_from(indicator: Indicator) -> str:
    """The extracts an indicator comes from, by their titles."""
    from pipelines.extracts import EXTRACT_TYPES

    titles = [_(EXTRACT_TYPES[e].title) if e in EXTRACT_TYPES else e for e in indicator.extracts]
    return ", ".join(titles)


def definition_facts(indicator: Indicator) -> list[tuple[str, str]]:
    """(label, text) pairs for the detail page's definition, in reading order."""
    target = _("None set")
    if indicator.target is not None:
        value = format_value(indicator.target, indicator.unit)
        if indicator.tolerance is not None:
            value = _(
                "{target} (tolerance {tolerance})",
                target=value,
                tolerance=format_value(indicator.tolerance, indicator.unit),
            )
        scope = ", ".join(indicator.target_breakdowns)
        target = (
            _("{target}; also held by each {scope}", target=value, scope=scope)
            if scope
            else _("{target}; set for the total only", target=value)
        )
    facts = [
        (_("What it measures"), without_codes(indicator.definition)),
        (_("How it is counted"), without_codes(indicator.counting_rule)),
        (_("Statutory timescale"), timescale_words(indicator)),
        (_("Clock"), clock_words(indicator) or _("No clock")),
        (_("Better when"), _(POLARITY[indicator.polarity])),
        (_("Local target"), target),
        (
            _("How it is judged"),
            _("On the last week of each month (a slowly moving stock)")
            if indicator.judged_on == "month_end"
            else _("Every period"),
        ),
        (_("Standard and source"), without_codes(indicator.standard_and_source)),
        (_("Evidence in the inspection reports"), without_codes(indicator.seed_evidence)),
    ]
    facts.append((_("Built from"), built_from(indicator)))
    if indicator.warm_up is not None:
        facts.append(
            (
                _("History needed first"),
                _("{history} (no figure before then)", history=warm_up_words(indicator.warm_up)),
            )
        )
    return facts


def warm_up_words(warm_up: WarmUp) -> str:
    """'12 weeks', '1 month', '20 working days', in the current language."""
    unit = {"days": "calendar_days", "working days": "working_days"}.get(warm_up.unit, warm_up.unit)
    return unit_words(warm_up.amount, unit)
