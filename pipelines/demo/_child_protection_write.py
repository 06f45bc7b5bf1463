"""Writing the child protection events as analyst-style CSV files, cut at the end date.

Format as the other demo files (docs/data-dictionary.md): header labels, dd/mm/yyyy dates,
dd/mm/yyyy HH:MM date-times, the contract's labels, Yes/No, blank for missing. Ids are numbered over
the whole simulated history, so an earlier end date gives the same ids to the same events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.extracts import child_protection as cp

from ._child_protection import CATEGORY_SHARE, ChildProtection, Conference, Discussion
from ._workforce import TEAMS

EPOCH = dt.date(1970, 1, 1)
YES_NO = {True: "Yes", False: "No"}
Writer = Callable[[pl.DataFrame, Path], Path]


def _label(labels: dict[str, str], codes: list[str | None]) -> pl.Series:
    return pl.Series([None if c is None else labels[c] for c in codes], dtype=pl.String)


def _day_text(days: list[int], end_day: int) -> pl.Series:
    """dd/mm/yyyy; blank for -1 or a day after the end date (not known yet)."""
    return pl.Series(
        [
            (EPOCH + dt.timedelta(days=d)).strftime("%d/%m/%Y") if 0 <= d <= end_day else None
            for d in days
        ],
        dtype=pl.String,
    )


def _minute_text(minutes: list[int]) -> pl.Series:
    start = dt.datetime(1970, 1, 1)
    return pl.Series(
        [(start + dt.timedelta(minutes=m)).strftime("%d/%m/%Y %H:%M") for m in minutes],
        dtype=pl.String,
    )


def _ids(prefix: str, numbers: list[int], width: int) -> pl.Series:
    """Ids numbered from 1; -1 gives a blank."""
    return pl.Series(
        [f"{prefix}{n + 1:0{width}d}" if n >= 0 else None for n in numbers], dtype=pl.String
    )


def _child(children: list[int]) -> pl.Series:
    return _ids("CH", children, 6)


def _teams(indexes: list[int]) -> pl.Series:
    return pl.Series(np.array(TEAMS, dtype=object)[indexes], dtype=pl.String)


def _discussions(sds: list[Discussion], end_day: int) -> pl.DataFrame:
    done = [0 <= d.completed <= end_day for d in sds]
    shared = {
        agency: _day_text(
            [d.shared.get(agency, -1) if ok else -1 for d, ok in zip(sds, done, strict=True)],
            end_day,
        )
        for agency in (*cp.CORE_AGENCIES, "other_agencies")
    }
    return pl.DataFrame(
        {
            "strategy_id": _ids("SD", [d.number for d in sds], 6),
            "child_id": _child([d.child for d in sds]),
            "team": _teams([d.team for d in sds]),
            "decision_at": _minute_text([d.decision_min for d in sds]),
            "held_at": _minute_text([d.held_min for d in sds]),
            "police": _label(cp.STRATEGY_PARTICIPATION, [d.police for d in sds]),
            "health": _label(cp.STRATEGY_PARTICIPATION, [d.health for d in sds]),
            "education": _label(cp.STRATEGY_PARTICIPATION, [d.education for d in sds]),
            "other_agencies": pl.Series([d.other_agencies for d in sds], dtype=pl.String),
            "section_47": pl.Series([YES_NO[d.section_47] for d in sds], dtype=pl.String),
            "s47_completed_date": _day_text([d.completed for d in sds], end_day),
            "s47_outcome": _label(
                cp.S47_OUTCOMES,
                [d.outcome if ok else None for d, ok in zip(sds, done, strict=True)],
            ),
            **{f"{agency}_outcome_shared": text for agency, text in shared.items()},
        }
    )


def _registrations(events: ChildProtection, end_day: int) -> pl.DataFrame:
    reg = events.registrations
    started = np.nonzero(reg["start"] <= end_day)[0].tolist()
    categories = list(CATEGORY_SHARE)
    reasons = list(cp.END_REASONS)
    ended = [0 <= int(reg["end"][r]) <= end_day for r in started]
    return pl.DataFrame(
        {
            "registration_id": _ids("CPR", started, 5),
            "child_id": _child([int(reg["child"][r]) for r in started]),
            "team": _teams([int(reg["team"][r]) for r in started]),
            "start_date": _day_text([int(reg["start"][r]) for r in started], end_day),
            "end_date": _day_text([int(reg["end"][r]) for r in started], end_day),
            "category": _label(cp.CATEGORIES, [categories[reg["category"][r]] for r in started]),
            "end_reason": _label(
                cp.END_REASONS,
                [
                    reasons[reg["end_reason"][r]] if ok else None
                    for r, ok in zip(started, ended, strict=True)
                ],
            ),
        }
    )


def _conferences(numbered: list[tuple[int, Conference]], end_day: int) -> pl.DataFrame:
    cfs = [c for _, c in numbered]
    return pl.DataFrame(
        {
            "conference_id": _ids("CF", [n for n, _ in numbered], 6),
            "child_id": _child([c.child for c in cfs]),
            "team": _teams([c.team for c in cfs]),
            "conference_type": _label(cp.CONFERENCE_TYPES, [c.kind for c in cfs]),
            "strategy_id": _ids("SD", [c.strategy for c in cfs], 6),
            "conference_date": _day_text([c.day for c in cfs], end_day),
            "registered": pl.Series([YES_NO[c.registered] for c in cfs], dtype=pl.String),
            "registration_id": _ids("CPR", [c.registration for c in cfs], 5),
            "outline_plan_circulated": _day_text([c.plan for c in cfs], end_day),
            "police": _label(cp.CONFERENCE_PARTICIPATION, [c.police for c in cfs]),
            "health": _label(cp.CONFERENCE_PARTICIPATION, [c.health for c in cfs]),
            "education": _label(cp.CONFERENCE_PARTICIPATION, [c.education for c in cfs]),
        }
    )


def write_child_protection(
    out_dir: Path, end_day: int, events: ChildProtection, write: Writer
) -> dict[str, Path]:
    """Cut the events at ``end_day`` and write the five extracts with ``write(frame, path)``."""
    paths: dict[str, Path] = {}
    sds = [d for d in events.discussions if d.held_min // 1440 <= end_day]
    paths["strategy_discussions"] = write(
        _discussions(sds, end_day), out_dir / "strategy_discussions.csv"
    )
    paths["cp_registrations"] = write(
        _registrations(events, end_day), out_dir / "cp_registrations.csv"
    )
    order = sorted(range(len(events.conferences)), key=lambda i: (
        events.conferences[i].day, events.conferences[i].child, i))  # fmt: skip
    numbered = [(n, events.conferences[i]) for n, i in enumerate(order)]
    held = [(n, c) for n, c in numbered if c.day <= end_day]
    paths["cp_conferences"] = write(_conferences(held, end_day), out_dir / "cp_conferences.csv")
    groups = sorted(events.core_groups, key=lambda g: (g[1], g[0], g[2]))
    met = [(n, g) for n, g in enumerate(groups) if g[1] <= end_day]
    paths["cp_core_groups"] = write(
        pl.DataFrame(
            {
                "core_group_id": _ids("CG", [n for n, _ in met], 6),
                "child_id": _child([g[0] for _, g in met]),
                "meeting_date": _day_text([g[1] for _, g in met], end_day),
                "registration_id": _ids("CPR", [g[2] for _, g in met], 5),
            }
        ),
        out_dir / "cp_core_groups.csv",
    )
    visits = sorted(events.visits, key=lambda v: (v[1], v[0], v[2]))
    made = [(n, v) for n, v in enumerate(visits) if v[1] <= end_day]
    paths["cp_visits"] = write(
        pl.DataFrame(
            {
                "visit_id": _ids("CV", [n for n, _ in made], 7),
                "child_id": _child([v[0] for _, v in made]),
                "visit_date": _day_text([v[1] for _, v in made], end_day),
                "child_seen": pl.Series([YES_NO[bool(v[3])] for _, v in made], dtype=pl.String),
                "child_seen_alone": pl.Series(
                    [None if v[4] < 0 else YES_NO[bool(v[4])] for _, v in made], dtype=pl.String
                ),
                "registration_id": _ids("CPR", [v[2] for _, v in made], 5),
            }
        ),
        out_dir / "cp_visits.csv",
    )
    return paths
