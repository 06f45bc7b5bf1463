"""Hypothesis strategies for the child protection extracts (test_indicator_properties.py): rows that
follow the contracts (decisions before discussions, completions after them, reviews of a child's
own registration, one registration of a child at a time), loaded straight into an in-memory store."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import strategies as st

from pipelines.extracts import EXTRACT_TYPES
from pipelines.extracts import child_protection as cp

BASE = dt.date(2022, 3, 28)  # a Monday; the weeks after hold Easter, May Day and the Jubilee
DAYS = 70
TEAMS = ["North", "South", None]
CHILDREN = [f"K{i}" for i in range(6)]


def _schema(name: str) -> dict[str, pl.DataType]:
    extract = EXTRACT_TYPES[name]
    return {c: extract.column(c).dtype.type for c in extract.columns}  # type: ignore[misc]


def _day(draw: st.DrawFn, low: int = 0, high: int = DAYS) -> dt.date:
    return BASE + dt.timedelta(days=draw(st.integers(low, high)))


def _maybe(draw: st.DrawFn, codes: list[str]) -> str | None:
    return draw(st.one_of(st.none(), st.sampled_from(codes)))


@st.composite
def child_protection_rows(draw: st.DrawFn) -> dict[str, pl.DataFrame]:
    registrations = []
    for child in CHILDREN:
        start = BASE + dt.timedelta(days=draw(st.integers(-200, DAYS)))
        for episode in range(draw(st.integers(0, 2))):
            length = draw(st.one_of(st.none(), st.integers(0, 150)))
            end = None if length is None else start + dt.timedelta(days=length)
            registrations.append(
                {
                    "registration_id": f"R{child}{episode}",
                    "child_id": child,
                    "team": draw(st.sampled_from(TEAMS)),
                    "start_date": start,
                    "end_date": end,
                    "category": draw(st.sampled_from(list(cp.CATEGORIES))),
                    "end_reason": None,
                }
            )
            if end is None:
                break
            start = end + dt.timedelta(days=draw(st.integers(1, 90)))
    discussions = []
    for i in range(draw(st.integers(0, 12))):
        held = dt.datetime.combine(_day(draw, -30), dt.time(draw(st.integers(0, 23))))
        wait = draw(st.one_of(st.none(), st.integers(0, 80)))
        section_47 = draw(st.booleans())
        length = draw(st.one_of(st.none(), st.integers(0, 30))) if section_47 else None
        completed = None if length is None else held.date() + dt.timedelta(days=length)
        shared = {
            f"{a}_outcome_shared": None
            if completed is None or not draw(st.booleans())
            else completed + dt.timedelta(days=draw(st.integers(0, 5)))
            for a in (*cp.CORE_AGENCIES, "other_agencies")
        }
        others = draw(st.sampled_from([None, "probation", "housing;other"]))
        if others is None:
            shared["other_agencies_outcome_shared"] = None
        discussions.append(
            {
                "strategy_id": f"S{i}",
                "child_id": draw(st.sampled_from(CHILDREN)),
                "team": draw(st.sampled_from(TEAMS)),
                "decision_at": None if wait is None else held - dt.timedelta(hours=wait),
                "held_at": held,
                **{a: _maybe(draw, list(cp.STRATEGY_PARTICIPATION)) for a in cp.CORE_AGENCIES},
                "other_agencies": others,
                "section_47": section_47,
                "s47_completed_date": completed,
                "s47_outcome": None
                if completed is None
                else draw(st.sampled_from(list(cp.S47_OUTCOMES))),
                **shared,
            }
        )
    conferences = []
    for i in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(list(cp.CONFERENCE_TYPES)))
        reviewed = draw(st.sampled_from(registrations)) if registrations else None
        if kind == "review" and reviewed is None:
            kind = "initial"
        day = _day(draw, -20)
        plan = draw(st.one_of(st.none(), st.integers(0, 12)))
        conferences.append(
            {
                "conference_id": f"C{i}",
                "child_id": reviewed["child_id"] if kind == "review" and reviewed else "K0",
                "team": draw(st.sampled_from(TEAMS)),
                "conference_type": kind,
                "strategy_id": draw(st.sampled_from([None, "S0", "S1", "S2"])),
                "conference_date": day,
                "registered": draw(st.booleans()),
                "registration_id": reviewed["registration_id"] if reviewed else None,
                "outline_plan_circulated": None if plan is None else day + dt.timedelta(days=plan),
                **{a: _maybe(draw, list(cp.CONFERENCE_PARTICIPATION)) for a in cp.CORE_AGENCIES},
            }
        )
    visits = []
    for i in range(draw(st.integers(0, 25))):
        seen = draw(st.sampled_from([True, False, None]))
        visits.append(
            {
                "visit_id": f"V{i}",
                "child_id": draw(st.sampled_from(CHILDREN)),
                "visit_date": _day(draw, -60),
                "child_seen": seen,
                "child_seen_alone": draw(st.sampled_from([True, False, None])) if seen else None,
                "registration_id": None,
            }
        )
    groups = [
        {
            "core_group_id": f"G{i}",
            "child_id": draw(st.sampled_from(CHILDREN)),
            "meeting_date": _day(draw, -60),
            "registration_id": None,
        }
        for i in range(draw(st.integers(0, 12)))
    ]
    population = [{"estimate_date": BASE, "children": 5000.0, "source": "test"}]
    frames = {
        "cp_registrations": registrations,
        "strategy_discussions": discussions,
        "cp_conferences": conferences,
        "cp_visits": visits,
        "cp_core_groups": groups,
        "child_population": population,
    }
    return {name: pl.DataFrame(rows, schema=_schema(name)) for name, rows in frames.items()}
