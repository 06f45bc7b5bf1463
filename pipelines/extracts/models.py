"""The extract contracts: one Pandera model per kind of list the case-management system exports.

Each model is validated eagerly on a collected Polars frame with ``lazy=True`` so that an analyst sees
every problem in a file at once. Cross-field rules come from :mod:`pipelines.extracts.rules`.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from pipelines.catalogue_ids import computed_ids, indicator_ids, percentage_ids
from pipelines.extracts import fields as f
from pipelines.extracts.pandera_polars import pa
from pipelines.extracts.rules import Rule, blank_together, known_indicator_ids, not_before
from pipelines.presentation.i18n import N_
from pipelines.published.areas import area_names
from pipelines.published.symbols import REASONS as GAP_REASONS
from pipelines.published.symbols import symbols_words

YES_NO_FIX = "write Yes or No, or leave it blank if not recorded"


def rule_check(rule: Rule) -> Any:
    """Turn a :class:`Rule` into a Pandera dataframe check carrying the rule's name."""

    def check(cls: Any, data: Any) -> Any:
        return data.lazyframe.select(rule.ok)

    check.__name__ = rule.name
    return pa.dataframe_check(check, error=rule.name)


class Extract(pa.DataFrameModel):
    """Common configuration: no unknown columns; values arrive already typed by the reader."""

    class Config:
        strict = True
        coerce = False


CONTACT_SOURCES = {
    "police": "Police",
    "health": "Health",
    "education": "Education",
    "self_family": "Self/family",
    "local_authority": "Local authority",
    "other": "Other",
}
CONTACT_OUTCOMES = {
    "no_further_action": "No further action",
    "information_advice": "Information and advice",
    "early_help": "Early help",
    "assessment": "Assessment",
    "strategy_discussion": "Strategy discussion",
}

CONTACT_RULES = (
    not_before(
        "decision_at",
        "received_at",
        "decision_not_before_receipt",
        N_("the decision is recorded before the contact was received"),
        N_("check the received and decision date-times"),
    ),
    blank_together(
        "outcome",
        "decision_at",
        "outcome_only_when_decided",
        N_("an outcome needs a decision date-time, and a decision needs an outcome"),
        N_("fill in both, or leave both blank while the contact awaits a decision"),
    ),
)


class Contacts(Extract):
    """Contacts and reports received by the front door (IAA/MASH): one row per contact.

    A contact is open, awaiting a screening decision, until it has a decision date-time and an
    outcome. The Wales Safeguarding Procedures expect a decision within one working day of receipt.
    """

    contact_id: str = f.record_id(N_("The contact's identifier in the case system."))
    child_id: str = f.child_id()
    received_at: pl.Datetime = f.datetime_(N_("When the contact or report was received."))
    source: str = f.enum(N_("Who made the contact."), CONTACT_SOURCES)
    decision_at: pl.Datetime = f.datetime_(
        N_("When the screening decision was recorded; blank while awaiting a decision."),
        required=False,
    )
    outcome: str = f.enum(
        N_("What was decided; blank while awaiting a decision."), CONTACT_OUTCOMES, required=False
    )
    team: str = f.team(N_("The front-door team that received the contact."))

    decision_not_before_receipt = rule_check(CONTACT_RULES[0])
    outcome_only_when_decided = rule_check(CONTACT_RULES[1])


ASSESSMENT_OUTCOMES = {
    "no_further_action": "No further action",
    "information_advice": "Information and advice",
    "early_help": "Early help",
    "care_and_support": "Care and support plan",
    "child_protection": "Child protection",
    "looked_after": "Looked after",
}

ASSESSMENT_RULES = (
    not_before(
        "start_date",
        "referral_date",
        "start_not_before_referral",
        N_("the assessment starts before the referral"),
        N_("check the referral and start dates"),
    ),
    not_before(
        "completed_date",
        "start_date",
        "completion_not_before_start",
        N_("the assessment is completed before it started"),
        N_("check the start and completed dates"),
    ),
    not_before(
        "completed_date",
        "referral_date",
        "completion_not_before_referral",
        N_("the assessment is completed before the referral"),
        N_("check the referral and completed dates"),
    ),
    blank_together(
        "outcome",
        "completed_date",
        "outcome_only_when_completed",
        N_("an outcome needs a completed date, and a completed assessment needs an outcome"),
        N_("fill in both, or leave both blank while the assessment is open"),
    ),
    Rule(
        "seen_alone_needs_seen",
        "child_seen_alone",
        ("child_seen_alone", "child_seen"),
        pl.col("child_seen_alone").is_null()
        | pl.col("child_seen_alone").not_()
        | pl.col("child_seen").fill_null(False),
        N_("the child is recorded as seen alone but not as seen"),
        N_("set Child Seen to Yes, or correct Child Seen Alone"),
    ),
)


class Assessments(Extract):
    """Part 3 assessments of care and support needs: one row per assessment.

    The statutory clock starts at the referral: an assessment is in time when it is completed within
    42 working days of the referral (performance measure PM24, Social Services and Well-being (Wales)
    Act 2014). Open assessments have no completed date and no outcome.
    """

    assessment_id: str = f.record_id(N_("The assessment's identifier in the case system."))
    child_id: str = f.child_id()
    referral_date: pl.Date = f.date(N_("Date of the referral: the statutory clock start."))
    start_date: pl.Date = f.date(N_("Date the assessment started."))
    completed_date: pl.Date = f.date(
        N_("Date the assessment was completed; blank while open."), required=False
    )
    outcome: str = f.enum(
        N_("What the assessment concluded; blank while open."), ASSESSMENT_OUTCOMES, required=False
    )
    team: str = f.team()
    worker_id: str = f.identifier(N_("The allocated worker's identifier."), required=False)
    child_seen: bool = f.yes_no(N_("Whether the child was seen during the assessment."))
    child_seen_alone: bool = f.yes_no(N_("Whether the child was seen alone during the assessment."))

    start_not_before_referral = rule_check(ASSESSMENT_RULES[0])
    completion_not_before_start = rule_check(ASSESSMENT_RULES[1])
    completion_not_before_referral = rule_check(ASSESSMENT_RULES[2])
    outcome_only_when_completed = rule_check(ASSESSMENT_RULES[3])
    seen_alone_needs_seen = rule_check(ASSESSMENT_RULES[4])


WORKER_ROLES = {
    "social_worker": "Social worker",
    "senior_practitioner": "Senior practitioner",
    "consultant_social_worker": "Consultant social worker",
    "team_manager": "Team manager",
    "family_support_worker": "Family support worker",
}
CASE_HOLDING_ROLES = ("social_worker", "senior_practitioner", "consultant_social_worker")
EMPLOYMENT = {"permanent": "Permanent", "agency": "Agency"}
LEAVING_REASONS = {
    "resigned": "Resigned",
    "retired": "Retired",
    "end_of_contract": "End of contract or assignment",
    "dismissed": "Dismissed",
    "internal_move": "Moved to another council service",
    "other": "Other reason",
}

WORKER_RULES = (
    not_before(
        "leaving_date",
        "start_date",
        "leaving_not_before_start",
        N_("the worker leaves before they started"),
        N_("check the start and leaving dates"),
    ),
    Rule(
        "leaving_reason_needs_leaving_date",
        "leaving_reason",
        ("leaving_reason", "leaving_date"),
        pl.col("leaving_reason").is_null() | pl.col("leaving_date").is_not_null(),
        N_("a leaving reason is given but no leaving date"),
        N_("add the leaving date, or leave the reason blank"),
    ),
)


class Workers(Extract):
    """Staff in children's services: one row per worker (HR or case-system staff list).

    Case-holding roles are social worker, senior practitioner and consultant social worker. The
    qualification date identifies social workers in their first year in practice.
    """

    worker_id: str = f.record_id(N_("The worker's identifier (never a name)."))
    team: str = f.team()
    role: str = f.enum(N_("The worker's role."), WORKER_ROLES)
    employment: str = f.enum(N_("Permanent staff or agency."), EMPLOYMENT)
    fte: float = f.number(N_("Full-time equivalent, more than 0 and at most 1."), gt=0, le=1)
    qualified_date: pl.Date = f.date(
        N_("Date the worker qualified as a social worker."), required=False, history=True
    )
    start_date: pl.Date = f.date(
        N_("Date the worker started in the service (a future date: a starter not yet in post)."),
        future_allowed=True,
        history=True,
    )
    leaving_date: pl.Date = f.date(
        N_("Date the worker left; blank while in post (a future date: notice given)."),
        required=False,
        future_allowed=True,
    )
    leaving_reason: str = f.enum(
        N_("Why the worker left, where the HR system holds it; blank if not recorded."),
        LEAVING_REASONS,
        required=False,
    )

    leaving_not_before_start = rule_check(WORKER_RULES[0])
    leaving_reason_needs_leaving_date = rule_check(WORKER_RULES[1])


CASE_TYPES = {
    "care_and_support": "Care and support",
    "child_protection": "Child protection",
    "looked_after": "Looked after",
}

ALLOCATION_RULES = (
    not_before(
        "allocated_to",
        "allocated_from",
        "allocation_end_not_before_start",
        N_("the allocation ends before it starts"),
        N_("check the allocated from and allocated to dates"),
    ),
)


class Allocations(Extract):
    """Who holds each child's case: one row per period a case is held by a team.

    A blank worker means the case is open to the team but awaiting allocation to a named worker.
    An open allocation has no end date.
    """

    allocation_id: str = f.record_id(N_("The allocation's identifier in the case system."))
    child_id: str = f.child_id()
    worker_id: str = f.identifier(
        N_("The allocated worker; blank while the case awaits allocation."), required=False
    )
    team: str = f.team()
    case_type: str = f.enum(N_("The kind of case."), CASE_TYPES)
    plo: bool = f.yes_no(N_("Whether the case is in the Public Law Outline."), required=True)
    allocated_from: pl.Date = f.date(N_("First day of this allocation."), history=True)
    allocated_to: pl.Date = f.date(
        N_("Last day of this allocation; blank while open (a future date: a planned end)."),
        required=False,
        future_allowed=True,
    )

    allocation_end_not_before_start = rule_check(ALLOCATION_RULES[0])


SERVICE_REFERRAL_RULES = (
    not_before(
        "allocated_date",
        "referred_date",
        "allocated_not_before_referred",
        N_("the referral is allocated before it was made"),
        N_("check the referred and allocated dates"),
    ),
    not_before(
        "closed_date",
        "referred_date",
        "closed_not_before_referred",
        N_("the referral is closed before it was made"),
        N_("check the referred and closed dates"),
    ),
    Rule(
        "not_both_allocated_and_closed",
        "closed_date",
        ("closed_date", "allocated_date"),
        pl.col("closed_date").is_null() | pl.col("allocated_date").is_null(),
        N_("the referral has both an allocated date and a closed-without-service date"),
        N_("keep the allocated date if a service was given, otherwise the closed date"),
    ),
)


class ServiceReferrals(Extract):
    """Referrals to early-help and other services with waiting lists: one row per referral.

    A child is waiting while the referral has neither an allocated date nor a closed date.
    """

    referral_id: str = f.record_id(N_("The referral's identifier."))
    child_id: str = f.child_id()
    service: str = f.text(N_("The service referred to, e.g. Youth Emotional Mental Health Team."))
    referred_date: pl.Date = f.date(N_("Date of the referral to the service."))
    allocated_date: pl.Date = f.date(
        N_("Date the service was allocated; blank while waiting."), required=False
    )
    closed_date: pl.Date = f.date(N_("Date the referral closed without a service."), required=False)

    allocated_not_before_referred = rule_check(SERVICE_REFERRAL_RULES[0])
    closed_not_before_referred = rule_check(SERVICE_REFERRAL_RULES[1])
    not_both_allocated_and_closed = rule_check(SERVICE_REFERRAL_RULES[2])


INDICATOR_VALUE_RULES = (
    Rule(  # a published figure for another area may sit beside a computed series, never in it
        "indicator_not_computed",
        "indicator_id",
        ("indicator_id", "geography"),
        pl.col("geography").is_not_null() | ~pl.col("indicator_id").is_in(sorted(computed_ids())),
        N_(
            "this indicator is computed from the extracts, so an uploaded figure would compete with "
            "the computed one"
        ),
        N_(
            "upload the extract it is computed from instead (see the indicator's 'Built from' on its "
            "detail page), or remove the row"
        ),
    ),
    not_before(
        "period_end",
        "period_start",
        "period_end_not_before_start",
        N_("the period ends before it starts"),
        N_("check the period start and end dates"),
    ),
    Rule(
        "numerator_not_above_denominator",
        "numerator",
        ("numerator", "denominator", "indicator_id"),
        pl.col("numerator").is_null()
        | pl.col("denominator").is_null()
        | ~pl.col("indicator_id").is_in(sorted(percentage_ids()))
        | (pl.col("numerator") <= pl.col("denominator")),
        N_("the indicator is a percentage but the numerator is larger than the denominator"),
        N_("check the numerator and denominator"),
    ),
    Rule(
        "percentage_within_0_100",
        "value",
        ("value", "indicator_id"),
        pl.col("value").is_null()
        | ~pl.col("indicator_id").is_in(sorted(percentage_ids()))
        | pl.col("value").is_between(0, 100),
        N_("the indicator is a percentage, so its value must be from 0 to 100"),
        N_("write percentages as 0–100 (e.g. 45.5, not 0.455 or 145.5); check the figure"),
    ),
    Rule(
        "value_or_reason",
        "value",
        ("value", "status"),
        pl.col("value").is_not_null() | pl.col("status").is_not_null(),
        N_("the figure is blank and no reason is given for its absence"),
        N_(
            "write the figure; if it was not published, write why in 'Status' (suppressed, not "
            "applicable, not available or low) or keep the publisher's symbol ({symbols}) "
            "in 'Value'. Do not write 0: a 0 is a figure, and it would be charted as one"
        ),
        (("symbols", symbols_words()),),
    ),
    Rule(
        "value_and_reason",
        "status",
        ("status", "value"),
        pl.col("value").is_null() | pl.col("status").is_null(),
        N_("a figure and a reason for its absence are both given"),
        N_("keep the figure and clear 'Status', or clear the figure"),
    ),
    Rule(
        "geography_known",
        "geography",
        ("geography",),
        pl.col("geography").is_null() | pl.col("geography").is_in(sorted(area_names())),
        N_(
            "this is not the ONS code of a Welsh council, nor of Wales (W92000004) or England "
            "(E92000001)"
        ),
        N_(
            "use a council's code (W06…, listed in data/reference/benchmark_areas.csv), W92000004 for "
            "Wales, E92000001 for England, or leave it blank for this council's own figures"
        ),
    ),
)


class IndicatorValues(Extract):
    """Figures that arrive already aggregated: survey results, published Wales averages, HR returns.

    One row per indicator, period and breakdown; they join the computed series with the same ids.
    """

    indicator_id: str = f.enum(
        N_("An indicator id from the catalogue."), {i: i for i in sorted(indicator_ids())}
    )
    period_start: pl.Date = f.date(N_("First day of the period the figure covers."))
    period_end: pl.Date = f.date(N_("Last day of the period the figure covers."))
    value: float = f.number(
        N_(
            "The figure (percentages as 0–100); blank, or the publisher's symbol, when it was not "
            "published (say why in Status)."
        ),
        required=False,
    )
    numerator: float = f.number(
        N_("The numerator, when the figure is a rate."), required=False, ge=0
    )
    denominator: float = f.number(
        N_("The denominator, when the figure is a rate."), required=False, ge=0
    )
    breakdown: str = f.text(N_("Optional breakdown, e.g. a team or survey group."), required=False)
    source_note: str = f.text(
        N_("Where the figure comes from."), required=False, max_length=f.NOTE_LENGTH
    )
    status: str = f.enum(
        "Why there is no figure (a gap on the chart, never 0): "
        + "; ".join(f"{code}: {words}" for code, words in GAP_REASONS.items()),
        {code: words.split(" (")[0].capitalize() for code, words in GAP_REASONS.items()},
        required=False,
    )
    geography: str = f.text(
        N_(
            "The area a published figure covers: a Welsh council's ONS code (W06…), W92000004 for "
            "Wales or E92000001 for England; blank for this council's own figures."
        ),
        required=False,
        max_length=f.ID_LENGTH,
    )

    indicator_not_computed = rule_check(INDICATOR_VALUE_RULES[0])
    period_end_not_before_start = rule_check(INDICATOR_VALUE_RULES[1])
    numerator_not_above_denominator = rule_check(INDICATOR_VALUE_RULES[2])
    percentage_within_0_100 = rule_check(INDICATOR_VALUE_RULES[3])
    value_or_reason = rule_check(INDICATOR_VALUE_RULES[4])
    value_and_reason = rule_check(INDICATOR_VALUE_RULES[5])
    geography_known = rule_check(INDICATOR_VALUE_RULES[6])

    class Config:
        unique = [  # noqa: RUF012
            "indicator_id",
            "period_start",
            "period_end",
            "breakdown",
            "geography",
        ]


THEMES = {
    "people": "People",
    "prevention": "Prevention",
    "wellbeing": "Well-being",
    "partnership": "Partnership and integration",
    "workforce": "Workforce",
    "leadership": "Leadership",
}

CONCERN_RULES = (
    not_before(
        "publication_date",
        "inspection_date",
        "publication_not_before_inspection",
        N_("the report is published before the inspection"),
        N_("check the inspection and publication dates"),
    ),
    known_indicator_ids("indicator_ids"),
)


class InspectionConcerns(Extract):
    """The register of inspection findings the council is working on, with the evidencing indicators."""

    concern_id: str = f.record_id(N_("The finding's identifier, e.g. CIW-BCBC-2022-01."))
    report: str = f.text(N_("The inspection report."), max_length=f.NOTE_LENGTH)
    inspectorate: str = f.text(N_("The inspectorate(s), e.g. CIW."))
    inspection_date: pl.Date = f.date(N_("First day of the inspection."))
    publication_date: pl.Date = f.date(N_("Date the report was published."))
    theme: str = f.enum(N_("The inspection framework theme."), THEMES)
    finding: str = f.text(N_("The finding, in one sentence."), max_length=f.SENTENCE_LENGTH)
    indicator_ids: str = f.id_list(N_("Indicator ids that evidence the finding, separated by ';'."))

    publication_not_before_inspection = rule_check(CONCERN_RULES[0])
    indicator_ids_known = rule_check(CONCERN_RULES[1])


class ChildPopulation(Extract):
    """The council's child population (children aged 0 to 17), one row per estimate: the
    denominator of rates per 10,000 children (children looked after, children on the child
    protection register). Reference data the council keeps up to date, e.g. from the ONS mid-year
    population estimates published on StatsWales; each row names its source.

    A period's rate uses the latest estimate dated on or before the period's last day; periods
    before the first estimate use the first estimate when it is dated less than a year after
    the period ends, and otherwise have no rate.
    """

    estimate_date: pl.Date = f.date(
        N_("The date the estimate refers to, e.g. 30/06/2023 for a mid-2023 estimate."), unique=True
    )
    children: float = f.number(N_("Children aged 0 to 17 living in the council's area."), gt=0)
    source: str = f.text(
        N_("Where the figure comes from, e.g. 'ONS mid-year estimate 2023'."),
        max_length=f.NOTE_LENGTH,
    )
