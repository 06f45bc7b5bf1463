"""Cut the simulated history at the end date and write the extracts as analyst-style CSV files.

Format (docs/data-dictionary.md): UTF-8, comma-separated, headers are the column names with words
capitalised ("Contact ID"), dates dd/mm/yyyy, date-times dd/mm/yyyy HH:MM, enum values as their human
labels, yes/no as Yes/No, blank for missing. Anything that happens after the end date is not yet known:
rows that start later are dropped, and later decisions, completions and end dates are left blank.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from pipelines.extracts import models as m
from pipelines.extracts.registry import header_label

from ._cases import CASE_TYPES, Allocations
from ._contacts import ASSESSMENT_OUTCOMES, CONTACT_OUTCOMES, SOURCES, Assessments, Contacts
from ._indicators import SOURCE_NOTE, IndicatorRow
from ._services import SERVICES, ServiceReferrals
from ._workforce import TEAMS, Worker

# The contract's own labels, so the demo files always speak the analysts' language.
LABELS: dict[str, str] = {
    **m.CONTACT_SOURCES,
    **m.CONTACT_OUTCOMES,
    **m.CASE_TYPES,
    **m.WORKER_ROLES,
    **m.EMPLOYMENT,
}
_ASSESSMENT_LABELS = {**LABELS, **m.ASSESSMENT_OUTCOMES}
header = header_label


def _labels(codes: np.ndarray, names: tuple[str, ...], labels: dict[str, str]) -> pl.Series:
    table = np.array([labels[n] for n in names] + [None], dtype=object)
    return pl.Series(table[np.where(codes < 0, len(names), codes)], dtype=pl.String)


def _dates(days: np.ndarray, valid: np.ndarray | None = None) -> pl.Series:
    arr = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    if valid is not None:
        arr = np.where(valid, arr, np.datetime64("NaT"))
    return pl.Series(arr).dt.strftime("%d/%m/%Y")


def _datetimes(minutes: np.ndarray, valid: np.ndarray | None = None) -> pl.Series:
    arr = np.asarray(minutes, dtype=np.int64).astype("datetime64[m]").astype("datetime64[ms]")
    if valid is not None:
        arr = np.where(valid, arr, np.datetime64("NaT"))
    return pl.Series(arr).dt.strftime("%d/%m/%Y %H:%M")


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pl.Series:
    s = pl.Series(np.asarray(numbers, dtype=np.int64)).cast(pl.String).str.zfill(width)
    return prefix + s


def _yes_no(flags: np.ndarray) -> pl.Series:
    """1 -> Yes, 0 -> No, -1 -> blank."""
    table = np.array(["No", "Yes", None], dtype=object)
    return pl.Series(table[np.where(flags < 0, 2, flags)], dtype=pl.String)


def _number(x: float | None) -> str | None:
    if x is None:
        return None
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}".rstrip("0")


def _write(df: pl.DataFrame, path: Path) -> Path:
    df = df.rename({c: header(c) for c in df.columns})
    df.write_csv(path, line_terminator="\n", null_value="")
    return path


write_frame = _write  # for the other extract writers (e.g. _child_protection)


def write_extracts(
    out_dir: Path,
    *,
    end_day: int,
    contacts: Contacts,
    assessments: Assessments,
    assessment_workers: np.ndarray,
    workers: list[Worker],
    allocations: Allocations,
    referrals: ServiceReferrals,
    indicators: list[IndicatorRow],
) -> dict[str, Path]:
    """Censor at ``end_day`` (inclusive) and write the six CSV files into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    end_min = (end_day + 1) * 1440  # first minute after the end date
    worker_ids = np.array([w.worker_id for w in workers] + [None], dtype=object)
    paths: dict[str, Path] = {}

    c = contacts
    keep = np.nonzero(c.received_min < end_min)[0]
    decided = c.decision_min[keep] < end_min
    paths["contacts"] = _write(
        pl.DataFrame(
            {
                "contact_id": _ids("C", keep + 1, 7),
                "child_id": _ids("CH", c.child[keep] + 1, 6),
                "received_at": _datetimes(c.received_min[keep]),
                "source": _labels(c.source[keep], SOURCES, LABELS),
                "decision_at": _datetimes(c.decision_min[keep], decided),
                "outcome": _labels(
                    np.where(decided, c.outcome[keep], -1), CONTACT_OUTCOMES, LABELS
                ),
                "team": pl.Series(["IAA Hub"] * len(keep), dtype=pl.String),
            }
        ),
        out_dir / "contacts.csv",
    )

    a = assessments
    keep = np.nonzero(a.start <= end_day)[0]
    done = a.completed[keep] <= end_day
    seen = np.where(done | (a.seen[keep] != 1), a.seen[keep], 1)
    seen = np.where(~done & (keep % 2 == 0), -1, seen)  # often not yet recorded while open
    alone = np.where(seen == 1, a.seen_alone[keep], -1)
    w_idx = assessment_workers[keep]
    paths["assessments"] = _write(
        pl.DataFrame(
            {
                "assessment_id": _ids("A", keep + 1, 7),
                "child_id": _ids("CH", a.child[keep] + 1, 6),
                "referral_date": _dates(a.referral[keep]),
                "start_date": _dates(a.start[keep]),
                "completed_date": _dates(a.completed[keep], done),
                "outcome": _labels(
                    np.where(done, a.outcome[keep], -1), ASSESSMENT_OUTCOMES, _ASSESSMENT_LABELS
                ),
                "team": pl.Series(np.array(TEAMS, dtype=object)[a.team[keep]], dtype=pl.String),
                "worker_id": pl.Series(
                    worker_ids[np.where(w_idx < 0, len(workers), w_idx)], dtype=pl.String
                ),
                "child_seen": _yes_no(seen),
                "child_seen_alone": _yes_no(alone),
            }
        ),
        out_dir / "assessments.csv",
    )

    ws = [w for w in workers if w.start <= end_day]
    paths["workers"] = _write(
        pl.DataFrame(
            {
                "worker_id": [w.worker_id for w in ws],
                "team": [TEAMS[w.team] for w in ws],
                "role": [LABELS[w.role] for w in ws],
                "employment": [LABELS[w.employment] for w in ws],
                "fte": [_number(w.fte) for w in ws],
                "qualified_date": _dates(
                    np.array([w.qualified or 0 for w in ws]),
                    np.array([w.qualified is not None for w in ws]),
                ),
                "start_date": _dates(np.array([w.start for w in ws])),
                "leaving_date": _dates(
                    np.array([w.leave or 0 for w in ws]),
                    np.array([w.leave is not None and w.leave <= end_day for w in ws]),
                ),
            },
            schema_overrides={"fte": pl.String},
        ),
        out_dir / "workers.csv",
    )

    al = allocations
    order = np.lexsort((al.team, al.child, al.start))
    number = np.empty(len(order), dtype=np.int64)
    number[order] = np.arange(1, len(order) + 1)
    keep = np.nonzero(al.start <= end_day)[0]
    keep = keep[np.argsort(number[keep], kind="stable")]
    ended = (al.end[keep] >= 0) & (al.end[keep] <= end_day)
    w_idx = al.worker[keep]
    paths["allocations"] = _write(
        pl.DataFrame(
            {
                "allocation_id": _ids("AL", number[keep], 6),
                "child_id": _ids("CH", al.child[keep] + 1, 6),
                "worker_id": pl.Series(
                    worker_ids[np.where(w_idx < 0, len(workers), w_idx)], dtype=pl.String
                ),
                "team": pl.Series(np.array(TEAMS, dtype=object)[al.team[keep]], dtype=pl.String),
                "case_type": _labels(al.case_type[keep], CASE_TYPES, LABELS),
                "plo": _yes_no(al.plo[keep].astype(np.int64)),
                "allocated_from": _dates(al.start[keep]),
                "allocated_to": _dates(al.end[keep], ended),
            }
        ),
        out_dir / "allocations.csv",
    )

    r = referrals
    keep = np.nonzero(r.referred <= end_day)[0]
    alloc_ok = (r.allocated[keep] >= 0) & (r.allocated[keep] <= end_day)
    closed_ok = (r.closed[keep] >= 0) & (r.closed[keep] <= end_day)
    paths["service_referrals"] = _write(
        pl.DataFrame(
            {
                "referral_id": _ids("SR", keep + 1, 6),
                "child_id": _ids("CH", r.child[keep] + 1, 6),
                "service": pl.Series(
                    np.array(SERVICES, dtype=object)[r.service[keep]], dtype=pl.String
                ),
                "referred_date": _dates(r.referred[keep]),
                "allocated_date": _dates(r.allocated[keep], alloc_ok),
                "closed_date": _dates(r.closed[keep], closed_ok),
            }
        ),
        out_dir / "service_referrals.csv",
    )

    rows = [row for row in indicators if row.period_end <= end_day]
    paths["indicator_values"] = _write(
        pl.DataFrame(
            {
                "indicator_id": [row.indicator_id for row in rows],
                "period_start": _dates(
                    np.array([row.period_start for row in rows], dtype=np.int64)
                ),
                "period_end": _dates(np.array([row.period_end for row in rows], dtype=np.int64)),
                "value": [_number(row.value) for row in rows],
                "numerator": [_number(row.numerator) for row in rows],
                "denominator": [_number(row.denominator) for row in rows],
                "breakdown": pl.Series([None] * len(rows), dtype=pl.String),
                "source_note": [SOURCE_NOTE] * len(rows),
            },
            schema_overrides={"value": pl.String, "numerator": pl.String, "denominator": pl.String},
        ),
        out_dir / "indicator_values.csv",
    )
    return paths
