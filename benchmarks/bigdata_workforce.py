"""The workforce extracts for the large synthetic council (see bigdata.py), vectorised.

In the demo's proportions per 280 workers: about 96 funded posts, 900 sickness spells, 4,400
supervision sessions, 960 case file audits and 1,400 training completions over the six years. Every
file passes its contract; worker ids are those of the workers file (a few records of workers
outside their time in post are possible: the measures cope, and the timing is what matters here).
"""

from __future__ import annotations

import numpy as np
import polars as pl

WEEKDAYS = "1111100"
KINDS = (
    "establishment",
    "sickness_absence",
    "supervision_sessions",
    "case_audits",
    "training_completions",
)
PER_280_WORKERS = {
    "establishment": 96,
    "sickness_absence": 900,
    "supervision_sessions": 4_400,
    "case_audits": 960,
    "training_completions": 1_400,
}
ROLES = ("Social worker", "Senior practitioner", "Team manager", "Family support worker")
ROLE_SHARE = (0.6, 0.25, 0.07, 0.08)
AREAS = ("Assessment", "Care and support plan", "Child protection", "Looked after",
         "Front door (IAA)", "Other practice area")  # fmt: skip
AREA_SHARE = (0.2, 0.3, 0.2, 0.15, 0.1, 0.05)
GRADES = ("Outstanding", "Good", "Requires improvement", "Inadequate")
GRADE_SHARE = (0.08, 0.47, 0.35, 0.10)
COURSES = (
    "Safeguarding (Wales Safeguarding Procedures)",
    "Back to basics: recording and case management",
    "Data protection",
)


def _weekday(days: np.ndarray) -> np.ndarray:
    dates = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    return np.busday_offset(dates, 0, roll="forward", weekmask=WEEKDAYS).astype(np.int64)


def _text(days: np.ndarray, valid: np.ndarray | None = None) -> pl.Series:
    series = pl.Series(np.asarray(days, dtype=np.int32)).cast(pl.Date).dt.strftime("%d/%m/%Y")
    return series if valid is None else series.set(pl.Series(~valid), None)  # type: ignore[arg-type]


def _ids(prefix: str, n: int) -> pl.Series:
    return pl.Series([f"{prefix}{i:07d}" for i in range(1, n + 1)], dtype=pl.String)


def _pick(rng: np.random.Generator, values: tuple[str, ...] | list[str], p, n: int) -> pl.Series:
    table = np.array(values, dtype=object)
    return pl.Series(table[rng.choice(len(values), n, p=p)], dtype=pl.String)


def frames(
    rng: np.random.Generator,
    *,
    worker_ids: list[str],
    team_names: list[str],
    worker_teams: np.ndarray,
    children: int,
    first: int,
    last: int,
) -> dict[str, pl.DataFrame]:
    """The five extracts for ``worker_ids`` (day numbers ``first``..``last``)."""
    scale = len(worker_ids) / 280
    n = {kind: max(1, round(count * scale)) for kind, count in PER_280_WORKERS.items()}
    ids = np.array(worker_ids, dtype=object)
    used_teams = sorted({team_names[t] for t in worker_teams.tolist()} - {"Managed Care Team"})

    k = n["establishment"]
    funded = rng.integers(first - 3 * 365, first + 365, k)
    ends = funded + rng.integers(365, 4000, k)
    establishment = pl.DataFrame(
        {
            "post_id": _ids("P", k),
            "team": _pick(rng, used_teams, None, k),
            "role": _pick(rng, ROLES, ROLE_SHARE, k),
            "fte": pl.Series(["1"] * k, dtype=pl.String),
            "funded_from": _text(funded),
            "funded_to": _text(ends, (ends <= last) & (rng.random(k) < 0.1)),
        }
    )

    k = n["sickness_absence"]
    start = _weekday(rng.integers(first - 365, last + 1, k))
    long = rng.random(k) < 0.2
    length = np.where(long, rng.integers(10, 61, k), rng.integers(1, 6, k))
    stop = start + length - 1
    sickness = pl.DataFrame(
        {
            "spell_id": _ids("SA", k),
            "worker_id": pl.Series(ids[rng.integers(0, len(ids), k)], dtype=pl.String),
            "first_day": _text(np.minimum(start, last)),
            "last_day": _text(stop, stop <= last),
            "working_days_lost": pl.Series([None] * k, dtype=pl.String),
        }
    )

    k = n["supervision_sessions"]
    held = np.minimum(_weekday(rng.integers(first - 90, last + 1, k)), last)
    who = rng.integers(0, len(ids), k)
    supervision = pl.DataFrame(
        {
            "session_id": _ids("SV", k),
            "worker_id": pl.Series(ids[who], dtype=pl.String),
            "supervisor_id": pl.Series([None] * k, dtype=pl.String),
            "session_date": _text(held),
            "recorded_in_case_system": _pick(rng, ("Yes", "No"), (0.88, 0.12), k),
        }
    )

    k = n["case_audits"]
    audited = np.minimum(_weekday(rng.integers(first, last + 1, k)), last)
    audits = pl.DataFrame(
        {
            "audit_id": _ids("QA", k),
            "child_id": pl.Series(
                [f"CH{c:06d}" for c in rng.integers(1, children + 1, k)], dtype=pl.String
            ),
            "team": _pick(rng, used_teams, None, k),
            "audit_date": _text(audited),
            "auditor_id": pl.Series([None] * k, dtype=pl.String),
            "practice_area": _pick(rng, AREAS, AREA_SHARE, k),
            "grade": _pick(rng, GRADES, GRADE_SHARE, k),
            "actions_set": _pick(rng, ("Yes", "No"), (0.5, 0.5), k),
        }
    )

    k = n["training_completions"]
    done = rng.integers(first - 2 * 365, last + 1, k)
    lasts = np.array([3 * 365, 2 * 365, 365])[rng.integers(0, 3, k)]
    training = pl.DataFrame(
        {
            "completion_id": _ids("TC", k),
            "worker_id": pl.Series(ids[rng.integers(0, len(ids), k)], dtype=pl.String),
            "course": _pick(rng, COURSES, None, k),
            "completed_date": _text(done),
            "expiry_date": _text(done + lasts),
        }
    )
    return {
        "establishment": establishment,
        "sickness_absence": sickness,
        "supervision_sessions": supervision,
        "case_audits": audits,
        "training_completions": training,
    }
