"""Front-door contacts and Part 3 assessments for the synthetic demo.

The story follows the CIW inspection of Bridgend (May 2022, seed 000): demand climbs from January 2022
while screening capacity falls, so contacts wait longer for a decision and a backlog builds up to the
inspection; a managed care team and over-establishment from August 2022 bring it back down. Assessment
timeliness (42 working days from referral, PM24) dips in spring and summer 2022 and recovers by 2023.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ._calendar import WorkCalendar, day_number, ramp, school_holiday_mask

N_CHILDREN = 30_000

SOURCES = ("police", "health", "education", "self_family", "local_authority", "other")
SOURCE_SHARE = np.array([0.34, 0.17, 0.19, 0.12, 0.10, 0.08])
CONTACT_OUTCOMES = (
    "no_further_action",
    "information_advice",
    "early_help",
    "assessment",
    "strategy_discussion",
)
# Outcome mix by source (rows follow SOURCES). Weighted by the source shares this gives roughly
# 35% NFA, 25% information and advice, 15% early help, 18% assessment, 7% strategy discussion.
OUTCOME_BY_SOURCE = np.array(
    [
        [0.33, 0.20, 0.11, 0.20, 0.16],
        [0.34, 0.26, 0.16, 0.19, 0.05],
        [0.34, 0.26, 0.20, 0.17, 0.03],
        [0.38, 0.33, 0.15, 0.13, 0.01],
        [0.36, 0.24, 0.16, 0.20, 0.04],
        [0.45, 0.30, 0.13, 0.10, 0.02],
    ]
)
ASSESSMENT_OUTCOMES = (
    "no_further_action",
    "information_advice",
    "early_help",
    "care_and_support",
    "child_protection",
    "looked_after",
)
# Assessment outcome mix by the contact outcome that led to it (assessment, strategy discussion).
_ASSESS_MIX = np.array(
    [
        [0.28, 0.12, 0.24, 0.28, 0.05, 0.03],
        [0.20, 0.06, 0.18, 0.28, 0.20, 0.08],
    ]
)
# After the inspection, thresholds were reviewed and more families were stepped down to early help.
_ASSESS_MIX_LATER = np.array(
    [
        [0.30, 0.13, 0.30, 0.20, 0.045, 0.025],
        [0.23, 0.07, 0.23, 0.22, 0.19, 0.06],
    ]
)

# Weekly contacts in school term (all sources) before seasonal and weekday effects.
_WEEKLY_LEVEL = [
    (dt.date(2020, 4, 6), 262.0),
    (dt.date(2020, 7, 1), 280.0),
    (dt.date(2021, 6, 30), 305.0),
    (dt.date(2021, 12, 31), 325.0),
    (dt.date(2022, 4, 30), 372.0),
    (dt.date(2022, 12, 31), 368.0),
    (dt.date(2025, 3, 31), 372.0),
    (dt.date(2030, 3, 31), 382.0),
]
# Extra working days contacts wait for a screening decision (mean), by the day of receipt.
_DECISION_PRESSURE = [
    (dt.date(2021, 12, 31), 0.0),
    (dt.date(2022, 2, 15), 0.9),
    (dt.date(2022, 4, 15), 2.1),
    (dt.date(2022, 7, 31), 2.2),
    (dt.date(2022, 9, 30), 1.1),
    (dt.date(2022, 12, 15), 0.25),
    (dt.date(2023, 2, 15), 0.0),
]
# Probability an assessment finishes within 42 working days, by referral date.
_ASSESS_ON_TIME = [
    (dt.date(2021, 11, 30), 0.88),
    (dt.date(2022, 2, 15), 0.58),
    (dt.date(2022, 6, 30), 0.56),
    (dt.date(2022, 11, 30), 0.86),
    (dt.date(2023, 3, 31), 0.89),
]
MCT_FROM = dt.date(2022, 8, 1)
MCT_TO = dt.date(2023, 3, 31)


@dataclass
class Contacts:
    """Contacts in receipt order (uncensored, up to the simulation horizon)."""

    child: np.ndarray  # int child index 0..N_CHILDREN-1
    received_min: np.ndarray  # minutes since 1970-01-01
    source: np.ndarray  # index into SOURCES
    decision_min: np.ndarray  # minutes since 1970-01-01
    outcome: np.ndarray  # index into CONTACT_OUTCOMES


@dataclass
class Assessments:
    """Assessments in referral order (uncensored)."""

    contact_idx: np.ndarray
    child: np.ndarray
    referral: np.ndarray  # day numbers
    start: np.ndarray
    completed: np.ndarray
    outcome: np.ndarray  # index into ASSESSMENT_OUTCOMES
    team: np.ndarray  # index into TEAMS (see _workforce)
    seen: np.ndarray  # 1 yes, 0 no, -1 blank
    seen_alone: np.ndarray


def _choose_rows(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """Draw one category per row of a (n, k) probability matrix."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs)) * cum[:, -1]
    return (u[:, None] > cum).sum(axis=1)


def generate_contacts(
    rng: np.random.Generator, cal: WorkCalendar, first: int, horizon: int
) -> Contacts:
    """Simulate daily contacts from ``first`` to ``horizon`` (day numbers, inclusive)."""
    days = np.arange(first, horizon + 1, dtype=np.int64)
    workday = cal.is_workday(days)
    level = ramp(days, _WEEKLY_LEVEL)
    level *= ramp(days, [(dt.date(2020, 4, 6), 0.9), (dt.date(2020, 6, 30), 1.0)])
    dates = days.astype("datetime64[D]")
    month = dates.astype("datetime64[M]").astype(int) % 12 + 1
    dom = (dates - dates.astype("datetime64[M]")).astype(int) + 1
    season = np.ones(len(days))
    season[((month == 12) & (dom >= 24)) | ((month == 1) & (dom <= 1))] = 0.6
    season[(month == 12) & (dom >= 17) & (dom < 24)] = 0.9
    season[month == 8] = 0.93
    school_off = school_holiday_mask(days)

    counts = np.empty((len(SOURCES), len(days)), dtype=np.int64)
    for s, name in enumerate(SOURCES):
        # Police notifications arrive at weekends too; other agencies mostly on working days.
        dow = np.where(workday, 0.16, 0.10) if name == "police" else np.where(workday, 0.19, 0.025)
        lam = level * SOURCE_SHARE[s] * dow * season
        if name == "education":
            lam = lam * np.where(school_off, 0.15, 1.0)
        counts[s] = rng.poisson(lam)
    per_day = counts.sum(axis=0)
    day_of = np.repeat(days, per_day)
    src = _sources_by_day(counts)
    n = len(day_of)
    is_work = np.repeat(workday, per_day)

    # Time of day: office hours for most; a share out of hours (more for police); any time from
    # 07:00 on non-working days.
    ooh = rng.random(n) < np.where(src == 0, 0.35, 0.08)
    office = 510 + (rng.beta(2.0, 2.6, n) * 540).astype(np.int64)
    night = rng.integers(0, 900, n)
    night = np.where(night < 510, night, night + 540)  # 00:00-08:30 or 17:30-24:00
    weekend_t = rng.integers(420, 1440, n)
    minute = np.where(is_work, np.where(ooh, night, office), weekend_t)
    order = np.lexsort((minute, day_of))  # receipt order
    day_of, src, minute, is_work = day_of[order], src[order], minute[order], is_work[order]
    received = day_of * 1440 + minute

    outcome = _choose_rows(rng, OUTCOME_BY_SOURCE[src])

    # Decision: same or next working day normally; extra delay under pressure (2022).
    late = (~is_work) | (minute >= 990)
    day0 = np.where(late, cal.offset(day_of, np.where(is_work, 1, 0)), day_of)
    base = rng.choice(6, size=n, p=[0.62, 0.31, 0.04, 0.015, 0.01, 0.005])
    pressure = ramp(day_of, _DECISION_PRESSURE)
    pressure = np.where(outcome == 4, pressure * 0.25, pressure)  # strategy cases prioritised
    extra = rng.poisson(pressure)
    tail = rng.random(n) < 0.05 * pressure
    extra = extra + np.where(tail, rng.geometric(1 / 6, n), 0)
    dec_day = cal.offset(day0, base + extra)
    same_day = dec_day == day_of
    dec_min_same = np.minimum(np.maximum(minute, 510) + rng.integers(10, 240, n), 1439)
    dec_min_other = 525 + (rng.beta(2.0, 2.0, n) * 525).astype(np.int64)
    dec_minute = np.where(same_day, dec_min_same, dec_min_other)
    decision = dec_day * 1440 + dec_minute

    child = _assign_children(rng, received)
    return Contacts(child, received, src, decision, outcome)


def _sources_by_day(counts: np.ndarray) -> np.ndarray:
    """Source index for each contact, grouped by day (day-major order)."""
    n_src, _ = counts.shape
    flat = counts.T.reshape(-1)  # day-major, then source
    return np.repeat(np.tile(np.arange(n_src), counts.shape[1]), flat)


def _assign_children(rng: np.random.Generator, received: np.ndarray) -> np.ndarray:
    """Give each contact a child, so that about 22% are repeats within 12 months.

    A repeat contact points at an earlier contact (7 days to 12 months before) and takes its child;
    other contacts take the next child from a shuffled cycle through the pool, which revisits a child
    only after two years or more.
    """
    n = len(received)
    lo = np.searchsorted(received, received - 365 * 1440, side="left")
    hi = np.searchsorted(received, received - 7 * 1440, side="right")
    repeat = (rng.random(n) < 0.22) & (hi > lo)
    pick = lo + (rng.random(n) * np.maximum(hi - lo, 1)).astype(np.int64)
    pointer = np.where(repeat, pick, np.arange(n))
    while True:
        nxt = pointer[pointer]
        if np.array_equal(nxt, pointer):
            break
        pointer = nxt
    fresh = ~repeat
    n_fresh = int(fresh.sum())
    base = np.full(n, -1, dtype=np.int64)
    base[fresh] = _child_cycle(rng, n_fresh)
    return base[pointer]


def _child_cycle(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` children from repeated passes through the pool.

    Each pass keeps roughly the previous pass's order (jittered by up to 15% of a pass), so a child
    comes back about one pass (two to three years) later rather than by chance within 12 months.
    """
    order = rng.permutation(N_CHILDREN)
    passes = [order]
    for _ in range(-(-n // N_CHILDREN) - 1):
        jitter = rng.uniform(-0.15, 0.15, N_CHILDREN) * N_CHILDREN
        order = order[np.argsort(np.arange(N_CHILDREN) + jitter, kind="stable")]
        passes.append(order)
    return np.concatenate(passes)[:n]


def generate_assessments(
    rng: np.random.Generator,
    cal: WorkCalendar,
    contacts: Contacts,
    child_area: np.ndarray,
    team_index: dict[str, int],
) -> Assessments:
    """Part 3 assessments for contacts decided as assessment or strategy discussion."""
    idx = np.nonzero(contacts.outcome >= 3)[0]
    n = len(idx)
    referral = contacts.decision_min[idx] // 1440
    from_sd = (contacts.outcome[idx] == 4).astype(np.int64)
    lag = rng.choice(6, size=n, p=[0.35, 0.30, 0.15, 0.10, 0.06, 0.04])
    lag = lag + rng.poisson(ramp(referral, _DECISION_PRESSURE) * 0.4)
    start = cal.offset(referral, lag)
    on_time = rng.random(n) < ramp(referral, _ASSESS_ON_TIME)
    wd_in = np.clip(np.rint(rng.triangular(5, 32, 42, n)), 1, 42).astype(np.int64)
    wd_late = 42 + np.minimum(rng.geometric(1 / 14, n), 120)
    wd = np.maximum(np.where(on_time, wd_in, wd_late), lag + 1)
    completed = cal.offset(referral, wd)
    later = referral >= day_number(dt.date(2023, 1, 1))
    mix = np.where(later[:, None], _ASSESS_MIX_LATER[from_sd], _ASSESS_MIX[from_sd])
    outcome = _choose_rows(rng, mix)
    child = contacts.child[idx]
    area = child_area[child]
    team = np.where(area == 0, team_index["Safeguarding North"], team_index["Safeguarding South"])
    in_mct = (referral >= day_number(MCT_FROM)) & (referral <= day_number(MCT_TO) - 31)
    team = np.where(in_mct & (rng.random(n) < 0.25), team_index["Managed Care Team"], team)
    u = rng.random(n)
    seen = np.where(u < 0.91, 1, np.where(u < 0.97, 0, -1))
    alone = np.where(seen == 1, (rng.random(n) < 0.6).astype(np.int64), -1)
    order = np.lexsort((idx, referral))
    return Assessments(
        contact_idx=idx[order],
        child=child[order],
        referral=referral[order],
        start=start[order],
        completed=completed[order],
        outcome=outcome[order],
        team=team[order],
        seen=seen[order],
        seen_alone=alone[order],
    )
