"""The demo council's child protection story (pipelines/demo/_child_protection.py), checked on the
demo store: the same children flow through, and the signals the dashboard is built to show are in
the series (strategy discussions without police or health in 2022-23, improving after the June
2023 joint inspection; a spell of late initial conferences; visits falling behind while caseloads
peaked; Section 47 outcomes shared beyond the police only after the joint action plan)."""

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
def quarters(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    frame = demo_series_frame(tmp_path_factory)
    return frame.filter((pl.col("breakdown") == "total") & (pl.col("period_type") == "quarter"))


def values(frame: pl.DataFrame, indicator_id: str, first: str, last: str) -> list[float]:
    rows = frame.filter(
        (pl.col("indicator_id") == indicator_id)
        & pl.col("period_end").is_between(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    )
    return rows["value"].to_list()


def query(store: Path, sql: str) -> list[tuple]:
    con = read_connection(store)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_registrations_are_the_child_protection_cases(demo: Path) -> None:
    # Every registration since the demo began is a child protection case in the allocations (the
    # same child, opened at most a week before: the registration starts on the first working day
    # on or after the case opened, the Christmas holidays included).
    unmatched = query(
        demo,
        "SELECT count(*) FROM cp_registrations r WHERE r.start_date >= DATE '2020-05-01' "
        "AND NOT EXISTS (SELECT 1 FROM allocations a WHERE a.child_id = r.child_id "
        "AND a.case_type = 'child_protection' "
        "AND a.allocated_from BETWEEN r.start_date - 7 AND r.start_date)",
    )[0][0]
    total = query(demo, "SELECT count(*) FROM cp_registrations")[0][0]
    assert total > 1500 and unmatched == 0


def test_front_door_strategy_discussions_are_the_contacts_children(demo: Path) -> None:
    missing = query(
        demo,
        "SELECT count(*) FROM strategy_discussions s WHERE NOT EXISTS (SELECT 1 FROM contacts c "
        "WHERE c.child_id = s.child_id) AND NOT EXISTS (SELECT 1 FROM cp_registrations r "
        "WHERE r.child_id = s.child_id)",
    )[0][0]
    assert missing == 0


def test_police_and_health_missing_from_strategy_discussions_in_2022_23(
    quarters: pl.DataFrame,
) -> None:
    before = values(quarters, "pi_strategy_multiagency_pct", "2020-07-01", "2021-12-31")
    during = values(quarters, "pi_strategy_multiagency_pct", "2022-06-30", "2023-06-30")
    after = values(quarters, "pi_strategy_multiagency_pct", "2024-06-30", "2024-12-31")
    assert min(before) > 70 and max(during) < 45 and min(after) > 70


def test_outcomes_shared_beyond_the_police_after_the_joint_action_plan(
    quarters: pl.DataFrame,
) -> None:
    before = values(quarters, "pi_s47_outcome_shared_pct", "2020-07-01", "2023-06-30")
    after = values(quarters, "pi_s47_outcome_shared_pct", "2024-06-30", "2024-12-31")
    assert max(before) < 45 and min(after) > 60


def test_a_spell_of_late_initial_conferences(quarters: pl.DataFrame) -> None:
    spell = values(quarters, "wb_icpc_15wd_pct", "2023-12-31", "2024-03-31")
    others = values(quarters, "wb_icpc_15wd_pct", "2020-07-01", "2023-09-30")
    assert max(spell) < 60 and min(others) > 80


def test_visits_fall_behind_while_caseloads_peak(tmp_path_factory: pytest.TempPathFactory) -> None:
    weeks = demo_series_frame(tmp_path_factory).filter(
        (pl.col("indicator_id") == "wb_cp_visit_10wd_pct")
        & (pl.col("breakdown") == "total")
        & (pl.col("period_type") == "week")
    )
    peak = values(weeks, "wb_cp_visit_10wd_pct", "2022-04-01", "2022-09-30")
    ordinary = values(weeks, "wb_cp_visit_10wd_pct", "2023-04-01", "2024-12-31")
    assert sum(peak) / len(peak) < sum(ordinary) / len(ordinary) - 8


def test_the_register_and_the_funnel_have_the_demo_volumes(quarters: pl.DataFrame) -> None:
    rate = values(quarters, "wb_cpr_rate", "2020-07-01", "2024-12-31")
    assert min(rate) > 40 and max(rate) < 140  # per 10,000 children (about 30,000 children)
    icpcs = sum(values(quarters, "wb_cp_icpcs", "2024-01-01", "2024-12-31"))
    registrations = sum(values(quarters, "wb_cpr_registrations", "2024-01-01", "2024-12-31"))
    enquiries = sum(values(quarters, "wb_cp_s47_enquiries", "2024-01-01", "2024-12-31"))
    assert enquiries > icpcs > registrations * 0.9 > 0
