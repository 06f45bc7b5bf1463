"""Child protection indicators, hand-worked (child_protection_enquiries.sql and
child_protection_register.sql, and the coming-due list cp_coming_due.sql).

Working days are on the England-and-Wales calendar: the clock-start day is day 0. Bank holidays in
these cases: Christmas Day and Boxing Day 2023 (Mon 25, Tue 26 December), New Year's Day 2024 (Mon
1 January), Good Friday 29 March and Easter Monday 1 April 2024, Early May bank holiday Mon 6 May
2024 and the Spring bank holiday Mon 27 May 2024. Weeks end on Sunday; a snapshot is as at the end
of the period's last day. Calendar months are clamped at the month end (30 November + 3 months =
29 February 2024; 31 August 2023 + 6 months = 29 February 2024; 31 January + 3 months = 30 April).

STORE 1 (enquiries). Strategy discussions:
    SD0 K11 North decided and held Mon 04/12/2023 (2 hours; the data start: the first whole week
                  ends 10/12/2023); police and health; no Section 47
    SD6 K1 North  decided 28/02 09:00, held 28/02 10:00 (1 hour); police took part, health did not;
                  no Section 47 (a discussion that did not start an enquiry)
    SD1 K1 North  decided 04/03 10:00, held 05/03 09:30 (23.5 hours: in time); police and health;
                  S47 completed 08/03, conference; outcome shared with both
    SD2 K2 North  decided 04/03 10:00, held 05/03 10:30 (24.5 hours: late); police only took part;
                  S47 completed 13/03, no further action; shared with the police
    SD4 K4 (team from the allocations: North)  no decision recorded, held 06/03 14:00; police not
                  recorded; no Section 47
    SD5 K5 South  dates only: decided Fri 22/12/2023, held Wed 27/12/2023 (the next working day
                  after Christmas: in time, by the proxy); S47 completed 03/01, conference; no
                  partner participation recorded
    SD3 K3 South  dates only: decided Thu 28/03, held Tue 02/04 (the next working day after Easter:
                  in time); police, health, education and probation took part; S47 completed 05/04;
                  shared with police, health and the other agencies but not education
    SD7 K9 South  decided 30/05 09:00, held 31/05 10:00 (25 hours: late); police not invited,
                  health took part; S47 still open
Conferences:
    CF3 K5 initial, follows SD5, Thu 18/01/2024: 15 working days after 27/12 (28, 29 Dec, then 2-5,
        8-12, 15-18 Jan) - in time, on the limit. Not registered; no outline plan by 31/05 (due).
    CF1 K1 initial, names SD6 (28/02) but is timed from K1's later discussion SD1 (05/03): 13
        working days to Fri 22/03 - in time (from SD6 it would be 17). Plan 28/03: 4 WD.
    CF4 K3 initial, follows SD3 (02/04), Wed 24/04: 16 working days - late. Plan Thu 02/05: 6 WD.
    CF5 K6 transfer-in 10/04 (not timed from a discussion); plan 12/04: 2 WD; no attendance recorded.
    CF8 K12 initial 29/05, no strategy discussion (not timed); plan not due by 31/05 (2 WD).
    CF7 K8 initial 31/05, no discussion; plan the same day.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from indicator_helpers import (
    breakdown_values,
    d,
    fraction,
    import_texts,
    period_ends,
    series,
    withdraw,
)

from pipelines.store import read_connection

SD_HEADER = (
    "Strategy ID,Child ID,Team,Decision At,Held At,Police,Health,Education,Other Agencies,"
    "Section 47,S47 Completed Date,S47 Outcome,Police Outcome Shared,Health Outcome Shared,"
    "Education Outcome Shared,Other Agencies Outcome Shared"
)
DISCUSSIONS = f"""
{SD_HEADER}
SD0,K11,North,04/12/2023 08:00,04/12/2023 10:00,Took part,Took part,,,No,,,,,,
SD6,K1,North,28/02/2024 09:00,28/02/2024 10:00,Took part,"Invited, did not take part",,,No,,,,,,
SD1,K1,North,04/03/2024 10:00,05/03/2024 09:30,Took part,Took part,Not invited,,Yes,08/03/2024,\
Initial child protection conference,08/03/2024,11/03/2024,,
SD2,K2,North,04/03/2024 10:00,05/03/2024 10:30,Took part,"Invited, did not take part",,,Yes,\
13/03/2024,No further action,13/03/2024,,,
SD4,K4,,,06/03/2024 14:00,,Took part,,,No,,,,,,
SD5,K5,South,22/12/2023,27/12/2023,,,,,Yes,03/01/2024,Initial child protection conference,,,,
SD3,K3,South,28/03/2024,02/04/2024,Took part,Took part,Took part,probation,Yes,05/04/2024,\
Care and support (no conference),05/04/2024,05/04/2024,,08/04/2024
SD7,K9,South,30/05/2024 09:00,31/05/2024 10:00,Not invited,Took part,,,Yes,,,,,,
"""
CONFERENCE_HEADER = (
    "Conference ID,Child ID,Team,Conference Type,Strategy ID,Conference Date,Registered,"
    "Registration ID,Outline Plan Circulated,Police,Health,Education"
)
CONFERENCES = f"""
{CONFERENCE_HEADER}
CF3,K5,South,Initial,SD5,18/01/2024,No,,,Attended,"Invited, did not take part",Attended
CF1,K1,North,Initial,SD6,22/03/2024,Yes,R1,28/03/2024,Attended,Sent a report,Not invited
CF4,K3,South,Initial,SD3,24/04/2024,Yes,R3,02/05/2024,Attended,Attended,Sent a report
CF5,K6,North,Initial (transfer in),,10/04/2024,Yes,R6,12/04/2024,,,
CF8,K12,,Initial,,29/05/2024,Yes,R13,,"Invited, did not take part",Attended,Attended
CF7,K8,South,Initial,,31/05/2024,Yes,R8,31/05/2024,Attended,Attended,Not invited
"""
ALLOCATIONS = """
Allocation ID,Child ID,Worker ID,Team,Case Type,PLO,Allocated From,Allocated To
AL4,K4,,North,Child protection,No,01/03/2024,
"""


@pytest.fixture(scope="module")
def enquiries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cp_enquiries")
    store = folder / "store.duckdb"
    import_texts(
        store,
        folder,
        {
            "discussions.csv": DISCUSSIONS,
            "conferences.csv": CONFERENCES,
            "allocations.csv": ALLOCATIONS,
        },
    )
    return store


def month(store: Path, indicator_id: str, end: str, **kw: str) -> tuple:
    return fraction(store, indicator_id, end, period_type="month", **kw)


def parts(store: Path, indicator_id: str, breakdown: str, end: str, period_type: str = "week"):
    """The breakdown's values that have a value (every value has a row in every period)."""
    found = breakdown_values(store, indicator_id, breakdown, end, period_type)
    return {k: v for k, v in found.items() if v}


def test_strategy_discussion_within_24_hours(enquiries: Path) -> None:
    assert month(enquiries, "wb_strategy_24h_pct", "29/02/2024") == (1, 1)  # 1 hour
    # SD1 in 23.5 hours, SD2 late at 24.5; SD4 has no decision recorded and is left out.
    assert month(enquiries, "wb_strategy_24h_pct", "31/03/2024") == (1, 2)
    # SD3 has dates only: held the next working day after Easter, in time by the proxy.
    assert month(enquiries, "wb_strategy_24h_pct", "30/04/2024") == (1, 1)
    assert month(enquiries, "wb_strategy_24h_pct", "31/05/2024") == (0, 1)  # 25 hours
    assert month(enquiries, "wb_strategy_24h_pct", "31/01/2024") == (None, None)  # none held
    timing = parts(enquiries, "wb_strategy_24h_pct", "timing", "30/04/2024", "month")
    assert timing == {"Dates only (same or next working day, a proxy)": 100.0}
    march = parts(enquiries, "wb_strategy_24h_pct", "timing", "31/03/2024", "month")
    assert march == {"Date and time recorded (24 hours)": 50.0}


def test_the_proxy_crosses_christmas(enquiries: Path) -> None:
    # SD5: dates only, decided Friday 22/12/2023 and held Wednesday 27/12/2023, one working day
    # later (Christmas Day and Boxing Day are bank holidays): in time by the proxy.
    assert fraction(enquiries, "wb_strategy_24h_pct", "31/12/2023") == (1, 1)
    assert parts(enquiries, "wb_strategy_24h_pct", "timing", "31/12/2023") == {
        "Dates only (same or next working day, a proxy)": 100.0
    }


def test_multi_agency_strategy_discussions(enquiries: Path) -> None:
    assert month(enquiries, "pi_strategy_multiagency_pct", "29/02/2024") == (0, 1)
    # SD1 police and health; SD2 police only; SD4 police not recorded: left out.
    assert month(enquiries, "pi_strategy_multiagency_pct", "31/03/2024") == (1, 2)
    assert month(enquiries, "pi_strategy_multiagency_pct", "30/04/2024") == (1, 1)
    assert month(enquiries, "pi_strategy_multiagency_pct", "31/05/2024") == (0, 1)


def test_counts_of_discussions_and_enquiries(enquiries: Path) -> None:
    held = {m: month(enquiries, "wb_cp_strategy_discussions", m)[0] for m in MONTHS}
    assert held == {"31/01/2024": 0, "29/02/2024": 1, "31/03/2024": 3, "30/04/2024": 1,
                    "31/05/2024": 1}  # fmt: skip
    started = {m: month(enquiries, "wb_cp_s47_enquiries", m)[0] for m in MONTHS}
    assert started == {"31/01/2024": 0, "29/02/2024": 0, "31/03/2024": 2, "30/04/2024": 1,
                       "31/05/2024": 1}  # fmt: skip


MONTHS = ("31/01/2024", "29/02/2024", "31/03/2024", "30/04/2024", "31/05/2024")


def test_team_comes_from_the_allocations_when_not_exported(enquiries: Path) -> None:
    teams = parts(enquiries, "wb_cp_strategy_discussions", "team", "31/03/2024", "month")
    assert teams == {"North": 3.0}  # SD4 has no team of its own: its case is held by North
    teams = parts(enquiries, "wb_cp_icpcs", "team", "31/05/2024", "month")
    assert teams == {"South": 1.0, "Team not recorded": 1.0}  # CF8: no team, no allocation


def test_section_47_outcome_shared_with_every_partner(enquiries: Path) -> None:
    # SD5 (January) has no participation recorded: nothing to count.
    assert month(enquiries, "pi_s47_outcome_shared_pct", "31/01/2024") == (0, 0)
    # SD1 shared with police and health; SD2 with the police, the only partner taking part.
    assert month(enquiries, "pi_s47_outcome_shared_pct", "31/03/2024") == (2, 2)
    # SD3: education took part and was not told.
    assert month(enquiries, "pi_s47_outcome_shared_pct", "30/04/2024") == (0, 1)


def test_initial_conferences_within_15_working_days(enquiries: Path) -> None:
    assert month(enquiries, "wb_icpc_15wd_pct", "31/01/2024") == (1, 1)  # exactly 15 over Xmas
    assert month(enquiries, "wb_icpc_15wd_pct", "31/03/2024") == (1, 1)  # from the latest SD
    assert month(enquiries, "wb_icpc_15wd_pct", "30/04/2024") == (0, 1)  # 16; transfer-in out
    assert month(enquiries, "wb_icpc_15wd_pct", "31/05/2024") == (0, 0)  # no discussion: out
    icpcs = {m: month(enquiries, "wb_cp_icpcs", m)[0] for m in MONTHS}
    assert icpcs == {"31/01/2024": 1, "29/02/2024": 0, "31/03/2024": 1, "30/04/2024": 1,
                     "31/05/2024": 2}  # fmt: skip


def test_outline_plans_within_5_working_days(enquiries: Path) -> None:
    assert month(enquiries, "wb_outline_plan_5wd_pct", "31/01/2024") == (0, 1)  # never sent
    assert month(enquiries, "wb_outline_plan_5wd_pct", "31/03/2024") == (1, 1)
    assert month(enquiries, "wb_outline_plan_5wd_pct", "30/04/2024") == (1, 2)  # 6 WD; 2 WD
    assert month(enquiries, "wb_outline_plan_5wd_pct", "31/05/2024") == (1, 1)  # CF8 not due


def test_partner_participation_in_conferences(enquiries: Path) -> None:
    assert month(enquiries, "pi_conference_attendance_pct", "31/01/2024") == (0, 1)
    assert month(enquiries, "pi_conference_attendance_pct", "31/03/2024") == (1, 1)
    assert month(enquiries, "pi_conference_attendance_pct", "30/04/2024") == (1, 1)  # CF5 out
    assert month(enquiries, "pi_conference_attendance_pct", "31/05/2024") == (1, 2)
    agencies = {
        a: month(enquiries, "pi_conference_attendance_pct", "31/05/2024", breakdown="agency",
                 value=a)
        for a in ("Police", "Health", "Education")
    }  # fmt: skip
    assert agencies == {"Police": (1, 2), "Health": (2, 2), "Education": (1, 1)}


def test_a_withdrawn_discussion_import_leaves_conferences_untimed(tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    ids = import_texts(
        store, tmp_path, {"discussions.csv": DISCUSSIONS, "conferences.csv": CONFERENCES}
    )
    assert month(store, "wb_icpc_15wd_pct", "31/03/2024") == (1, 1)
    withdraw(store, ids["discussions.csv"])
    frame = series(store, "wb_icpc_15wd_pct").filter(pl.col("breakdown") == "total")
    assert frame["denominator"].fill_null(0).sum() == 0  # nothing to time them from
    assert series(store, "wb_cp_strategy_discussions").is_empty()
    monthly = series(store, "wb_cp_icpcs").filter(
        (pl.col("period_type") == "month") & (pl.col("breakdown") == "total")
    )
    # The conferences still count; the data now start with CF3 (18/01), so February to May.
    assert monthly.select("period_end", "value").rows() == [
        (d("29/02/2024"), 0.0), (d("31/03/2024"), 1.0), (d("30/04/2024"), 1.0),
        (d("31/05/2024"), 2.0),
    ]  # fmt: skip


# --------------------------------------------------------------------------------- the register

REGISTRATIONS = """
Registration ID,Child ID,Team,Start Date,End Date,Category,End Reason
R12,K12,South,01/03/2022,01/03/2023,Emotional abuse,No longer at risk
R14,K14,South,15/03/2023,,Neglect,
R9,K9,,31/05/2023,,More than one category,
R7,K7,South,30/11/2023,,Sexual abuse,
R8,K8,North,31/01/2024,10/05/2024,Neglect,No longer at risk
R10,K10,North,05/02/2024,26/02/2024,Neglect,Other reason
R1,K1,North,22/03/2024,,Neglect,
R6,K6,North,10/04/2024,15/05/2024,Physical abuse,Moved to another council
R13,K12,South,10/04/2024,,Emotional abuse,
R11,K10,North,15/04/2024,,Neglect,
R3,K3,South,24/04/2024,,Emotional abuse,
R15,K15,North,31/05/2024,,Neglect,
"""
VISITS = """
Visit ID,Child ID,Visit Date,Child Seen,Child Seen Alone,Registration ID
V1,K1,12/04/2024,Yes,No,R1
V2,K1,29/04/2024,Yes,Yes,R1
V3,K1,20/05/2024,Yes,Yes,R1
V4,K3,13/05/2024,No,,R3
V5,K3,16/05/2024,Yes,Yes,R3
V6,K6,11/04/2024,Yes,No,R6
V7,K7,22/04/2024,Yes,No,R7
V8,K8,15/04/2024,Yes,No,R8
V9,K8,26/04/2024,No,,R8
V10,K9,16/04/2024,Yes,No,R9
V11,K10,26/02/2024,Yes,No,R10
V12,K12,24/04/2024,Yes,No,R13
V13,K14,30/04/2024,Yes,Yes,R14
V14,K7,31/05/2024,Yes,Yes,R7
"""
CORE_GROUPS = """
Core Group ID,Child ID,Meeting Date,Registration ID
G1,K7,07/12/2023,R7
G2,K7,25/03/2024,R7
G3,K8,14/03/2024,R8
G4,K9,13/06/2023,R9
G5,K9,19/03/2024,R9
G6,K1,09/04/2024,R1
G7,K1,17/05/2024,R1
G8,K3,10/05/2024,R3
G9,K10,26/04/2024,R11
G10,K12,18/04/2024,R13
G11,K14,31/05/2024,R14
"""
REVIEWS = f"""
{CONFERENCE_HEADER}
RV1,K12,,Review,,25/05/2022,Yes,R12,,,,
RV2,K14,,Review,,14/06/2023,Yes,R14,,,,
RV3,K9,,Review,,31/08/2023,Yes,R9,,,,
RV4,K14,,Review,,20/12/2023,Yes,R14,,,,
RV5,K7,,Review,,29/02/2024,Yes,R7,,,,
RV6,K9,,Review,,01/03/2024,Yes,R9,,,,
RV7,K8,,Review,,10/05/2024,No,R8,,,,
RV8,K1,North,Initial,,31/05/2024,Yes,R99,31/05/2024,,,
"""
REGISTER_ALLOCATIONS = """
Allocation ID,Child ID,Worker ID,Team,Case Type,PLO,Allocated From,Allocated To
AL9,K9,,South,Child protection,No,31/05/2023,
AL91,K9,,North,Care and support,No,01/01/2024,
"""
POPULATION = """
Estimate Date,Children,Source
30/06/2023,20000,test estimate
"""


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cp_register")
    store = folder / "store.duckdb"
    import_texts(
        store,
        folder,
        {
            "registrations.csv": REGISTRATIONS,
            "visits.csv": VISITS,
            "core_groups.csv": CORE_GROUPS,
            "reviews.csv": REVIEWS,
            "allocations.csv": REGISTER_ALLOCATIONS,
            "population.csv": POPULATION,
        },
    )
    return store


def test_children_on_the_register_and_the_rate(register: Path) -> None:
    assert month(register, "wb_cpr_rate", "30/04/2024") == (9, 20000)
    assert fraction(register, "wb_cpr_rate", "30/04/2024", period_type="month") == (9, 20000)
    rate = series(register, "wb_cpr_rate").filter(
        (pl.col("period_type") == "month") & (pl.col("period_end") == d("30/04/2024"))
        & (pl.col("breakdown") == "total")
    )["value"][0]  # fmt: skip
    assert rate == pytest.approx(4.5)
    assert month(register, "wb_cpr_rate", "31/05/2024")[0] == 8  # R6, R8 ended; R15 started
    teams = breakdown_values(register, "wb_cpr_rate", "team", "30/04/2024", "month")
    # K9 has no team of its own: its child protection case is held by South.
    assert teams == {"North": 4.0 * 10000 / 20000, "South": 5.0 * 10000 / 20000}
    categories = {
        c: month(register, "wb_cpr_rate", "30/04/2024", breakdown="category", value=c)[0]
        for c in ("Neglect", "Emotional abuse", "Physical abuse", "Sexual abuse",
                  "More than one category")
    }  # fmt: skip
    assert categories == {
        "Neglect": 4,
        "Emotional abuse": 2,
        "Physical abuse": 1,
        "Sexual abuse": 1,
        "More than one category": 1,
    }


def test_a_registration_ending_on_the_period_end_no_longer_counts(register: Path) -> None:
    # R12 ends on Wed 01/03/2023: on the register at the end of February, not of March.
    assert month(register, "wb_cpr_rate", "28/02/2023")[0] == 1
    assert month(register, "wb_cpr_rate", "31/03/2023")[0] == 1  # R14 from 15/03


def test_registrations_deregistrations_and_time_registered(register: Path) -> None:
    starts = {m: month(register, "wb_cpr_registrations", m)[0] for m in MONTHS}
    assert starts == {"31/01/2024": 1, "29/02/2024": 1, "31/03/2024": 1, "30/04/2024": 4,
                      "31/05/2024": 1}  # fmt: skip
    assert month(register, "wb_cpr_deregistrations", "31/05/2024")[0] == 2
    # R6 35 days (10/04-15/05), R8 100 days (31/01-10/05, across 29 February).
    assert month(register, "wb_cpr_avg_days", "31/05/2024") == (135, 2)
    assert month(register, "wb_cpr_avg_days", "29/02/2024") == (21, 1)


def test_re_registrations_within_12_months_and_ever(register: Path) -> None:
    # April 2024: R11 (K10's R10 ended 26/02/2024) and R13 (K12's R12 ended 01/03/2023, more
    # than 12 months before 10/04/2024) among four registrations.
    assert month(register, "wb_cpr_reregistration_pct", "30/04/2024") == (1, 4)
    assert month(register, "wb_cpr_reregistration_ever_pct", "30/04/2024") == (2, 4)


def test_more_than_12_months_on_the_register(register: Path) -> None:
    assert month(register, "wb_cpr_over_12m", "30/04/2024")[0] == 1  # R14
    assert month(register, "wb_cpr_over_12m", "31/05/2024")[0] == 1  # R9: exactly 12 months


def test_visits_within_10_working_days(register: Path) -> None:
    # At Tue 30/04/2024: K1 (1 WD), K3 (registered 24/04, 4), K7 (6), K9 (10, on the limit),
    # K12 (4) and K14 (0) are in time; K6 (13), K8 (the 26/04 visit did not see the child: 11)
    # and K10 (the visit before this registration does not count: 11) are not.
    assert month(register, "wb_cp_visit_10wd_pct", "30/04/2024") == (6, 9)
    teams = breakdown_values(register, "wb_cp_visit_10wd_pct", "team", "30/04/2024", "month")
    assert teams == {"North": 25.0, "South": 100.0}


def test_visits_across_the_early_may_bank_holiday(register: Path) -> None:
    # Week ending Sun 05/05 is counted to Tue 07/05 (Mon 6 May a bank holiday): K7, seen Mon
    # 22/04, is 10 working days on (22-26, 29, 30 April, 1-3 May): in time, on the limit.
    assert (
        breakdown_values(register, "wb_cp_visit_10wd_pct", "category", "05/05/2024")["Sexual abuse"]
        == 100.0
    )
    # Week ending Sun 12/05 (to Mon 13/05): K3, registered 24/04 and not yet seen, and K12, seen
    # 24/04, are both 12 working days on: late. K3's visit of 13/05 did not see the child.
    emotional = breakdown_values(register, "wb_cp_visit_10wd_pct", "category", "12/05/2024")
    assert emotional["Emotional abuse"] == 0.0
    assert fraction(register, "wb_cp_visit_10wd_pct", "12/05/2024", breakdown="category",
                    value="Emotional abuse") == (0, 2)  # fmt: skip
    assert fraction(register, "wb_cp_visit_10wd_pct", "19/05/2024", breakdown="category",
                    value="Emotional abuse") == (1, 2)  # fmt: skip


def test_core_groups_at_least_six_weekly(register: Path) -> None:
    # Due (registered more than 6 weeks at 30/04): R7 (last 25/03: in time), R8 (14/03: late),
    # R9 (19/03: exactly 6 weeks, in time), R14 (none: late).
    assert month(register, "wb_core_group_6wk_pct", "30/04/2024") == (2, 4)


def test_first_core_group_within_10_working_days(register: Path) -> None:
    # Due in April: R1 09/04 (22/03 + 10 WD over Easter; met 09/04), R6 24/04 (none), R11 29/04
    # (met 26/04), R13 24/04 (met 18/04).
    assert month(register, "wb_initial_core_group_10wd_pct", "30/04/2024") == (3, 4)
    teams = breakdown_values(
        register, "wb_initial_core_group_10wd_pct", "team", "30/04/2024", "month"
    )
    assert teams == pytest.approx({"North": 200 / 3, "South": 100.0})
    assert month(register, "wb_initial_core_group_10wd_pct", "29/02/2024") == (0, 2)
    # R3: 24/04 + 10 WD over the May bank holiday is Thu 09/05; met Fri 10/05: late.
    assert month(register, "wb_initial_core_group_10wd_pct", "31/05/2024") == (0, 1)
    assert month(register, "wb_initial_core_group_10wd_pct", "31/12/2023") == (1, 1)


def test_review_conferences_on_time(register: Path) -> None:
    # February 2024: R7's first review due 29/02 (30/11 + 3 months) held 29/02: on time; R9's
    # second due 29/02 (31/08 + 6 months) held 01/03: late.
    assert month(register, "wb_cp_review_timely_pct", "29/02/2024") == (1, 2)
    assert month(register, "wb_cp_review_timely_pct", "31/08/2023") == (1, 1)
    assert month(register, "wb_cp_review_timely_pct", "30/06/2023") == (1, 1)
    assert month(register, "wb_cp_review_timely_pct", "31/12/2023") == (0, 1)  # due 14/12
    # R8: first review due 30/04 (31/01 + 3 months), held 10/05 when it ended: late.
    assert month(register, "wb_cp_review_timely_pct", "30/04/2024") == (0, 1)
    # R12: second review due 25/11/2022, never held before it ended in March 2023: due and late.
    assert month(register, "wb_cp_review_timely_pct", "30/11/2022") == (0, 1)


def coming_due(store: Path) -> dict[str, dict[str, object]]:
    con = read_connection(store)
    try:
        frame = con.sql("SELECT * FROM cp_coming_due").pl()
    finally:
        con.close()
    return {row["child_id"]: row for row in frame.iter_rows(named=True)}


def test_the_coming_due_list(register: Path) -> None:
    due = coming_due(register)
    # On the register at Fri 31/05/2024: R1, R3, R7, R9, R11, R13, R14 and R15 (from that day).
    assert sorted(due) == ["K1", "K10", "K12", "K14", "K15", "K3", "K7", "K9"]
    k1 = due["K1"]
    # Seen Mon 20/05: due 10 WD on (Spring bank holiday 27/05): Tue 04/06, 2 WD from 31/05.
    assert (k1["visit_due"], k1["visit_wd_left"]) == (d("04/06/2024"), 2)
    assert (k1["core_group_due"], k1["core_group_wd_left"]) == (d("28/06/2024"), 20)
    assert (k1["review_due"], k1["review_wd_left"]) == (d("22/06/2024"), 16)  # a Saturday
    k3 = due["K3"]
    assert (k3["visit_due"], k3["visit_wd_left"]) == (d("31/05/2024"), 0)  # due today
    k14 = due["K14"]
    assert (k14["visit_due"], k14["visit_wd_left"]) == (d("15/05/2024"), -11)
    assert (k14["review_due"], k14["review_wd_left"]) == (d("20/06/2024"), 14)
    assert k14["soonest_wd_left"] == -11
    k15 = due["K15"]  # registered that day: a visit and the first core group 10 WD on
    assert (k15["visit_due"], k15["core_group_due"]) == (d("14/06/2024"), d("14/06/2024"))
    assert k15["visit_wd_left"] == 10
    assert due["K9"]["team"] == "South"


def test_an_updated_record_replaces_the_old_and_withdrawing_it_restores_it(tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    import_texts(
        store,
        tmp_path,
        {
            "registrations.csv": REGISTRATIONS,
            "visits.csv": VISITS,
            "core_groups.csv": CORE_GROUPS,
            "reviews.csv": REVIEWS,
            "population.csv": POPULATION,
        },
    )
    before = series(store)
    assert month(store, "wb_cpr_rate", "30/04/2024")[0] == 9
    # The case system now says R6 ended on Tue 30/04/2024 (the period end: no longer counted).
    update = "Registration ID,Child ID,Team,Start Date,End Date,Category,End Reason\n"
    update += "R6,K6,North,10/04/2024,30/04/2024,Physical abuse,Moved to another council\n"
    ids = import_texts(store, tmp_path / "update", {"registrations.csv": update})
    assert month(store, "wb_cpr_rate", "30/04/2024")[0] == 8
    assert month(store, "wb_cpr_deregistrations", "30/04/2024")[0] == 1
    assert month(store, "wb_cpr_avg_days", "30/04/2024") == (20, 1)
    withdraw(store, ids["registrations.csv"])
    assert series(store).drop("built_at", strict=False).equals(before)


def test_a_friday_extract_covers_the_weekend_after_it(tmp_path: Path) -> None:
    # Conferences and discussions end on Fri 31/05/2024; a contact on Sun 02/06 makes that the
    # data-as-at date. Nothing is held at weekends, so the week ending 02/06 is complete for the
    # child protection families (an assessments extract ending on a Friday is not: it keeps the
    # stricter rule, test_indicators_build).
    contacts = "Contact ID,Child ID,Received At,Source,Decision At,Outcome,Team\n"
    contacts += "C0,K1,01/12/2023 09:00,Police,01/12/2023 10:00,Early help,IAA\n"
    contacts += "C1,K1,02/06/2024 09:00,Police,02/06/2024 10:00,Early help,IAA\n"
    store = tmp_path / "store.duckdb"
    import_texts(
        store,
        tmp_path,
        {"discussions.csv": DISCUSSIONS, "conferences.csv": CONFERENCES, "contacts.csv": contacts},
    )
    assert max(period_ends(store, "wb_cp_icpcs")) == d("02/06/2024")
    assert fraction(store, "wb_cp_icpcs", "02/06/2024") == (2, None)  # 29/05 and 31/05
