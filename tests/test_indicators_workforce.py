"""Workforce, supervision and practice-quality indicators, hand-worked (workforce_establishment,
turnover_sickness, supervision, case_audits and training .sql).

Snapshots are as at the end of the period's last day: a worker who leaves, or a post whose funding
ends, ON the period end no longer counts. Weeks end on Sunday; financial years run April-March.
The data run from the first supervision session (Tue 06/04/2021) to the last (Sat 30/04/2022).

Workers (team, role, employment, FTE, qualified, start, leaving):
    SW1  North  social worker        permanent  1.0  2015        2015
    SW2  North  social worker        agency     1.0  2015        2020
    SP3  South  senior practitioner  permanent  0.5  2010        2018   leaves Thu 31/03/2022
    SW4  South  social worker        permanent  1.0  11/04/2021  01/05/2021
    SW5  South  social worker        permanent  1.0  2016        starts Sun 10/04/2022
    TM6  North  team manager         permanent  1.0  (not a social work post)

Establishment (social work posts unless said): P1, P2 North 1.0; P3, P4 South 1.0; P5 North team
manager; P6 South 1.0, funded to Thu 31/03/2022 (exclusive: not funded at that period end).

SW4 is in the first year of practice up to Sun 10/04/2022 (qualified 11/04/2021, 364 days
before) and in the 1-3 years band from Mon 11/04/2022.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from indicator_helpers import figure, fraction, import_texts, series, settings_patcher

WORKERS = """
Worker ID,Team,Role,Employment,FTE,Qualified Date,Start Date,Leaving Date,Leaving Reason
SW1,North,Social worker,Permanent,1,01/09/2015,01/09/2015,,
SW2,North,Social worker,Agency,1,01/09/2015,01/01/2020,,
SP3,South,Senior practitioner,Permanent,0.5,01/07/2010,01/01/2018,31/03/2022,Resigned
SW4,South,Social worker,Permanent,1,11/04/2021,01/05/2021,,
SW5,South,Social worker,Permanent,1,01/07/2016,10/04/2022,,
TM6,North,Team manager,Permanent,1,01/07/2005,01/01/2015,,
"""

ESTABLISHMENT = """
Post ID,Team,Role,FTE,Funded From,Funded To
P1,North,Social worker,1,01/04/2015,
P2,North,Social worker,1,01/04/2015,
P3,South,Social worker,1,01/04/2015,
P4,South,Social worker,1,01/04/2015,
P5,North,Team manager,1,01/04/2015,
P6,South,Social worker,1,01/04/2015,31/03/2022
"""

# Good Friday 15/04/2022 and Easter Monday 18/04/2022; Early May bank holiday Mon 03/05/2021.
SICKNESS = """
Spell ID,Worker ID,First Day,Last Day,Working Days Lost
S1,SW1,14/04/2022,19/04/2022,
S2,SP3,01/03/2021,05/03/2021,
S3,SW4,28/04/2022,30/04/2022,
S4,SW2,20/04/2022,20/04/2022,
S5,SW1,26/04/2021,07/05/2021,5
S6,SW5,29/04/2022,,
"""

SUPERVISION = """
Session ID,Worker ID,Supervisor ID,Session Date,Recorded In Case System
X0,SW1,TM6,06/04/2021,Yes
X1,SW2,TM6,20/02/2022,Yes
X2,SW1,TM6,01/03/2022,
X3,SW4,TM6,11/03/2022,No
X4,SW1,TM6,14/03/2022,Yes
X5,SW5,TM6,30/04/2022,Yes
"""

AUDITS = """
Audit ID,Child ID,Team,Audit Date,Auditor ID,Practice Area,Grade,Actions Set
A1,CH1,North,10/01/2022,TM6,Care and support plan,Good,No
A2,CH2,North,11/02/2022,TM6,Care and support plan,Outstanding,No
A3,CH3,South,14/03/2022,TM6,Assessment,Requires improvement,Yes
A4,CH4,South,15/03/2022,TM6,Care and support plan,Inadequate,Yes
A5,CH5,South,29/04/2022,TM6,Looked after,Good,
"""

TRAINING = """
Completion ID,Worker ID,Course,Completed Date,Expiry Date
T1,SW1,Safeguarding,01/01/2021,31/03/2022
T2,SW1,Data protection,01/01/2021,
T3,SW2,Safeguarding,01/06/2021,01/06/2024
T4,SW2,Data protection,01/06/2021,
T5,SW4,Safeguarding,01/06/2021,
T6,TM6,SAFEGUARDING ,01/06/2021,
T7,TM6,data protection,01/06/2021,
T8,SW4,Report writing,31/03/2022,
"""

FILES = {
    "workers.csv": WORKERS,
    "establishment.csv": ESTABLISHMENT,
    "sickness_absence.csv": SICKNESS,
    "supervision_sessions.csv": SUPERVISION,
    "case_audits.csv": AUDITS,
    "training_completions.csv": TRAINING,
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workforce")
    path = folder / "store.duckdb"
    with pytest.MonkeyPatch.context() as monkeypatch:
        settings_patcher(monkeypatch)(mandatory_courses=("Safeguarding", "Data protection"))
        import_texts(path, folder, FILES)
    return path


# ------------------------------------------------------------------ vacancies


def test_vacancy_counts_agency_cover_and_part_time_as_vacant(store: Path) -> None:
    # 28/02/2022: North 2 funded, SW1 fills 1 (SW2 is agency); South 3 funded, SP3 0.5 + SW4 1.
    assert fraction(store, "wf_sw_vacancy_pct", "28/02/2022", period_type="month") == (2.5, 5.0)
    assert figure(store, "wf_sw_vacancy_pct", "28/02/2022", period_type="month") == 50.0


def test_a_post_vacant_across_the_year_end(store: Path) -> None:
    # 31/03/2022: SP3 leaves on the year end and P6's funding ends on it; SW5 starts 10/04.
    # South: 2 funded, SW4 fills 1 -> 1 vacant. Without the exclusive ends it would be 3 - 1.5.
    assert fraction(store, "wf_sw_vacancy_pct", "31/03/2022", period_type="year") == (2.0, 4.0)
    assert figure(
        store, "wf_sw_vacancy_pct", "31/03/2022", period_type="year", breakdown="team",
        value="South",
    ) == 50.0  # fmt: skip
    assert figure(store, "wf_sw_vacancy_pct", "30/04/2022", period_type="month") == 25.0


def test_team_vacancies_partition_the_total(store: Path) -> None:
    rows = series(store, "wf_sw_vacancy_pct").filter(period_type="month")
    totals = rows.filter(breakdown="total").select("period_end", "numerator", "denominator")
    teams = (
        rows.filter(breakdown="team")
        .group_by("period_end")
        .agg(num=pl_sum("numerator"), den=pl_sum("denominator"))
    )
    joined = totals.join(teams, on="period_end")
    assert joined.height == totals.height > 0
    assert (joined["numerator"] - joined["num"]).abs().max() < 1e-9
    assert (joined["denominator"] - joined["den"]).abs().max() < 1e-9


def pl_sum(name: str):
    import polars as pl

    return pl.col(name).sum()


# ------------------------------------------------------------------ turnover


def test_a_worker_leaving_on_the_period_end_is_a_leaver(store: Path) -> None:
    # 12 months to 31/03/2022: opening headcount (31/03/2021) SW1, SP3 = 2; closing SW1, SW4 = 2
    # (SP3 left ON the period end); leavers SP3 -> 1 / 2.
    assert fraction(store, "wf_sw_turnover_pct", "31/03/2022", period_type="month") == (1.0, 2.0)
    assert figure(store, "wf_sw_turnover_pct", "31/03/2022", period_type="month") == 50.0
    # The agency worker SW2 is not counted; 30/04/2022: (2 + 3) / 2 = 2.5 -> 40 %.
    assert figure(store, "wf_sw_turnover_pct", "30/04/2022", period_type="month") == 40.0


def test_turnover_by_team_and_reason(store: Path) -> None:
    south = fraction(
        store, "wf_sw_turnover_pct", "31/03/2022", period_type="month", breakdown="team",
        value="South",
    )  # fmt: skip
    assert south == (1.0, 1.0)
    resigned = fraction(
        store, "wf_sw_turnover_pct", "31/03/2022", period_type="month",
        breakdown="leaving_reason", value="Resigned",
    )  # fmt: skip
    assert resigned == (1.0, 2.0)


# ------------------------------------------------------------------ sickness


def test_sickness_counts_working_days_on_the_bank_holiday_calendar(store: Path) -> None:
    # 12 months to 30/04/2022 (from 01/05/2021), permanent social workers only:
    #   S1 Thu 14/04-Tue 19/04/2022 across Easter: 2 working days (Thu, Tue)
    #   S3 Thu 28/04-Sat 30/04/2022: 2;  S6 from Fri 29/04/2022, still absent: 1
    #   S5 Mon 26/04-Fri 07/05/2021, 5 days recorded: 4 of its 9 calendar working days lie
    #      inside (Mon 03/05/2021 is a bank holiday) -> 5 x 4/9
    #   S2 (March 2021) is outside; S4 is the agency worker's.
    # Average FTE: (1 + 0.5 at 30/04/2021, 1 + 1 + 1 at 30/04/2022) / 2 = 2.25.
    days, fte = fraction(store, "wf_sickness_days_fte", "30/04/2022", period_type="month")
    assert days == pytest.approx(5 + 5 * 4 / 9)
    assert fte == 2.25
    value = figure(store, "wf_sickness_days_fte", "30/04/2022", period_type="month")
    assert value == pytest.approx((5 + 5 * 4 / 9) / 2.25)


def test_sickness_waits_for_twelve_months_of_spells(store: Path) -> None:
    # The first spell starts 01/03/2021: a 12-month figure is complete from March 2022 on.
    months = series(store, "wf_sickness_days_fte").filter(period_type="month", breakdown="total")
    valued = months.filter(months["value"].is_not_null())["period_start"].min()
    assert str(valued) == "2022-03-01"


# ------------------------------------------------------------------ supervision


def test_supervision_within_the_policy_interval(store: Path) -> None:
    # Sun 10/04/2022: SW1 27 days (ok), SW2 49 (over 42), SW4 30 (first year: over 28), SW5
    # started that day (ok) -> 2 of 4.
    assert fraction(store, "wf_supervision_timely_pct", "10/04/2022") == (2.0, 4.0)
    first_year = fraction(
        store, "wf_supervision_timely_pct", "10/04/2022", breakdown="experience",
        value="First year",
    )  # fmt: skip
    assert first_year == (0.0, 1.0)


def test_a_first_year_worker_crossing_the_twelve_month_point(store: Path) -> None:
    # Sun 17/04/2022: SW4 is past the first year, so 37 days is within the 42 -> 3 of 4.
    assert fraction(store, "wf_supervision_timely_pct", "17/04/2022") == (3.0, 4.0)
    band = fraction(
        store, "wf_supervision_timely_pct", "17/04/2022", breakdown="experience",
        value="1 to 3 years",
    )  # fmt: skip
    assert band == (1.0, 1.0)


def test_supervision_recorded_leaves_out_not_stated(store: Path) -> None:
    # March 2022: X3 No, X4 Yes, X2 not stated -> 1 of 2.
    assert fraction(store, "wf_supervision_recorded_pct", "31/03/2022", period_type="month") == (
        1.0,
        2.0,
    )


# ------------------------------------------------------------------ audits


def test_audits_good_or_better_with_the_grade_mix(store: Path) -> None:
    # January-March 2022 (A5, in April, also shows the extract runs past the quarter's end).
    assert fraction(store, "wb_casp_audit_good_pct", "31/03/2022", period_type="quarter") == (
        2.0,
        4.0,
    )
    for grade in ("Outstanding", "Good", "Requires improvement", "Inadequate"):
        assert figure(
            store, "wb_casp_audits", "31/03/2022", period_type="quarter", breakdown="grade",
            value=grade,
        ) == 1.0  # fmt: skip
    plans = fraction(
        store, "wb_casp_audit_good_pct", "31/03/2022", period_type="quarter",
        breakdown="practice_area", value="Care and support plan",
    )  # fmt: skip
    assert plans == (2.0, 3.0)


# ------------------------------------------------------------------ training


def test_training_current_on_the_period_end(store: Path) -> None:
    # 28/02/2022: SW1, SW2, TM6 (course names in another case) hold both; SW4 lacks data
    # protection; SP3 holds none -> 3 of 5.
    assert fraction(store, "wf_mandatory_training_pct", "28/02/2022", period_type="month") == (
        3.0,
        5.0,
    )
    # 31/03/2022: SW1's safeguarding expires ON the period end; SP3 has left -> 2 of 4.
    assert fraction(store, "wf_mandatory_training_pct", "31/03/2022", period_type="month") == (
        2.0,
        4.0,
    )


# ------------------------------------------------------------------ the supervision list


def test_the_supervision_list_as_at_the_data_date(store: Path) -> None:
    # As at Sat 30/04/2022: SW2 last seen 20/02 (42 days: due 03/04, 27 days overdue); SW1
    # 14/03 (due 25/04, 5 overdue); SW4 11/03, now 1-3 years (due 22/04, 8 overdue); SW5 seen
    # that day (due 11/06, 42 left).
    from pipelines import read_models
    from pipelines.store import read_connection

    con = read_connection(store)
    try:
        rows = read_models.wf_supervision_due(con)
        south = read_models.wf_supervision_due(con, "South")
    finally:
        con.close()
    assert rows.select("worker_id", "days_left").rows() == [
        ("SW2", -27),
        ("SW4", -8),
        ("SW1", -5),
        ("SW5", 42),
    ]
    assert set(south["worker_id"]) == {"SW4", "SW5"}
    assert rows["experience"].to_list()[1] == "1 to 3 years"


def test_newly_qualified_share_by_headcount(store: Path) -> None:
    # Sun 10/04/2022: SW1, SW2 (agency), SW4 (first year), SW5 -> 1 of 4; a week later SW4 has
    # passed the 12-month point -> 0 of 4.
    assert fraction(store, "wf_newly_qualified_pct", "10/04/2022") == (1.0, 4.0)
    assert fraction(store, "wf_newly_qualified_pct", "17/04/2022") == (0.0, 4.0)


def test_a_record_of_an_unknown_worker_is_imported_with_a_warning(tmp_path: Path) -> None:
    from indicator_helpers import import_text

    from pipelines.ingest import prepare
    from pipelines.store import import_prepared
    from pipelines.store.reader import read_connection

    store = tmp_path / "store.duckdb"
    import_text(store, tmp_path, "workers.csv", WORKERS)
    folder = tmp_path / "hr"
    folder.mkdir()
    path = folder / "supervision_sessions.csv"
    path.write_text(
        "Session ID,Worker ID,Supervisor ID,Session Date,Recorded In Case System\n"
        "X1,SW1,TM6,01/03/2022,Yes\nX2,SW99,TM6,02/03/2022,Yes\n",
        encoding="utf-8",
    )
    outcome = import_prepared(store, prepare(path), imported_by="test")
    warnings = [w for w in outcome.link_warnings if "SW99" in w]
    assert len(warnings) == 1, outcome.link_warnings
    assert "the worker is not in the workers extract" in warnings[0]
    assert warnings[0].startswith("Row 3, column 'Worker ID', value 'SW99': ")
    con = read_connection(store)
    try:
        held = con.execute("SELECT count(*) FROM supervision_sessions").fetchone()
    finally:
        con.close()
    assert held == (2,)  # imported as it is
