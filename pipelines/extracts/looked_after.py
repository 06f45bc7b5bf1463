"""The looked-after children extracts: care episodes, placements, statutory visits, reviews and
health checks (GP registration), and episodes of children missing from home or care.

One row per event, as a case-management system exports them (the episode model of England's
SSDA903 and of the Standard Safeguarding Dataset: a new episode whenever the legal status
changes, a new placement whenever the child moves). The timescales the indicators count come from
the Care Planning, Placement and Case Review (Wales) Regulations 2015 (CPPCR): visits within a
week of a placement starting, then at least every 6 weeks in the placement's first year, then at
least every 3 months where the placement is intended to last until the child is 18 (reg 31);
reviews (Part 6: first within 20 working days of becoming looked after, the second within 3
months of the first, then at least every 6 months); GP registration within 10 working days of
the placement starting (PM31); and, for children missing, a return interview offered within 72
hours of the child's return.

A blank in an optional column means "not recorded" (or "not happened yet" for an end date or an
interview): the measures that need it leave the record out, or count it as not done once its
due time has passed, as each catalogue row says. Rules between extracts (a placement outside any
care episode of the child, a review of a care period not in the store) are checked at import by
:mod:`pipelines.store.links`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import polars as pl

from pipelines.extracts import fields as f
from pipelines.extracts.models import ASSESSMENT_RULES, Extract, rule_check
from pipelines.extracts.rules import Rule, not_before
from pipelines.presentation.i18n import N_

LEGAL_STATUSES = {
    "care_order": "Care order",
    "interim_care_order": "Interim care order",
    "placement_order": "Placement order",
    "section_76": "Section 76",
    "remand": "Remanded to the council",
    "emergency": "Emergency protection or police protection",
    "other": "Other legal status",
}
END_REASONS = {
    "returned_home": "Returned home",
    "adopted": "Adopted",
    "special_guardianship": "Special guardianship order",
    "child_arrangements": "Child arrangements order",
    "reached_18": "Reached 18",
    "independent_living": "Moved to independent living",
    "another_council": "Looked after by another council",
    "custody": "Sentenced to custody",
    "died": "Died",
    "other": "Other reason",
}
PLACEMENT_TYPES = {
    "foster": "Foster care",
    "foster_connected": "Kinship foster care",
    "residential": "Residential care",
    "secure": "Secure unit",
    "with_parents": "Placed with parents",
    "independent_living": "Independent or supported living",
    "adoption": "Placed for adoption",
    "other": "Other placement",
}
PROVIDERS = {
    "in_house": "In-house",
    "independent": "Independent",
    "connected_person": "Connected person",
    "parent": "Parent",
    "other_public": "Another council or public body",
}
DISTANCE_BANDS = {
    "under_10": "Under 10 miles",
    "10_to_20": "10 to 20 miles",
    "over_20": "Over 20 miles",
}
HEALTH_CHECKS = {
    "gp_registration": "GP registration",
    "health_assessment": "Health assessment",
    "dental_check": "Dental check",
}
MISSING_TYPES = {"missing": "Missing", "absent": "Absent"}


def _team() -> Any:
    return f.text(
        N_(
            "The team responsible; blank if not exported, when the team holding the child's "
            "looked-after case (allocations) is used."
        ),
        required=False,
    )


def _care_period() -> Any:
    return f.identifier(
        N_("The period of care the record belongs to (SSD 'cla_id'); blank if not exported."),
        required=False,
    )


def _needs(column: str, other: str, name: str, reason: str, fix: str) -> Rule:
    """``column`` may be filled only when ``other`` is."""
    ok = pl.col(column).is_null() | pl.col(other).is_not_null()
    return Rule(name, column, (column, other), ok, reason, fix)


EPISODE_RULES = (
    not_before(
        "end_date",
        "start_date",
        "episode_end_not_before_start",
        N_("the care episode ends before it starts"),
        N_("check the start and end dates"),
    ),
    _needs(
        "end_reason",
        "end_date",
        "episode_end_reason_needs_end",
        N_("an end reason needs an end date"),
        N_("fill in the end date, or remove the end reason"),
    ),
)


class CareEpisodes(Extract):
    """Episodes of care of looked-after children: one row per episode (a new episode whenever the
    legal status changes). Episodes that follow one another without a gap make one period of
    care; a child is looked after from the start date until the end date (as at the end of a
    day, an episode ending that day no longer counts). A period of care that ends with the reason
    "returned home" counts for pv_returned_home_pct.
    """

    care_episode_id: str = f.record_id(N_("The care episode's identifier in the case system."))
    child_id: str = f.child_id()
    care_period_id: str = _care_period()
    team: str = _team()
    start_date: pl.Date = f.date(N_("Date the episode started."), history=True)
    end_date: pl.Date = f.date(
        N_("Date the episode ended; blank while looked after."), required=False
    )
    legal_status: str = f.enum(
        N_("The legal status during the episode; blank if not recorded."),
        LEGAL_STATUSES,
        required=False,
    )
    end_reason: str = f.enum(
        N_(
            "Why the episode ended; blank while open, when it ended because a new episode began "
            "(a change of legal status), or if not recorded."
        ),
        END_REASONS,
        required=False,
    )
    date_of_birth: pl.Date = f.date(
        N_(
            "The child's date of birth (the first of the month is enough), for age bands; blank "
            "if not exported."
        ),
        required=False,
        history=True,
    )

    episode_end_not_before_start = rule_check(EPISODE_RULES[0])
    episode_end_reason_needs_end = rule_check(EPISODE_RULES[1])


PLACEMENT_RULES = (
    not_before(
        "end_date",
        "start_date",
        "placement_end_not_before_start",
        N_("the placement ends before it starts"),
        N_("check the start and end dates"),
    ),
)


class Placements(Extract):
    """Placements of looked-after children: one row per placement (a new row whenever the child
    moves). The provider and whether the placement is outside the council's area give the
    placement mix (in-house, independent, out of area).
    """

    placement_id: str = f.record_id(N_("The placement's identifier in the case system."))
    child_id: str = f.child_id()
    care_period_id: str = _care_period()
    start_date: pl.Date = f.date(N_("Date the placement started."), history=True)
    end_date: pl.Date = f.date(N_("Date the placement ended; blank while open."), required=False)
    placement_type: str = f.enum(N_("The kind of placement."), PLACEMENT_TYPES)
    provider: str = f.enum(N_("Who provides the placement."), PROVIDERS)
    out_of_area: bool = f.yes_no(
        N_("Whether the placement is outside the council's own area."), required=True
    )
    distance_band: str = f.enum(
        N_("Distance from the child's home; blank if not recorded."), DISTANCE_BANDS, required=False
    )
    intended_to_18: bool = f.yes_no(
        N_(
            "Whether the placement is intended to last until the child is 18 (visits may then be "
            "3-monthly after its first year); blank if not recorded, when the 6-weekly interval "
            "applies throughout."
        )
    )

    placement_end_not_before_start = rule_check(PLACEMENT_RULES[0])


VISIT_RULES = (replace(ASSESSMENT_RULES[4], name="lac_visit_seen_alone_needs_seen"),)


class LacVisits(Extract):
    """Statutory visits to looked-after children: one row per visit. A visit counts towards the
    reg 31 intervals only when the child was recorded as seen."""

    lac_visit_id: str = f.record_id(N_("The visit's identifier in the case system."))
    child_id: str = f.child_id()
    care_period_id: str = _care_period()
    visit_date: pl.Date = f.date(N_("Date of the visit."))
    child_seen: bool = f.yes_no(
        N_("Whether the child was seen; blank if not recorded (the visit then does not count).")
    )
    child_seen_alone: bool = f.yes_no(N_("Whether the child was seen alone."))

    lac_visit_seen_alone_needs_seen = rule_check(VISIT_RULES[0])


REVIEW_RULES = (
    Rule(
        "lac_review_needs_child_or_period",
        "child_id",
        ("child_id", "care_period_id"),
        pl.col("child_id").is_not_null() | pl.col("care_period_id").is_not_null(),
        N_("the review names neither the child nor the period of care"),
        N_("fill in the Child ID (or the Care Period ID of the child's care episodes)"),
    ),
)


class LacReviews(Extract):
    """Reviews of looked-after children's care plans (CPPCR Part 6): one row per review held.
    The review belongs to the child (Child ID) or to the period of care (Care Period ID, as the
    SSD exports it), found in the care episodes."""

    lac_review_id: str = f.record_id(N_("The review's identifier in the case system."))
    child_id: str = f.identifier(
        N_("The child's identifier; blank when the Care Period ID says whose review it is."),
        required=False,
    )
    care_period_id: str = _care_period()
    review_date: pl.Date = f.date(N_("Date the review was held."))

    lac_review_needs_child_or_period = rule_check(REVIEW_RULES[0])


class HealthChecks(Extract):
    """Health events of looked-after children: one row per event (GP registration, health
    assessment, dental check). PM31 counts GP registration within 10 working days of a
    placement starting."""

    health_check_id: str = f.record_id(N_("The health record's identifier in the case system."))
    child_id: str = f.child_id()
    check_type: str = f.enum(N_("What the record is."), HEALTH_CHECKS)
    check_date: pl.Date = f.date(N_("Date of the registration, assessment or check."))


MISSING_RULES = (
    not_before(
        "ended_at",
        "started_at",
        "missing_end_not_before_start",
        N_("the missing episode ends before it starts"),
        N_("check the start and end date-times"),
    ),
    not_before(
        "interview_offered_at",
        "started_at",
        "interview_offered_not_before_start",
        N_("the return interview is offered before the episode started"),
        N_("check the start and the offered date-times"),
    ),
    _needs(
        "interview_offered_at",
        "ended_at",
        "interview_offered_needs_return",
        N_("a return interview is offered but the child has not returned (no end date-time)"),
        N_("fill in when the child returned, or remove the offered date-time"),
    ),
    _needs(
        "interview_held_date",
        "ended_at",
        "interview_held_needs_return",
        N_("a return interview is held but the child has not returned (no end date-time)"),
        N_("fill in when the child returned, or remove the held date"),
    ),
    Rule(
        "interview_held_not_declined",
        "interview_declined",
        ("interview_declined", "interview_held_date"),
        pl.col("interview_held_date").is_null() | ~pl.col("interview_declined").fill_null(False),
        N_("the return interview is recorded both as declined and as held"),
        N_("remove the held date, or set Interview Declined to No"),
    ),
)


class MissingEpisodes(Extract):
    """Episodes of children missing from home or care, or absent: one row per episode.

    The All Wales practice guide distinguishes missing (whereabouts unknown) from absent (known
    to be somewhere they should not be). A return interview should be offered within 72 hours of
    the child's return, so the measure needs date-times; a date alone means midnight.
    """

    missing_id: str = f.record_id(N_("The missing episode's identifier in the case system."))
    child_id: str = f.child_id()
    episode_type: str = f.enum(N_("Missing or absent."), MISSING_TYPES)
    started_at: pl.Datetime = f.datetime_(N_("When the child went missing (or was found absent)."))
    ended_at: pl.Datetime = f.datetime_(
        N_("When the child returned or was found; blank while still missing."), required=False
    )
    interview_offered_at: pl.Datetime = f.datetime_(
        N_("When a return interview was offered; blank if not offered (yet)."), required=False
    )
    interview_held_date: pl.Date = f.date(
        N_("Date the return interview was held; blank if not held (yet)."), required=False
    )
    interview_declined: bool = f.yes_no(
        N_("Whether the child declined the interview offered; blank if not recorded.")
    )

    missing_end_not_before_start = rule_check(MISSING_RULES[0])
    interview_offered_not_before_start = rule_check(MISSING_RULES[1])
    interview_offered_needs_return = rule_check(MISSING_RULES[2])
    interview_held_needs_return = rule_check(MISSING_RULES[3])
    interview_held_not_declined = rule_check(MISSING_RULES[4])
