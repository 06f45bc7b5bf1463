"""Front door indicators, hand-worked: front_door.sql (contacts received, decided within 1 working
day, conversion, re-referrals) and front_door_backlog.sql (the IAA backlog and its oldest contact).

Working days follow the catalogue: England-and-Wales bank holidays, the receipt day is day 0, a
receipt on a weekend or bank holiday rolls forward to the next working day, and a period end on a
Sunday counts as the next working day. Holidays used below: Good Friday 15/04/2022, Easter Monday
18/04/2022, early May 02/05/2022; Christmas 2022 (Mon 26/12 and Tue 27/12) and New Year (Mon
02/01/2023).

The main store (``front_door``) holds thirteen contacts from Fri 01/04/2022 to Mon 02/05/2022 (the
last decision, on Tue 03/05/2022, is the "data as at" date). Weeks end on Sunday:

    W1 04/04-10/04   W2 11/04-17/04 (Good Friday)   W3 18/04-24/04 (Easter Monday)
    W4 25/04-01/05   (28/03-03/04 starts before the data and 02/05-08/05 is not complete)

id   child received            source           decided             outcome       team
C01  K01   Fri 01/04 08:00     Police           Fri 01/04 16:00     Assessment    North
C02  K02   Mon 04/04 00:00     Health           Tue 05/04 09:00     Strategy d.   North
C13  K13   Mon 04/04 09:00     Other            (still open)                      South
C12  K12   Wed 06/04 09:00     Police           Mon 11/04 09:00     Assessment    North
C11  K11   Fri 08/04 10:00     Education        Sun 10/04 18:00     NFA           North
C03  K03   Sun 10/04 23:59     Education        Mon 11/04 09:00     NFA           South
C04  K04   Mon 11/04 09:00     Self/family      Mon 11/04 12:00     NFA           South
C05  K05   Thu 14/04 10:00     Police           Tue 19/04 10:00     Early help    North
C06  K06   Thu 14/04 11:00     Health           Wed 20/04 10:00     Info/advice   South
C07  K07   Sun 17/04 10:00     Other            Tue 19/04 15:00     Assessment    South
C08  K08   Fri 22/04 10:00     Local authority  (still open)                      South
C09  K01   Mon 25/04 09:00     Police           Tue 26/04 09:00     Strategy d.   North
C10  K10   Mon 02/05 09:00     Health           Tue 03/05 09:00     NFA           South

Working days from receipt to decision (decided within 1 WD when <= 1):
C01 0; C02 1; C11 Fri 08 -> Sun 10 counts as Mon 11: 1; C03 Sun 10 rolls to Mon 11: 0; C04 0;
C12 Wed 06 -> Mon 11: Wed 06, Thu 07, Fri 08 = 3 (late); C05 Thu 14 -> Tue 19: only Thu 14 lies
between (15/04 and 18/04 are holidays) = 1; C06 Thu 14 -> Wed 20: Thu 14, Tue 19 = 2 (late);
C07 Sun 17 rolls to Tue 19: 0; C09 1; C10 Mon 02/05 (holiday) rolls to Tue 03/05: 0.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from indicator_helpers import (
    breakdown_values,
    demo_series_frame,
    figure,
    fraction,
    import_text,
    import_texts,
    period_ends,
    row,
    series,
    withdraw,
)

HEADER = "Contact ID,Child ID,Received At,Source,Decision At,Outcome,Team"
CONTACTS = f"""
{HEADER}
C01,K01,01/04/2022 08:00,Police,01/04/2022 16:00,Assessment,North
C02,K02,04/04/2022 00:00,Health,05/04/2022 09:00,Strategy discussion,North
C13,K13,04/04/2022 09:00,Other,,,South
C12,K12,06/04/2022 09:00,Police,11/04/2022 09:00,Assessment,North
C11,K11,08/04/2022 10:00,Education,10/04/2022 18:00,No further action,North
C03,K03,10/04/2022 23:59,Education,11/04/2022 09:00,No further action,South
C04,K04,11/04/2022 09:00,Self/family,11/04/2022 12:00,No further action,South
C05,K05,14/04/2022 10:00,Police,19/04/2022 10:00,Early help,North
C06,K06,14/04/2022 11:00,Health,20/04/2022 10:00,Information and advice,South
C07,K07,17/04/2022 10:00,Other,19/04/2022 15:00,Assessment,South
C08,K08,22/04/2022 10:00,Local authority,,,South
C09,K01,25/04/2022 09:00,Police,26/04/2022 09:00,Strategy discussion,North
C10,K10,02/05/2022 09:00,Health,03/05/2022 09:00,No further action,South
"""


@pytest.fixture(scope="session")
def demo_series(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    return demo_series_frame(tmp_path_factory)


@pytest.fixture(scope="module")
def front_door(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("front_door")
    store = folder / "store.duckdb"
    import_text(store, folder, "contacts.csv", CONTACTS)
    return store


# ------------------------------------------------------------------ periods


def test_only_complete_weeks_and_months_are_reported(front_door: Path) -> None:
    # Data from Fri 01/04 to Tue 03/05: the week 28/03-03/04 began before the data, the week
    # 02/05-08/05 has not ended; April is the only complete month, and no quarter or year is.
    assert [f"{e:%d/%m}" for e in period_ends(front_door, "fd_contacts_received")] == [
        "10/04",
        "17/04",
        "24/04",
        "01/05",
    ]
    assert [f"{e:%d/%m}" for e in period_ends(front_door, "fd_contacts_received", "month")] == [
        "30/04"
    ]
    periods = set(series(front_door)["period_type"])
    assert periods == {"week", "month"}


# ------------------------------------------------------------------ contacts received (flow)


def test_contacts_received_counts_the_first_and_last_day_of_the_week(front_door: Path) -> None:
    # W1: C02 (Mon 04/04 00:00, first day), C13, C12, C11, C03 (Sun 10/04 23:59, last day) = 5.
    # C01 (01/04) belongs to the incomplete week before; C04 (Mon 11/04, the day after) to W2.
    assert figure(front_door, "fd_contacts_received", "10/04/2022") == 5
    # W2: C04, C05, C06, C07 (Easter Sunday) = 4; W3: C08; W4: C09 (C10 is in the incomplete W5).
    assert figure(front_door, "fd_contacts_received", "17/04/2022") == 4
    assert figure(front_door, "fd_contacts_received", "24/04/2022") == 1
    assert figure(front_door, "fd_contacts_received", "01/05/2022") == 1
    # April: C01 to C09 plus C11, C12, C13 = 12 (C10 arrived on 02/05).
    assert figure(front_door, "fd_contacts_received", "30/04/2022", period_type="month") == 12


def test_contacts_received_by_source_and_team(front_door: Path) -> None:
    # W1: Health C02; Education C11, C03; Police C12; Other C13.
    # North C02, C11, C12; South C03, C13.
    # Sources seen in other weeks are 0 here, not missing.
    assert breakdown_values(front_door, "fd_contacts_received", "source", "10/04/2022") == {
        "health": 1,
        "education": 2,
        "police": 1,
        "other": 1,
        "self_family": 0,
        "local_authority": 0,
    }
    assert breakdown_values(front_door, "fd_contacts_received", "team", "10/04/2022") == {
        "North": 3,
        "South": 2,
    }
    # W2: C05 North; C04, C06, C07 South.
    assert breakdown_values(front_door, "fd_contacts_received", "team", "17/04/2022") == {
        "North": 1,
        "South": 3,
    }


def test_contacts_received_count_has_no_denominator(front_door: Path) -> None:
    assert fraction(front_door, "fd_contacts_received", "10/04/2022") == (5, None)


# ------------------------------------------------------------------ decided within 1 working day


def test_decided_within_one_working_day_by_week(front_door: Path) -> None:
    # W1 decisions: C02 (1 WD) and C11 (decided on Sun 10/04, the last day: 1 WD) -> 2 of 2.
    assert fraction(front_door, "fd_decision_1wd_pct", "10/04/2022") == (2, 2)
    # W2 decisions, all on Mon 11/04 (the first day): C03 0, C04 0, C12 3 (late) -> 2 of 3.
    assert fraction(front_door, "fd_decision_1wd_pct", "17/04/2022") == (2, 3)
    # W3 (Easter): C05 Thu 14 -> Tue 19 is 1 WD (in time), C06 Thu 14 -> Wed 20 is 2 WD (late),
    # C07 received on Easter Sunday rolls forward to Tue 19 and is decided that day: 0 -> 2 of 3.
    assert fraction(front_door, "fd_decision_1wd_pct", "24/04/2022") == (2, 3)
    assert figure(front_door, "fd_decision_1wd_pct", "24/04/2022") == pytest.approx(200 / 3)
    # W4: C09 1 WD -> 1 of 1.
    assert figure(front_door, "fd_decision_1wd_pct", "01/05/2022") == 100


def test_decided_within_one_working_day_by_month(front_door: Path) -> None:
    # April decisions: C01, C02, C11, C03, C04, C12, C05, C06, C07, C09 = 10; late: C12, C06.
    assert fraction(front_door, "fd_decision_1wd_pct", "30/04/2022", period_type="month") == (
        8,
        10,
    )


def test_decided_within_one_working_day_by_team_and_source(front_door: Path) -> None:
    # W3: North C05 (in time) 1/1; South C06 (late), C07 (in time) 1/2.
    assert fraction(
        front_door, "fd_decision_1wd_pct", "24/04/2022", breakdown="team", value="North"
    ) == (1, 1)
    assert fraction(
        front_door, "fd_decision_1wd_pct", "24/04/2022", breakdown="team", value="South"
    ) == (1, 2)
    assert figure(
        front_door, "fd_decision_1wd_pct", "24/04/2022", breakdown="source", value="health"
    ) == pytest.approx(0)
    # No police contact was decided in W1 (C12 waited until 11/04): no rate, not 0 %.
    assert fraction(
        front_door, "fd_decision_1wd_pct", "10/04/2022", breakdown="source", value="police"
    ) == (None, None)
    assert (
        figure(front_door, "fd_decision_1wd_pct", "10/04/2022", breakdown="source", value="police")
        is None
    )


def test_decided_within_one_working_day_across_christmas(tmp_path: Path) -> None:
    # Fri 23/12/2022 to Wed 28/12/2022: 24-25 weekend, Mon 26 and Tue 27 bank holidays (Boxing
    # Day and the substitute for Christmas Day) -> only Fri 23 lies between: 1 WD, in time.
    # Fri 23/12 -> Thu 29/12: Fri 23, Wed 28 -> 2 WD, late. Both decided in w/e 01/01/2023.
    # X3 keeps the data running to Tue 03/01/2023 so that week is complete.
    store = tmp_path / "store.duckdb"
    import_text(
        store,
        tmp_path,
        "contacts.csv",
        f"""
        {HEADER}
        X1,K1,23/12/2022 16:30,Police,28/12/2022 09:00,Early help,North
        X2,K2,23/12/2022 16:45,Police,29/12/2022 09:00,Early help,North
        X3,K3,23/12/2022 17:00,Health,03/01/2023 09:00,Assessment,North
        """,
    )
    assert fraction(store, "fd_decision_1wd_pct", "01/01/2023") == (1, 2)
    # X3 is still waiting at the end of Sun 01/01/2023, which counts as Tue 03/01 (Mon 02/01 is
    # the New Year holiday): Fri 23/12, Wed 28, Thu 29, Fri 30 = 4 working days old.
    assert figure(store, "fd_iaa_backlog", "01/01/2023") == 1
    assert figure(store, "fd_iaa_backlog_oldest_wd", "01/01/2023") == 4
    assert (
        figure(
            store, "fd_iaa_backlog", "01/01/2023", breakdown="age_band", value="2-5 working days"
        )
        == 1
    )


# ------------------------------------------------------------------ conversion and re-referral


def test_conversion_to_assessment_or_strategy_discussion(front_door: Path) -> None:
    # April decisions (10): assessment C01, C12, C07; strategy discussion C02, C09 -> 5 of 10.
    assert fraction(front_door, "fd_contact_conversion_pct", "30/04/2022", period_type="month") == (
        5,
        10,
    )
    # W3: C05 early help, C06 information and advice, C07 assessment -> 1 of 3.
    assert figure(front_door, "fd_contact_conversion_pct", "24/04/2022") == pytest.approx(100 / 3)


# A contact a year before the main store's, for another child: repeat contacts need 365 days of
# history (catalogue warm_up) before a period's figure is complete.
REPEAT_ANCHOR = "C00,K00,01/03/2021 09:00,Police,01/03/2021 12:00,No further action,North"


def test_rereferral_within_twelve_months(tmp_path: Path) -> None:
    # C09 (Mon 25/04) is for K01, whose C01 arrived on 01/04: a repeat. 1 of 1 in W4, 1 of 12 in
    # April; C01 itself is not a repeat (a contact never repeats itself). C00 only starts the
    # history a year earlier.
    store = tmp_path / "store.duckdb"
    import_text(
        store, tmp_path, "contacts.csv", CONTACTS.replace(HEADER, f"{HEADER}\n{REPEAT_ANCHOR}")
    )
    assert fraction(store, "fd_rereferral_12m_pct", "01/05/2022") == (1, 1)
    assert fraction(store, "fd_rereferral_12m_pct", "30/04/2022", period_type="month") == (
        1,
        12,
    )
    assert fraction(store, "fd_rereferral_12m_pct", "10/04/2022") == (0, 5)


def test_rereferral_needs_a_full_year_of_history(front_door: Path) -> None:
    # The main store starts on 01/04/2022: no contact can yet have had a contact in the 365 days
    # before it that the store knows of, so the repeat rate would read 0 % (issue 8). It is not
    # reported at all until the look-back is full; the other front-door figures are.
    assert series(front_door, "fd_rereferral_12m_pct").is_empty()
    assert figure(front_door, "fd_contacts_received", "10/04/2022") == 5


def test_rereferral_boundary_is_365_days(tmp_path: Path) -> None:
    # R1: Tue 13/04/2021 and Wed 13/04/2022 are 365 days apart -> the 2022 contact is a repeat.
    # R2: Mon 12/04/2021 and Wed 13/04/2022 are 366 days apart -> not a repeat.
    # R3: one contact only -> not a repeat. Week 11/04-17/04/2022: 1 repeat of 3 contacts.
    store = tmp_path / "store.duckdb"
    import_text(
        store,
        tmp_path,
        "contacts.csv",
        f"""
        {HEADER}
        {REPEAT_ANCHOR}
        A1,R1,13/04/2021 10:00,Police,13/04/2021 12:00,No further action,North
        A2,R2,12/04/2021 10:00,Police,12/04/2021 12:00,No further action,North
        B1,R1,13/04/2022 10:00,Health,13/04/2022 12:00,Early help,North
        B2,R2,13/04/2022 10:00,Health,13/04/2022 12:00,Early help,North
        B3,R3,13/04/2022 10:00,Health,19/04/2022 12:00,Early help,South
        """,
    )
    assert fraction(store, "fd_rereferral_12m_pct", "17/04/2022") == (1, 3)
    assert fraction(
        store, "fd_rereferral_12m_pct", "17/04/2022", breakdown="team", value="North"
    ) == (1, 2)


# ------------------------------------------------------------------ the IAA backlog (snapshot)


def test_backlog_at_each_week_end(front_door: Path) -> None:
    # Sun 10/04: waiting C13, C12, C03 (received on the day). C11 was decided ON the period end
    # (Sun 10/04 18:00), so it is not waiting; C12 and C03 were decided the day after, so they are.
    assert figure(front_door, "fd_iaa_backlog", "10/04/2022") == 3
    # Sun 17/04: C13, C05, C06, C07 (C03, C04, C12 decided Mon 11/04).
    assert figure(front_door, "fd_iaa_backlog", "17/04/2022") == 4
    # Sun 24/04: C13, C08. Sun 01/05: C13, C08 (C09 decided Tue 26/04).
    assert figure(front_door, "fd_iaa_backlog", "24/04/2022") == 2
    assert figure(front_door, "fd_iaa_backlog", "01/05/2022") == 2
    # End of April (Sat 30/04): the same two open contacts.
    assert figure(front_door, "fd_iaa_backlog", "30/04/2022", period_type="month") == 2


def test_backlog_age_bands(front_door: Path) -> None:
    # Ages in working days at the period end (a Sunday end counts as the next working day). Every
    # band occurs in some week, so each week shows all four (0 where none).
    # Sun 10/04 (as Mon 11/04): C03 0; C12 Wed 06 -> Wed 06, Thu 07, Fri 08 = 3;
    #   C13 Mon 04 -> 04..08 = 5 (the top of the 2-5 band).
    assert breakdown_values(front_door, "fd_iaa_backlog", "age_band", "10/04/2022") == {
        "0-1 working days": 1,
        "2-5 working days": 2,
        "6-10 working days": 0,
        "over 10 working days": 0,
    }
    # Sun 17/04 (as Tue 19/04, Easter Monday being a holiday): C05 and C06 Thu 14 -> 1,
    #   C07 received on Easter Sunday -> 0, C13 -> 04-08 and 11-14 = 9.
    assert breakdown_values(front_door, "fd_iaa_backlog", "age_band", "17/04/2022") == {
        "0-1 working days": 3,
        "2-5 working days": 0,
        "6-10 working days": 1,
        "over 10 working days": 0,
    }
    # Sun 24/04 (as Mon 25/04): C08 Fri 22 -> 1; C13 -> 9 + 19..22 = 13 (over 10).
    assert (
        figure(
            front_door,
            "fd_iaa_backlog",
            "24/04/2022",
            breakdown="age_band",
            value="over 10 working days",
        )
        == 1
    )
    # Sun 01/05 (as Tue 03/05, Mon 02/05 is a holiday): C08 -> 22, 25..29 = 6 (the bottom of
    #   6-10); C13 -> 13 + 5 = 18.
    assert breakdown_values(front_door, "fd_iaa_backlog", "age_band", "01/05/2022") == {
        "0-1 working days": 0,
        "2-5 working days": 0,
        "6-10 working days": 1,
        "over 10 working days": 1,
    }


def test_backlog_oldest_contact(front_door: Path) -> None:
    # The oldest waiting contact's age (see the age bands above): 5, 9, 13, 18.
    ages = [
        figure(front_door, "fd_iaa_backlog_oldest_wd", end)
        for end in ("10/04/2022", "17/04/2022", "24/04/2022", "01/05/2022")
    ]
    assert ages == [5, 9, 13, 18]


def test_backlog_by_team_and_oldest_by_team(front_door: Path) -> None:
    # Sun 10/04: North C12 (3 WD); South C03 (0), C13 (5).
    assert breakdown_values(front_door, "fd_iaa_backlog", "team", "10/04/2022") == {
        "North": 1,
        "South": 2,
    }
    assert breakdown_values(front_door, "fd_iaa_backlog_oldest_wd", "team", "10/04/2022") == {
        "North": 3,
        "South": 5,
    }
    # Sun 24/04: nothing waits in North (0, not a gap); South C08 (1), C13 (13).
    assert breakdown_values(front_door, "fd_iaa_backlog", "team", "24/04/2022") == {
        "North": 0,
        "South": 2,
    }
    assert breakdown_values(front_door, "fd_iaa_backlog_oldest_wd", "team", "24/04/2022") == {
        "North": 0,
        "South": 13,
    }


def test_backlog_oldest_is_zero_when_nothing_waits(tmp_path: Path) -> None:
    # Every contact is decided on the day it arrives: nothing waits at any week end.
    store = tmp_path / "store.duckdb"
    import_text(
        store,
        tmp_path,
        "contacts.csv",
        f"""
        {HEADER}
        Z1,K1,04/04/2022 09:00,Police,04/04/2022 12:00,Early help,North
        Z2,K2,11/04/2022 09:00,Police,11/04/2022 12:00,Early help,North
        """,
    )
    assert figure(store, "fd_iaa_backlog", "10/04/2022") == 0
    assert figure(store, "fd_iaa_backlog_oldest_wd", "10/04/2022") == 0
    assert (
        figure(store, "fd_iaa_backlog_oldest_wd", "10/04/2022", breakdown="team", value="North")
        == 0
    )


# ------------------------------------------------------------------ open and withdrawn records


def test_decision_added_later_and_withdrawn(tmp_path: Path) -> None:
    # First export: P0 decided on arrival (Mon 04/04, 0 WD, early help); P1 (Mon 04/04) and P2
    # (Tue 05/04) still open; P3 keeps the data running past Sun 10/04. A later export records
    # P1's decision on Tue 05/04 (1 WD, assessment). Withdrawing that import puts P1 back in the
    # backlog and takes its decision out of the flow figures: the series is exactly as before.
    store = tmp_path / "store.duckdb"
    first = f"""
        {HEADER}
        P0,K0,04/04/2022 09:00,Police,04/04/2022 10:00,Early help,North
        P1,K1,04/04/2022 09:00,Police,,,North
        P2,K2,05/04/2022 09:00,Health,,,South
        P3,K3,11/04/2022 09:00,Health,11/04/2022 10:00,Early help,South
        """
    import_text(store, tmp_path, "contacts_1.csv", first)
    before = series(store)
    assert figure(store, "fd_iaa_backlog", "10/04/2022") == 2
    assert fraction(store, "fd_decision_1wd_pct", "10/04/2022") == (1, 1)
    assert fraction(store, "fd_contact_conversion_pct", "10/04/2022") == (0, 1)

    later = import_text(
        store,
        tmp_path,
        "contacts_2.csv",
        f"""
        {HEADER}
        P1,K1,04/04/2022 09:00,Police,05/04/2022 11:00,Assessment,North
        """,
    )
    assert figure(store, "fd_iaa_backlog", "10/04/2022") == 1
    assert fraction(store, "fd_decision_1wd_pct", "10/04/2022") == (2, 2)
    assert fraction(store, "fd_contact_conversion_pct", "10/04/2022") == (1, 2)
    assert figure(store, "fd_contacts_received", "10/04/2022") == 3  # still one record each

    withdraw(store, later)
    assert figure(store, "fd_iaa_backlog", "10/04/2022") == 2
    assert fraction(store, "fd_decision_1wd_pct", "10/04/2022") == (1, 1)
    assert series(store).equals(before)


def test_withdrawing_the_only_import_leaves_no_series(tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    only = import_texts(store, tmp_path, {"contacts.csv": CONTACTS})["contacts.csv"]
    assert series(store).height > 0
    withdraw(store, only)
    assert series(store).height == 0


# ------------------------------------------------------------------ the demo story


def _backlog_weeks(demo_series: pl.DataFrame) -> pl.DataFrame:
    return demo_series.filter(
        (pl.col("indicator_id") == "fd_iaa_backlog")
        & (pl.col("period_type") == "week")
        & (pl.col("breakdown") == "total")
    ).sort("period_end")


def test_demo_backlog_is_special_cause_concern_in_spring_2022(demo_series: pl.DataFrame) -> None:
    # The front door backlog built up before the May 2022 inspection: every week from March to
    # the end of May 2022 is a special cause of concern (higher is worse for a backlog).
    spring = _backlog_weeks(demo_series).filter(
        pl.col("period_end").is_between(pl.date(2022, 3, 1), pl.date(2022, 5, 31))
    )
    assert spring.height == 13
    assert set(spring["point_type"]) == {"special_cause_concern"}
    assert (spring["value"] > spring["upper"]).all()  # above the upper process limit


def test_demo_backlog_recovery_is_special_cause_improvement_in_2023(
    demo_series: pl.DataFrame,
) -> None:
    # After the managed care team arrived the backlog fell well below the old centre line: every
    # week of January to March 2023 is a special cause of improvement, and no week of 2023 is a
    # concern. (config.toml rebases the limits in April 2023, when the recovered service becomes
    # the process judged from then on, so later weeks are mostly common cause against new limits.)
    weeks = _backlog_weeks(demo_series)
    year = weeks.filter(pl.col("period_end").dt.year() == 2023)
    assert year.height == 53  # weeks ending on a Sunday in 2023 (1 January to 31 December)
    assert "special_cause_concern" not in set(year["point_type"])
    recovery = year.filter(pl.col("period_end") <= pl.date(2023, 3, 31))
    assert recovery.height == 13
    assert set(recovery["point_type"]) == {"special_cause_improvement"}
    # The recovery is judged against the limits that the 2022 backlog belonged to.
    spring_2022 = weeks.filter(pl.col("period_end") == pl.date(2022, 4, 3))
    assert recovery["segment"].unique().to_list() == spring_2022["segment"].to_list()
    assert (recovery["value"] < recovery["mean"]).all()


def test_demo_backlog_signals_are_high_then_low(demo_series: pl.DataFrame) -> None:
    # A backlog is better lower: the concern is a signal on the high side, the improvement one on
    # the low side, and the largest backlog of the whole demo history is in 2022.
    weeks = _backlog_weeks(demo_series)
    spring = weeks.filter(
        pl.col("period_end").is_between(pl.date(2022, 3, 1), pl.date(2022, 5, 31))
    )
    recovery = weeks.filter(
        pl.col("period_end").is_between(pl.date(2023, 1, 1), pl.date(2023, 3, 31))
    )
    assert set(spring["direction"]) == {"high"}
    assert set(recovery["direction"]) == {"low"}
    assert weeks.filter(pl.col("value") == weeks["value"].max())["period_end"][0].year == 2022


def test_row_helper_fails_on_a_missing_period(front_door: Path) -> None:
    # Guards the helpers the tests above rely on: an absent period is an error, not a None.
    with pytest.raises(AssertionError, match="found 0"):
        row(front_door, "fd_contacts_received", "03/04/2022")
