"""Passing and failing rows for the cross-field rules of the child protection extracts, merged into
``tests/test_extracts.py``'s RULE_CASES (extract, failing cells, passing cells): each dict changes
a valid row (conftest.valid_row: every date 01/04/2024, date-times 01/04/2024 09:00)."""

from __future__ import annotations

NOTHING_SHARED = {
    "police_outcome_shared": "",
    "health_outcome_shared": "",
    "education_outcome_shared": "",
    "other_agencies_outcome_shared": "",
}
OPEN_ENQUIRY = {"s47_completed_date": "", "s47_outcome": "", **NOTHING_SHARED}
# Cells that make a valid row hold whatever its yes/no columns say (test_extracts.all_yes_no).
YES_NO_CELLS = {"strategy_discussions": OPEN_ENQUIRY}


def _shared(agency: str) -> tuple[str, tuple[dict[str, str], ...], tuple[dict[str, str], ...]]:
    column = f"{agency}_outcome_shared"
    return (
        "strategy_discussions",
        ({column: "31/03/2024"}, {**OPEN_ENQUIRY, column: "02/04/2024"}),
        ({column: "02/04/2024"}, {column: "01/04/2024"}, {column: ""}),
    )


CP_RULE_CASES: dict[str, tuple[str, tuple[dict[str, str], ...], tuple[dict[str, str], ...]]] = {
    "strategy_held_not_before_decision": (
        "strategy_discussions",
        ({"decision_at": "01/04/2024 10:00", "held_at": "01/04/2024 09:59"},),
        (
            {"decision_at": "01/04/2024 09:00", "held_at": "01/04/2024 09:00"},
            {"decision_at": "", "held_at": "01/04/2024 09:00"},
        ),
    ),
    "s47_only_when_started": (
        "strategy_discussions",
        ({"section_47": "No", "s47_completed_date": "01/04/2024"},),
        ({"section_47": "No", **OPEN_ENQUIRY}, {"section_47": "Yes", **OPEN_ENQUIRY}),
    ),
    "s47_completed_not_before_discussion": (
        "strategy_discussions",
        (
            {
                "decision_at": "02/04/2024 08:00",
                "held_at": "02/04/2024 09:00",
                "s47_completed_date": "01/04/2024",
            },
        ),
        ({"held_at": "01/04/2024 17:00", "s47_completed_date": "01/04/2024"},),
    ),
    "s47_outcome_only_when_completed": (
        "strategy_discussions",
        ({"s47_outcome": ""}, {**OPEN_ENQUIRY, "s47_outcome": "No further action"}),
        (OPEN_ENQUIRY, {"s47_outcome": "Care and support (no conference)"}),
    ),
    "other_agencies_known": (
        "strategy_discussions",
        ({"other_agencies": "probation;martians"}, {"other_agencies": "Police"}),
        ({"other_agencies": "Probation; housing"}, {"other_agencies": "cafcass;THIRD_SECTOR"}),
    ),
    "other_agencies_shared_needs_agencies": (
        "strategy_discussions",
        ({"other_agencies": "", "other_agencies_outcome_shared": "01/04/2024"},),
        ({"other_agencies": "", "other_agencies_outcome_shared": ""},),
    ),
    "police_outcome_shared_after_completion": _shared("police"),
    "health_outcome_shared_after_completion": _shared("health"),
    "education_outcome_shared_after_completion": _shared("education"),
    "other_agencies_outcome_shared_after_completion": _shared("other_agencies"),
    "outline_plan_not_before_conference": (
        "cp_conferences",
        ({"conference_date": "02/04/2024", "outline_plan_circulated": "01/04/2024"},),
        (
            {"conference_date": "02/04/2024", "outline_plan_circulated": "02/04/2024"},
            {"conference_date": "02/04/2024", "outline_plan_circulated": ""},
        ),
    ),
    "review_needs_registration": (
        "cp_conferences",
        ({"conference_type": "Review", "registration_id": ""},),
        (
            {"conference_type": "Review", "registration_id": "R1"},
            {"conference_type": "Initial", "registration_id": ""},
        ),
    ),
    "registration_end_not_before_start": (
        "cp_registrations",
        ({"start_date": "02/04/2024", "end_date": "01/04/2024"},),
        (
            {"start_date": "02/04/2024", "end_date": "02/04/2024"},
            {"end_date": "", "end_reason": ""},
        ),
    ),
    "end_reason_needs_end": (
        "cp_registrations",
        ({"end_date": "", "end_reason": "Became looked after"},),
        ({"end_date": "", "end_reason": ""}, {"end_date": "05/04/2024", "end_reason": ""}),
    ),
    "visit_seen_alone_needs_seen": (
        "cp_visits",
        ({"child_seen": "No", "child_seen_alone": "Yes"},),
        (
            {"child_seen": "Yes", "child_seen_alone": "Yes"},
            {"child_seen": "No", "child_seen_alone": ""},
        ),
    ),
}
