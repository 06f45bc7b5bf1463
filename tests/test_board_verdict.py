""" "Better since the inspection?" on constructed series worked by hand.

Every series starts with the same before segment: 24 weekly points alternating 10 and 12, so the
mean is 11, every moving range is 2, and the limits are 11 ± 2.66 × 2 = 5.68 to 16.32. The
inspection is on Monday 2 May 2022; the first point after it ends on Sunday 8 May 2022.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pipelines.board.verdict import (
    IMPROVED,
    MIN_AFTER,
    NO_CHANGE,
    TOO_FEW,
    WORSE,
    verdict,
)
from pipelines.catalogue import indicator

INSPECTION = dt.date(2022, 5, 2)
FIRST_AFTER = dt.date(2022, 5, 8)
BEFORE = [10.0, 12.0] * 12
BACKLOG = indicator("fd_iaa_backlog")  # lower is better
CONTACTS = indicator("fd_contacts_received")  # neutral


def series(after: list[float], point_types: list[str] | None = None) -> pl.DataFrame:
    values = BEFORE + after
    first = FIRST_AFTER - dt.timedelta(weeks=len(BEFORE))
    ends = [first + dt.timedelta(weeks=i) for i in range(len(values))]
    frame = pl.DataFrame({"period_end": ends, "value": values})
    if point_types is not None:
        frame = frame.with_columns(
            point_type=pl.Series(["common_cause"] * len(BEFORE) + point_types)
        )
    return frame


def test_the_before_segment_is_worked_out_by_hand() -> None:
    result = verdict(series([10.0, 12.0] * 5), BACKLOG, INSPECTION)
    assert result.before_mean == 11
    assert result.lower == pytest.approx(5.68)
    assert result.upper == pytest.approx(16.32)
    assert (result.before_points, result.after_points) == (24, 10)


def test_a_clear_sustained_improvement() -> None:
    # Four weeks of noise, then eight weeks at 9 (below the mean of 11; lower is better): the
    # seventh point below completes the shift, which started on the fifth week after.
    result = verdict(series([10.0, 12.0, 10.0, 12.0] + [9.0] * 8), BACKLOG, INSPECTION)
    assert result.outcome == IMPROVED
    assert result.since == FIRST_AFTER + dt.timedelta(weeks=4)
    assert result.words == "improved: a sustained shift since June 2022"


def test_noise_only_is_no_evidence_of_change() -> None:
    # Six below, one on the mean, six below: never seven in a row; nothing beyond the limits.
    noise = [10.0] * 6 + [11.0] + [10.0] * 6 + [12.0, 15.0, 6.0]
    result = verdict(series(noise), BACKLOG, INSPECTION)
    assert result.outcome == NO_CHANGE
    assert result.words == "no evidence of change since the inspection"
    assert result.since is None


def test_a_deterioration() -> None:
    result = verdict(series([13.0] * 7), BACKLOG, INSPECTION)
    assert result.outcome == WORSE
    assert result.words == "worse: a sustained shift since May 2022"


def test_two_of_three_beyond_a_limit_is_a_change() -> None:
    # 17 and 18 are above the upper limit of 16.32: worse from the first of them.
    result = verdict(series([10.0, 12.0, 10.0, 17.0, 11.0, 18.0, 10.0]), BACKLOG, INSPECTION)
    assert result.outcome == WORSE
    assert result.since == FIRST_AFTER + dt.timedelta(weeks=3)


def test_the_latest_run_decides() -> None:
    # Worse at first (seven at 13), then a recovery (seven at 9): improved.
    result = verdict(series([13.0] * 7 + [9.0] * 7), BACKLOG, INSPECTION)
    assert result.outcome == IMPROVED
    assert result.since == FIRST_AFTER + dt.timedelta(weeks=7)


def test_too_few_points_after_the_date() -> None:
    result = verdict(series([9.0] * (MIN_AFTER - 1)), BACKLOG, INSPECTION)
    assert result.outcome == TOO_FEW
    assert result.words == "not enough data since the inspection (6 points; at least 7 needed)"


def test_too_few_points_before_the_date() -> None:
    frame = series([9.0] * 10).tail(10 + 5)
    result = verdict(frame, BACKLOG, INSPECTION)
    assert result.outcome == TOO_FEW
    assert result.words.startswith("not enough data before the inspection (5 points")


def test_a_neutral_indicator_is_higher_or_lower_not_better() -> None:
    result = verdict(series([13.0] * 7), CONTACTS, INSPECTION)
    assert result.outcome == "higher"
    assert result.words == "higher: a sustained shift since May 2022"


def test_a_shift_that_did_not_last_is_no_lasting_change() -> None:
    # Seven at 9 (a shift below), then 10.5 and 11.5 alternating: the last seven average 11.07,
    # above the before mean of 11, and never seven in a row on one side.
    result = verdict(series([9.0] * 7 + [10.5, 11.5] * 4), BACKLOG, INSPECTION)
    assert result.outcome == NO_CHANGE
    assert result.words == "no evidence of a lasting change: the shift of May 2022 did not last"


def test_an_improvement_is_dated_from_its_first_signal() -> None:
    # Below the mean from the first week after, with one week back on the mean in the middle:
    # two shifts below; the verdict dates the improvement from the first.
    result = verdict(series([9.0] * 8 + [11.0] + [9.0] * 8), BACKLOG, INSPECTION)
    assert result.outcome == IMPROVED
    assert result.since == FIRST_AFTER


def test_a_slow_stock_is_judged_on_its_month_end_weeks() -> None:
    # Average caseload is judged on the last week of each month. The 24 weeks before (ending 21
    # November 2021 to 1 May 2022) hold six month-end weeks; the 12 after, two (29 May, 26 June).
    frame = series([9.0] * 12).with_columns(period_type=pl.lit("week"))
    result = verdict(frame, indicator("wf_caseload_avg"), INSPECTION)
    assert result.outcome == TOO_FEW
    assert (result.before_points, result.after_points) == (6, 2)
    assert result.words == "not enough data before the inspection (6 points; at least 12 needed)"
