"""The Standard Safeguarding Dataset (SSD) tables we read as our extracts.

The SSD (Data to Insight, public repository ``data-to-insight/ssd-data-model``) is the
record-level layout a growing number of councils already extract from Mosaic, Eclipse,
Liquidlogic and CareDirector: one table per kind of event. The column names and code meanings
below are those of its published column lists (``analysis/ddl_reference/``, the Liquidlogic list
being the most complete) and its data model (``data/objects/*.yml``, ``data/categories/*.yml``);
no code is taken from that repository.

The SSD is built for England's returns. Where a table lacks something a Welsh measure needs, the
layout either asks for our own column beside the SSD ones (``required_extensions``, rejected with
what to add when it is missing) or accepts the file and says what the lack means (``lacks``);
it never fills a gap with an invented value. The data dictionary lists all of it per extract.
"""

from __future__ import annotations

from pipelines.extracts import models as m
from pipelines.layouts.model import DatePart, JsonFlags, Layout, Source
from pipelines.presentation.i18n import N_

SSD = "Standard Safeguarding Dataset (SSD)"
DATE = DatePart()
YES_NO_FLAG = "Y/N (Yes/No also read)"

# DfE contact source codes (SSD category ``contact_source``) in our contact sources.
CONTACT_SOURCE_CODES = {
    "1A": "self_family",  # individual: family member, relative or carer
    "1B": "other",  # individual: acquaintance (neighbours, child minders)
    "1C": "self_family",  # individual: self
    "1D": "other",  # individual: other (strangers, MPs)
    "2A": "education",  # schools
    "2B": "education",  # education services
    "3A": "health",  # GP
    "3B": "health",  # health visitor
    "3C": "health",  # school nurse
    "3D": "health",  # other primary health services
    "3E": "health",  # A&E
    "3F": "health",  # other health services
    "4": "local_authority",  # local authority housing or housing association
    "5A": "local_authority",  # LA social care, e.g. adults' services
    "5B": "local_authority",  # other LA internal services
    "5C": "local_authority",  # another local authority's services
    "5D": "local_authority",  # early help
    "6": "police",
    "7": "other",  # other legal agency: courts, probation, immigration, CAFCASS, prison
    "8": "other",  # children's centres, independent providers, voluntary organisations
    "9": "other",  # anonymous
    "10": "other",  # unknown
}
AGENCY_FLAG = {"y": "agency", "yes": "agency", "n": "permanent", "no": "permanent"}


def _labels_as_codes(labels: dict[str, str]) -> dict[str, str]:
    """Our own labels (and codes) as exported text, e.g. a job title 'Social worker'."""
    return {label: code for code, label in labels.items()} | {code: code for code in labels}


CONTACTS = Layout(
    name="ssd_contacts",
    standard=SSD,
    extract="contacts",
    identify=("cont_contact_id",),
    sources=(
        Source("cont_contact_id", "contact_id"),
        Source("cont_person_id", "child_id"),
        Source("cont_contact_date", "received_at"),
        Source(
            "cont_contact_source_code",
            "source",
            codes=CONTACT_SOURCE_CODES,
            fix=N_("use a DfE contact source code (1A-1D, 2A-2B, 3A-3F, 4, 5A-5D, 6-10)"),
        ),
        Source(
            "cont_contact_source_desc",
            None,
            why="the description of the source code, which is read",
        ),
        Source(
            "cont_contact_outcome_json",
            "outcome",
            transform=JsonFlags(
                (
                    ("CP_ENQUIRY_FLAG", "strategy_discussion"),
                    ("NEW_REFERRAL_FLAG", "assessment"),
                    ("EXISTING_REFERRAL_FLAG", "assessment"),
                    ("ADVICE_FLAG", "information_advice"),
                    ("NFA_FLAG", "no_further_action"),
                ),
                unread=(
                    "NON_AGENCY_ADOPTION_FLAG",
                    "PRIVATE_FOSTERING_FLAG",
                    "MISSING_FLAG",
                    "OLA_CP_FLAG",
                    "OTHER_OUTCOMES_EXIST_FLAG",
                ),
            ),
            fix=N_(
                "export such contacts with our own contacts layout and its Outcome column "
                "(early help is not one of the SSD contact outcomes either)"
            ),
        ),
    ),
    extensions=("decision_at", "team"),
    required_extensions={
        "decision_at": "the front door's measures (decision within one working day, the backlog "
        "awaiting a decision) need when the screening decision was made; ssd_contacts holds the "
        "contact date only",
        "team": "the front-door team that received the contact; ssd_contacts names no team",
    },
)

ASSESSMENTS = Layout(
    name="ssd_cin_assessments",
    standard=SSD,
    extract="assessments",
    identify=("cina_assessment_id",),
    sources=(
        Source("cina_assessment_id", "assessment_id"),
        Source("cina_person_id", "child_id"),
        Source(
            "cina_referral_id",
            None,
            why="the referral's id; Wales times an assessment from the referral date itself",
        ),
        Source("cina_assessment_start_date", "start_date", transform=DATE),
        Source("cina_assessment_child_seen", "child_seen"),
        Source("cina_assessment_auth_date", "completed_date", transform=DATE),
        Source(
            "cina_assessment_outcome_json",
            "outcome",
            transform=JsonFlags(
                (
                    ("CLA_REQUEST_FLAG", "looked_after"),
                    ("STRATEGY_DISCUSSION_FLAG", "child_protection"),
                    ("PROV_OF_SERVICES_FLAG", "care_and_support"),
                    ("PROV_OF_SB_CARE_FLAG", "care_and_support"),
                    ("REFERRAL_TO_OTHER_AGENCY_FLAG", "information_advice"),
                    ("NFA_S47_END_FLAG", "no_further_action"),
                    ("NFA_FLAG", "no_further_action"),
                ),
                unread=(
                    "PRIVATE_FOSTERING_FLAG",
                    "LEGAL_ACTION_FLAG",
                    "SPECIALIST_ASSESSMENT_FLAG",
                    "OTHER_ACTIONS_FLAG",
                    "OTHER_OUTCOMES_EXIST_FLAG",
                ),
            ),
            fix=N_(
                "export such assessments with our own assessments layout and its Outcome column "
                "(early help is not one of the SSD assessment outcomes either)"
            ),
        ),
        Source(
            "cina_assessment_outcome_nfa",
            None,
            why="repeats NFA_FLAG of the outcome object, which is read",
        ),
        Source("cina_assessment_team", "team"),
        Source("cina_assessment_worker_id", "worker_id"),
    ),
    extensions=("referral_date", "child_seen_alone"),
    required_extensions={
        "referral_date": "the Welsh 42-working-day measure (PM24) runs from the referral date, "
        "which ssd_cin_assessments does not hold (it is in ssd_cin_episodes)",
    },
    lacks={
        "child_seen_alone": "not in the SSD: add 'Child Seen Alone', or pe_child_seen_alone_pct "
        "counts these assessments as not seen alone",
    },
)

ALLOCATIONS = Layout(
    name="ssd_involvements",
    standard=SSD,
    extract="allocations",
    identify=("invo_involvements_id",),
    sources=(
        Source("invo_involvements_id", "allocation_id"),
        Source("invo_professional_id", "worker_id"),
        Source(
            "invo_professional_role_id",
            None,
            why="the professional's role on the case; export the allocated social worker's "
            "involvements only, or other professionals' involvements count as allocations",
        ),
        Source("invo_professional_team", "team"),
        Source("invo_person_id", "child_id"),
        Source("invo_involvement_start_date", "allocated_from", transform=DATE),
        Source("invo_involvement_end_date", "allocated_to", transform=DATE),
        Source("invo_worker_change_reason", None, why="not used by any measure"),
        Source("invo_referral_id", None, why="not used by any measure"),
    ),
    extensions=("case_type", "plo"),
    required_extensions={
        "case_type": "first-year social workers' child protection cases and the caseload "
        "breakdowns need the kind of case, which ssd_involvements does not hold",
        "plo": "whether the case is in the Public Law Outline (wf_first_year_cp_plo_cases); "
        "ssd_involvements does not hold it",
    },
)

WORKERS = Layout(
    name="ssd_professionals",
    standard=SSD,
    extract="workers",
    identify=("prof_professional_id",),
    sources=(
        Source("prof_professional_id", "worker_id"),
        Source("prof_staff_id", None, why="a second staff number; the professional id is read"),
        Source(
            "prof_professional_name",
            None,
            why="names are never read or stored: lists show case-system ids only",
            warn=True,
        ),
        Source(
            "prof_social_worker_registration_no",
            None,
            why="a personal registration number, not needed by any measure",
        ),
        Source(
            "prof_agency_worker_flag",
            "employment",
            codes=AGENCY_FLAG,
            fix=N_("write Y for an agency worker and N for permanent staff"),
        ),
        Source(
            "prof_professional_job_title",
            "role",
            codes=_labels_as_codes(m.WORKER_ROLES),
            fix=N_("use one of the job titles: {listed}"),
            listed=tuple(m.WORKER_ROLES.values()),
        ),
        Source(
            "prof_professional_caseload",
            None,
            why="a count on the previous 30 September; caseloads are counted from the allocations",
        ),
        Source("prof_professional_department", "team"),
        Source("prof_full_time_equivalency", "fte"),
    ),
    extensions=("start_date", "qualified_date", "leaving_date"),
    required_extensions={
        "start_date": "who was in post at each period end needs the start date, which "
        "ssd_professionals does not hold",
    },
    lacks={
        "qualified_date": "not in the SSD: add 'Qualified Date', or no one is counted as a "
        "social worker in their first year (wf_first_year_cp_plo_cases)",
        "leaving_date": "not in the SSD: add 'Leaving Date', or a worker stays in post after "
        "leaving",
    },
)

TODAY = (CONTACTS, ASSESSMENTS, ALLOCATIONS, WORKERS)
