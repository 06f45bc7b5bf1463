"""Writing the looked-after events as analyst-style CSV files, cut at the end date.

Format as the other demo files (docs/data-dictionary.md): header labels, dd/mm/yyyy dates,
dd/mm/yyyy HH:MM date-times, the contract's labels, Yes/No, blank for missing or not known yet.
Ids are numbered over the whole simulated history, so an earlier end date gives the same ids to
the same events.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.extracts import looked_after as la

from ._child_protection_write import (
    YES_NO,
    Writer,
    _child,
    _day_text,
    _ids,
    _label,
    _minute_text,
    _teams,
)
from ._looked_after import LookedAfter


def _yes_no(values: list[bool | None]) -> pl.Series:
    return pl.Series([None if v is None else YES_NO[bool(v)] for v in values], dtype=pl.String)


def _minutes_or_blank(minutes: list[int], end_minute: int) -> pl.Series:
    text = _minute_text([max(m, 0) for m in minutes])
    return pl.Series(
        [t if 0 <= m < end_minute else None for t, m in zip(text, minutes, strict=True)],
        dtype=pl.String,
    )


def write_looked_after(
    out_dir: Path, end_day: int, events: LookedAfter, write: Writer
) -> dict[str, Path]:
    """Cut the events at ``end_day`` and write the six extracts with ``write(frame, path)``."""
    paths: dict[str, Path] = {}
    episodes = [(n, e) for n, e in enumerate(sorted(events.episodes, key=lambda e: (e[3], e[0])))]
    episodes = [(n, e) for n, e in episodes if e[3] <= end_day]
    ended = [0 <= e[4] <= end_day for _, e in episodes]
    paths["lac_episodes"] = write(
        pl.DataFrame(
            {
                "care_episode_id": _ids("LE", [n for n, _ in episodes], 6),
                "child_id": _child([e[0] for _, e in episodes]),
                "care_period_id": _ids("LP", [e[1] for _, e in episodes], 5),
                "team": _teams([e[2] for _, e in episodes]),
                "start_date": _day_text([e[3] for _, e in episodes], end_day),
                "end_date": _day_text([e[4] for _, e in episodes], end_day),
                "legal_status": _label(la.LEGAL_STATUSES, [e[5] for _, e in episodes]),
                "end_reason": _label(
                    la.END_REASONS,
                    [e[6] if done else None for (_, e), done in zip(episodes, ended, strict=True)],
                ),
                "date_of_birth": _day_text([e[7] for _, e in episodes], end_day),
            }
        ),
        out_dir / "lac_episodes.csv",
    )
    placements = sorted(events.placements, key=lambda p: (p[2], p[0]))
    placed = [(n, p) for n, p in enumerate(placements) if p[2] <= end_day]
    paths["lac_placements"] = write(
        pl.DataFrame(
            {
                "placement_id": _ids("PL", [n for n, _ in placed], 6),
                "child_id": _child([p[0] for _, p in placed]),
                "care_period_id": _ids("LP", [p[1] for _, p in placed], 5),
                "start_date": _day_text([p[2] for _, p in placed], end_day),
                "end_date": _day_text([p[3] for _, p in placed], end_day),
                "placement_type": _label(la.PLACEMENT_TYPES, [p[4] for _, p in placed]),
                "provider": _label(la.PROVIDERS, [p[5] for _, p in placed]),
                "out_of_area": _yes_no([p[6] for _, p in placed]),
                "distance_band": _label(la.DISTANCE_BANDS, [p[7] for _, p in placed]),
                "intended_to_18": _yes_no([p[8] for _, p in placed]),
            }
        ),
        out_dir / "lac_placements.csv",
    )
    visits = sorted(events.visits, key=lambda v: (v[2], v[0]))
    made = [(n, v) for n, v in enumerate(visits) if v[2] <= end_day]
    paths["lac_visits"] = write(
        pl.DataFrame(
            {
                "lac_visit_id": _ids("LV", [n for n, _ in made], 7),
                "child_id": _child([v[0] for _, v in made]),
                "care_period_id": _ids("LP", [v[1] for _, v in made], 5),
                "visit_date": _day_text([v[2] for _, v in made], end_day),
                "child_seen": _yes_no([v[3] for _, v in made]),
                "child_seen_alone": _yes_no([v[4] for _, v in made]),
            }
        ),
        out_dir / "lac_visits.csv",
    )
    reviews = sorted(events.reviews, key=lambda r: (r[1], r[0]))
    held = [(n, r) for n, r in enumerate(reviews) if r[1] <= end_day]
    # As the SSD exports them: the review names the period of care, not the child.
    paths["lac_reviews"] = write(
        pl.DataFrame(
            {
                "lac_review_id": _ids("LR", [n for n, _ in held], 6),
                "child_id": pl.Series([None] * len(held), dtype=pl.String),
                "care_period_id": _ids("LP", [r[0] for _, r in held], 5),
                "review_date": _day_text([r[1] for _, r in held], end_day),
            }
        ),
        out_dir / "lac_reviews.csv",
    )
    gps = sorted(events.gp, key=lambda g: (g[1], g[0]))
    registered = [(n, g) for n, g in enumerate(gps) if g[1] <= end_day]
    paths["lac_health_checks"] = write(
        pl.DataFrame(
            {
                "health_check_id": _ids("HC", [n for n, _ in registered], 6),
                "child_id": _child([g[0] for _, g in registered]),
                "check_type": pl.Series(
                    [la.HEALTH_CHECKS["gp_registration"]] * len(registered), dtype=pl.String
                ),
                "check_date": _day_text([g[1] for _, g in registered], end_day),
            }
        ),
        out_dir / "lac_health_checks.csv",
    )
    end_minute = (end_day + 1) * 1440
    missing = sorted(events.missing, key=lambda m: (m[2], m[0]))
    went = [(n, m) for n, m in enumerate(missing) if m[2] < end_minute]
    paths["missing_episodes"] = write(
        pl.DataFrame(
            {
                "missing_id": _ids("MS", [n for n, _ in went], 6),
                "child_id": _child([m[0] for _, m in went]),
                "episode_type": _label(la.MISSING_TYPES, [m[1] for _, m in went]),
                "started_at": _minute_text([m[2] for _, m in went]),
                "ended_at": _minutes_or_blank([m[3] for _, m in went], end_minute),
                "interview_offered_at": _minutes_or_blank([m[4] for _, m in went], end_minute),
                "interview_held_date": _day_text([m[5] for _, m in went], end_day),
                "interview_declined": _yes_no(
                    [m[6] if 0 <= m[4] < end_minute else None for _, m in went]
                ),
            }
        ),
        out_dir / "missing_episodes.csv",
    )
    return paths
