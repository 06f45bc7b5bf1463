"""Early-help service referrals and waiting lists for the synthetic demo.

Seed 000: "as of 22 April 2022 there were 119 referrals waiting to be allocated to the Youth Emotional
Mental Health Team, the approximate waiting time was 12 weeks." Referrals to that team outrun its
capacity from autumn 2021; extra capacity from May 2022 brings the list down. The other services have
smaller, steadier lists. Each referral is triaged for a few weeks, then allocated first-come,
first-served; a minority are closed without a service while waiting. Capacity follows arrivals plus
a feedback towards a target queue length, the way a service manager moves staff to a growing list.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass

import numpy as np

from ._calendar import WorkCalendar, ramp
from ._contacts import Contacts

SERVICES = ("Youth Emotional Mental Health Team", "Parenting", "Family Support", "Young Carers")

# Weekly referrals and weekly allocation capacity per service.
_ARRIVALS: dict[str, list[tuple[dt.date, float]]] = {
    SERVICES[0]: [
        (dt.date(2020, 4, 1), 6.0),
        (dt.date(2021, 4, 1), 8.0),
        (dt.date(2021, 9, 1), 10.5),
        (dt.date(2022, 4, 30), 12.0),
        (dt.date(2022, 12, 31), 10.0),
        (dt.date(2024, 3, 31), 9.0),
    ],
    SERVICES[1]: [
        (dt.date(2020, 4, 1), 4.5),
        (dt.date(2022, 4, 1), 5.5),
        (dt.date(2023, 4, 1), 5.0),
    ],
    SERVICES[2]: [
        (dt.date(2020, 4, 1), 8.0),
        (dt.date(2022, 4, 1), 9.5),
        (dt.date(2023, 4, 1), 9.0),
    ],
    SERVICES[3]: [(dt.date(2020, 4, 1), 1.8), (dt.date(2024, 4, 1), 2.2)],
}
# Target length of the queue of triaged referrals waiting for allocation. Service managers move
# capacity towards it (feedback below), so the waiting list follows the story whatever the noise.
_QUEUE_TARGET: dict[str, list[tuple[dt.date, float]]] = {
    SERVICES[0]: [
        (dt.date(2020, 4, 1), 15.0),
        (dt.date(2021, 6, 30), 18.0),
        (dt.date(2021, 9, 1), 25.0),
        (dt.date(2022, 4, 22), 84.0),
        (dt.date(2022, 5, 15), 84.0),
        (dt.date(2022, 12, 31), 15.0),
        (dt.date(2024, 3, 31), 20.0),
    ],
    SERVICES[1]: [
        (dt.date(2020, 4, 1), 10.0),
        (dt.date(2022, 6, 1), 16.0),
        (dt.date(2023, 6, 1), 10.0),
    ],
    SERVICES[2]: [
        (dt.date(2020, 4, 1), 15.0),
        (dt.date(2022, 6, 1), 22.0),
        (dt.date(2023, 6, 1), 15.0),
    ],
    SERVICES[3]: [(dt.date(2020, 4, 1), 5.0)],
}
_GAIN = 0.08  # share of the gap to the target closed per working day
_TRIAGE_DAYS = {
    SERVICES[0]: (21, 42),
    SERVICES[1]: (7, 28),
    SERVICES[2]: (7, 21),
    SERVICES[3]: (7, 28),
}
_CLOSE_P = 0.08


@dataclass
class ServiceReferrals:
    """Service referrals (uncensored), sorted by referral date."""

    child: np.ndarray
    service: np.ndarray  # index into SERVICES
    referred: np.ndarray  # day numbers
    allocated: np.ndarray  # -1 = not allocated by the horizon
    closed: np.ndarray  # -1 = not closed


def generate_service_referrals(
    rng: np.random.Generator, cal: WorkCalendar, contacts: Contacts, first: int, horizon: int
) -> ServiceReferrals:
    """Simulate referrals and first-come, first-served allocation for each service."""
    days = np.arange(first, horizon + 1)
    workday = cal.is_workday(days)
    # Children referred: those whose contact was decided as early help or information and advice.
    eh = np.nonzero((contacts.outcome == 1) | (contacts.outcome == 2))[0]
    eh_day = contacts.decision_min[eh] // 1440
    order = np.argsort(eh_day, kind="stable")
    eh, eh_day = eh[order], eh_day[order]
    parts: list[tuple[np.ndarray, ...]] = []
    for s, name in enumerate(SERVICES):
        lam = ramp(days, _ARRIVALS[name]) / 5.0 * workday
        counts = rng.poisson(lam)
        referred = np.repeat(days, counts)
        n = len(referred)
        lo = np.searchsorted(eh_day, referred - 14, side="left")
        hi = np.searchsorted(eh_day, referred, side="right")
        pick = lo + (rng.random(n) * np.maximum(hi - lo, 1)).astype(np.int64)
        child = contacts.child[eh[np.minimum(pick, len(eh) - 1)]]
        tmin, tmax = _TRIAGE_DAYS[name]
        eligible = referred + rng.integers(tmin, tmax + 1, n)
        close_at = np.where(rng.random(n) < _CLOSE_P, referred + rng.integers(14, 141, n), -1)
        target = ramp(days, _QUEUE_TARGET[name])
        allocated, closed = _run_queue(days, lam, workday, target, eligible, close_at)
        parts.append((child, np.full(n, s), referred, allocated, closed))
    cat = [np.concatenate([p[i] for p in parts]) for i in range(5)]
    # A child is referred to the same service at most once in 90 days.
    by_child = np.lexsort((cat[2], cat[0], cat[1]))
    child, service, referred = cat[0][by_child], cat[1][by_child], cat[2][by_child]
    repeat = np.zeros(len(by_child), dtype=bool)
    repeat[1:] = (
        (child[1:] == child[:-1])
        & (service[1:] == service[:-1])
        & (referred[1:] - referred[:-1] < 90)
    )
    kept = np.sort(by_child[~repeat])
    cat = [c[kept] for c in cat]
    order = np.lexsort((cat[1], cat[2]))
    return ServiceReferrals(*(c[order] for c in cat))


def _run_queue(
    days: np.ndarray,
    base: np.ndarray,
    workday: np.ndarray,
    target: np.ndarray,
    eligible: np.ndarray,
    close_at: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """First-come, first-served allocation; daily capacity = arrivals + feedback towards target."""
    n = len(eligible)
    allocated = np.full(n, -1, dtype=np.int64)
    closed = np.full(n, -1, dtype=np.int64)
    by_eligible = np.argsort(eligible, kind="stable")
    queue: deque[int] = deque()
    nxt = 0
    credit = 0.0
    for k, day in enumerate(days.tolist()):
        while nxt < n and eligible[by_eligible[nxt]] <= day:
            queue.append(int(by_eligible[nxt]))
            nxt += 1
        if not workday[k]:
            continue
        credit += max(0.0, float(base[k]) + _GAIN * (len(queue) - float(target[k])))
        while credit >= 1.0 and queue:
            i = queue.popleft()
            if close_at[i] != -1 and close_at[i] <= day:
                closed[i] = close_at[i]
                continue
            allocated[i] = day
            credit -= 1.0
        if not queue:
            credit = min(credit, 1.0)
    waiting = (allocated == -1) & (close_at != -1) & (close_at <= days[-1])
    closed[waiting] = close_at[waiting]
    return allocated, closed
