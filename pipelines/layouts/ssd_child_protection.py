"""The Standard Safeguarding Dataset's child protection tables, read as our child protection
extracts (see :mod:`pipelines.layouts.ssd` for the source and the approach).

The SSD follows England's child protection process: it has no table of strategy discussions
(``ssd_s47_enquiry`` holds the Section 47 enquiries, dated by the strategy discussion that started
them), no core groups, and no record of which partner agencies took part or heard the outcome.
Wales measures all three (WSP; the 2023 joint inspection), so those columns are ours to add beside
the SSD ones; where they are missing the measures leave the records out and say so.
"""

from __future__ import annotations

from pipelines.extracts import child_protection as cp
from pipelines.layouts.model import Before, JsonFlags, Layout, Prefix, Skip, Source
from pipelines.layouts.ssd import DATE, SSD
from pipelines.presentation.i18n import N_

PARTNERS = cp.CORE_AGENCIES
NOT_RECORDED = (
    "not in the SSD: add '{}' (our participation codes), or the partnership measures leave "
    "these records out"
)

S47_ENQUIRY = Layout(
    name="ssd_s47_enquiry",
    standard=SSD,
    extract="strategy_discussions",
    identify=("s47e_s47_enquiry_id",),
    sources=(
        Source("s47e_s47_enquiry_id", "strategy_id"),
        Source("s47e_referral_id", None, why="the referral's id, not used by any measure"),
        Source("s47e_person_id", "child_id"),
        Source("s47e_s47_start_date", "held_at"),
        Source("s47e_s47_end_date", "s47_completed_date", transform=DATE),
        Source("s47e_s47_nfa", None, why="repeats NFA_FLAG of the outcome object, which is read"),
        Source(
            "s47e_s47_outcome_json",
            "s47_outcome",
            transform=JsonFlags(
                (
                    ("CP_CONFERENCE_FLAG", "conference"),
                    ("PROV_OF_SERVICES_FLAG", "care_and_support"),
                    ("PROV_OF_SB_CARE_FLAG", "care_and_support"),
                    ("LEGAL_ACTION_FLAG", "other"),
                    ("MONITOR_FLAG", "other"),
                    ("NFA_CONTINUE_SINGLE_FLAG", "other"),
                    ("OTHER_OUTCOMES_EXIST_FLAG", "other"),
                    ("NFA_FLAG", "no_further_action"),
                )
            ),
        ),
        Source("s47e_s47_completed_by_team", "team"),
        Source("s47e_s47_completed_by_worker_id", None, why="not used by any measure"),
    ),
    constants={
        "section_47": (
            "Yes",
            "every row of ssd_s47_enquiry is a Section 47 enquiry; the SSD does not list the "
            "strategy discussions that did not start one, so with it the journey's step from "
            "strategy discussion to Section 47 is 100% by construction",
        )
    },
    extensions=(
        "decision_at",
        *PARTNERS,
        "other_agencies",
        *(f"{a}_outcome_shared" for a in (*PARTNERS, "other_agencies")),
    ),
    lacks={
        "decision_at": "not in the SSD: add 'Decision At', or wb_strategy_24h_pct leaves these "
        "discussions out (the SSD's start date is the discussion's own date)",
        **{a: NOT_RECORDED.format(a.capitalize()) for a in PARTNERS},
        "police_outcome_shared": "not in the SSD: add the '… Outcome Shared' dates, or "
        "pi_s47_outcome_shared_pct has nothing to count",
    },
)

INITIAL_CONFERENCE = Layout(
    name="ssd_initial_cp_conference",
    standard=SSD,
    extract="cp_conferences",
    identify=("icpc_icpc_id",),
    sources=(
        Source("icpc_icpc_id", "conference_id"),
        Source(
            "icpc_icpc_meeting_id",
            None,
            why="the meeting a sibling group shares; conferences are counted per child",
        ),
        Source("icpc_s47_enquiry_id", "strategy_id"),
        Source("icpc_person_id", "child_id"),
        Source("icpc_cp_plan_id", "registration_id"),
        Source("icpc_referral_id", None, why="the referral's id, not used by any measure"),
        Source(
            "icpc_icpc_transfer_in",
            "conference_type",
            codes={"y": "transfer_in", "yes": "transfer_in", "n": "initial", "no": "initial"},
            fix=N_("write Y for a transfer-in conference and N otherwise"),
        ),
        Source(
            "icpc_icpc_target_date",
            None,
            why="the 15-working-day target is worked out here, on the England-and-Wales "
            "bank-holiday calendar, from the latest strategy discussion",
        ),
        Source("icpc_icpc_date", "conference_date", transform=DATE),
        Source("icpc_icpc_outcome_cp_flag", "registered"),
        Source("icpc_icpc_outcome_json", None, why="its CP_FLAG repeats the outcome flag, read"),
        Source("icpc_icpc_team", "team"),
        Source("icpc_icpc_worker_id", None, why="not used by any measure"),
    ),
    extensions=("outline_plan_circulated", *PARTNERS),
    required_extensions={
        "outline_plan_circulated": "the WSP expect the outline plan and decisions circulated "
        "within 5 working days (wb_outline_plan_5wd_pct); a blank means not circulated yet, so "
        "without the column every plan would count as late",
    },
    lacks={a: NOT_RECORDED.format(a.capitalize()) for a in PARTNERS},
)

REVIEW_PREFIX = "review-"
CP_REVIEWS = Layout(
    name="ssd_cp_reviews",
    standard=SSD,
    extract="cp_conferences",
    identify=("cppr_cp_review_id",),
    sources=(
        Source("cppr_cp_review_id", "conference_id", transform=Prefix(REVIEW_PREFIX)),
        Source("cppr_person_id", "child_id"),
        Source("cppr_cp_plan_id", "registration_id"),
        Source(
            "cppr_cp_review_due",
            None,
            why="due dates are worked out here from the WSP rule (3 months, then 6-monthly)",
        ),
        Source("cppr_cp_review_date", "conference_date", transform=DATE),
        Source("cppr_cp_review_meeting_id", None, why="conferences are counted per child"),
        Source("cppr_cp_review_outcome_continue_cp", "registered"),
        Source("cppr_cp_review_quorate", None, why="not used by any measure"),
        Source(
            "cppr_cp_review_participation",
            None,
            why="the child's own participation (PN codes), not used by any measure",
        ),
    ),
    constants={"conference_type": ("review", "every row of ssd_cp_reviews is a review")},
    extensions=("team", *PARTNERS),
    skips=(
        Skip(
            "cppr_cp_review_date",
            ("",),
            "reviews not held yet (a due date only); due dates are worked out here",
        ),
    ),
    lacks={
        "team": "not in the SSD: the registration's team, else the team holding the child's "
        "case, is used",
        **{a: NOT_RECORDED.format(a.capitalize()) for a in PARTNERS},
    },
)

CP_PLANS = Layout(
    name="ssd_cp_plans",
    standard=SSD,
    extract="cp_registrations",
    identify=("cppl_cp_plan_id",),
    sources=(
        Source("cppl_cp_plan_id", "registration_id"),
        Source("cppl_referral_id", None, why="the referral's id, not used by any measure"),
        Source("cppl_icpc_id", None, why="the conference names its plan, which is read there"),
        Source("cppl_person_id", "child_id"),
        Source("cppl_cp_plan_start_date", "start_date", transform=DATE),
        Source("cppl_cp_plan_end_date", "end_date", transform=DATE),
        Source("cppl_cp_plan_ola", None, why="rows of another council's plans are not imported"),
        Source("cppl_cp_plan_initial_category", None, why="the latest category is read"),
        Source(
            "cppl_cp_plan_latest_category",
            "category",
            transform=Before(":"),
            codes={
                "neglect": "neglect",
                "physical abuse": "physical",
                "emotional abuse": "emotional",
                "sexual abuse": "sexual",
                "multiple": "multiple",
            },
            fix=N_("use Neglect, Physical abuse, Emotional abuse, Sexual abuse or Multiple: [...]"),
        ),
    ),
    extensions=("team", "end_reason"),
    skips=(
        Skip(
            "cppl_cp_plan_ola",
            ("y", "yes"),
            "another council's child protection plans (OLA) are not on this council's register",
        ),
    ),
    lacks={
        "team": "not in the SSD: the team holding the child's case in the allocations is used, "
        "else 'Team not recorded'",
        "end_reason": "not in the SSD: add 'End Reason' to see why registrations ended",
        "category": "the SSD has no financial abuse category (Wales has one): such plans must "
        "be exported with our own layout",
    },
)

CP_VISITS = Layout(
    name="ssd_cp_visits",
    standard=SSD,
    extract="cp_visits",
    identify=("cppv_cp_visit_id",),
    sources=(
        Source("cppv_cp_visit_id", "visit_id"),
        Source("cppv_person_id", "child_id"),
        Source("cppv_cp_plan_id", "registration_id"),
        Source("cppv_cp_visit_date", "visit_date", transform=DATE),
        Source("cppv_cp_visit_seen", "child_seen"),
        Source("cppv_cp_visit_seen_alone", "child_seen_alone"),
        Source("cppv_cp_visit_bedroom", None, why="not used by any measure"),
    ),
)

CHILD_PROTECTION = (S47_ENQUIRY, INITIAL_CONFERENCE, CP_REVIEWS, CP_PLANS, CP_VISITS)
