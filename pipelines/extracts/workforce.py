"""The workforce and practice-quality extracts, as HR and case systems export them: the social work
establishment (funded posts), sickness absence spells, supervision sessions, case file audits and
mandatory training completions.

Who holds a post, and on what terms, is the workers extract (one row per worker with team, role,
FTE, permanent or agency, start and leaving dates, and now the leaving reason): it already says
everything a post-occupancy extract would, so there is no separate occupancy extract. A vacancy is
the establishment's funded FTE in a team not filled by permanent staff (docs/design.md,
"Workforce").

A blank in an optional column means "not recorded" (or "not yet" for an end date): the measures
that need it leave the record out, or count it as the column's description says.
"""

from __future__ import annotations

import polars as pl

from pipelines.extracts import fields as f
from pipelines.extracts.models import WORKER_ROLES, Extract, rule_check
from pipelines.extracts.rules import Rule, not_before
from pipelines.presentation.i18n import N_

PRACTICE_AREAS = {
    "assessment": "Assessment",
    "care_and_support_plan": "Care and support plan",
    "child_protection": "Child protection",
    "looked_after": "Looked after",
    "front_door": "Front door (IAA)",
    "other": "Other practice area",
}
# The council's practice standard, best first; "good or better" is the first two.
AUDIT_GRADES = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
}
GOOD_OR_BETTER = ("outstanding", "good")

ESTABLISHMENT_RULES = (
    not_before(
        "funded_to",
        "funded_from",
        "funding_end_not_before_start",
        N_("the post's funding ends before it starts"),
        N_("check the Funded From and Funded To dates"),
    ),
)


class Establishment(Extract):
    """The establishment: one row per funded post (HR or finance system).

    A post counts at a period end when it is funded from on or before that day and its funding
    has not ended by the end of it (Funded To is exclusive, like a leaving date). Social work posts
    are those with a case-holding role (social worker, senior practitioner, consultant social
    worker), the same roles the caseload and agency measures count.
    """

    post_id: str = f.record_id(N_("The post's identifier in the HR system."))
    team: str = f.team(N_("The team the post belongs to."))
    role: str = f.enum(N_("The post's role."), WORKER_ROLES)
    fte: float = f.number(N_("Funded full-time equivalent, more than 0 and at most 1."), gt=0, le=1)
    funded_from: pl.Date = f.date(N_("First day the post is funded."), history=True)
    funded_to: pl.Date = f.date(
        N_("Day the post's funding ends; blank while funded (a future date: a planned end)."),
        required=False,
        future_allowed=True,
    )

    funding_end_not_before_start = rule_check(ESTABLISHMENT_RULES[0])


SICKNESS_RULES = (
    not_before(
        "last_day",
        "first_day",
        "last_day_not_before_first",
        N_("the spell's last day is before its first day"),
        N_("check the First Day and Last Day of the spell"),
    ),
)


class SicknessAbsence(Extract):
    """Sickness absence: one row per spell of absence (HR system).

    Working days are counted on the England-and-Wales calendar (weekends and bank holidays are
    not lost). Working Days Lost, where the HR system records it (a part-time worker loses fewer
    days than the calendar's), is used for a spell that lies wholly inside the 12 months measured;
    a spell crossing the edge counts its share of it by calendar working days.
    """

    spell_id: str = f.record_id(N_("The absence spell's identifier in the HR system."))
    worker_id: str = f.identifier(N_("The absent worker (as in the workers extract)."))
    first_day: pl.Date = f.date(N_("First day of absence."))
    last_day: pl.Date = f.date(
        N_("Last day of absence; blank while the worker is still absent."), required=False
    )
    working_days_lost: float = f.number(
        N_("Working days lost as the HR system records them; blank: counted from the calendar."),
        required=False,
        ge=0,
        le=400,
    )

    last_day_not_before_first = rule_check(SICKNESS_RULES[0])


SUPERVISION_RULES = (
    Rule(
        "supervisor_not_supervisee",
        "supervisor_id",
        ("supervisor_id", "worker_id"),
        pl.col("supervisor_id").is_null() | (pl.col("supervisor_id") != pl.col("worker_id")),
        N_("the supervisor is the worker supervised"),
        N_("write the supervisor's worker ID, or leave it blank if not recorded"),
    ),
)


class SupervisionSessions(Extract):
    """Supervision: one row per formal supervision session held (supervision log or case system).

    Recorded In Case System says whether the session's record is on the case system, where an
    inspector would look; blank means not stated.
    """

    session_id: str = f.record_id(N_("The session's identifier."))
    worker_id: str = f.identifier(N_("The worker supervised (as in the workers extract)."))
    supervisor_id: str = f.identifier(N_("The supervisor; blank if not recorded."), required=False)
    session_date: pl.Date = f.date(N_("Date the session was held."))
    recorded_in_case_system: bool = f.yes_no(
        N_("Whether the session is recorded in the case system; blank if not stated.")
    )

    supervisor_not_supervisee = rule_check(SUPERVISION_RULES[0])


class CaseAudits(Extract):
    """Case file audits: one row per audit of a child's file against the council's practice
    standard (quality assurance system)."""

    audit_id: str = f.record_id(N_("The audit's identifier."))
    child_id: str = f.child_id()
    team: str = f.team(N_("The team holding the case when audited."))
    audit_date: pl.Date = f.date(N_("Date the audit was completed."))
    auditor_id: str = f.identifier(
        N_("The auditor (a worker ID); blank if not recorded."), required=False
    )
    practice_area: str = f.enum(N_("The practice audited."), PRACTICE_AREAS)
    grade: str = f.enum(N_("The grade on the council's practice standard."), AUDIT_GRADES)
    actions_set: bool = f.yes_no(N_("Whether the audit set actions; blank if not recorded."))


TRAINING_RULES = (
    not_before(
        "expiry_date",
        "completed_date",
        "expiry_not_before_completion",
        N_("the training expires before it was completed"),
        N_("check the Completed Date and Expiry Date"),
    ),
)


class TrainingCompletions(Extract):
    """Training: one row per course completed by a worker (learning system).

    Which courses are mandatory is the council's list in config.toml (``[workforce]
    mandatory_courses``), matched to Course ignoring case.
    """

    completion_id: str = f.record_id(N_("The completion's identifier."))
    worker_id: str = f.identifier(N_("The worker (as in the workers extract)."))
    course: str = f.text(N_("The course's name as the learning system holds it."))
    completed_date: pl.Date = f.date(N_("Date the course was completed."))
    expiry_date: pl.Date = f.date(
        N_("Day the completion stops counting (a refresher is due); blank: it does not expire."),
        required=False,
        future_allowed=True,
    )

    expiry_not_before_completion = rule_check(TRAINING_RULES[0])
