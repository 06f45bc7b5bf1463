"""The child protection extracts for the large synthetic council (see bigdata.py), vectorised.

In the demo's proportions per 111,000 contacts: about 2,900 registrations (each a distinct child,
so no two overlap), an initial conference on each (4% transfer-in) after a strategy discussion
that started a Section 47 enquiry 5 to 20 working days before, 7,000 more strategy discussions from
the front door (half starting an enquiry, an eighth of those leading to a conference that does not
register the child), review conferences every six months, core groups every five weeks and visits
about every seven working days while each child is registered. Every file passes its contract and
the rules between the extracts (a conference after its discussion, reviews within their
registration). Anything after the end date is not known yet: blank, or not in the file.
"""

from __future__ import annotations

import numpy as np
import polars as pl

WEEKDAYS = "1111100"
CATEGORIES = ("Neglect", "Emotional abuse", "Physical abuse", "Sexual abuse",
              "More than one category")  # fmt: skip
CATEGORY_SHARE = (0.45, 0.30, 0.14, 0.06, 0.05)
TOOK_PART = ("Took part", "Invited, did not take part", "Not invited")
ATTENDED = ("Attended", "Sent a report", "Invited, did not take part", "Not invited")
KINDS = (
    "strategy_discussions",
    "cp_registrations",
    "cp_conferences",
    "cp_core_groups",
    "cp_visits",
)


def _weekday(days: np.ndarray, offset: np.ndarray | int = 0) -> np.ndarray:
    """Day numbers moved ``offset`` weekdays on (rolled forward onto a weekday first)."""
    dates = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    moved = np.busday_offset(dates, offset, roll="forward", weekmask=WEEKDAYS)
    return moved.astype(np.int64)


def _text(days: np.ndarray, valid: np.ndarray | None = None) -> pl.Series:
    series = pl.Series(np.asarray(days, dtype=np.int32)).cast(pl.Date).dt.strftime("%d/%m/%Y")
    return series if valid is None else series.set(pl.Series(~valid), None)  # type: ignore[arg-type]


def _moment(days: np.ndarray, minutes: np.ndarray, valid: np.ndarray | None = None) -> pl.Series:
    stamp = (np.asarray(days, dtype=np.int64) * 1440 + minutes) * 60_000
    series = pl.Series(stamp).cast(pl.Datetime("ms")).dt.strftime("%d/%m/%Y %H:%M")
    return series if valid is None else series.set(pl.Series(~valid), None)  # type: ignore[arg-type]


def _pick(rng: np.random.Generator, labels: tuple[str, ...], p: tuple[float, ...], n: int):
    return pl.Series(np.array(labels, dtype=object)[rng.choice(len(labels), n, p=p)])


def _ids(prefix: str, n: int) -> pl.Series:
    return pl.Series([f"{prefix}{i + 1:07d}" for i in range(n)], dtype=pl.String)


def _repeat(start: np.ndarray, stop: np.ndarray, first: int, every: np.ndarray | int):
    """For each row, the days first, first + every, ... before its stop: (row index, day)."""
    length = np.maximum(stop - start - first, -1)
    count = np.where(length >= 0, length // every + 1, 0)
    rows = np.repeat(np.arange(len(start)), count)
    step = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    return rows, start[rows] + first + step * (every if np.isscalar(every) else every[rows])


def frames(
    rng: np.random.Generator,
    *,
    registrations: int,
    discussions: int,
    children: int,
    team_names: list[str],
    first: int,
    last: int,
) -> dict[str, pl.DataFrame]:
    """The five extracts for a council of ``children`` children (day numbers ``first``..``last``)."""
    n = registrations
    child = rng.choice(children, size=n, replace=False)
    start = _weekday(rng.integers(first - 365, last + 1, n))
    duration = np.rint(rng.lognormal(np.log(210), 0.6, n)).astype(np.int64) + 20
    end = _weekday(start + duration)
    ended = end <= last
    stop = np.where(ended, end, last)  # events are not known after the end date
    team = rng.integers(0, len(team_names), n)
    teams = np.array(team_names, dtype=object)

    # Strategy discussions: one before each registration, the rest from the front door.
    lag = rng.integers(5, 21, n)
    held = _weekday(start, -lag)
    m = max(0, discussions - n)
    extra_child = rng.integers(0, children, m)
    extra_held = _weekday(rng.integers(first, last + 1, m))
    extra_s47 = rng.random(m) < 0.5
    sd_held = np.concatenate([held, extra_held])
    sd_s47 = np.concatenate([np.ones(n, dtype=bool), extra_s47])
    completed = _weekday(sd_held, rng.integers(1, 15, n + m))
    completed[:n] = np.minimum(completed[:n], start)  # the enquiry ends by its conference
    done = sd_s47 & (completed <= last)
    outcome = np.where(
        np.arange(n + m) < n,
        0,
        rng.choice(4, n + m, p=[0.12, 0.45, 0.38, 0.05]),
    )
    total = n + m
    minute = rng.integers(9 * 60, 16 * 60, total)
    held_known = sd_held <= last
    keep = np.nonzero(held_known)[0]
    s47_outcomes = np.array(
        ["Initial child protection conference", "Care and support (no conference)",
         "No further action", "Other outcome"], dtype=object,
    )  # fmt: skip
    police = _pick(rng, TOOK_PART, (0.8, 0.15, 0.05), total)
    health = _pick(rng, TOOK_PART, (0.7, 0.2, 0.1), total)
    shared = done & (rng.random(total) < 0.7)
    sd = pl.DataFrame(
        {
            "strategy_id": _ids("SD", total),
            "child_id": pl.Series(
                [f"CH{c + 1:06d}" for c in np.concatenate([child, extra_child])], dtype=pl.String
            ),
            "team": pl.Series(teams[np.concatenate([team, rng.integers(0, len(teams), m)])]),
            "decision_at": _moment(sd_held, minute - rng.integers(60, 600, total)),
            "held_at": _moment(sd_held, minute),
            "police": police,
            "health": health,
            "education": _pick(rng, TOOK_PART, (0.45, 0.15, 0.40), total),
            "other_agencies": pl.Series([None] * total, dtype=pl.String),
            "section_47": pl.Series(np.where(sd_s47, "Yes", "No"), dtype=pl.String),
            "s47_completed_date": _text(completed, done),
            "s47_outcome": pl.Series(s47_outcomes[outcome]).set(pl.Series(~done), None),  # type: ignore[arg-type]
            "police_outcome_shared": _text(completed, shared & (police == "Took part").to_numpy()),
            "health_outcome_shared": _text(completed, shared & (health == "Took part").to_numpy()),
            "education_outcome_shared": pl.Series([None] * total, dtype=pl.String),
            "other_agencies_outcome_shared": pl.Series([None] * total, dtype=pl.String),
        }
    )[keep]

    # Conferences: the initial one at each registration, reviews every six months within it, and
    # a conference after the front door's enquiries that ended in one (not registering the child).
    review_rows, review_day = _repeat(start, stop, 85, 180)
    review_day = _weekday(review_day)
    inside = review_day <= stop[review_rows]
    review_rows, review_day = review_rows[inside], review_day[inside]
    unreg = np.nonzero(done & (outcome == 0) & (np.arange(total) >= n))[0]
    unreg_day = _weekday(completed[unreg], 3)
    unreg = unreg[unreg_day <= last]
    unreg_day = unreg_day[unreg_day <= last]
    known = np.nonzero(start <= last)[0]
    kinds = np.where(rng.random(n) < 0.04, "Initial (transfer in)", "Initial")
    conference_child = np.concatenate([child[known], child[review_rows], extra_child[unreg - n]])
    rows = len(conference_child)
    day = np.concatenate([start[known], review_day, unreg_day])
    plan = _weekday(day, rng.integers(1, 8, rows))
    is_review = np.concatenate([np.zeros(len(known)), np.ones(len(review_rows)),
                                np.zeros(len(unreg))]).astype(bool)  # fmt: skip
    registration = np.concatenate([known, review_rows, np.full(len(unreg), -1)])
    strategy = np.concatenate([known, np.full(len(review_rows), -1), unreg])
    conference_type = np.concatenate(
        [kinds[known], np.full(len(review_rows), "Review"), np.full(len(unreg), "Initial")]
    )
    cf = pl.DataFrame(
        {
            "conference_id": _ids("CF", rows),
            "child_id": pl.Series([f"CH{c + 1:06d}" for c in conference_child], dtype=pl.String),
            "team": pl.Series(teams[np.concatenate([team[known], team[review_rows],
                                                    rng.integers(0, len(teams), len(unreg))])]),
            "conference_type": pl.Series(conference_type, dtype=pl.String),
            "strategy_id": pl.Series(
                [f"SD{s + 1:07d}" if s >= 0 and kind == "Initial" else None
                 for s, kind in zip(strategy, conference_type, strict=True)], dtype=pl.String,
            ),
            "conference_date": _text(day),
            "registered": pl.Series(np.where(registration >= 0, "Yes", "No"), dtype=pl.String),
            "registration_id": pl.Series(
                [f"CPR{r + 1:07d}" if r >= 0 else None for r in registration], dtype=pl.String
            ),
            "outline_plan_circulated": _text(plan, ~is_review & (plan <= last)),
            "police": _pick(rng, ATTENDED, (0.8, 0.08, 0.07, 0.05), rows),
            "health": _pick(rng, ATTENDED, (0.7, 0.15, 0.1, 0.05), rows),
            "education": _pick(rng, ATTENDED, (0.5, 0.1, 0.1, 0.3), rows),
        }
    )  # fmt: skip

    reg = pl.DataFrame(
        {
            "registration_id": _ids("CPR", n),
            "child_id": pl.Series([f"CH{c + 1:06d}" for c in child], dtype=pl.String),
            "team": pl.Series(teams[team]),
            "start_date": _text(start),
            "end_date": _text(end, ended),
            "category": _pick(rng, CATEGORIES, CATEGORY_SHARE, n),
            "end_reason": pl.Series(["No longer at risk"] * n, dtype=pl.String).set(
                pl.Series(~ended),
                None,  # type: ignore[arg-type]
            ),
        }
    )[known]

    group_rows, group_day = _repeat(start, stop, 8, 35)
    group_day = _weekday(group_day)
    group_rows, group_day = group_rows[group_day <= stop[group_rows]], group_day[group_day <= stop[group_rows]]  # fmt: skip
    cg = pl.DataFrame(
        {
            "core_group_id": _ids("CG", len(group_rows)),
            "child_id": pl.Series([f"CH{c + 1:06d}" for c in child[group_rows]], dtype=pl.String),
            "meeting_date": _text(group_day),
            "registration_id": pl.Series([f"CPR{r + 1:07d}" for r in group_rows], dtype=pl.String),
        }
    )

    gap = rng.integers(7, 13, n)
    visit_rows, visit_day = _repeat(start, stop, 2, gap)
    visit_day = _weekday(visit_day)
    inside = visit_day <= stop[visit_rows]
    visit_rows, visit_day = visit_rows[inside], visit_day[inside]
    seen = rng.random(len(visit_rows)) < 0.95
    cv = pl.DataFrame(
        {
            "visit_id": _ids("CV", len(visit_rows)),
            "child_id": pl.Series([f"CH{c + 1:06d}" for c in child[visit_rows]], dtype=pl.String),
            "visit_date": _text(visit_day),
            "child_seen": pl.Series(np.where(seen, "Yes", "No"), dtype=pl.String),
            "child_seen_alone": pl.Series(
                np.where(rng.random(len(seen)) < 0.6, "Yes", "No"), dtype=pl.String
            ).set(pl.Series(~seen), None),  # type: ignore[arg-type]
            "registration_id": pl.Series([f"CPR{r + 1:07d}" for r in visit_rows], dtype=pl.String),
        }
    )
    return {
        "strategy_discussions": sd,
        "cp_registrations": reg,
        "cp_conferences": cf,
        "cp_core_groups": cg,
        "cp_visits": cv,
    }
