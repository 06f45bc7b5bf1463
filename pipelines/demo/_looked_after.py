"""Looked-after children for the synthetic demo: care episodes, placements, statutory visits,
reviews, GP registrations, and children missing from home or care.

The same children flow through as in the other extracts: the periods of care are the demo's
looked-after cases (the episodes the allocations are simulated from), so the allocations hold each
looked-after child's social worker. The story follows the seeds (Bridgend 2022, Blaenau Gwent
2018):

- placement sufficiency: in-house foster carers leave faster than they are recruited from 2021,
  so new placements go more and more to independent fostering agencies and outside the county
  (out-of-area placements rising to mid 2023), easing once recruitment picks up in 2024;
- a period of late return interviews after children go missing (October 2022 to March 2023, when
  the commissioned service lost staff), then recovery;
- visits and reviews mostly on time, with visits slipping while caseloads peaked in 2022.

Everything is drawn from its own generator (``np.random.default_rng([seed, 12])``) so the other
extracts are byte-identical with or without this module; the history is simulated to the horizon
and cut at the end date by :func:`write_looked_after`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from ._calendar import WorkCalendar, day_number, ramp, to_date
from ._indicators import IndicatorRow

# Share of new foster placements with the council's own carers, by date (in-house fostering
# shrinking, then recovering a little with recruitment in 2024).
_IN_HOUSE_FOSTER = [(dt.date(2020, 12, 31), 0.68), (dt.date(2023, 6, 30), 0.38),
                    (dt.date(2024, 12, 31), 0.50)]  # fmt: skip
# Probability that a new placement (of any type but with parents) is outside the county.
_OUT_OF_AREA = [(dt.date(2020, 12, 31), 0.14), (dt.date(2023, 6, 30), 0.36),
                (dt.date(2024, 12, 31), 0.26)]  # fmt: skip
# Share of return interviews not offered within 72 hours, by the day the child returned.
_LATE_INTERVIEWS = [(dt.date(2022, 9, 15), 0.08), (dt.date(2022, 10, 15), 0.5),
                    (dt.date(2023, 3, 15), 0.5), (dt.date(2023, 4, 30), 0.08)]  # fmt: skip
# Visits slipping while caseloads peaked (the child protection visits follow the same story).
_VISIT_SLIP = [(dt.date(2022, 2, 15), 0.04), (dt.date(2022, 4, 1), 0.3), (dt.date(2022, 9, 30), 0.3),
               (dt.date(2022, 11, 30), 0.04)]  # fmt: skip
LEGAL = ("care_order", "interim_care_order", "placement_order", "section_76", "remand")
END_REASONS = ("returned_home", "adopted", "special_guardianship", "reached_18",
               "independent_living", "other")  # fmt: skip
_END_SHARE = (0.34, 0.11, 0.13, 0.17, 0.08, 0.17)


@dataclass
class LookedAfter:
    """The simulated events (day numbers; -1 = not happened by the horizon)."""

    # care episodes: child, period, team, start, end, legal status, end reason, birth day
    episodes: list[tuple[int, int, int, int, int, str, str | None, int]] = field(
        default_factory=list
    )
    # placements: child, period, start, end, type, provider, out of area, band, intended to 18
    placements: list[tuple[int, int, int, int, str, str, bool, str | None, bool | None]] = field(
        default_factory=list
    )
    visits: list[tuple[int, int, int, bool, bool | None]] = field(default_factory=list)
    reviews: list[tuple[int, int]] = field(default_factory=list)  # period, day
    gp: list[tuple[int, int]] = field(default_factory=list)  # child, day
    # missing: child, type, start minute, end minute, offered minute, held day, declined
    missing: list[tuple[int, str, int, int, int, int, bool | None]] = field(default_factory=list)


def _p(day: int, points: list[tuple[dt.date, float]]) -> float:
    return float(ramp(np.array([day]), points)[0])


def _add_months(day: int, months: int) -> int:
    from pipelines.timescales import add_months

    base = dt.date(1970, 1, 1)
    return (add_months(base + dt.timedelta(days=day), months) - base).days


def _placement(rng: np.random.Generator, day: int) -> tuple[str, str, bool, str, bool | None]:
    kind = str(rng.choice(["foster", "foster_connected", "residential", "with_parents",
                           "independent_living"], p=[0.62, 0.15, 0.12, 0.05, 0.06]))  # fmt: skip
    if kind == "foster":
        provider = "in_house" if rng.random() < _p(day, _IN_HOUSE_FOSTER) else "independent"
    elif kind == "foster_connected":
        provider = "connected_person"
    elif kind == "residential":
        provider = "independent" if rng.random() < 0.75 else "in_house"
    elif kind == "with_parents":
        provider = "parent"
    else:
        provider = "independent" if rng.random() < 0.5 else "in_house"
    far = kind != "with_parents" and rng.random() < _p(day, _OUT_OF_AREA) * (
        1.8 if kind == "residential" else 1.0
    )
    band = ("over_20" if rng.random() < 0.7 else "10_to_20") if far else (
        "under_10" if rng.random() < 0.8 else "10_to_20")  # fmt: skip
    intended = (
        (rng.random() < 0.4) if kind in ("foster", "foster_connected", "residential") else None
    )
    return kind, provider, bool(far), band, intended


def _visits(
    rng: np.random.Generator, out: LookedAfter, child: int, period: int, start: int, end: int,
    intended: bool | None, since: int,
) -> None:  # fmt: skip
    day = start + int(rng.integers(1, 8) if rng.random() < 0.93 else rng.integers(8, 14))
    while day < end:
        if day >= since:
            seen = rng.random() < 0.97
            out.visits.append((child, period, day, bool(seen), bool(rng.random() < 0.6) if seen
                               else None))  # fmt: skip
        first_year = day < _add_months(start, 12)
        limit = 42 if first_year or not intended else 91
        slip = rng.random() < _p(day, _VISIT_SLIP)
        gap = (
            int(rng.integers(limit + 1, limit + 22))
            if slip
            else int(rng.integers(limit // 2, limit + 1))
        )
        day += gap


def _reviews(
    rng: np.random.Generator, cal: WorkCalendar, out: LookedAfter, period: int, start: int,
    end: int, since: int,
) -> None:  # fmt: skip
    late = 0.06
    offset = int(rng.integers(10, 21)) if rng.random() > late else int(rng.integers(21, 30))
    day = int(cal.offset(np.array([start]), offset)[0])
    number = 1
    while day < end:
        if day >= since:
            out.reviews.append((period, day))
        months = 3 if number == 1 else 6
        due = _add_months(day, months)
        day = due - int(rng.integers(0, 21)) if rng.random() > late else due + int(
            rng.integers(1, 20))  # fmt: skip
        number += 1


def _missing(
    rng: np.random.Generator, out: LookedAfter, child: int, start: int, end: int, rate: float
) -> None:
    day = start + int(rng.exponential(365 / rate))
    while day < end:
        kind = "missing" if rng.random() < 0.75 else "absent"
        began = day * 1440 + int(rng.integers(15 * 60, 23 * 60 + 59))
        ended = began + int(rng.gamma(1.5, 12 * 60)) + 30
        offered, held, declined = -1, -1, None
        if kind == "missing" and rng.random() < 0.96:
            late = rng.random() < _p(ended // 1440, _LATE_INTERVIEWS)
            hours = rng.uniform(73, 200) if late else rng.uniform(4, 71)
            offered = ended + int(hours * 60)
            declined = bool(rng.random() < 0.15)
            if not declined:
                held = offered // 1440 + int(rng.integers(0, 3))
        out.missing.append((child, kind, began, ended, offered, held, declined))
        day += max(1, int(rng.exponential(365 / rate)))


def generate_looked_after(
    rng: np.random.Generator,
    cal: WorkCalendar,
    episodes: dict[str, np.ndarray],
    first: int,
    horizon: int,
) -> LookedAfter:
    """Simulate the looked-after events from the demo's looked-after cases (day numbers)."""
    out = LookedAfter()
    lac = episodes["type"] == 2
    child, start, end, team = (episodes[k][lac] for k in ("child", "start", "end", "team"))
    order = np.lexsort((start, child))
    since = first - 400  # events are simulated from a little before the demo starts
    for period, i in enumerate(order.tolist()):
        c, s, t = int(child[i]), int(start[i]), int(team[i])
        e = int(end[i]) if end[i] >= 0 else horizon + 1
        age = float(rng.uniform(0, 17.2))
        born = s - int(age * 365.25)
        legal = str(rng.choice(LEGAL, p=[0.30, 0.22, 0.05, 0.41, 0.02]))
        reason = str(rng.choice(END_REASONS, p=_END_SHARE)) if end[i] >= 0 else None
        if legal == "interim_care_order" and e - s > 120:
            change = s + int(rng.integers(90, 270))
            if change < e:
                out.episodes.append((c, period, t, s, change, legal, None, born))
                out.episodes.append((c, period, t, change, int(end[i]), "care_order", reason, born))
            else:
                out.episodes.append((c, period, t, s, int(end[i]), legal, reason, born))
        else:
            out.episodes.append((c, period, t, s, int(end[i]), legal, reason, born))
        # Placements: moves at about 0.5 a year, more in the first months.
        day = s
        while day < e:
            kind, provider, far, band, intended = _placement(rng, day)
            stay = int(rng.gamma(1.2, 500)) + 14
            stop = day + stay if day + stay < e else e
            out.placements.append((c, period, day, stop if stop < e or end[i] >= 0 else -1,
                                   kind, provider, far, band, intended))  # fmt: skip
            if stop > since:
                _visits(rng, out, c, period, day, min(stop, horizon + 1), intended, since)
                if rng.random() < 0.97:
                    gp = cal.offset(np.array([day]), int(rng.integers(1, 11) if rng.random() < 0.85
                                                         else rng.integers(11, 26)))  # fmt: skip
                    if int(gp[0]) >= since:
                        out.gp.append((c, int(gp[0])))
            day = stop
        if e > since:
            _reviews(rng, cal, out, period, s, min(e, horizon + 1), since)
        if rng.random() < 0.22 and e > since:
            _missing(rng, out, c, max(s, since), min(e, horizon + 1), float(rng.uniform(1, 6)))
    # Children missing from home (not looked after): a few children with open cases.
    others = episodes["type"] < 2
    pick = np.nonzero(others & (rng.random(len(others)) < 0.05))[0]
    for i in pick.tolist():
        s = max(int(episodes["start"][i]), since)
        e = int(episodes["end"][i]) if episodes["end"][i] >= 0 else horizon + 1
        if e > s:
            _missing(rng, out, int(episodes["child"][i]), s, e, float(rng.uniform(0.5, 3)))
    return out


# Fostering service figures the case system does not hold (uploaded as indicator_values): the
# council's own mainstream fostering households at each quarter end, placement requests with no
# suitable match, and connected-person assessments near or past their temporary approval.
_FOSTER_HOUSEHOLDS = [(dt.date(2020, 6, 30), 96.0), (dt.date(2023, 6, 30), 71.0),
                      (dt.date(2024, 12, 31), 82.0)]  # fmt: skip
_UNMATCHED = [(dt.date(2020, 12, 31), 0.15), (dt.date(2023, 6, 30), 0.42),
              (dt.date(2024, 12, 31), 0.27)]  # fmt: skip
_CONNECTED_OVERDUE = [(dt.date(2021, 6, 30), 2.0), (dt.date(2022, 9, 30), 7.0),
                      (dt.date(2023, 9, 30), 6.0), (dt.date(2024, 9, 30), 3.0)]  # fmt: skip


def placement_sufficiency_values(
    rng: np.random.Generator, first: int, horizon: int
) -> list[IndicatorRow]:
    """Quarterly fostering households and monthly placement-matching figures, whole periods only."""
    rows: list[IndicatorRow] = []
    month = to_date(first).replace(day=1)
    if day_number(month) < first:
        month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    while True:
        following = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        lo, hi = day_number(month), day_number(following) - 1
        if hi > horizon:
            break
        requests = int(rng.integers(18, 33))
        unmatched = int(rng.binomial(requests, _p(hi, _UNMATCHED)))
        rows.append(IndicatorRow("pv_unmatched_placement_requests", lo, hi,
                                 round(100 * unmatched / requests, 1), unmatched, requests))  # fmt: skip
        overdue = float(rng.poisson(_p(hi, _CONNECTED_OVERDUE)))
        rows.append(IndicatorRow("pv_connected_person_overdue", lo, hi, overdue, None, None))
        if month.month in (3, 6, 9, 12):
            quarter_start = day_number(dt.date(month.year, month.month - 2, 1))
            if quarter_start >= first:
                households = round(_p(hi, _FOSTER_HOUSEHOLDS) + float(rng.normal(0, 1.5)))
                rows.append(IndicatorRow("pv_inhouse_foster_net", quarter_start, hi,
                                         float(households), None, None))  # fmt: skip
        month = following
    return rows
