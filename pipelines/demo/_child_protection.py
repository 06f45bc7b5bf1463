"""Child protection for the synthetic demo: strategy discussions, Section 47 enquiries,
conferences, the register, core groups and statutory visits.

The same children flow through as in the other extracts: the register's episodes are the demo's
child protection cases (the episodes the allocations are simulated from), so a registration starts
when the child's child protection case opens and ends when it closes (often because the child
became looked after); the strategy discussions come from those cases and from the contacts decided
as a strategy discussion. The story follows the seeds:

- strategy discussions without police or health taking part in 2022-23 (the JICPA of June 2023:
  partners "struggling to resource the increase in child protection activity"), improving after
  it; and Section 47 outcomes shared mostly with the police only until the joint action plan;
- a spell of late initial conferences from October 2023 to February 2024 (a chairs' vacancy);
- visits to children on the register falling behind the 10 working days while caseloads peaked
  (March to October 2022), and outline plans and core groups slipping in 2022 (the CIW inspection
  of May 2022: "minutes and plans were often delayed").

Everything is drawn from its own generator (``np.random.default_rng([seed, 11])``) so the other
extracts are byte-identical with or without this module, and the whole history is simulated to
the horizon, then cut at the end date by :func:`write_child_protection`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from pipelines.extracts import child_protection as cp

from ._calendar import WorkCalendar, day_number, ramp
from ._contacts import Contacts
from ._workforce import TEAMS

CATEGORY_SHARE = {
    "neglect": 0.44,
    "emotional": 0.30,
    "physical": 0.14,
    "sexual": 0.06,
    "multiple": 0.05,
    "financial": 0.01,
}
JICPA = dt.date(2023, 6, 12)
# Probability that the police (health) took part in a strategy discussion, by its date.
_POLICE = [(dt.date(2022, 1, 31), 0.93), (dt.date(2022, 5, 1), 0.62), (dt.date(2023, 6, 30), 0.60),
           (dt.date(2024, 3, 31), 0.91)]  # fmt: skip
_HEALTH = [(dt.date(2022, 1, 31), 0.86), (dt.date(2022, 5, 1), 0.55), (dt.date(2023, 6, 30), 0.52),
           (dt.date(2024, 3, 31), 0.88)]  # fmt: skip
# Probability a partner that took part hears the enquiry's outcome (the police always mostly).
_SHARED_OTHERS = [(dt.date(2023, 6, 30), 0.33), (dt.date(2024, 1, 31), 0.86)]
# Working days from the strategy discussion to the initial conference (late spell: wider).
_LATE_ICPC = (dt.date(2023, 10, 1), dt.date(2024, 2, 29))
# Working days between statutory visits: longer while caseloads peaked.
_VISIT_GAP = [(dt.date(2022, 2, 15), 0.0), (dt.date(2022, 4, 1), 1.0), (dt.date(2022, 9, 30), 1.0),
              (dt.date(2022, 11, 30), 0.0)]  # fmt: skip
# Share of outline plans and core groups late (2022, the CIW inspection).
_SLIPPING = [(dt.date(2021, 10, 1), 0.08), (dt.date(2022, 3, 1), 0.35), (dt.date(2022, 9, 30), 0.30),
             (dt.date(2023, 1, 31), 0.08)]  # fmt: skip
HOLD_LAG_HOURS = (2, 20)  # a strategy discussion usually follows its decision within hours


@dataclass
class Discussion:
    """A strategy discussion (minutes since 1970 for date-times, day numbers for dates)."""

    number: int
    child: int
    team: int
    decision_min: int
    held_min: int
    police: str | None
    health: str | None
    education: str | None
    other_agencies: str | None
    section_47: bool
    completed: int  # -1 = no enquiry, or not completed by the horizon
    outcome: str | None
    shared: dict[str, int]  # agency -> day the outcome was shared with it


@dataclass
class Conference:
    child: int
    team: int
    kind: str  # a CONFERENCE_TYPES code
    day: int
    registered: bool
    registration: int  # index into the registrations, -1 = none
    strategy: int  # Discussion.number, -1 = none
    plan: int  # day the outline plan was circulated, -1 = not (reviews)
    police: str | None
    health: str | None
    education: str | None


@dataclass
class ChildProtection:
    """The simulated events (day numbers; -1 = not happened by the horizon)."""

    registrations: dict[str, np.ndarray]
    discussions: list[Discussion] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    core_groups: list[tuple[int, int, int]] = field(default_factory=list)  # child, day, reg
    visits: list[tuple[int, int, int, int, int]] = field(default_factory=list)  # + seen, alone


def _working(cal: WorkCalendar, days: np.ndarray | int, backward: bool = False) -> np.ndarray:
    arr = np.atleast_1d(np.asarray(days, dtype=np.int64)).astype("datetime64[D]")
    rolled = np.busday_offset(arr, 0, roll="backward" if backward else "forward", busdaycal=cal.cal)
    return rolled.astype(np.int64)


def _back(cal: WorkCalendar, day: int, n: int) -> int:
    start = np.array([day], dtype=np.int64).astype("datetime64[D]")
    return int(np.busday_offset(start, -n, roll="forward", busdaycal=cal.cal).astype(np.int64)[0])


def _p(day: int, points: list[tuple[dt.date, float]]) -> float:
    return float(ramp(np.array([day]), points)[0])


def _registrations(
    rng: np.random.Generator, cal: WorkCalendar, episodes: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """The child protection episodes as registrations, starting on a working day."""
    is_cp = episodes["type"] == 1
    child, start, end, team = (episodes[k][is_cp] for k in ("child", "start", "end", "team"))
    start = _working(cal, start)
    keep = (end == -1) | (end >= start)
    child, start, end, team = child[keep], start[keep], end[keep], team[keep]
    # Did the child become looked after the day after (a looked-after episode starts then)?
    lac = episodes["type"] == 2
    lac_starts = set(
        zip(episodes["child"][lac].tolist(), episodes["start"][lac].tolist(), strict=True)
    )
    became_lac = np.array([(c, e + 1) in lac_starts for c, e in zip(child, end, strict=True)])
    n = len(child)
    reason = np.where(
        became_lac, 1, rng.choice([0, 2, 4], size=n, p=[0.86, 0.08, 0.06])
    )  # END_REASONS order: no_longer_at_risk, looked_after, moved_away, reached_18, other
    category = rng.choice(len(CATEGORY_SHARE), size=n, p=list(CATEGORY_SHARE.values()))
    order = np.lexsort((child, start))
    return {
        "child": child[order],
        "start": start[order],
        "end": end[order],
        "team": team[order],
        "category": category[order],
        "end_reason": reason[order],
        "transfer_in": (rng.random(n) < 0.04)[order],
    }


def _participation(rng: np.random.Generator, day: int, conference: bool) -> dict[str, str | None]:
    if rng.random() < 0.03:
        return {"police": None, "health": None, "education": None}
    if conference:
        police = (
            "attended" if rng.random() < 0.86 else str(rng.choice(["report", "invited_absent"]))
        )
        health = (
            "attended" if rng.random() < 0.78 else str(rng.choice(["report", "invited_absent"]))
        )
        education = rng.choice(["attended", "report", "invited_absent", "not_invited"],
                               p=[0.55, 0.12, 0.08, 0.25])  # fmt: skip
        return {"police": police, "health": health, "education": str(education)}
    took = {"police": rng.random() < _p(day, _POLICE), "health": rng.random() < _p(day, _HEALTH)}
    out: dict[str, str | None] = {
        k: "took_part" if v else ("invited_absent" if rng.random() < 0.8 else "not_invited")
        for k, v in took.items()
    }
    out["education"] = str(
        rng.choice(["took_part", "invited_absent", "not_invited"], p=[0.45, 0.15, 0.40])
    )
    return out


def _discussion(
    rng: np.random.Generator,
    cal: WorkCalendar,
    number: int,
    child: int,
    team: int,
    held_day: int,
    section_47: bool,
    completed: int,
    outcome: str | None,
) -> Discussion:
    """One strategy discussion, held on ``held_day`` (a working day)."""
    held_min = held_day * 1440 + int(rng.integers(9 * 60, 16 * 60))
    pressure = (
        0.18
        if day_number(dt.date(2022, 3, 1)) <= held_day <= day_number(dt.date(2022, 10, 31))
        else 0.07
    )
    lag_h = rng.uniform(26, 60) if rng.random() < pressure else rng.uniform(*HOLD_LAG_HOURS)
    decision_min = held_min - int(lag_h * 60)
    dates_only = rng.random() < 0.15  # some teams record the dates only
    who = _participation(rng, held_day, conference=False)
    others = None
    roll = rng.random()
    if roll < 0.10:
        others = "probation"
    elif roll < 0.15:
        others = "housing"
    shared: dict[str, int] = {}
    if section_47 and completed >= 0:
        p_others = _p(completed, _SHARED_OTHERS)
        for agency in cp.CORE_AGENCIES:
            took_part = who[agency] == "took_part"
            chance = 0.93 if agency == "police" else p_others
            if took_part and rng.random() < chance:
                shared[agency] = completed + int(rng.integers(0, 6))
        if others and rng.random() < p_others:
            shared["other_agencies"] = completed + int(rng.integers(0, 6))
    return Discussion(
        number,
        child,
        team,
        (decision_min // 1440) * 1440 if dates_only else decision_min,
        held_day * 1440 if dates_only else held_min,
        who["police"],
        who["health"],
        who["education"],
        others,
        section_47,
        completed,
        outcome,
        shared,
    )


def _conference(
    rng: np.random.Generator,
    cal: WorkCalendar,
    *,
    child: int,
    team: int,
    kind: str,
    day: int,
    registered: bool,
    registration: int,
    strategy: int,
) -> Conference:
    plan = -1
    if kind != "review":
        late = rng.random() < _p(day, _SLIPPING)
        wd = int(rng.integers(6, 16)) if late else int(rng.integers(1, 6))
        plan = int(cal.offset(np.array([day]), wd)[0])
    who = _participation(rng, day, conference=True)
    return Conference(
        child,
        team,
        kind,
        day,
        registered,
        registration,
        strategy,
        plan,
        who["police"],
        who["health"],
        who["education"],
    )


def _meetings(
    rng: np.random.Generator, cal: WorkCalendar, out: ChildProtection, r: int, horizon: int
) -> None:
    """Core groups, visits and reviews of registration ``r`` while it lasts."""
    reg = out.registrations
    child, start, team = int(reg["child"][r]), int(reg["start"][r]), int(reg["team"][r])
    end = int(reg["end"][r]) if reg["end"][r] >= 0 else horizon
    # Core groups: the first within 10 working days, then about every 4-6 weeks.
    late = rng.random() < _p(start, _SLIPPING)
    day = int(
        cal.offset(np.array([start]), int(rng.integers(11, 16) if late else rng.integers(3, 11)))[0]
    )
    while day <= end:
        out.core_groups.append((child, day, r))
        gap = (
            int(rng.integers(45, 70))
            if rng.random() < _p(day, _SLIPPING)
            else int(rng.integers(28, 43))
        )
        day = int(_working(cal, day + gap, backward=True)[0])
    # Visits: usually 5-10 working days apart; longer while caseloads peaked.
    day = int(cal.offset(np.array([start]), int(rng.integers(1, 6)))[0])
    while day <= end:
        seen = int(rng.random() < 0.95)
        alone = int(rng.random() < 0.6) if seen else -1
        out.visits.append((child, day, r, seen, alone))
        stretch = _p(day, _VISIT_GAP)
        late = rng.random() < 0.06 + 0.5 * stretch
        gap = int(rng.integers(11, 17)) if late else int(rng.integers(5, 11))
        day = int(cal.offset(np.array([day]), gap)[0])
    if reg["end"][r] >= 0 and rng.random() < 0.01:  # a visit recorded after deregistration
        out.visits.append((child, int(cal.offset(np.array([end]), 2)[0]), r, 1, 0))
    # Reviews: the first by 3 months, then 6-monthly, usually a few days early.
    due = _add_months(start, 3)
    while True:
        early = int(rng.integers(0, 15)) if rng.random() < 0.93 else -int(rng.integers(1, 21))
        day = int(_working(cal, due - early, backward=True)[0])
        if day >= end:
            break
        out.conferences.append(_review(rng, cal, child, team, day, r, registered=True))
        due = _add_months(day, 6)
    if reg["end"][r] >= 0 and reg["end_reason"][r] == 0:  # removed at a review conference
        out.conferences.append(_review(rng, cal, child, team, end, r, registered=False))


def _review(
    rng: np.random.Generator,
    cal: WorkCalendar,
    child: int,
    team: int,
    day: int,
    registration: int,
    *,
    registered: bool,
) -> Conference:
    return _conference(
        rng,
        cal,
        child=child,
        team=team,
        kind="review",
        day=day,
        registered=registered,
        registration=registration,
        strategy=-1,
    )


def _add_months(day: int, months: int) -> int:
    from pipelines.timescales import add_months

    base = dt.date(1970, 1, 1)
    return (add_months(base + dt.timedelta(days=day), months) - base).days


def generate_child_protection(
    rng: np.random.Generator,
    cal: WorkCalendar,
    contacts: Contacts,
    episodes: dict[str, np.ndarray],
    child_area: np.ndarray,
    first: int,
    horizon: int,
) -> ChildProtection:
    """Simulate the child protection events from ``first`` to ``horizon`` (day numbers)."""
    out = ChildProtection(_registrations(rng, cal, episodes))
    reg = out.registrations
    linked: dict[int, list[int]] = {}  # child -> days of the discussions that led to a conference
    for r in range(len(reg["child"])):
        child, start, team = int(reg["child"][r]), int(reg["start"][r]), int(reg["team"][r])
        in_window = start >= first + 30
        if in_window and not reg["transfer_in"][r]:
            late_spell = day_number(_LATE_ICPC[0]) <= start <= day_number(_LATE_ICPC[1])
            if late_spell:
                k = int(rng.integers(10, 29))
            else:
                k = int(rng.integers(5, 16)) if rng.random() < 0.95 else int(rng.integers(16, 19))
            held = _back(cal, start, k)
            completed = int(cal.offset(np.array([held]), int(rng.integers(1, min(k, 10) + 1)))[0])
            completed = min(completed, start)
            number = len(out.discussions)
            out.discussions.append(
                _discussion(rng, cal, number, child, team, held, True, completed, "conference")
            )
            linked.setdefault(child, []).append(held)
            strategy = number
        else:
            strategy = -1
        if in_window:
            kind = "transfer_in" if reg["transfer_in"][r] else "initial"
            initial = _conference(
                rng,
                cal,
                child=child,
                team=team,
                kind=kind,
                day=start,
                registered=True,
                registration=r,
                strategy=strategy,
            )
            out.conferences.append(initial)
        _meetings(rng, cal, out, r, horizon)
    # Strategy discussions from the front door that did not lead to a registration.
    north, south = TEAMS.index("Safeguarding North"), TEAMS.index("Safeguarding South")
    for i in np.nonzero(contacts.outcome == 4)[0].tolist():
        child = int(contacts.child[i])
        decided = int(contacts.decision_min[i] // 1440)
        if decided < first or decided > horizon:
            continue
        if any(abs(decided - d) <= 40 for d in linked.get(child, ())):
            continue  # the same concern as a discussion above
        held = int(cal.offset(np.array([decided]), int(rng.random() < 0.3))[0])
        section_47 = rng.random() < 0.5
        completed, outcome = -1, None
        if section_47:
            completed = int(cal.offset(np.array([held]), int(rng.integers(4, 21)))[0])
            outcome = str(rng.choice(["care_and_support", "no_further_action", "conference",
                                      "other"], p=[0.45, 0.38, 0.12, 0.05]))  # fmt: skip
        number = len(out.discussions)
        team = north if child_area[child] == 0 else south
        out.discussions.append(
            _discussion(rng, cal, number, child, team, held, section_47, completed, outcome)
        )
        if outcome == "conference":  # a conference that did not register the child
            day = int(cal.offset(np.array([completed]), int(rng.integers(1, 6)))[0])
            not_registered = _conference(
                rng,
                cal,
                child=child,
                team=team,
                kind="initial",
                day=day,
                registered=False,
                registration=-1,
                strategy=number,
            )
            out.conferences.append(not_registered)
    return out
