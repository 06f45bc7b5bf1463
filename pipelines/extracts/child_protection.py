"""The child protection extracts: strategy discussions (with the Section 47 enquiries they start),
child protection conferences, register episodes, core groups and statutory visits.

One row per event, as a case-management system exports them. The Wales Safeguarding Procedures
(WSP) set the timescales the indicators count: a strategy discussion within 24 hours of the
decision to hold one (CIW's expectation), an initial child protection conference within 15 working
days of the strategy discussion, the outline plan circulated within 5 working days, the first core
group within 10 working days of registration and then at least every six weeks, the first review
conference within three months and then at least every six months, and visits to a child on the
register at least every 10 working days.

A blank in an optional column means "not recorded" (or "not happened yet" for a date such as a
completion or an end): the measures that need it leave the record out, and say how many they left
out, rather than guess. Rules between extracts (a conference and the strategy discussion it
follows, a review and the registration it reviews, a visit after the registration ended) are
checked at import by :mod:`pipelines.store.links`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import polars as pl

from pipelines.extracts import fields as f
from pipelines.extracts.models import ASSESSMENT_RULES, Extract, rule_check
from pipelines.extracts.pandera_polars import pa
from pipelines.extracts.rules import Rule, blank_together, not_before
from pipelines.presentation.i18n import N_

# Partner agencies. Police, health and education have a column each (the WSP's core partners);
# any other agency taking part is listed by code in ``other_agencies``.
CORE_AGENCIES = ("police", "health", "education")
OTHER_AGENCIES = {
    "probation": "Probation",
    "housing": "Housing",
    "youth_justice": "Youth justice",
    "other_council": "Another council",
    "third_sector": "Third sector",
    "cafcass": "Cafcass Cymru",
    "other": "Other agency",
}
STRATEGY_PARTICIPATION = {
    "took_part": "Took part",
    "invited_absent": "Invited, did not take part",
    "not_invited": "Not invited",
}
CONFERENCE_PARTICIPATION = {
    "attended": "Attended",
    "report": "Sent a report",
    "invited_absent": "Invited, did not take part",
    "not_invited": "Not invited",
}
S47_OUTCOMES = {
    "conference": "Initial child protection conference",
    "care_and_support": "Care and support (no conference)",
    "no_further_action": "No further action",
    "other": "Other outcome",
}
CONFERENCE_TYPES = {
    "initial": "Initial",
    "transfer_in": "Initial (transfer in)",
    "review": "Review",
}
CATEGORIES = {
    "neglect": "Neglect",
    "physical": "Physical abuse",
    "emotional": "Emotional abuse",
    "sexual": "Sexual abuse",
    "financial": "Financial abuse",
    "multiple": "More than one category",
}
END_REASONS = {
    "no_longer_at_risk": "No longer at risk",
    "looked_after": "Became looked after",
    "moved_away": "Moved to another council",
    "reached_18": "Reached 18",
    "other": "Other reason",
}


def _team() -> Any:
    return f.text(
        N_(
            "The team responsible; blank if not exported, when the team holding the child's case "
            "(allocations) is used."
        ),
        required=False,
    )


def _participation(agency: str, labels: dict[str, str]) -> Any:
    return f.enum(f"{agency} participation; blank if not recorded.", labels, required=False)


def _code_list(description: str, labels: dict[str, str]) -> Any:
    """Codes (or their labels, in any case) separated by ';' (checked by a rule, not 'isin')."""
    return pa.Field(
        nullable=True,
        description=description,
        metadata={"kind": f.ID_LIST, "labels": labels},
    )


def _known_codes(column: str, labels: dict[str, str]) -> Rule:
    known = sorted({c.lower() for c in labels} | {v.lower() for v in labels.values()})
    items = pl.col(column).str.to_lowercase().str.split(";")
    unknown = items.list.eval(pl.element().str.strip_chars().is_in(known).not_()).list.any()
    return Rule(
        f"{column}_known",
        column,
        (column,),
        pl.col(column).is_null() | unknown.not_(),
        N_("the list names an agency code we do not know"),
        N_("use these codes, separated by ';': {codes}"),
        (("codes", ", ".join(labels)),),
    )


def _date_not_before_datetime(date: str, moment: str, name: str, reason: str, fix: str) -> Rule:
    a, b = pl.col(date), pl.col(moment).cast(pl.Date)
    return Rule(name, date, (date, moment), a.is_null() | b.is_null() | (a >= b), reason, fix)


def _needs(column: str, other: str, name: str, reason: str, fix: str) -> Rule:
    """``column`` may be filled only when ``other`` is."""
    ok = pl.col(column).is_null() | pl.col(other).is_not_null()
    return Rule(name, column, (column, other), ok, reason, fix)


def _shared_rules() -> tuple[Rule, ...]:
    rules = []
    for agency in (*CORE_AGENCIES, "other_agencies"):
        column = f"{agency}_outcome_shared"
        rules.append(
            Rule(
                f"{column}_after_completion",
                column,
                (column, "s47_completed_date"),
                pl.col(column).is_null()
                | (
                    pl.col("s47_completed_date").is_not_null()
                    & (pl.col(column) >= pl.col("s47_completed_date"))
                ),
                N_(
                    "the outcome is recorded as shared before the Section 47 enquiry was completed, "
                    "or with no completed date"
                ),
                N_("check the completed date and the date the outcome was shared"),
            )
        )
    return tuple(rules)


STRATEGY_RULES = (
    not_before(
        "held_at",
        "decision_at",
        "strategy_held_not_before_decision",
        N_("the strategy discussion is held before the decision to hold it"),
        N_("check the decision and held date-times"),
    ),
    Rule(
        "s47_only_when_started",
        "s47_completed_date",
        ("s47_completed_date", "section_47"),
        pl.col("s47_completed_date").is_null() | pl.col("section_47").fill_null(True),
        N_("the enquiry has a completed date but Section 47 is not set to Yes"),
        N_("set Section 47 to Yes, or remove the completed date"),
    ),
    _date_not_before_datetime(
        "s47_completed_date",
        "held_at",
        "s47_completed_not_before_discussion",
        N_("the Section 47 enquiry is completed before the strategy discussion that started it"),
        N_("check the held date-time and the completed date"),
    ),
    blank_together(
        "s47_outcome",
        "s47_completed_date",
        "s47_outcome_only_when_completed",
        N_(
            "an enquiry's outcome needs its completed date, and a completed enquiry needs an outcome"
        ),
        N_("fill in both, or leave both blank while the enquiry is open"),
    ),
    _known_codes("other_agencies", OTHER_AGENCIES),
    _needs(
        "other_agencies_outcome_shared",
        "other_agencies",
        "other_agencies_shared_needs_agencies",
        N_("the outcome is recorded as shared with other agencies, but none is listed"),
        N_("list the other agencies that took part, or remove the date"),
    ),
    *_shared_rules(),
)
# The Rule objects above whose name the model's checks carry, in order.
_S = {r.name: r for r in STRATEGY_RULES}


class StrategyDiscussions(Extract):
    """Strategy discussions (and the Section 47 enquiries they start): one row per discussion.

    The WSP minimum is police and social services, with health and others as needed; CIW expects
    a discussion within 24 hours of the decision to hold it. A discussion that decides on a
    Section 47 enquiry has Section 47 = Yes; the enquiry is open until its completed date, when its
    outcome is recorded and should be shared with every agency that took part.
    """

    strategy_id: str = f.record_id(N_("The strategy discussion's identifier in the case system."))
    child_id: str = f.child_id()
    team: str = _team()
    decision_at: pl.Datetime = f.datetime_(
        N_(
            "When the decision to hold a strategy discussion was made; blank if not recorded (the "
            "24-hour measure then leaves the discussion out)."
        ),
        required=False,
    )
    held_at: pl.Datetime = f.datetime_(
        N_("When the strategy discussion was held (a date alone means the time was not recorded).")
    )
    police: str = _participation("Police", STRATEGY_PARTICIPATION)
    health: str = _participation("Health", STRATEGY_PARTICIPATION)
    education: str = _participation("Education", STRATEGY_PARTICIPATION)
    other_agencies: str = _code_list(
        N_("Other agencies that took part, by code, separated by ';' (blank: none)."),
        OTHER_AGENCIES,
    )
    section_47: bool = f.yes_no(
        N_("Whether the discussion decided on a Section 47 enquiry."), required=True
    )
    s47_completed_date: pl.Date = f.date(
        N_("Date the Section 47 enquiry was completed; blank while open (or with no enquiry)."),
        required=False,
    )
    s47_outcome: str = f.enum(
        N_("The enquiry's outcome; blank while open."), S47_OUTCOMES, required=False
    )
    police_outcome_shared: pl.Date = f.date(
        N_("Date the enquiry's outcome was shared with the police; blank if not shared."),
        required=False,
    )
    health_outcome_shared: pl.Date = f.date(
        N_("Date the enquiry's outcome was shared with health; blank if not shared."),
        required=False,
    )
    education_outcome_shared: pl.Date = f.date(
        N_("Date the enquiry's outcome was shared with education; blank if not shared."),
        required=False,
    )
    other_agencies_outcome_shared: pl.Date = f.date(
        N_("Date the outcome was shared with every other agency listed; blank if not shared."),
        required=False,
    )

    strategy_held_not_before_decision = rule_check(_S["strategy_held_not_before_decision"])
    s47_only_when_started = rule_check(_S["s47_only_when_started"])
    s47_completed_not_before_discussion = rule_check(_S["s47_completed_not_before_discussion"])
    s47_outcome_only_when_completed = rule_check(_S["s47_outcome_only_when_completed"])
    other_agencies_known = rule_check(_S["other_agencies_known"])
    other_agencies_shared_needs_agencies = rule_check(_S["other_agencies_shared_needs_agencies"])
    police_shared_after_completion = rule_check(_S["police_outcome_shared_after_completion"])
    health_shared_after_completion = rule_check(_S["health_outcome_shared_after_completion"])
    education_shared_after_completion = rule_check(_S["education_outcome_shared_after_completion"])
    other_shared_after_completion = rule_check(_S["other_agencies_outcome_shared_after_completion"])


CONFERENCE_RULES = (
    not_before(
        "outline_plan_circulated",
        "conference_date",
        "outline_plan_not_before_conference",
        N_("the outline plan is circulated before the conference"),
        N_("check the conference date and the date the outline plan was circulated"),
    ),
    Rule(
        "review_needs_registration",
        "registration_id",
        ("registration_id", "conference_type"),
        (pl.col("conference_type") != "review") | pl.col("registration_id").is_not_null(),
        N_("a review conference needs the registration it reviews"),
        N_("fill in the Registration ID of the register episode this conference reviews"),
    ),
)


class ChildProtectionConferences(Extract):
    """Child protection conferences, initial and review: one row per child per conference.

    An initial conference follows a strategy discussion (its Section 47 enquiry); the WSP expect it
    within 15 working days, and its outline plan and decisions circulated within 5 working days.
    A review conference reviews a registration (first within 3 months, then at least 6-monthly).
    Transfer-in conferences (a child on another council's register) are not timed from a
    strategy discussion here.
    """

    conference_id: str = f.record_id(N_("The conference record's identifier (one per child)."))
    child_id: str = f.child_id()
    team: str = _team()
    conference_type: str = f.enum(N_("Initial, initial (transfer in) or review."), CONFERENCE_TYPES)
    strategy_id: str = f.text(
        N_("The strategy discussion whose enquiry led to an initial conference."), required=False
    )
    conference_date: pl.Date = f.date(N_("Date the conference was held."))
    registered: bool = f.yes_no(
        N_(
            "Whether the child is on the register after the conference (registered at an initial "
            "conference, kept on at a review)."
        ),
        required=True,
    )
    registration_id: str = f.text(
        N_("The register episode the conference started or reviewed."), required=False
    )
    outline_plan_circulated: pl.Date = f.date(
        N_("Date the outline plan and decisions were circulated; blank if not yet."), required=False
    )
    police: str = _participation("Police", CONFERENCE_PARTICIPATION)
    health: str = _participation("Health", CONFERENCE_PARTICIPATION)
    education: str = _participation("Education", CONFERENCE_PARTICIPATION)

    outline_plan_not_before_conference = rule_check(CONFERENCE_RULES[0])
    review_needs_registration = rule_check(CONFERENCE_RULES[1])


REGISTRATION_RULES = (
    not_before(
        "end_date",
        "start_date",
        "registration_end_not_before_start",
        N_("the registration ends before it starts"),
        N_("check the start and end dates"),
    ),
    _needs(
        "end_reason",
        "end_date",
        "end_reason_needs_end",
        N_("an end reason needs an end date"),
        N_("fill in the end date, or remove the end reason"),
    ),
)


class ChildProtectionRegistrations(Extract):
    """Episodes on the child protection register: one row per registration of a child.

    A child is on the register from the start date (the registering conference) until the end
    date; as at the end of a day, a registration that ends that day no longer counts. The
    category is the current category of abuse.
    """

    registration_id: str = f.record_id(N_("The register episode's identifier (or CP plan id)."))
    child_id: str = f.child_id()
    team: str = _team()
    start_date: pl.Date = f.date(N_("Date the child was placed on the register."))
    end_date: pl.Date = f.date(
        N_("Date the child was removed; blank while registered."), required=False
    )
    category: str = f.enum(N_("The (current) category of abuse."), CATEGORIES)
    end_reason: str = f.enum(
        N_("Why the registration ended; blank while registered or if not recorded."),
        END_REASONS,
        required=False,
    )

    registration_end_not_before_start = rule_check(REGISTRATION_RULES[0])
    end_reason_needs_end = rule_check(REGISTRATION_RULES[1])


class CoreGroups(Extract):
    """Core group meetings for children on the register: one row per child per meeting.

    The WSP expect the first core group within 10 working days of registration and then at least
    every six weeks.
    """

    core_group_id: str = f.record_id(
        N_("The core group meeting record's identifier (one per child).")
    )
    child_id: str = f.child_id()
    meeting_date: pl.Date = f.date(N_("Date the core group met."))
    registration_id: str = f.text(N_("The register episode it belongs to."), required=False)


# The assessments' rule, for visits: seen alone needs seen.
VISIT_RULES = (replace(ASSESSMENT_RULES[4], name="visit_seen_alone_needs_seen"),)


class StatutoryVisits(Extract):
    """Statutory visits to children on the register: one row per visit.

    A visit counts towards the 10-working-day standard only when the child was recorded as seen.
    """

    visit_id: str = f.record_id(N_("The visit's identifier in the case system."))
    child_id: str = f.child_id()
    visit_date: pl.Date = f.date(N_("Date of the visit."))
    child_seen: bool = f.yes_no(
        N_(
            "Whether the child was seen; blank if not recorded (the visit then does not count as "
            "the child seen)."
        )
    )
    child_seen_alone: bool = f.yes_no(N_("Whether the child was seen alone."))
    registration_id: str = f.text(N_("The register episode it belongs to."), required=False)

    visit_seen_alone_needs_seen = rule_check(VISIT_RULES[0])
