"""The demo council's looked-after children story (pipelines/demo/_looked_after.py), checked on
the demo store: the same children flow through (the periods of care are the demo's looked-after
cases), and the signals the dashboard is built to show are in the series (out-of-area and
independent placements rising while in-house fostering shrank; a period of late return interviews
after children went missing, then recovery)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from indicator_helpers import demo_series_frame, demo_store_path

from pipelines.store import read_connection


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_store_path(tmp_path_factory)


@pytest.fixture(scope="module")
def frame(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    return demo_series_frame(tmp_path_factory).filter(pl.col("breakdown") == "total")


def values(frame: pl.DataFrame, indicator_id: str, period: str, first: str, last: str) -> list:
    rows = frame.filter(
        (pl.col("indicator_id") == indicator_id)
        & (pl.col("period_type") == period)
        & pl.col("period_end").is_between(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    )
    return rows["value"].to_list()


def query(store: Path, sql: str) -> list[tuple]:
    con = read_connection(store)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_periods_of_care_are_the_looked_after_cases(demo: Path) -> None:
    # Every care episode is of a child with a looked-after case in the allocations opened the same
    # day (allocations start when the case opens).
    unmatched, total = query(
        demo,
        "SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM allocations a "
        "WHERE a.child_id = e.child_id AND a.case_type = 'looked_after' "
        "AND a.allocated_from = e.start_date)), count(*) "
        "FROM lac_episodes e WHERE e.start_date >= DATE '2020-05-01' "
        "AND e.care_episode_id NOT IN (SELECT b.care_episode_id FROM lac_episodes b "
        "JOIN lac_episodes a ON a.care_period_id = b.care_period_id AND a.end_date = b.start_date)",
    )[0]
    assert total > 300 and unmatched == 0


def test_looked_after_children_rate_is_plausible(frame: pl.DataFrame) -> None:
    rates = values(frame, "pv_lac_rate", "quarter", "2021-01-01", "2025-01-01")
    assert all(60 < r < 130 for r in rates)  # Wales: about 110 per 10,000 in 2019


def test_out_of_area_placements_rose_while_in_house_fostering_shrank(
    frame: pl.DataFrame,
) -> None:
    before = values(frame, "pv_out_of_area_pct", "quarter", "2020-09-01", "2021-03-31")
    peak = values(frame, "pv_out_of_area_pct", "quarter", "2023-06-01", "2023-12-31")
    assert max(before) < 16 and min(peak) > 30
    external = values(frame, "pv_external_placement_pct", "quarter", "2020-09-01", "2024-12-31")
    assert external[-1] - external[0] > 20


def test_late_return_interviews_then_recovery(frame: pl.DataFrame) -> None:
    normal = values(frame, "wb_return_interview_72h_pct", "quarter", "2021-01-01", "2022-06-30")
    late = values(frame, "wb_return_interview_72h_pct", "quarter", "2022-12-01", "2023-03-31")
    after = values(frame, "wb_return_interview_72h_pct", "quarter", "2023-09-01", "2024-12-31")
    assert min(normal) > 75 and max(late) < 65 and min(after) > 75


def test_late_return_interviews_are_flagged(demo: Path) -> None:
    flagged = query(
        demo,
        "SELECT count(*) FROM indicator_series WHERE indicator_id = "
        "'wb_return_interview_72h_pct' AND period_type = 'month' AND breakdown = 'total' "
        "AND point_type = 'special_cause_concern' AND period_end BETWEEN DATE '2022-10-01' "
        "AND DATE '2023-03-31'",
    )[0][0]
    assert flagged >= 4


def test_every_looked_after_indicator_has_figures(frame: pl.DataFrame) -> None:
    ids = {
        "pv_lac_rate", "pv_lac_starts", "pv_lac_ceased", "pv_external_placement_pct",
        "pv_out_of_area_pct", "pv_returned_home_pct", "pv_remain_with_family_pct",
        "wb_lac_3plus_placements_pct", "wb_lac_visit_timely_pct", "wb_lac_review_timely_pct",
        "pi_lac_gp_10wd_pct", "wf_lac_sw_stable_6m_pct", "wb_missing_episodes",
        "wb_missing_repeat", "wb_missing_per_child", "wb_return_interview_72h_pct",
        "wb_return_interview_held_pct",
    }  # fmt: skip
    quarters = frame.filter((pl.col("period_type") == "quarter") & pl.col("value").is_not_null())
    assert ids <= set(quarters["indicator_id"].unique())
