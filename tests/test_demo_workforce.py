"""The demo council's HR extracts: consistent with its workers and allocations, and telling the
story of seed 000 and 003 in the computed figures (vacancies and agency reliance peaking in 2022,
supervision slipping while caseloads peaked, audits improving after the 2022 inspection)."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl
import pytest
from indicator_helpers import demo_series_frame, demo_store_path

from pipelines.config import load_settings
from pipelines.demo._hr import COURSES
from pipelines.store import read_connection


@pytest.fixture(scope="session")
def demo_series(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    return demo_series_frame(tmp_path_factory)


@pytest.fixture
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    # One connection per test: a query another test left unfetched must not break this one.
    connection = read_connection(demo_store_path(tmp_path_factory))
    yield connection
    connection.close()


def yearly_mean(series: pl.DataFrame, indicator_id: str, year: int) -> float:
    rows = series.filter(
        (pl.col("indicator_id") == indicator_id)
        & (pl.col("period_type") == "month")
        & (pl.col("breakdown") == "total")
        & (pl.col("period_end").dt.year() == year)
    )
    assert rows.height, f"no {indicator_id} months in {year}"
    return float(rows["value"].mean())  # type: ignore[arg-type]


def test_every_hr_record_names_a_known_worker_in_post(con: duckdb.DuckDBPyConnection) -> None:
    for table, day in (
        ("sickness_absence", "first_day"),
        ("supervision_sessions", "session_date"),
        ("training_completions", "completed_date"),
    ):
        stray = con.execute(
            f"SELECT count(*) FROM {table} t LEFT JOIN workers w USING (worker_id) "
            f"WHERE w.worker_id IS NULL OR t.{day} < w.start_date "
            f"OR (w.leaving_date IS NOT NULL AND t.{day} >= w.leaving_date)"
        ).fetchone()
        assert stray == (0,), table


def test_establishment_teams_are_the_workers_teams(con: duckdb.DuckDBPyConnection) -> None:
    posts = {r[0] for r in con.execute("SELECT DISTINCT team FROM establishment").fetchall()}
    teams = {r[0] for r in con.execute("SELECT DISTINCT team FROM workers").fetchall()}
    assert posts and posts <= teams
    assert "Managed Care Team" not in posts  # agency only: no funded posts


def test_audited_children_were_allocated_then(con: duckdb.DuckDBPyConnection) -> None:
    stray = con.execute(
        "SELECT count(*) FROM case_audits a WHERE NOT EXISTS (SELECT 1 FROM allocations l "
        "WHERE l.child_id = a.child_id AND l.team = a.team AND l.allocated_from <= a.audit_date "
        "AND (l.allocated_to IS NULL OR l.allocated_to > a.audit_date))"
    ).fetchone()
    assert stray == (0,)


def test_the_demo_courses_are_the_configured_mandatory_courses() -> None:
    assert tuple(name for name, _ in COURSES) == load_settings().mandatory_courses


def test_vacancies_and_agency_reliance_peak_in_2022(demo_series: pl.DataFrame) -> None:
    for indicator_id in ("wf_sw_vacancy_pct", "wf_agency_sw_pct"):
        assert yearly_mean(demo_series, indicator_id, 2022) > 1.5 * yearly_mean(
            demo_series, indicator_id, 2020
        ), indicator_id


def test_supervision_slips_while_caseloads_peak(demo_series: pl.DataFrame) -> None:
    rows = demo_series.filter(
        (pl.col("indicator_id") == "wf_supervision_timely_pct")
        & (pl.col("period_type") == "month")
        & (pl.col("breakdown") == "total")
    )

    def at(day: dt.date) -> float:
        return float(rows.filter(pl.col("period_end") == day)["value"][0])

    assert at(dt.date(2022, 6, 30)) < at(dt.date(2021, 6, 30)) - 10
    assert at(dt.date(2024, 6, 30)) > at(dt.date(2022, 6, 30)) + 10
    assert yearly_mean(demo_series, "wf_supervision_recorded_pct", 2022) < yearly_mean(
        demo_series, "wf_supervision_recorded_pct", 2021
    )


def test_audits_improve_after_the_2022_inspection(demo_series: pl.DataFrame) -> None:
    rows = demo_series.filter(
        (pl.col("indicator_id") == "wb_casp_audit_good_pct")
        & (pl.col("period_type") == "year")
        & (pl.col("breakdown") == "total")
    )
    by_year = dict(zip(rows["period_end"].dt.year(), rows["value"], strict=True))
    assert by_year[2024] > by_year[2022] + 10  # financial years ending March 2024 and 2022


def test_the_grade_mix_partitions_the_audits(demo_series: pl.DataFrame) -> None:
    rows = demo_series.filter(
        (pl.col("indicator_id") == "wb_casp_audits") & (pl.col("period_type") == "quarter")
    )
    total = rows.filter(breakdown="total").select("period_end", "value")
    grades = rows.filter(breakdown="grade").group_by("period_end").agg(pl.col("value").sum())
    joined = total.join(grades, on="period_end", suffix="_grades")
    assert joined.height == total.height > 0
    assert (joined["value"] == joined["value_grades"]).all()


@pytest.mark.parametrize(
    "indicator_id",
    [
        "wf_sw_vacancy_pct",
        "wf_newly_qualified_pct",
        "wf_sw_turnover_pct",
        "wf_supervision_timely_pct",
        "wf_supervision_recorded_pct",
        "wb_casp_audit_good_pct",
        "wf_mandatory_training_pct",
    ],
)
def test_percentages_lie_between_0_and_100(demo_series: pl.DataFrame, indicator_id: str) -> None:
    values = demo_series.filter(pl.col("indicator_id") == indicator_id)["value"].drop_nulls()
    assert values.len() > 0
    assert values.min() >= 0 and values.max() <= 100  # type: ignore[operator]


WORKFORCE_FAMILIES = {
    "caseloads",
    "workforce_establishment",
    "turnover_sickness",
    "supervision",
    "case_audits",
    "training",
}


def test_every_workforce_link_of_the_register_has_demo_data(
    demo_series: pl.DataFrame, con: duckdb.DuckDBPyConnection
) -> None:
    # The concerns page: each finding linked to a workforce, supervision or audit measure shows a
    # latest value for it on the demo store (monthly, or quarterly for the audit measures).
    from pipelines.catalogue import load_catalogue
    from pipelines.concerns import linked_status
    from pipelines.read_models import concern_register

    catalogue = load_catalogue()
    wanted = {i for i, x in catalogue.items() if x.computation in WORKFORCE_FAMILIES}
    register = concern_register(con)
    rows = {
        indicator_id: demo_series.filter(
            (pl.col("indicator_id") == indicator_id)
            & (pl.col("breakdown") == "total")
            & (pl.col("period_type") == ("quarter" if "audit" in indicator_id else "month"))
        ).sort("period_end")
        for indicator_id in wanted
    }
    checked = 0
    for concern in register.iter_rows(named=True):
        ids = [i for i in concern["indicator_ids"].split(";") if i in wanted]
        for status in linked_status(ids, concern["inspection_date"], rows):
            assert status.latest is not None, (concern["concern_id"], status.indicator.id)
            checked += 1
    assert checked >= 25
