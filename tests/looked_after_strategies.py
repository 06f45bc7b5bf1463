"""Hypothesis strategies for the looked-after extracts (test_indicator_properties.py): rows that
follow the contracts and the rules between the extracts (one care episode of a child open at a
time, episodes that follow one another or leave a gap, placements inside their child's episodes,
visits and reviews during care, missing episodes that end after they start and interviews offered
after the return), loaded straight into an in-memory store."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import strategies as st

from pipelines.extracts import EXTRACT_TYPES
from pipelines.extracts import looked_after as la

BASE = dt.date(2024, 3, 25)  # a Monday; the weeks after hold Easter and the May bank holidays
DAYS = 120
TEAMS = ["North", "South", None]
CHILDREN = [f"L{i}" for i in range(6)]


def _schema(name: str) -> dict[str, pl.DataType]:
    extract = EXTRACT_TYPES[name]
    return {c: extract.column(c).dtype.type for c in extract.columns}  # type: ignore[misc]


def _frame(name: str, rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=_schema(name))


def _days(draw: st.DrawFn, low: int, high: int) -> dt.date:
    return BASE + dt.timedelta(days=draw(st.integers(low, high)))


@st.composite
def looked_after_rows(draw: st.DrawFn) -> dict[str, pl.DataFrame]:
    episodes, placements, visits, reviews, health, missing = [], [], [], [], [], []
    for child in CHILDREN:
        start = _days(draw, -400, DAYS)
        for e in range(draw(st.integers(0, 3))):
            length = draw(st.one_of(st.none(), st.integers(1, 200)))
            end = None if length is None else start + dt.timedelta(days=length)
            stop = end or BASE + dt.timedelta(days=DAYS)
            episodes.append({
                "care_episode_id": f"E{child}{e}", "child_id": child, "care_period_id": None,
                "team": draw(st.sampled_from(TEAMS)), "start_date": start, "end_date": end,
                "legal_status": draw(st.sampled_from([None, *la.LEGAL_STATUSES])),
                "end_reason": None if end is None else draw(st.sampled_from(list(la.END_REASONS))),
                "date_of_birth": draw(st.one_of(st.none(), st.just(start - dt.timedelta(3000)))),
            })  # fmt: skip
            day = start
            for p in range(draw(st.integers(1, 3))):
                if day >= stop and p:
                    break
                p_end = day + dt.timedelta(days=draw(st.integers(1, 120)))
                last = p_end >= stop or p == 2
                placements.append({
                    "placement_id": f"P{child}{e}{p}", "child_id": child, "care_period_id": None,
                    "start_date": day, "end_date": end if last else p_end,
                    "placement_type": draw(st.sampled_from(list(la.PLACEMENT_TYPES))),
                    "provider": draw(st.sampled_from(list(la.PROVIDERS))),
                    "out_of_area": draw(st.booleans()), "distance_band": None,
                    "intended_to_18": draw(st.one_of(st.none(), st.booleans())),
                })  # fmt: skip
                if draw(st.booleans()):
                    health.append({
                        "health_check_id": f"G{child}{e}{p}", "child_id": child,
                        "check_type": "gp_registration",
                        "check_date": day + dt.timedelta(days=draw(st.integers(0, 25))),
                    })  # fmt: skip
                if last:
                    break
                day = p_end
            for v in range(draw(st.integers(0, 4))):
                seen = draw(st.one_of(st.none(), st.booleans()))
                visits.append({
                    "lac_visit_id": f"V{child}{e}{v}", "child_id": child, "care_period_id": None,
                    "visit_date": start + dt.timedelta(days=draw(st.integers(0, 60)) * (v + 1)),
                    "child_seen": seen, "child_seen_alone": None,
                })  # fmt: skip
            for r in range(draw(st.integers(0, 3))):
                reviews.append({
                    "lac_review_id": f"R{child}{e}{r}", "child_id": child, "care_period_id": None,
                    "review_date": start + dt.timedelta(days=draw(st.integers(0, 100)) * (r + 1)),
                })  # fmt: skip
            if end is None:
                break
            start = end + dt.timedelta(days=draw(st.integers(0, 60)))
        for m in range(draw(st.integers(0, 4))):
            went = dt.datetime.combine(_days(draw, -60, DAYS), dt.time(draw(st.integers(0, 23))))
            hours = draw(st.one_of(st.none(), st.integers(1, 100)))
            back = None if hours is None else went + dt.timedelta(hours=hours)
            offer = None if back is None else draw(st.one_of(st.none(), st.integers(0, 120)))
            missing.append({
                "missing_id": f"M{child}{m}", "child_id": child,
                "episode_type": draw(st.sampled_from(list(la.MISSING_TYPES))),
                "started_at": went, "ended_at": back,
                "interview_offered_at": None if offer is None else back + dt.timedelta(hours=offer),
                "interview_held_date": None, "interview_declined": None,
            })  # fmt: skip
    return {
        "lac_episodes": _frame("lac_episodes", episodes),
        "lac_placements": _frame("lac_placements", placements),
        "lac_visits": _frame("lac_visits", visits),
        "lac_reviews": _frame("lac_reviews", reviews),
        "lac_health_checks": _frame("lac_health_checks", health),
        "missing_episodes": _frame("missing_episodes", missing),
        "child_population": pl.DataFrame(
            {"estimate_date": [BASE], "children": [20000], "source": ["test"]},
            schema=_schema("child_population"),
        ),
    }
