"""Children's open cases and their allocation to workers, for the synthetic demo.

Cases (episodes) come from assessments that end in a care and support plan, child protection or
looked-after status, plus a stock of cases already open when the demo starts. A day-by-day simulation
allocates each case to the least-loaded worker of its team with room under the caseload ceiling;
cases wait, unallocated, when nobody has room, and are reallocated when their worker leaves. Cases
close more slowly in the first half of 2022 and faster once the managed care team arrives, which is
what moves average caseloads (about 17 per FTE, rising to 22-25 in mid 2022, then 15-17).
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass

import numpy as np

from ._calendar import day_number, ramp, weekday
from ._contacts import MCT_FROM, MCT_TO, N_CHILDREN, Assessments
from ._workforce import CASE_HOLDING, TEAM_INDEX, Worker

# In rising order of intervention: a new case of the same or a higher type supersedes an open one.
CASE_TYPES = ("care_and_support", "child_protection", "looked_after")
# Speed at which cases close (1 = normal), by date: slower under pressure, faster with the MCT.
_CLOSURE_SPEED = [
    (dt.date(2021, 12, 31), 1.0),
    (dt.date(2022, 2, 1), 0.55),
    (dt.date(2022, 7, 31), 0.55),
    (dt.date(2022, 9, 1), 1.5),
    (dt.date(2023, 3, 31), 1.5),
    (dt.date(2023, 5, 31), 1.2),
]
# Most cases a worker takes on, per FTE, before new cases wait for allocation. Loads stay below it in
# ordinary times; it binds when demand outruns the staff in post (2022).
CAP_PER_FTE = 29.0
# Share of new cases that wait for the weekly allocation meeting rather than being allocated at once.
_WAIT_FOR_MEETING = [
    (dt.date(2021, 12, 31), 0.15),
    (dt.date(2022, 3, 1), 0.45),
    (dt.date(2022, 8, 1), 0.45),
    (dt.date(2022, 10, 31), 0.15),
]
_TEAM_SG = (TEAM_INDEX["Safeguarding North"], TEAM_INDEX["Safeguarding South"])
_TEAM_CS = (TEAM_INDEX["Care and Support East"], TEAM_INDEX["Care and Support West"])
_TEAM_LAC = TEAM_INDEX["Looked After Children"]
_TEAM_MCT = TEAM_INDEX["Managed Care Team"]


@dataclass
class Allocations:
    """Allocation periods (uncensored): one row per period a case is held by a team."""

    child: np.ndarray
    worker: np.ndarray  # index into the workers list, -1 = awaiting allocation
    team: np.ndarray
    case_type: np.ndarray
    plo: np.ndarray  # bool
    start: np.ndarray  # day numbers
    end: np.ndarray  # day numbers, -1 = still open at the horizon


class _Closure:
    """Cumulative closure speed, to turn a case duration into an end day."""

    def __init__(self, first: int, last: int) -> None:
        self.first = first
        days = np.arange(first, last + 1)
        self.cum = np.concatenate([[0.0], np.cumsum(ramp(days, _CLOSURE_SPEED))])

    def end_days(self, start: np.ndarray, duration: np.ndarray) -> np.ndarray:
        target = self.cum[start - self.first] + duration
        k = np.searchsorted(self.cum, target, side="left")
        return np.where(k >= len(self.cum), -1, self.first + k - 1)


def _durations(rng: np.random.Generator, case_type: np.ndarray) -> np.ndarray:
    """Case length in days at normal closure speed (care and support, CP, looked after)."""
    n = len(case_type)
    cs = rng.gamma(1.6, 300 / 1.6, n)
    cp = 60 + rng.gamma(2.5, 200 / 2.5, n)
    lac = 30 + rng.gamma(1.1, 600 / 1.1, n)
    return np.where(case_type == 0, cs, np.where(case_type == 1, cp, lac))


def build_episodes(
    rng: np.random.Generator,
    assessments: Assessments,
    child_area: np.ndarray,
    first: int,
    horizon: int,
) -> dict[str, np.ndarray]:
    """Open cases: a pre-existing stock plus one per qualifying assessment, without overlaps."""
    closure = _Closure(first - 12 * 365, horizon + 30 * 365)
    # Stock: cases started in the 8 years before the demo at 2020 rates, kept if still open.
    weeks = 8 * 52
    n_stock = rng.poisson(np.array([21.0, 6.0, 2.8]) * weeks)
    s_type = np.repeat(np.arange(3), n_stock)
    s_start = rng.integers(first - weeks * 7, first, len(s_type))
    s_child = rng.integers(0, N_CHILDREN, len(s_type))
    s_from_mct = np.zeros(len(s_type), dtype=bool)
    # New cases from completed assessments.
    a_out = assessments.outcome
    keep = a_out >= 3
    a_type = a_out[keep] - 3
    a_start = assessments.completed[keep] + rng.integers(0, 6, int(keep.sum()))
    a_child = assessments.child[keep]
    a_from_mct = assessments.team[keep] == _TEAM_MCT
    case_type = np.concatenate([s_type, a_type])
    start = np.concatenate([s_start, a_start])
    child = np.concatenate([s_child, a_child])
    from_mct = np.concatenate([s_from_mct, a_from_mct])
    duration = _durations(rng, case_type)
    # Looked-after episodes end by court order or age, not by caseload pressure: no warping.
    end = np.where(
        case_type == 2, start + duration.astype(np.int64), closure.end_days(start, duration)
    )
    plo_p = np.array([0.0, 0.15, 0.35])[case_type]
    plo = rng.random(len(start)) < plo_p
    to_sg = rng.random(len(start)) < 0.45
    area = child_area[child]
    home = np.where(
        case_type == 2,
        _TEAM_LAC,
        np.where((case_type == 1) | to_sg, np.take(_TEAM_SG, area), np.take(_TEAM_CS, area)),
    )
    mct_window = (start >= day_number(MCT_FROM)) & (start <= day_number(MCT_TO) - 30)
    team = np.where(from_mct & mct_window & (case_type < 2), _TEAM_MCT, home)
    alive = (end == -1) | (end >= first)
    eps = {
        "child": child,
        "type": case_type,
        "start": start,
        "end": end,
        "plo": plo,
        "home": home,
        "team": team,
    }
    eps = {k: v[alive] for k, v in eps.items()}
    eps = _remove_overlaps(eps)
    alive = (eps["end"] == -1) | (eps["end"] >= first)
    return {k: v[alive] for k, v in eps.items()}


def _remove_overlaps(eps: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """One open case per child: a higher-or-equal tier case supersedes; a lower one is dropped."""
    order = np.lexsort((eps["start"], eps["child"]))
    eps = {k: v[order].copy() for k, v in eps.items()}
    keep = np.ones(len(order), dtype=bool)
    child, start, end, ctype = eps["child"], eps["start"], eps["end"], eps["type"]
    cur = -1
    for i in range(len(order)):
        if cur >= 0 and child[cur] == child[i] and (end[cur] == -1 or end[cur] >= start[i]):
            if ctype[i] >= ctype[cur]:
                if start[i] - 1 >= start[cur]:
                    end[cur] = start[i] - 1
                else:
                    keep[cur] = False
                cur = i
            else:
                keep[i] = False
            continue
        cur = i
    return {k: v[keep] for k, v in eps.items()}


class _Sim:
    """Day-by-day allocation of cases to workers."""

    def __init__(
        self, rng: np.random.Generator, eps: dict[str, np.ndarray], workers: list[Worker]
    ) -> None:
        self.rng = rng
        self.eps = eps
        n = len(eps["start"])
        self.worker = np.full(n, -1, dtype=np.int64)
        self.team = eps["team"].copy()
        self.period_from = np.zeros(n, dtype=np.int64)
        self.open = np.zeros(n, dtype=bool)
        self.queue_token = np.zeros(n, dtype=np.int64)
        self.workers = workers
        self.load = np.zeros(len(workers), dtype=np.int64)
        self.fte = np.array([w.fte for w in workers])
        self.cases: list[set[int]] = [set() for _ in workers]
        self.active: dict[int, list[int]] = {t: [] for t in TEAM_INDEX.values()}
        self.queues: dict[int, deque[tuple[int, int]]] = {t: deque() for t in TEAM_INDEX.values()}
        self.rows: list[tuple[int, int, int, int, int]] = []  # episode, worker, team, from, to

    def pick(self, team: int, day: int, cap: float) -> int:
        best, best_load = -1, 1e9
        for w in self.active[team]:
            wk = self.workers[w]
            if wk.leave is not None and wk.leave <= day + 14:
                continue
            rel = self.load[w] / self.fte[w]
            if self.load[w] < cap * self.fte[w] and rel < best_load:
                best, best_load = w, rel
        return best

    def close_period(self, e: int, last: int) -> None:
        w = int(self.worker[e])
        self.rows.append((e, w, int(self.team[e]), int(self.period_from[e]), last))
        if w >= 0:
            self.load[w] -= 1
            self.cases[w].discard(e)
        self.worker[e] = -1

    def assign(self, e: int, w: int) -> None:
        self.worker[e] = w
        self.load[w] += 1
        self.cases[w].add(e)

    def open_period(self, e: int, day: int, team: int, cap: float, wait_p: float) -> None:
        """Start a new period in ``team`` on ``day``, allocated at once or queued."""
        self.team[e] = team
        self.period_from[e] = day
        w = -1 if self.rng.random() < wait_p else self.pick(team, day, cap)
        if w >= 0:
            self.assign(e, w)
        else:
            self.queue_token[e] += 1
            self.queues[team].append((e, int(self.queue_token[e])))

    def process_queue(self, team: int, day: int, cap: float) -> None:
        q = self.queues[team]
        while q:
            e, token = q[0]
            if not self.open[e] or self.queue_token[e] != token or self.team[e] != team:
                q.popleft()
                continue
            w = self.pick(team, day, cap)
            if w < 0:
                return
            q.popleft()
            if day > self.period_from[e]:
                self.close_period(e, day - 1)
                self.period_from[e] = day
            self.assign(e, w)


def simulate_allocations(
    rng: np.random.Generator,
    eps: dict[str, np.ndarray],
    workers: list[Worker],
    first: int,
    horizon: int,
) -> Allocations:
    """Run the allocation simulation from ``first`` to ``horizon``."""
    holders = [
        i
        for i, w in enumerate(workers)
        if w.role in CASE_HOLDING and w.team != TEAM_INDEX["IAA Hub"]
    ]
    sim = _Sim(rng, eps, workers)
    starts: dict[int, list[int]] = {}
    for e, s in enumerate(eps["start"]):
        starts.setdefault(max(int(s), first), []).append(e)
    ends: dict[int, list[int]] = {}
    for e, x in enumerate(eps["end"]):
        if x != -1 and x < horizon:
            ends.setdefault(int(x) + 1, []).append(e)
    w_start: dict[int, list[int]] = {}
    w_leave: dict[int, list[int]] = {}
    for i in holders:
        w = workers[i]
        w_start.setdefault(max(w.start, first), []).append(i)
        if w.leave is not None and w.leave < horizon:
            w_leave.setdefault(w.leave + 1, []).append(i)
    mct_in, mct_out = day_number(MCT_FROM), day_number(MCT_TO) + 1
    days = np.arange(first, horizon + 1)
    waits = ramp(days, _WAIT_FOR_MEETING)
    mondays = weekday(days) == 0
    for k, day in enumerate(days.tolist()):
        cap, wait_p = CAP_PER_FTE, float(waits[k])
        for e in ends.get(day, ()):
            if sim.open[e]:
                sim.close_period(e, day - 1)
                sim.open[e] = False
        touched: set[int] = set()
        for i in w_start.get(day, ()):
            sim.active[workers[i].team].append(i)
            touched.add(workers[i].team)
        if day == mct_in:
            _transfer_into_mct(sim, day, cap)
        if day == mct_out:
            for e in np.nonzero(sim.open & (sim.team == _TEAM_MCT))[0].tolist():
                sim.close_period(e, day - 1)
                sim.open_period(e, day, int(sim.eps["home"][e]), cap, 0.3)
        for i in w_leave.get(day, ()):
            team = workers[i].team
            sim.active[team].remove(i)
            for e in sorted(sim.cases[i]):
                sim.close_period(e, day - 1)
                sim.open_period(e, day, team, cap, max(wait_p, 0.5))
        for e in starts.get(day, ()):
            sim.open[e] = True
            s = int(eps["start"][e])
            sim.open_period(e, day, int(sim.team[e]), cap, wait_p if s >= first else 0.0)
            if s < first:  # stock case: its current period began before the demo window
                w = int(sim.worker[e])
                sim.period_from[e] = max(s, workers[w].start) if w >= 0 else max(s, first - 7)
        for team in sorted(touched) if not mondays[k] else sorted(sim.queues):
            sim.process_queue(team, day, cap)
    for e in np.nonzero(sim.open)[0].tolist():
        sim.close_period(e, -1)
    rows = np.array(sim.rows, dtype=np.int64).reshape(-1, 5)
    ep = rows[:, 0]
    return Allocations(
        child=eps["child"][ep],
        worker=rows[:, 1],
        team=rows[:, 2],
        case_type=eps["type"][ep],
        plo=eps["plo"][ep],
        start=rows[:, 3],
        end=rows[:, 4],
    )


def _transfer_into_mct(sim: _Sim, day: int, cap: float) -> None:
    """The managed care team takes the waiting cases and a few of the safeguarding teams' cases."""
    movable = sim.open & (sim.eps["type"] < 2) & np.isin(sim.team, _TEAM_SG + _TEAM_CS)
    waiting = movable & (sim.worker < 0)
    held = movable & (sim.worker >= 0) & np.isin(sim.team, _TEAM_SG)
    chosen = waiting | (held & (sim.rng.random(len(movable)) < 0.05))
    for e in np.nonzero(chosen)[0].tolist():
        sim.close_period(e, day - 1)
        sim.open_period(e, day, _TEAM_MCT, cap, 0.0)
