"""The looked-after children extracts for the large synthetic council (see bigdata.py), vectorised.

In the demo's proportions per 111,000 contacts: about 1,100 periods of care (each a distinct
child, so no two overlap), one care episode each, a placement at the start and a move about every
700 days, a statutory visit about every 30 days and a review about every 170 days while the child
is looked after, a GP registration within a few working days of each placement, and missing
episodes for about a fifth of the children. Every file passes its contract and the rules between
the extracts (placements inside their care episode, reviews naming a known period of care).
Anything after the end date is not known yet: blank, or not in the file.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from bigdata_child_protection import _ids, _moment, _pick, _repeat, _text, _weekday

KINDS = (
    "lac_episodes",
    "lac_placements",
    "lac_visits",
    "lac_reviews",
    "lac_health_checks",
    "missing_episodes",
)
LEGAL = ("Care order", "Interim care order", "Section 76", "Placement order")
ENDS = ("Returned home", "Adopted", "Special guardianship order", "Reached 18", "Other reason")
PLACEMENT_TYPES = ("Foster care", "Kinship foster care", "Residential care", "Placed with parents")
PROVIDERS = {"Foster care": ("In-house", "Independent"), "Kinship foster care": ("Connected person",),
             "Residential care": ("Independent", "In-house"), "Placed with parents": ("Parent",)}  # fmt: skip


def _grouped_starts(
    rng: np.random.Generator, start: np.ndarray, stop: np.ndarray, moves: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each period's placements: its start, then ``moves`` days drawn inside it, in order."""
    rows = np.concatenate([np.arange(len(start)), np.repeat(np.arange(len(start)), moves)])
    offsets = np.concatenate(
        [np.zeros(len(start), dtype=np.int64),
         (rng.random(int(moves.sum())) * np.repeat(stop - start, moves)).astype(np.int64) + 1]
    )  # fmt: skip
    order = np.lexsort((offsets, rows))
    return rows[order], start[rows[order]] + offsets[order]


def frames(
    rng: np.random.Generator,
    *,
    periods: int,
    children: int,
    team_names: list[str],
    first: int,
    last: int,
) -> dict[str, pl.DataFrame]:
    """The six extracts for a council of ``children`` children (day numbers ``first``..``last``)."""
    n = periods
    child = rng.choice(children, size=n, replace=False)
    start = rng.integers(first - 3 * 365, last + 1, n)
    duration = np.rint(rng.lognormal(np.log(500), 0.8, n)).astype(np.int64) + 14
    end = start + duration
    ended = end <= last
    stop = np.where(ended, end, last + 1)  # events are not known after the end date
    teams = np.array(team_names, dtype=object)
    child_ids = np.array([f"CH{c + 1:06d}" for c in child], dtype=object)
    period_ids = np.array([f"LP{i + 1:07d}" for i in range(n)], dtype=object)
    episodes = pl.DataFrame(
        {
            "care_episode_id": _ids("LE", n),
            "child_id": pl.Series(child_ids, dtype=pl.String),
            "care_period_id": pl.Series(period_ids, dtype=pl.String),
            "team": pl.Series(teams[rng.integers(0, len(teams), n)], dtype=pl.String),
            "start_date": _text(start),
            "end_date": _text(end, ended),
            "legal_status": _pick(rng, LEGAL, (0.3, 0.2, 0.45, 0.05), n),
            "end_reason": _pick(rng, ENDS, (0.35, 0.1, 0.15, 0.2, 0.2), n).set(
                pl.Series(~ended),
                None,  # type: ignore[arg-type]
            ),
            "date_of_birth": _text(start - rng.integers(0, 17 * 365, n)),
        }
    )

    # Placements: one at the start of each period, then a move about every 700 days.
    moves = rng.poisson((stop - start) / 700)
    rows, p_start = _grouped_starts(rng, start, stop, moves)
    m = len(rows)
    following = np.r_[p_start[1:], 0]
    last_of_period = np.r_[rows[1:] != rows[:-1], True]
    p_end = np.where(last_of_period, end[rows], following)
    p_known = np.where(last_of_period, ended[rows], True) & (p_end <= last)
    kind = rng.choice(len(PLACEMENT_TYPES), m, p=(0.62, 0.16, 0.16, 0.06))
    kinds = np.array(PLACEMENT_TYPES, dtype=object)[kind]
    provider = np.array([PROVIDERS[k][int(r * len(PROVIDERS[k]))]
                         for k, r in zip(kinds, rng.random(m), strict=True)], dtype=object)  # fmt: skip
    keep = p_start <= last
    placements = pl.DataFrame(
        {
            "placement_id": _ids("PL", m),
            "child_id": pl.Series(child_ids[rows], dtype=pl.String),
            "care_period_id": pl.Series(period_ids[rows], dtype=pl.String),
            "start_date": _text(p_start),
            "end_date": _text(p_end, p_known),
            "placement_type": pl.Series(kinds, dtype=pl.String),
            "provider": pl.Series(provider, dtype=pl.String),
            "out_of_area": pl.Series(np.where(rng.random(m) < 0.25, "Yes", "No")),
            "distance_band": pl.Series([None] * m, dtype=pl.String),
            "intended_to_18": pl.Series(np.where(rng.random(m) < 0.4, "Yes", "No")),
        }
    )[np.nonzero(keep)[0]]

    # Visits about every 30 days during each placement (within the events window).
    p_stop = np.minimum(np.where(last_of_period, stop[rows], following), last + 1)
    v_rows, v_day = _repeat(p_start, p_stop, 5, 30)
    shown = v_day >= first
    v_rows, v_day = v_rows[shown], v_day[shown]
    k = len(v_rows)
    visits = pl.DataFrame(
        {
            "lac_visit_id": _ids("LV", k),
            "child_id": pl.Series(child_ids[rows[v_rows]], dtype=pl.String),
            "care_period_id": pl.Series(period_ids[rows[v_rows]], dtype=pl.String),
            "visit_date": _text(v_day),
            "child_seen": pl.Series(np.where(rng.random(k) < 0.97, "Yes", "No")),
            "child_seen_alone": pl.Series([None] * k, dtype=pl.String),
        }
    )

    # Reviews (by the period of care, as the SSD exports them) about every 170 days.
    r_rows, r_day = _repeat(start, stop, 26, 170)
    shown = r_day >= first
    r_rows, r_day = r_rows[shown], r_day[shown]
    reviews = pl.DataFrame(
        {
            "lac_review_id": _ids("LR", len(r_rows)),
            "child_id": pl.Series([None] * len(r_rows), dtype=pl.String),
            "care_period_id": pl.Series(period_ids[r_rows], dtype=pl.String),
            "review_date": _text(r_day),
        }
    )

    # GP registration a few working days after each placement starts.
    g_day = _weekday(p_start, rng.integers(1, 14, m))
    shown = (g_day >= first) & (g_day <= last)
    health = pl.DataFrame(
        {
            "health_check_id": _ids("HC", int(shown.sum())),
            "child_id": pl.Series(child_ids[rows[shown]], dtype=pl.String),
            "check_type": pl.Series(["GP registration"] * int(shown.sum()), dtype=pl.String),
            "check_date": _text(g_day[shown]),
        }
    )

    # Missing episodes for about a fifth of the children, about four a year while looked after.
    who = np.nonzero(rng.random(n) < 0.2)[0]
    spans = np.maximum(np.minimum(stop[who], last) - np.maximum(start[who], first), 0)
    count = rng.poisson(spans / 90)
    m_rows = np.repeat(who, count)
    began_day = np.maximum(start[m_rows], first) + (rng.random(len(m_rows)) * spans.repeat(count))
    began_day = began_day.astype(np.int64)
    minute = rng.integers(15 * 60, 23 * 60, len(m_rows))
    away = rng.integers(60, 48 * 60, len(m_rows))
    back_min = began_day * 1440 + minute + away
    offered_min = back_min + rng.integers(4 * 60, 100 * 60, len(m_rows))
    back_known = back_min < (last + 1) * 1440
    offered_known = back_known & (offered_min < (last + 1) * 1440)
    q = len(m_rows)
    missing = pl.DataFrame(
        {
            "missing_id": _ids("MS", q),
            "child_id": pl.Series(child_ids[m_rows], dtype=pl.String),
            "episode_type": pl.Series(np.where(rng.random(q) < 0.75, "Missing", "Absent")),
            "started_at": _moment(began_day, minute),
            "ended_at": _moment(back_min // 1440, back_min % 1440, back_known),
            "interview_offered_at": _moment(offered_min // 1440, offered_min % 1440, offered_known),
            "interview_held_date": pl.Series([None] * q, dtype=pl.String),
            "interview_declined": pl.Series([None] * q, dtype=pl.String),
        }
    )
    return {
        "lac_episodes": episodes.filter(pl.Series(start <= last)),
        "lac_placements": placements,
        "lac_visits": visits,
        "lac_reviews": reviews,
        "lac_health_checks": health,
        "missing_episodes": missing,
    }
