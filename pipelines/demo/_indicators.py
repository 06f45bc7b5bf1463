"""Already-aggregated indicator figures for the synthetic demo: surveys.

Survey figures are quarterly (financial-year quarters) and follow seed 000's people survey: in 2022
only about half of respondents felt usually or always treated with dignity and respect (33% rarely or
never), about 40% felt listened to (47% rarely or never) and about 37% found the service easy to contact
(30% "not easy", 33% "very difficult"). The HR figures (vacancies, sickness, supervision) are computed
from the demo's HR extracts (``_hr.py``), not supplied here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ._calendar import day_number, ramp, to_date
from ._workforce import Worker

SOURCE_NOTE = "Synthetic demo figure"
INDICATOR_IDS = (
    "fd_survey_easy_contact_pct",
    "pe_survey_dignity_pct",
    "pe_survey_listened_pct",
)
_SURVEY_RATE: dict[str, list[tuple[dt.date, float]]] = {
    "pe_survey_dignity_pct": [
        (dt.date(2020, 5, 15), 0.68),
        (dt.date(2021, 8, 15), 0.64),
        (dt.date(2022, 2, 15), 0.50),
        (dt.date(2022, 8, 15), 0.50),
        (dt.date(2023, 8, 15), 0.66),
        (dt.date(2024, 8, 15), 0.72),
    ],
    "pe_survey_listened_pct": [
        (dt.date(2020, 5, 15), 0.58),
        (dt.date(2021, 8, 15), 0.54),
        (dt.date(2022, 2, 15), 0.40),
        (dt.date(2022, 8, 15), 0.41),
        (dt.date(2023, 8, 15), 0.57),
        (dt.date(2024, 8, 15), 0.63),
    ],
    "fd_survey_easy_contact_pct": [
        (dt.date(2020, 5, 15), 0.62),
        (dt.date(2021, 8, 15), 0.58),
        (dt.date(2022, 2, 15), 0.37),
        (dt.date(2022, 8, 15), 0.40),
        (dt.date(2023, 8, 15), 0.60),
        (dt.date(2024, 8, 15), 0.66),
    ],
}


@dataclass
class IndicatorRow:
    """One aggregated figure (day numbers for the period)."""

    indicator_id: str
    period_start: int
    period_end: int
    value: float
    numerator: float | None
    denominator: float | None


def _month_starts(first: int, horizon: int) -> list[dt.date]:
    d = to_date(first).replace(day=1)
    out = []
    while day_number(d) <= horizon:
        out.append(d)
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def generate_indicator_values(
    rng: np.random.Generator, workers: list[Worker], first: int, horizon: int
) -> list[IndicatorRow]:
    """Quarterly survey and monthly HR figures for whole periods inside [first, horizon]."""
    months = _month_starts(first, horizon)
    starts = np.array([day_number(m) for m in months], dtype=np.int64)
    ends = np.concatenate([starts[1:] - 1, [day_number(_next_month(months[-1])) - 1]])
    rows: list[IndicatorRow] = []
    # Quarterly surveys (April-June, July-September, ...).
    q_idx = [i for i, m in enumerate(months) if m.month in (4, 7, 10, 1)]
    for ind in ("fd_survey_easy_contact_pct", "pe_survey_dignity_pct", "pe_survey_listened_pct"):
        for i in q_idx:
            if i + 2 >= len(months):
                break
            lo, hi = int(starts[i]), int(ends[i + 2])
            denom = int(rng.integers(70, 121))
            p = float(ramp(np.array([(lo + hi) // 2]), _SURVEY_RATE[ind])[0])
            num = int(rng.binomial(denom, p))
            rows.append(IndicatorRow(ind, lo, hi, round(100 * num / denom, 1), num, denom))
    rows.sort(key=lambda r: (r.indicator_id, r.period_start))
    return rows


def _next_month(d: dt.date) -> dt.date:
    return dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
