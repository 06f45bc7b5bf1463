"""Large synthetic extracts for the performance scripts: fast, vectorised, cached on disk.

Why: the demo generator simulates a council week by week, which is right for a story but slow at a
million rows. The benchmarks need files of a given size that pass every contract check and have the
same shape as real exports, so that what we time is what an analyst's import would cost.

What: ``N`` contacts over the six years ending on :data:`END_DATE`, and the other extracts in the
demo's proportions (~111k contacts : 28k assessments : 280 workers : 17k allocations : 8.5k service
referrals). Files are analyst-style CSV (header labels from the extract registry, dd/mm/yyyy dates,
"dd/mm/yyyy HH:MM" date-times, enum labels, Yes/No, blank for missing). Anything after the end date
is not yet known: later decisions, completions and end dates are left blank, so a realistic share of
contacts is still awaiting a decision and some assessments, allocations and referrals are open.

Larger councils have more teams: one "area" (an IAA hub, a safeguarding, a care-and-support and a
looked-after-children team) per 125,000 contacts, plus one managed care team.

Files are cached under ``benchmarks/out/`` keyed by N, seed, end date and generator version; the
same key gives byte-identical files. Run ``python benchmarks/bigdata.py --rows 1000000`` to
generate (or find) them and print their paths and row counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bigdata_child_protection  # noqa: E402  (beside this file)
import bigdata_looked_after  # noqa: E402  (beside this file)
import bigdata_workforce  # noqa: E402  (beside this file)

from pipelines.extracts import EXTRACT_TYPES  # noqa: E402  (needs ROOT on the path)

OUT_DIR = Path(__file__).resolve().parent / "out"
END_DATE = dt.date(2025, 3, 30)
YEARS = 6
DEFAULT_SEED = 20250330
# 2: the child protection extracts; 3: the looked-after extracts; 4: the workforce extracts
GENERATOR_VERSION = 4
KINDS = ("workers", "allocations", "contacts", "assessments", "service_referrals")
# Generated together from their own stream (np.random.default_rng([seed, 11])), so adding them
# changed none of the files above.
CP_KINDS = bigdata_child_protection.KINDS
# Likewise the looked-after extracts (np.random.default_rng([seed, 12])).
LAC_KINDS = bigdata_looked_after.KINDS
# Likewise the workforce extracts (np.random.default_rng([seed, 13])).
WF_KINDS = bigdata_workforce.KINDS
ALL_KINDS = (*KINDS, *CP_KINDS, *LAC_KINDS, *WF_KINDS)

# The demo's proportions, per 111,000 contacts.
DEMO_CONTACTS = 111_000
PER_DEMO = {
    "assessments": 28_000,
    "workers": 280,
    "allocations": 17_000,
    "service_referrals": 8_500,
    "children": 30_000,
    "cp_registrations": 2_860,
    "strategy_discussions": 9_930,
    "lac_periods": 1_100,
}
CONTACTS_PER_AREA = 125_000
AREA_NAMES = ("North", "South", "East", "West", "Central", "Coast", "Valleys", "Vale")

# Shares measured on the demo extracts (end date 2025-03-30).
CONTACT_SOURCES = {
    "Police": 0.361,
    "Health": 0.178,
    "Education": 0.151,
    "Self/family": 0.125,
    "Local authority": 0.103,
    "Other": 0.082,
}
CONTACT_OUTCOMES = {
    "No further action": 0.350,
    "Information and advice": 0.251,
    "Early help": 0.143,
    "Assessment": 0.177,
    "Strategy discussion": 0.079,
}
# Contacts received per hour of the day (demo counts).
HOUR_WEIGHTS = (
    794, 746, 785, 818, 870, 824, 798, 1335, 1809, 6301, 9745, 11401,
    11428, 10041, 7712, 5023, 2208, 1061, 1271, 1388, 1282, 1354, 1351, 1368,
)  # fmt: skip
ASSESSMENT_OUTCOMES = {
    "No further action": 0.267,
    "Information and advice": 0.105,
    "Early help": 0.252,
    "Care and support plan": 0.240,
    "Child protection": 0.094,
    "Looked after": 0.042,
}
WORKER_ROLES = {
    "Social worker": 0.695,
    "Senior practitioner": 0.145,
    "Consultant social worker": 0.023,
    "Team manager": 0.039,
    "Family support worker": 0.098,
}
CASE_HOLDING = ("Social worker", "Senior practitioner", "Consultant social worker")
FTE_VALUES = {"1": 0.895, "0.8": 0.039, "0.7": 0.012, "0.6": 0.054}
CASE_TYPES = {"Care and support": 0.631, "Child protection": 0.234, "Looked after": 0.135}
SERVICES = {
    "Youth Emotional Mental Health Team": 0.360,
    "Family Support": 0.349,
    "Parenting": 0.202,
    "Young Carers": 0.089,
}


@dataclass(frozen=True)
class Scale:
    """How many rows of each extract, and how many children and areas, for ``contacts`` rows."""

    contacts: int
    assessments: int
    workers: int
    allocations: int
    service_referrals: int
    children: int
    areas: int
    cp_registrations: int = 0
    strategy_discussions: int = 0
    lac_periods: int = 0

    @classmethod
    def for_contacts(cls, n: int) -> Scale:
        ratio = n / DEMO_CONTACTS
        counts = {k: max(1, round(v * ratio)) for k, v in PER_DEMO.items()}
        return cls(contacts=n, areas=max(1, math.ceil(n / CONTACTS_PER_AREA)), **counts)

    def rows(self, kind: str) -> int:
        return int(getattr(self, kind))


def span(end: dt.date = END_DATE) -> tuple[int, int]:
    """First and last day (days since 1970-01-01) of the six years ending on ``end``."""
    first = end.replace(year=end.year - YEARS) + dt.timedelta(days=1)
    epoch = dt.date(1970, 1, 1)
    return (first - epoch).days, (end - epoch).days


def shown(path: Path) -> str:
    """A path relative to the project root when it is inside it (for messages)."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def cache_dir(n: int, seed: int, end: dt.date = END_DATE) -> Path:
    return OUT_DIR / f"extracts-n{n}-seed{seed}-end{end:%Y%m%d}-v{GENERATOR_VERSION}"


def area_names(count: int) -> list[str]:
    return [AREA_NAMES[i] if i < len(AREA_NAMES) else f"Area {i + 1}" for i in range(count)]


def teams(kind: str, areas: int) -> list[str]:
    """Team names of one kind ('IAA Hub', 'Safeguarding', ...) for each area."""
    if areas == 1:
        return [kind]
    return [f"{kind} {name}" for name in area_names(areas)]


# --- vectorised helpers --------------------------------------------------------------------------


def _choice(rng: np.random.Generator, shares: dict[str, float], size: int) -> np.ndarray:
    p = np.array(list(shares.values()), dtype=float)
    return rng.choice(len(p), size=size, p=p / p.sum())


def _labels(codes: np.ndarray, names: list[str] | tuple[str, ...]) -> pl.Series:
    """Codes 0..k-1 as their labels; negative codes are blank."""
    table = pl.Series(list(names), dtype=pl.String)
    index = pl.Series(np.where(codes < 0, 0, codes), dtype=pl.UInt32)
    return table.gather(index).set(pl.Series(codes < 0), None)  # type: ignore[arg-type]


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pl.Series:
    digits = pl.Series(np.asarray(numbers, dtype=np.int64)).cast(pl.String).str.zfill(width)
    return prefix + digits


def _width(count: int, minimum: int) -> int:
    return max(minimum, len(str(count)))


def _dates(days: np.ndarray, valid: np.ndarray | None = None) -> pl.Series:
    series = pl.Series(np.asarray(days, dtype=np.int32)).cast(pl.Date)
    text = series.dt.strftime("%d/%m/%Y")
    return text if valid is None else text.set(pl.Series(~valid), None)  # type: ignore[arg-type]


def _datetimes(minutes: np.ndarray, valid: np.ndarray | None = None) -> pl.Series:
    series = pl.Series(np.asarray(minutes, dtype=np.int64) * 60_000).cast(pl.Datetime("ms"))
    text = series.dt.strftime("%d/%m/%Y %H:%M")
    return text if valid is None else text.set(pl.Series(~valid), None)  # type: ignore[arg-type]


def _yes_no(flags: np.ndarray) -> pl.Series:
    """1 -> Yes, 0 -> No, -1 -> blank."""
    return _labels(np.where(flags < 0, -1, 1 - flags), ("Yes", "No"))


def _day_weights(first: int, last: int, weekend: float, growth: float = 0.5) -> np.ndarray:
    """Relative volume per day: weekends lighter, and a gentle rise over the years."""
    days = np.arange(first, last + 1)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday: 0 = Monday
    weights = np.where(weekday >= 5, weekend, 1.0)
    trend = 1.0 - growth / 2 + growth * (days - first) / max(1, last - first)
    weights = weights * trend
    return weights / weights.sum()


def _days(rng: np.random.Generator, first: int, last: int, size: int, weekend: float) -> np.ndarray:
    return first + rng.choice(last - first + 1, size=size, p=_day_weights(first, last, weekend))


def _lognormal_days(rng: np.random.Generator, median: float, sigma: float, size: int) -> np.ndarray:
    return np.rint(rng.lognormal(math.log(median), sigma, size)).astype(np.int64)


# --- the extracts ---------------------------------------------------------------------------------


def contacts_frame(rng: np.random.Generator, scale: Scale, first: int, last: int) -> pl.DataFrame:
    """Contacts in order of receipt; a decision later than the end date is not known yet."""
    n = scale.contacts
    day = np.sort(_days(rng, first, last, n, weekend=0.29))
    hours = np.array(HOUR_WEIGHTS, dtype=float)
    minute_of_day = rng.choice(24, size=n, p=hours / hours.sum()) * 60 + rng.integers(0, 60, n)
    received = day * 1440 + minute_of_day
    order = np.argsort(received, kind="stable")
    received = received[order]
    # Decision delay (minutes): a quick share, the bulk within a day or two, and a slow tail
    # (medians ~21 h overall, 90th percentile ~4 days, as in the demo).
    kind = rng.choice(3, size=n, p=[0.25, 0.70, 0.05])
    median_min = np.array([90.0, 28 * 60.0, 6 * 1440.0])[kind]
    sigma = np.array([0.7, 0.8, 0.9])[kind]
    delay = np.rint(np.exp(np.log(median_min) + sigma * rng.standard_normal(n))).astype(np.int64)
    decision = received + np.maximum(delay, 1)
    decided = decision < (last + 1) * 1440  # not yet known after the end date
    child = rng.integers(0, scale.children, n)
    area = child % scale.areas
    return pl.DataFrame(
        {
            "contact_id": _ids("C", np.arange(1, n + 1), _width(n, 7)),
            "child_id": _ids("CH", child + 1, _width(scale.children, 6)),
            "received_at": _datetimes(received),
            "source": _labels(_choice(rng, CONTACT_SOURCES, n), list(CONTACT_SOURCES)),
            "decision_at": _datetimes(decision, decided),
            "outcome": _labels(
                np.where(decided, _choice(rng, CONTACT_OUTCOMES, n), -1), list(CONTACT_OUTCOMES)
            ),
            "team": _labels(area, teams("IAA Hub", scale.areas)),
        }
    )


@dataclass(frozen=True)
class Workforce:
    """Workers as arrays, so the case extracts can pick workers of the right team."""

    ids: list[str]
    team: np.ndarray  # index into team_names
    team_names: list[str]
    role: np.ndarray  # index into WORKER_ROLES

    @property
    def case_holding(self) -> np.ndarray:
        names = list(WORKER_ROLES)
        return np.isin(self.role, [names.index(r) for r in CASE_HOLDING])


def _team_layout(areas: int) -> tuple[list[str], dict[str, list[int]]]:
    """Every team name, and the indexes of each kind of team."""
    names: list[str] = []
    kinds: dict[str, list[int]] = {}
    for kind in ("IAA Hub", "Safeguarding", "Care and Support", "Looked After Children"):
        kinds[kind] = list(range(len(names), len(names) + areas))
        names += teams(kind, areas)
    kinds["Managed Care Team"] = [len(names)]
    names.append("Managed Care Team")
    return names, kinds


TEAM_SHARES = {
    "IAA Hub": 0.15,
    "Safeguarding": 0.30,
    "Care and Support": 0.29,
    "Looked After Children": 0.19,
    "Managed Care Team": 0.07,
}


def workforce(rng: np.random.Generator, scale: Scale) -> Workforce:
    """Each worker's team and role, shared by the workers file and the case files."""
    n = scale.workers
    names, kinds = _team_layout(scale.areas)
    kind = _choice(rng, TEAM_SHARES, n)
    area = rng.integers(0, scale.areas, n)
    by_kind = [kinds[k] for k in TEAM_SHARES]
    team = np.array([by_kind[k][a % len(by_kind[k])] for k, a in zip(kind, area, strict=True)])
    ids = [f"W{i:0{_width(n, 4)}d}" for i in range(1, n + 1)]
    return Workforce(ids, team, names, _choice(rng, WORKER_ROLES, n))


def workers_frame(
    rng: np.random.Generator, force: Workforce, scale: Scale, first: int, last: int
) -> pl.DataFrame:
    """Staff who were in post at some time in the six years (some started years before)."""
    n = scale.workers
    start = rng.integers(first - 9 * 365, last + 1, n)
    # Tenure is memoryless, so a worker already in post on the first day leaves Exp(mean) later.
    tenure = np.rint(rng.exponential(6 * 365, n)).astype(np.int64) + 30
    leave = np.maximum(start, first) + tenure
    left = leave <= last
    social_work = force.role != list(WORKER_ROLES).index("Family support worker")
    newly = rng.random(n) < 0.12  # in their first year in practice when they start
    qualified = np.where(
        newly, start - rng.integers(0, 180, n), start - rng.integers(180, 20 * 365, n)
    )
    return pl.DataFrame(
        {
            "worker_id": pl.Series(force.ids, dtype=pl.String),
            "team": _labels(force.team, force.team_names),
            "role": _labels(force.role, list(WORKER_ROLES)),
            "employment": _labels((rng.random(n) < 0.36).astype(np.int64), ("Permanent", "Agency")),
            "fte": _labels(_choice(rng, FTE_VALUES, n), list(FTE_VALUES)),
            "qualified_date": _dates(qualified, social_work),
            "start_date": _dates(start),
            "leaving_date": _dates(leave, left),
            "leaving_reason": pl.Series([None] * n, dtype=pl.String),
        }
    )


def _pick_workers(rng: np.random.Generator, force: Workforce, team: np.ndarray) -> pl.Series:
    """A case-holding worker of each row's team (blank when the team has none)."""
    picked = np.full(len(team), -1, dtype=np.int64)
    for t in np.unique(team):
        rows = np.nonzero(team == t)[0]
        pool = np.nonzero(force.case_holding & (force.team == t))[0]
        if len(pool):
            picked[rows] = pool[rng.integers(0, len(pool), len(rows))]
    return _labels(picked, force.ids)


def assessments_frame(
    rng: np.random.Generator, force: Workforce, scale: Scale, first: int, last: int
) -> pl.DataFrame:
    """Assessments completed about 42 days after the referral (open if after the end date)."""
    n = scale.assessments
    referral = np.sort(_days(rng, first, last, n, weekend=0.05))
    start = np.minimum(referral + np.minimum(rng.geometric(0.3, n) - 1, 14), last)
    completed = np.maximum(referral + _lognormal_days(rng, 42, 0.4, n), start)
    done = completed <= last
    seen = np.where(rng.random(n) < 0.93, 1, 0)
    seen = np.where(~done & (rng.random(n) < 0.5), -1, seen)
    alone = np.where(seen == 1, np.where(rng.random(n) < 0.6, 1, 0), -1)
    _, kinds = _team_layout(scale.areas)
    pool = np.array(kinds["Safeguarding"] + kinds["Managed Care Team"])
    weights = np.array([0.967 / scale.areas] * scale.areas + [0.033])
    team = pool[rng.choice(len(pool), n, p=weights / weights.sum())]
    return pl.DataFrame(
        {
            "assessment_id": _ids("A", np.arange(1, n + 1), _width(n, 7)),
            "child_id": _ids(
                "CH", rng.integers(1, scale.children + 1, n), _width(scale.children, 6)
            ),
            "referral_date": _dates(referral),
            "start_date": _dates(start),
            "completed_date": _dates(completed, done),
            "outcome": _labels(
                np.where(done, _choice(rng, ASSESSMENT_OUTCOMES, n), -1), list(ASSESSMENT_OUTCOMES)
            ),
            "team": _labels(team, force.team_names),
            "worker_id": _pick_workers(rng, force, team),
            "child_seen": _yes_no(seen),
            "child_seen_alone": _yes_no(alone),
        }
    )


def allocations_frame(
    rng: np.random.Generator, force: Workforce, scale: Scale, first: int, last: int
) -> pl.DataFrame:
    """Allocation periods by case type and team; short ones without a worker await allocation."""
    n = scale.allocations
    before = rng.random(n) < 0.08  # cases already open when the six years start
    start = np.where(
        before, rng.integers(first - 3 * 365, first, n), _days(rng, first, last, n, weekend=0.05)
    )
    start = np.sort(start)
    awaiting = rng.random(n) < 0.19  # periods open to the team awaiting a named worker
    duration = np.where(
        awaiting, _lognormal_days(rng, 7, 1.0, n), _lognormal_days(rng, 150, 1.0, n)
    )
    end = start + duration
    ended = end <= last
    case_type = _choice(rng, CASE_TYPES, n)
    _, kinds = _team_layout(scale.areas)
    area = rng.integers(0, scale.areas, n)
    support = np.where(
        rng.random(n) < 0.1,
        kinds["Managed Care Team"][0],
        np.array(kinds["Care and Support"])[area],
    )
    team = np.select(
        [case_type == 2, case_type == 1],
        [np.array(kinds["Looked After Children"])[area], np.array(kinds["Safeguarding"])[area]],
        support,
    )
    worker = _pick_workers(rng, force, team)
    worker = worker.set(pl.Series(awaiting), None)  # type: ignore[arg-type]
    plo = np.where(rng.random(n) < np.where(case_type == 0, 0.03, 0.18), 1, 0)
    return pl.DataFrame(
        {
            "allocation_id": _ids("AL", np.arange(1, n + 1), _width(n, 6)),
            "child_id": _ids(
                "CH", rng.integers(1, scale.children + 1, n), _width(scale.children, 6)
            ),
            "worker_id": worker,
            "team": _labels(team, force.team_names),
            "case_type": _labels(case_type, list(CASE_TYPES)),
            "plo": _yes_no(plo),
            "allocated_from": _dates(start),
            "allocated_to": _dates(end, ended),
        }
    )


def service_referrals_frame(
    rng: np.random.Generator, scale: Scale, first: int, last: int
) -> pl.DataFrame:
    """Referrals allocated after a few weeks' wait, a few closed without a service instead."""
    n = scale.service_referrals
    referred = np.sort(_days(rng, first, last, n, weekend=0.05))
    closed_instead = rng.random(n) < 0.025
    allocated = referred + 8 + np.rint(rng.gamma(4.0, 7.0, n)).astype(np.int64)
    closed = referred + 14 + np.rint(rng.exponential(15.0, n)).astype(np.int64)
    return pl.DataFrame(
        {
            "referral_id": _ids("SR", np.arange(1, n + 1), _width(n, 6)),
            "child_id": _ids(
                "CH", rng.integers(1, scale.children + 1, n), _width(scale.children, 6)
            ),
            "service": _labels(_choice(rng, SERVICES, n), list(SERVICES)),
            "referred_date": _dates(referred),
            "allocated_date": _dates(allocated, ~closed_instead & (allocated <= last)),
            "closed_date": _dates(closed, closed_instead & (closed <= last)),
        }
    )


# --- writing and caching --------------------------------------------------------------------------


def _write(frame: pl.DataFrame, kind: str, path: Path) -> Path:
    """Write with the analyst-facing header labels, atomically (a partial file is never cached)."""
    extract = EXTRACT_TYPES[kind]
    assert frame.columns == extract.columns, (kind, frame.columns)
    labelled = frame.rename({c: extract.header_label(c) for c in frame.columns})
    partial = path.with_name(f"{path.name}.partial-{os.getpid()}")
    labelled.write_csv(partial, line_terminator="\n", null_value="")
    os.replace(partial, path)
    return path


def generate(
    n: int,
    *,
    seed: int = DEFAULT_SEED,
    kinds: tuple[str, ...] = ALL_KINDS,
    end: dt.date = END_DATE,
    out: object = sys.stdout,
) -> dict[str, Path]:
    """Paths of the CSV files for ``n`` contacts (generating any not cached yet)."""
    directory = cache_dir(n, seed, end)
    paths = {kind: directory / f"{kind}.csv" for kind in kinds}
    missing = [kind for kind in kinds if not paths[kind].exists()]
    if not missing:
        return paths
    directory.mkdir(parents=True, exist_ok=True)
    scale = Scale.for_contacts(n)
    first, last = span(end)
    # One independent stream per extract: generating one file never changes another.
    streams = dict(zip((*KINDS, "workforce"), np.random.SeedSequence(seed).spawn(6), strict=True))
    force = workforce(np.random.default_rng(streams["workforce"]), scale)
    if set(missing) & set(CP_KINDS):
        started = time.perf_counter()
        team_names, layout = _team_layout(scale.areas)
        made = bigdata_child_protection.frames(
            np.random.default_rng([seed, 11]),
            registrations=scale.cp_registrations,
            discussions=scale.strategy_discussions,
            children=scale.children,
            team_names=[team_names[i] for i in layout["Safeguarding"]],
            first=first,
            last=last,
        )
        for kind in CP_KINDS:
            _write(made[kind], kind, directory / f"{kind}.csv")
        print(
            f"generated the child protection extracts ({', '.join(CP_KINDS)}) in "
            f"{time.perf_counter() - started:.1f} s",
            file=out,  # type: ignore[arg-type]
        )
    if set(missing) & set(LAC_KINDS):
        started = time.perf_counter()
        team_names, layout = _team_layout(scale.areas)
        made = bigdata_looked_after.frames(
            np.random.default_rng([seed, 12]),
            periods=scale.lac_periods,
            children=scale.children,
            team_names=[team_names[i] for i in layout["Looked After Children"]],
            first=first,
            last=last,
        )
        for kind in LAC_KINDS:
            _write(made[kind], kind, directory / f"{kind}.csv")
        print(
            f"generated the looked-after extracts ({', '.join(LAC_KINDS)}) in "
            f"{time.perf_counter() - started:.1f} s",
            file=out,  # type: ignore[arg-type]
        )
    if set(missing) & set(WF_KINDS):
        started = time.perf_counter()
        made = bigdata_workforce.frames(
            np.random.default_rng([seed, 13]),
            worker_ids=force.ids,
            team_names=force.team_names,
            worker_teams=force.team,
            children=scale.children,
            first=first,
            last=last,
        )
        for kind in WF_KINDS:
            _write(made[kind], kind, directory / f"{kind}.csv")
        print(
            f"generated the workforce extracts ({', '.join(WF_KINDS)}) in "
            f"{time.perf_counter() - started:.1f} s",
            file=out,  # type: ignore[arg-type]
        )
    for kind in [k for k in missing if k in KINDS]:
        started = time.perf_counter()
        rng = np.random.default_rng(streams[kind])
        if kind == "contacts":
            frame = contacts_frame(rng, scale, first, last)
        elif kind == "workers":
            frame = workers_frame(rng, force, scale, first, last)
        elif kind == "assessments":
            frame = assessments_frame(rng, force, scale, first, last)
        elif kind == "allocations":
            frame = allocations_frame(rng, force, scale, first, last)
        else:
            frame = service_referrals_frame(rng, scale, first, last)
        _write(frame, kind, paths[kind])
        print(
            f"generated {shown(paths[kind])}: {frame.height:,} rows "
            f"in {time.perf_counter() - started:.1f} s",
            file=out,  # type: ignore[arg-type]
        )
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="contacts (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--only", choices=ALL_KINDS, action="append", help="generate only these")
    args = parser.parse_args(argv)
    paths = generate(args.rows, seed=args.seed, kinds=tuple(args.only or ALL_KINDS))
    scale = Scale.for_contacts(args.rows)
    print(f"{scale}")
    for kind, path in paths.items():
        size = path.stat().st_size / 1e6
        print(f"{kind:>18}: {shown(path)} ({size:,.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
