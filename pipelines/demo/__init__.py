"""Deterministic synthetic case-system extracts for a fictional Welsh county borough.

"Cwm Arian County Borough Council (synthetic)" has about 30,000 children. ``generate_demo`` writes one
CSV per extract type in the shape an analyst would export from Excel (see docs/data-dictionary.md):
contacts, assessments, workers, allocations, service_referrals and indicator_values. The weekly story
from April 2020 follows the Bridgend inspection reports in ``shared/seeds`` so that the dashboard's SPC
charts show real signals: a front-door backlog building from January 2022 to the May 2022 inspection
(special cause concern), then recovering after the managed care team arrives in August 2022 (special
cause improvement); assessment timeliness, caseloads, agency reliance and the Youth Emotional Mental
Health Team waiting list move with it. No real person's data: ids are synthetic codes.

Determinism: every random draw comes from ``numpy.random.Generator`` streams spawned from ``seed``.
The whole history is simulated to a fixed horizon (31 December 2028 for end dates up to 2027) and then
cut at ``end_date``, so the same seed gives the same history whatever the end date: a later end date only
adds weeks and fills in decisions, completions and leaving dates that had not happened yet.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from ._calendar import WorkCalendar, day_number
from ._cases import build_episodes, simulate_allocations
from ._child_protection import generate_child_protection
from ._child_protection_write import write_child_protection
from ._contacts import N_CHILDREN, generate_assessments, generate_contacts
from ._hr import generate_hr, write_hr
from ._indicators import generate_indicator_values
from ._looked_after import generate_looked_after, placement_sufficiency_values
from ._looked_after_write import write_looked_after
from ._population import write_child_population
from ._services import generate_service_referrals
from ._workforce import TEAM_INDEX, generate_workers, pick_team_workers
from ._write import write_extracts, write_frame

__all__ = ["COUNCIL_NAME", "DEFAULT_SEED", "START_DATE", "default_end_date", "generate_demo"]

COUNCIL_NAME = "Cwm Arian County Borough Council (synthetic)"
DEFAULT_SEED = 20220501
START_DATE = dt.date(2020, 4, 6)  # a Monday: the first demo week runs 6-12 April 2020


def default_end_date(today: dt.date | None = None) -> dt.date:
    """The last Sunday strictly before ``today``: the end of the latest complete week."""
    today = today or dt.date.today()
    return today - dt.timedelta(days=(today.weekday() + 1) % 7 or 7)


def simulation_horizon(end_date: dt.date) -> dt.date:
    """Last simulated day: 31 December of 2028, 2031, 2034, ... (the first at least a year on).

    Fixed steps keep histories identical across end dates within the same step.
    """
    year = 2028
    while year < end_date.year + 1:
        year += 3
    return dt.date(year, 12, 31)


def generate_demo(
    out_dir: Path, *, seed: int = DEFAULT_SEED, end_date: dt.date | None = None
) -> dict[str, Path]:
    """Write the six synthetic extracts for weeks from 6 April 2020 to ``end_date`` into ``out_dir``.

    Returns {extract_type: path}. The same ``seed`` and ``end_date`` give byte-identical files.
    ``end_date`` defaults to the last Sunday before today (the latest complete week ending Sunday).
    """
    end = end_date or default_end_date()
    if end < START_DATE + dt.timedelta(days=6):
        raise ValueError(f"end_date must be on or after {START_DATE + dt.timedelta(days=6)}")
    horizon = simulation_horizon(end)
    first, last = day_number(START_DATE), day_number(horizon)
    cal = WorkCalendar(START_DATE.year - 10, horizon.year + 40)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8)]
    child_area = streams[0].integers(0, 2, N_CHILDREN)
    contacts = generate_contacts(streams[1], cal, first, last)
    assessments = generate_assessments(streams[2], cal, contacts, child_area, TEAM_INDEX)
    workers = generate_workers(streams[3], first, last)
    assessment_workers = pick_team_workers(streams[4], workers, assessments.team, assessments.start)
    episodes = build_episodes(streams[5], assessments, child_area, first, last)
    allocations = simulate_allocations(streams[5], episodes, workers, first, last)
    referrals = generate_service_referrals(streams[6], cal, contacts, first, last)
    indicators = generate_indicator_values(streams[7], workers, first, last)
    # Fostering figures the case system does not hold, from the looked-after stream's own child.
    indicators = sorted(
        indicators
        + placement_sufficiency_values(np.random.default_rng([seed, 12, 1]), first, last),
        key=lambda r: (r.indicator_id, r.period_start),
    )
    files = write_extracts(
        Path(out_dir),
        end_day=day_number(end),
        contacts=contacts,
        assessments=assessments,
        assessment_workers=assessment_workers,
        workers=workers,
        allocations=allocations,
        referrals=referrals,
        indicators=indicators,
    )
    files["child_population"] = write_child_population(Path(out_dir), START_DATE, end)
    # Child protection, from its own stream so that every file above is unchanged by it.
    protection = generate_child_protection(
        np.random.default_rng([seed, 11]), cal, contacts, episodes, child_area, first, last
    )
    files.update(write_child_protection(Path(out_dir), day_number(end), protection, write_frame))
    # Looked-after children and missing episodes, from their own stream likewise.
    looked_after = generate_looked_after(
        np.random.default_rng([seed, 12]), cal, episodes, first, last
    )
    files.update(write_looked_after(Path(out_dir), day_number(end), looked_after, write_frame))
    # HR and quality assurance (issue 13), from its own stream for the same reason.
    hr = generate_hr(np.random.default_rng([seed, 13]), cal, workers, allocations, first, last)
    files.update(write_hr(Path(out_dir), hr, cal, day_number(end), write_frame))
    return files
