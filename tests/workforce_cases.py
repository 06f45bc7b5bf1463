"""Passing and failing rows for the cross-field rules of the workforce extracts (and the workers'
leaving reason), merged into ``tests/test_extracts.py``'s RULE_CASES (extract, failing cells,
passing cells): each dict changes a valid row (conftest.valid_row: every date 01/04/2024)."""

from __future__ import annotations

WF_RULE_CASES: dict[str, tuple[str, tuple[dict[str, str], ...], tuple[dict[str, str], ...]]] = {
    "leaving_reason_needs_leaving_date": (
        "workers",
        ({"leaving_date": "", "leaving_reason": "Resigned"},),
        ({"leaving_date": "", "leaving_reason": ""}, {"leaving_reason": "retired"}),
    ),
    "funding_end_not_before_start": (
        "establishment",
        ({"funded_from": "02/04/2024", "funded_to": "01/04/2024"},),
        ({"funded_to": ""}, {"funded_from": "01/04/2024", "funded_to": "01/04/2024"}),
    ),
    "last_day_not_before_first": (
        "sickness_absence",
        ({"first_day": "02/04/2024", "last_day": "01/04/2024"},),
        ({"last_day": ""}, {"first_day": "01/04/2024", "last_day": "01/04/2024"}),
    ),
    "supervisor_not_supervisee": (
        "supervision_sessions",
        ({"worker_id": "W1", "supervisor_id": "W1"},),
        ({"worker_id": "W1", "supervisor_id": "TM1"}, {"supervisor_id": ""}),
    ),
    "expiry_not_before_completion": (
        "training_completions",
        ({"completed_date": "02/04/2024", "expiry_date": "01/04/2024"},),
        ({"expiry_date": ""}, {"completed_date": "01/04/2024", "expiry_date": "01/04/2024"}),
    ),
}
