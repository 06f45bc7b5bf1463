"""HR and quality-assurance extracts for the synthetic demo: the establishment, sickness absence,
supervision sessions, case file audits and mandatory training, for the same workers and children
as the workers and allocations extracts.

The story follows seed 000 ("critical workforce deficits in relation to social work recruitment,
retention, and staff absence"; supervision records "generally brief"; "mandatory back to basics
training ... must be delivered as a matter of urgency") and seed 003 ("gaps in recording and in
supervision"): vacancies peak and agency staff cover them in 2022 (from the simulated posts in
``_workforce.py``); sickness rises through 2022; supervision slips while caseloads peak (spring and
summer 2022) and fewer sessions reach the case system; audits grade fewer files good in 2022 and
improve after the inspection report (August 2022); training refreshers run late in 2022.

Every draw comes from the generator the caller passes (``np.random.default_rng([seed, 13])``), so
the files written before this module existed are unchanged by it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.extracts import workforce as wf
from pipelines.extracts.models import WORKER_ROLES

from ._calendar import WorkCalendar, day_number, ramp, to_date
from ._cases import Allocations
from ._workforce import CASE_HOLDING, TEAMS, Worker, _slots

# config.toml's [workforce] mandatory_courses (a test keeps the two the same), with how long a
# completion lasts (days; None: no expiry).
COURSES: tuple[tuple[str, int | None], ...] = (
    ("Safeguarding (Wales Safeguarding Procedures)", 3 * 365),
    ("Back to basics: recording and case management", 2 * 365),
    ("Data protection", 365),
)
ESTABLISHED_FROM = dt.date(2015, 4, 1)  # funding of the posts that predate the demo
# Sickness: working days lost per FTE a year.
_SICKNESS = [
    (dt.date(2020, 4, 30), 10.5),
    (dt.date(2021, 9, 30), 11.5),
    (dt.date(2022, 6, 30), 16.0),
    (dt.date(2022, 12, 31), 15.0),
    (dt.date(2023, 12, 31), 11.5),
    (dt.date(2025, 3, 31), 10.5),
]
# Supervision gap multiplier: slipping while caseloads peak.
_SLIP = [
    (dt.date(2021, 9, 30), 1.0),
    (dt.date(2022, 2, 28), 1.9),
    (dt.date(2022, 6, 30), 2.0),
    (dt.date(2022, 10, 31), 1.0),
]
_RECORDED = [
    (dt.date(2021, 9, 30), 0.92),
    (dt.date(2022, 3, 31), 0.70),
    (dt.date(2022, 9, 30), 0.72),
    (dt.date(2023, 6, 30), 0.95),
]
# Share of audits graded good or better.
_GOOD = [
    (dt.date(2020, 6, 30), 0.52),
    (dt.date(2021, 9, 30), 0.46),
    (dt.date(2022, 4, 30), 0.33),
    (dt.date(2022, 8, 31), 0.36),
    (dt.date(2023, 6, 30), 0.60),
    (dt.date(2024, 6, 30), 0.72),
]
# Days a refresher runs late (mean).
_LATE = [
    (dt.date(2021, 9, 30), 10.0),
    (dt.date(2022, 3, 31), 80.0),
    (dt.date(2022, 9, 30), 80.0),
    (dt.date(2023, 3, 31), 5.0),
]
_AREAS = tuple(wf.PRACTICE_AREAS)
_AREA_P = (0.2, 0.3, 0.2, 0.15, 0.1, 0.05)
AUDITS_PER_MONTH = 16


@dataclass
class HR:
    """The five HR histories to the simulation horizon (day numbers), cut at the end date when
    written: (team, role, funded from, funded to or None) per post; (first day, worker, last day,
    FTE) per spell; (day, worker, supervisor, recorded) per session; (day, child, team, auditor,
    area, grade, actions) per audit; (day, worker, course, expiry or None) per completion."""

    establishment: list[tuple] = field(default_factory=list)
    sickness: list[tuple] = field(default_factory=list)
    supervision: list[tuple] = field(default_factory=list)
    audits: list[tuple] = field(default_factory=list)
    training: list[tuple] = field(default_factory=list)


def _text(day: int) -> str:
    return to_date(day).strftime("%d/%m/%Y")


def _workday(cal: WorkCalendar, day: int) -> int:
    return int(cal.offset(np.array([day]), 0)[0])


def _working_days(cal: WorkCalendar, first: int, last: int) -> int:
    return int(cal.is_workday(np.arange(first, last + 1)).sum())


def _tenure(w: Worker, lo: int, hi: int) -> tuple[int, int]:
    """First and last day in post within [lo, hi] (the leaving day itself is not in post)."""
    return max(w.start, lo), min((w.leave - 1) if w.leave is not None else hi, hi)


def _establishment() -> list[tuple]:
    roles = {"case": "social_worker", "manager": "team_manager", "fsw": "family_support_worker"}
    return [
        (
            TEAMS[slot.team],
            roles[slot.kind],
            slot.open_from if slot.open_from is not None else day_number(ESTABLISHED_FROM),
            slot.open_to,
        )
        for slot in _slots()
        if not slot.agency_only
    ]


def _sickness(
    rng: np.random.Generator, workers: list[Worker], first: int, horizon: int
) -> list[tuple]:
    spells = []
    for w in workers:
        if w.employment != "permanent":
            continue
        lo, hi = _tenure(w, first - 365, horizon)
        day = lo
        while day <= hi:
            rate = (
                float(ramp(np.array([day]), _SICKNESS)[0]) / 7.6 / 365
            )  # spells a day (7.6 days each)
            day += int(rng.exponential(1 / rate)) + 1
            length = int(rng.integers(1, 6)) if rng.random() < 0.8 else int(rng.integers(10, 61))
            if day > hi:
                break
            spells.append((day, w.worker_id, min(day + length - 1, hi), w.fte))
            day += length
    spells.sort()
    return spells


def _managers(workers: list[Worker]) -> dict[int, list[Worker]]:
    out: dict[int, list[Worker]] = {}
    for w in workers:
        if w.role == "team_manager":
            out.setdefault(w.team, []).append(w)
    return out


def _manager_on(managers: dict[int, list[Worker]], team: int, day: int) -> str | None:
    for m in managers.get(team, []):
        if m.start <= day and (m.leave is None or m.leave > day):
            return m.worker_id
    return None


def _supervision(
    rng: np.random.Generator, cal: WorkCalendar, workers: list[Worker], first: int, horizon: int
) -> list[tuple]:
    managers = _managers(workers)
    sessions = []
    for w in workers:
        if w.role not in CASE_HOLDING:
            continue
        lo, hi = _tenure(w, first - 90, horizon)
        day = lo + int(rng.integers(3, 15))
        while day <= hi:
            held = _workday(cal, day)
            if held > hi:
                break
            recorded = rng.random() < float(ramp(np.array([held]), _RECORDED)[0])
            sessions.append((held, w.worker_id, _manager_on(managers, w.team, held), recorded))
            first_year = w.qualified is not None and held - w.qualified < 365
            base = 20.0 if first_year else 29.0
            slip = float(ramp(np.array([held]), _SLIP)[0])
            gap = base * slip * rng.gamma(8.0, 1 / 8.0)
            if rng.random() < 0.06:  # a session cancelled and not rearranged
                gap += base
            day = held + max(7, int(gap))
    sessions.sort(key=lambda s: (s[0], s[1]))
    return sessions


def _audits(
    rng: np.random.Generator,
    cal: WorkCalendar,
    workers: list[Worker],
    allocations: Allocations,
    first: int,
    horizon: int,
) -> list[tuple]:
    managers = _managers(workers)
    al = allocations
    open_end = np.where(al.end < 0, np.iinfo(np.int64).max, al.end)
    days = np.sort(rng.integers(first, horizon + 1, AUDITS_PER_MONTH * (horizon - first) // 30))
    rows = []
    for day in days.tolist():
        day = _workday(cal, day)
        held = np.nonzero((al.start <= day) & (open_end > day))[0]
        if len(held) == 0:
            continue
        k = int(held[rng.integers(0, len(held))])
        good = rng.random() < float(ramp(np.array([day]), _GOOD)[0])
        if good:
            grade = "outstanding" if rng.random() < 0.15 else "good"
        else:
            grade = "inadequate" if rng.random() < 0.25 else "requires_improvement"
        actions = (not good) or rng.random() < 0.3
        area = _AREAS[int(rng.choice(len(_AREAS), p=_AREA_P))]
        team, child = TEAMS[int(al.team[k])], int(al.child[k])
        auditor = _manager_on(managers, int(rng.integers(0, 6)), day)
        rows.append((day, child, team, auditor, area, grade, actions))
    return rows


def _training(
    rng: np.random.Generator, workers: list[Worker], first: int, horizon: int
) -> list[tuple]:
    done = []
    for w in workers:
        lo, hi = _tenure(w, first - 3 * 365, horizon)
        for course, lasts in COURSES:
            if w.employment == "agency" and rng.random() < 0.3:
                continue  # some agency staff never complete the council's courses
            day = max(w.start, lo) + int(rng.gamma(2.0, 30.0))
            while day <= hi:
                expires = day + lasts if lasts else None
                done.append((day, w.worker_id, course, expires))
                if expires is None:
                    break
                late = float(ramp(np.array([expires]), _LATE)[0])
                day = expires - 30 + int(rng.gamma(2.0, (30 + late) / 2))
    done.sort(key=lambda c: (c[0], c[1], c[2]))
    return done


def generate_hr(
    rng: np.random.Generator,
    cal: WorkCalendar,
    workers: list[Worker],
    allocations: Allocations,
    first: int,
    horizon: int,
) -> HR:
    """The five HR histories from ``first`` to the simulation ``horizon``."""
    return HR(
        establishment=_establishment(),
        sickness=_sickness(rng, workers, first, horizon),
        supervision=_supervision(rng, cal, workers, first, horizon),
        audits=_audits(rng, cal, workers, allocations, first, horizon),
        training=_training(rng, workers, first, horizon),
    )


def _cut(hr: HR, cal: WorkCalendar, end_day: int) -> dict[str, list[dict[str, str | None]]]:
    """Rows as the extracts would hold them on ``end_day``: later events are not yet known."""
    posts = [
        {
            "post_id": f"P{n + 1:04d}",
            "team": team,
            "role": WORKER_ROLES[role],
            "fte": "1",
            "funded_from": _text(start),
            "funded_to": _text(stop) if stop is not None and stop <= end_day else None,
        }
        for n, (team, role, start, stop) in enumerate(hr.establishment)
        if start <= end_day
    ]
    spells = []
    for start, worker, last, fte in hr.sickness:
        start = _workday(cal, start)
        if start > end_day or last < start:
            continue
        ongoing = last > end_day
        lost = None
        if fte < 1 and not ongoing:  # a part-time worker's HR record says what was lost
            lost = f"{round(_working_days(cal, start, last) * fte, 1):g}"
        spells.append(
            {
                "spell_id": f"SA{len(spells) + 1:06d}",
                "worker_id": worker,
                "first_day": _text(start),
                "last_day": None if ongoing else _text(last),
                "working_days_lost": lost,
            }
        )
    sessions = [
        {
            "session_id": f"SV{i + 1:06d}",
            "worker_id": worker,
            "supervisor_id": supervisor,
            "session_date": _text(held),
            "recorded_in_case_system": "Yes" if recorded else "No",
        }
        for i, (held, worker, supervisor, recorded) in enumerate(hr.supervision)
        if held <= end_day
    ]
    audits = [
        {
            "audit_id": f"QA{i + 1:05d}",
            "child_id": f"CH{child + 1:06d}",
            "team": team,
            "audit_date": _text(day),
            "auditor_id": auditor,
            "practice_area": wf.PRACTICE_AREAS[area],
            "grade": wf.AUDIT_GRADES[grade],
            "actions_set": "Yes" if actions else "No",
        }
        for i, (day, child, team, auditor, area, grade, actions) in enumerate(hr.audits)
        if day <= end_day
    ]
    training = [
        {
            "completion_id": f"TC{i + 1:06d}",
            "worker_id": worker,
            "course": course,
            "completed_date": _text(day),
            "expiry_date": None if expires is None else _text(expires),
        }
        for i, (day, worker, course, expires) in enumerate(hr.training)
        if day <= end_day
    ]
    return {
        "establishment": posts,
        "sickness_absence": spells,
        "supervision_sessions": sessions,
        "case_audits": audits,
        "training_completions": training,
    }


def write_hr(
    out_dir: Path,
    hr: HR,
    cal: WorkCalendar,
    end_day: int,
    write: Callable[[pl.DataFrame, Path], Path],
) -> dict[str, Path]:
    """Cut the histories at ``end_day`` and write the five extracts with ``write(frame, path)``."""
    from pipelines.extracts import EXTRACT_TYPES

    paths = {}
    for name, rows in _cut(hr, cal, end_day).items():
        columns = EXTRACT_TYPES[name].columns
        frame = pl.DataFrame(
            {c: [r[c] for r in rows] for c in columns}, schema={c: pl.String for c in columns}
        )
        paths[name] = write(frame, out_dir / f"{name}.csv")
    return paths
