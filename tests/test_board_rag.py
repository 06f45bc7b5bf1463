"""RAG against target and tolerance, worked by hand from the catalogue's values."""

from __future__ import annotations

import pytest

from pipelines.board.rag import AMBER, GREEN, RED, rag
from pipelines.catalogue import indicator


@pytest.mark.parametrize(
    ("indicator_id", "value", "rating"),
    [
        # The backlog (lower is better): target 50, tolerance 10.
        ("fd_iaa_backlog", 50, GREEN),
        ("fd_iaa_backlog", 60, AMBER),
        ("fd_iaa_backlog", 60.5, RED),
        # Decisions within a working day (higher is better): target 90 %, tolerance 5 points.
        ("fd_decision_1wd_pct", 91, GREEN),
        ("fd_decision_1wd_pct", 85, AMBER),
        ("fd_decision_1wd_pct", 84.9, RED),
    ],
)
def test_rag_against_target_and_tolerance(indicator_id: str, value: float, rating: str) -> None:
    assert rag(indicator(indicator_id), value).rating == rating


def test_no_rating_without_a_target_or_a_value() -> None:
    assert rag(indicator("fd_contacts_received"), 300).rating is None  # neutral, no target
    assert rag(indicator("fd_iaa_backlog"), None).words == "no RAG rating: no figure yet"
    assert rag(indicator("fd_iaa_backlog"), 70).words == (
        "red: misses the target of 50 by more than the tolerance"
    )
