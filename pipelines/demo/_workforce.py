"""Social work staff for the synthetic demo: posts (slots), starters, leavers and vacancies.

Each funded post is a slot filled by a sequence of workers with vacancy gaps between them. Leaving
is faster and recruitment slower from autumn 2021 to autumn 2022 (seed 000: "critical workforce
deficits ... over reliance on newly qualified and agency social workers"), so more posts are filled by
agency staff and more permanent starters are newly qualified. From August 2022 a managed care team of
agency workers and an over-established IAA Hub add capacity; the managed care team leaves in March 2023.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ._calendar import day_number, ramp
from ._contacts import MCT_FROM, MCT_TO

TEAMS = (
    "IAA Hub",
    "Safeguarding North",
    "Safeguarding South",
    "Care and Support East",
    "Care and Support West",
    "Looked After Children",
    "Managed Care Team",
)
TEAM_INDEX = {name: i for i, name in enumerate(TEAMS)}
CASE_HOLDING = ("social_worker", "senior_practitioner", "consultant_social_worker")

# Funded case-holding posts per team (the social work establishment).
_CASE_POSTS = {
    "IAA Hub": 8,
    "Safeguarding North": 14,
    "Safeguarding South": 14,
    "Care and Support East": 11,
    "Care and Support West": 11,
    "Looked After Children": 16,
}
_FSW_POSTS = {
    "Safeguarding North": 2,
    "Safeguarding South": 2,
    "Care and Support East": 3,
    "Care and Support West": 3,
    "Looked After Children": 2,
}
OVER_EST_FROM = dt.date(2022, 6, 6)
OVER_EST_TO = dt.date(2024, 3, 31)
_AGENCY_P = [
    (dt.date(2020, 4, 1), 0.35),
    (dt.date(2021, 3, 1), 0.60),
    (dt.date(2021, 9, 1), 0.75),
    (dt.date(2022, 8, 1), 0.65),
    (dt.date(2023, 1, 1), 0.40),
    (dt.date(2023, 9, 1), 0.30),
    (dt.date(2024, 9, 1), 0.22),
]
_NQ_P = [
    (dt.date(2020, 4, 1), 0.20),
    (dt.date(2021, 1, 1), 0.45),
    (dt.date(2022, 12, 31), 0.45),
    (dt.date(2023, 6, 30), 0.30),
]
# Leaving hazard multiplier (time runs faster for tenure while it is above 1).
_LEAVE_HAZARD = [
    (dt.date(2021, 8, 31), 1.0),
    (dt.date(2021, 10, 1), 2.5),
    (dt.date(2022, 9, 30), 2.5),
    (dt.date(2022, 11, 30), 1.2),
    (dt.date(2023, 12, 31), 1.2),
    (dt.date(2024, 3, 31), 0.9),
]
# Mean days a post stays vacant before the next permanent starter, by leaving date.
_GAP_DAYS = [
    (dt.date(2021, 8, 31), 45.0),
    (dt.date(2021, 10, 31), 150.0),
    (dt.date(2022, 8, 31), 150.0),
    (dt.date(2022, 11, 30), 35.0),
]


@dataclass
class Worker:
    """One member of staff (day numbers for dates; leave None = still in post at the horizon)."""

    team: int
    role: str
    employment: str
    fte: float
    qualified: int | None
    start: int
    leave: int | None
    slot: int
    base_post: bool  # counts in the social work establishment (vacancy denominator)
    worker_id: str = ""


@dataclass
class Slot:
    """A post: case-holding, manager or family support worker, open over [open_from, open_to]."""

    team: int
    kind: str
    open_from: int | None  # None = existed before the demo starts
    open_to: int | None
    base_post: bool
    agency_only: bool = False


class _Hazard:
    """Cumulative leaving hazard over days, to turn an exponential tenure into a leaving day."""

    def __init__(self, first: int, last: int) -> None:
        self.first = first
        days = np.arange(first, last + 1)
        self.cum = np.concatenate([[0.0], np.cumsum(ramp(days, _LEAVE_HAZARD))])

    def leave_day(self, start: int, tenure_days: float) -> int | None:
        s = max(start, self.first)
        target = self.cum[s - self.first] + tenure_days
        k = int(np.searchsorted(self.cum, target, side="left"))
        if k >= len(self.cum):
            return None
        return self.first + k - 1


def _slots() -> list[Slot]:
    """Every post over the demo: the establishment, the over-establishment and the MCT."""
    slots: list[Slot] = []
    for team, n in _CASE_POSTS.items():
        slots += [Slot(TEAM_INDEX[team], "case", None, None, True) for _ in range(n)]
    for team in _CASE_POSTS:
        slots.append(Slot(TEAM_INDEX[team], "manager", None, None, False))
    for team, n in _FSW_POSTS.items():
        slots += [Slot(TEAM_INDEX[team], "fsw", None, None, False) for _ in range(n)]
    oe = (day_number(OVER_EST_FROM), day_number(OVER_EST_TO))
    slots += [Slot(TEAM_INDEX["IAA Hub"], "case", oe[0], oe[1], True) for _ in range(4)]
    mct = (day_number(MCT_FROM), day_number(MCT_TO))
    mct_team = TEAM_INDEX["Managed Care Team"]
    slots += [Slot(mct_team, "case", mct[0], mct[1], False, agency_only=True) for _ in range(10)]
    slots.append(Slot(mct_team, "manager", mct[0], mct[1], False, agency_only=True))
    return slots


def _new_worker(
    rng: np.random.Generator, slot: Slot, slot_no: int, start: int, agency: bool
) -> Worker:
    if slot.kind == "manager":
        role, fte = "team_manager", 1.0
        qualified: int | None = start - int(rng.integers(8 * 365, 25 * 365))
    elif slot.kind == "fsw":
        role = "family_support_worker"
        fte = float(rng.choice([1.0, 0.8, 0.6], p=[0.7, 0.15, 0.15]))
        qualified = None
    else:
        nq = (not agency) and rng.random() < ramp(np.array([start]), _NQ_P)[0]
        if nq:
            role, fte = "social_worker", 1.0
            qualified = start - int(rng.integers(20, 300))
        else:
            p = [0.80, 0.20, 0.0] if agency else [0.60, 0.30, 0.10]
            role = str(rng.choice(CASE_HOLDING, p=p))
            fte = (
                1.0
                if agency
                else float(rng.choice([1.0, 0.8, 0.7, 0.6], p=[0.8, 0.08, 0.04, 0.08]))
            )
            qualified = start - int(rng.integers(2 * 365, 20 * 365))
    employment = "agency" if agency else "permanent"
    return Worker(slot.team, role, employment, fte, qualified, start, None, slot_no, slot.base_post)


def generate_workers(rng: np.random.Generator, first: int, horizon: int) -> list[Worker]:
    """Simulate every post from ``first`` to ``horizon`` and return all workers, with ids."""
    hazard = _Hazard(first, horizon + 40 * 365)
    slots = _slots()
    workers: list[Worker] = []
    case_slots = [i for i, sl in enumerate(slots) if sl.kind == "case" and sl.open_from is None]
    n_agency = round(0.11 * len(case_slots))
    initial_agency = {int(i) for i in rng.choice(case_slots, size=n_agency, replace=False)}
    for slot_no, slot in enumerate(slots):
        mean_perm = 5.5 * 365 if slot.kind == "case" else 7 * 365
        if slot.open_from is None:
            occupied = rng.random() < (0.91 if slot.kind == "case" else 0.97)
            agency = slot_no in initial_agency
            if occupied:
                back = int(rng.integers(30, 300)) if agency else int(rng.integers(30, 3650))
                t = first - back
            else:
                t = first + int(rng.integers(0, 60))
        else:
            t = slot.open_from
            agency = slot.agency_only or rng.random() < 0.5
        while t <= horizon and (slot.open_to is None or t <= slot.open_to):
            w = _new_worker(rng, slot, slot_no, t, agency)
            tenure = rng.exponential(1.5 * 365 if agency else mean_perm)
            leave = hazard.leave_day(max(t, first) + 14, tenure)
            if slot.open_to is not None and (leave is None or leave > slot.open_to):
                leave = slot.open_to
            w.leave = leave
            workers.append(w)
            if leave is None or leave >= horizon:
                break
            if slot.agency_only:
                agency = True
            elif slot.kind == "case":
                agency = rng.random() < ramp(np.array([leave]), _AGENCY_P)[0]
            else:
                agency = rng.random() < 0.05
            gap_mean = ramp(np.array([leave]), _GAP_DAYS)[0] * (0.5 if agency else 1.0)
            t = leave + 1 + int(rng.gamma(2.0, gap_mean / 2.0))
    workers.sort(key=lambda w: (w.start, w.team, w.slot))
    for i, w in enumerate(workers, start=1):
        w.worker_id = f"W{i:04d}"
    return workers


def establishment_series(
    workers: list[Worker], month_ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Social work establishment FTE and FTE in post on each month-end day (base posts only)."""
    posts = np.full(len(month_ends), float(sum(_CASE_POSTS.values())))
    oe = (month_ends >= day_number(OVER_EST_FROM)) & (month_ends <= day_number(OVER_EST_TO))
    posts = posts + np.where(oe, 4.0, 0.0)
    in_post = np.zeros(len(month_ends))
    for w in workers:
        if not w.base_post:
            continue
        last = w.leave if w.leave is not None else np.iinfo(np.int64).max
        active = (month_ends >= w.start) & (month_ends <= last)
        in_post += np.where(active, w.fte, 0.0)
    return posts, in_post


def pick_team_workers(
    rng: np.random.Generator, workers: list[Worker], team: np.ndarray, day: np.ndarray
) -> np.ndarray:
    """A random case-holding worker of ``team`` in post on ``day`` for each row (-1 if none)."""
    out = np.full(len(team), -1, dtype=np.int64)
    u = rng.random(len(team))
    big = np.iinfo(np.int64).max
    for t in np.unique(team).tolist():
        idx = np.array(
            [i for i, w in enumerate(workers) if w.team == t and w.role in CASE_HOLDING],
            dtype=np.int64,
        )
        if len(idx) == 0:
            continue
        starts = np.array([workers[i].start for i in idx])
        leaves = np.array([workers[i].leave if workers[i].leave is not None else big for i in idx])
        rows = np.nonzero(team == t)[0]
        active = (starts[None, :] <= day[rows, None]) & (leaves[None, :] > day[rows, None])
        n_active = active.sum(axis=1)
        k = (u[rows] * n_active).astype(np.int64)
        # position of the k-th active worker in each row
        csum = np.cumsum(active, axis=1)
        pos = (csum <= k[:, None]).sum(axis=1)
        ok = n_active > 0
        out[rows[ok]] = idx[np.minimum(pos[ok], len(idx) - 1)]
    return out
