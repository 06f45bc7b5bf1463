"""Caseload and workforce indicators, hand-worked (caseloads.sql).

All are snapshots as at the end of the period's last day: a worker who leaves, or an allocation that
ends, ON the period end no longer counts; one that starts on it does. Case-holding roles are social
worker, senior practitioner and consultant social worker. The caseload threshold (children per FTE)
comes from config.toml (20); a worker is over it only when strictly above.

Weeks end on Sunday: W1 ends Sun 10/04/2022, W2 ends Sun 17/04/2022. The data run from the first
allocation (Tue 01/03/2022) to the last (Mon 18/04/2022), so March 2022 is a complete month.

Workers (team, role, employment, FTE, qualified, start, leaving):
    SW1   North  social worker              permanent  1.0  2015        2015
    SW2   North  social worker              agency     0.2  2015        2020
    SP3   South  senior practitioner        permanent  1.0  2010        2018
    TM4   South  team manager               permanent  1.0  (not case-holding)
    SW5   South  social worker              permanent  0.5  11/04/2021  2021
    SW6   South  social worker              permanent  1.0  10/04/2021  2021
    CSW7  North  consultant social worker   agency     1.0  2012        2019   leaves Sun 10/04/2022
    FSW8  North  family support worker      permanent  1.0  (not case-holding)
    SW9   North  social worker              permanent  1.0  2016        starts Mon 11/04/2022

First year in practice: qualified less than 365 days before the period end. For Sun 10/04/2022 the
cut-off is 10/04/2021: SW5 (11/04/2021, 364 days) is in the first year, SW6 (10/04/2021, exactly
365 days) is not. For Sun 17/04/2022 (cut-off 17/04/2021) neither is; for Thu 31/03/2022 both are.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from indicator_helpers import (
    breakdown_values,
    figure,
    fraction,
    import_text,
    import_texts,
    period_ends,
    rebuild,
    series,
    settings_patcher,
    withdraw,
)


@pytest.fixture
def patch_settings(monkeypatch: pytest.MonkeyPatch):
    """Rebuild with changed settings (see indicator_helpers.settings_patcher)."""
    return settings_patcher(monkeypatch)


WORKERS = """
Worker ID,Team,Role,Employment,FTE,Qualified Date,Start Date,Leaving Date
SW1,North,Social worker,Permanent,1,01/09/2015,01/09/2015,
SW2,North,Social worker,Agency,0.2,01/09/2015,01/01/2020,
SP3,South,Senior practitioner,Permanent,1,01/07/2010,01/01/2018,
TM4,South,Team manager,Permanent,1,01/07/2005,01/01/2015,
SW5,South,Social worker,Permanent,0.5,11/04/2021,01/05/2021,
SW6,South,Social worker,Permanent,1,10/04/2021,01/05/2021,
CSW7,North,Consultant social worker,Agency,1,01/07/2012,01/01/2019,10/04/2022
FSW8,North,Family support worker,Permanent,1,,01/01/2019,
SW9,North,Social worker,Permanent,1,01/07/2016,11/04/2022,
"""

ALLOCATIONS_HEADER = (
    "Allocation ID,Child ID,Worker ID,Team,Case Type,PLO,Allocated From,Allocated To"
)
ALLOCATIONS = f"""
{ALLOCATIONS_HEADER}
AL01,CH01,SW1,North,Care and support,No,01/03/2022,
AL02,CH02,SW1,North,Child protection,No,01/03/2022,
AL03,CH03,SW1,North,Looked after,Yes,10/04/2022,
AL04,CH04,SW1,North,Care and support,No,01/03/2022,10/04/2022
AL05,CH05,SW1,North,Care and support,No,11/04/2022,
AL10,CH10,SW2,North,Care and support,No,01/03/2022,
AL11,CH11,SW2,North,Care and support,No,01/03/2022,
AL12,CH12,SW2,North,Care and support,No,01/03/2022,
AL13,CH13,SW2,North,Care and support,No,01/03/2022,
AL14,CH14,SW2,North,Care and support,No,01/03/2022,15/04/2022
AL20,CH20,SP3,South,Care and support,No,01/03/2022,
AL21,CH21,SP3,South,Care and support,No,01/03/2022,
AL22,CH20,SP3,South,Child protection,No,01/03/2022,
AL30,CH30,TM4,South,Care and support,No,01/03/2022,
AL40,CH40,SW5,South,Child protection,No,01/03/2022,
AL41,CH41,SW5,South,Care and support,Yes,01/03/2022,
AL42,CH42,SW5,South,Care and support,No,01/03/2022,
AL43,CH43,SW5,South,Child protection,Yes,01/03/2022,
AL50,CH50,SW6,South,Child protection,No,01/03/2022,
AL60,CH60,CSW7,North,Care and support,No,01/03/2022,
AL70,CH70,SW9,North,Looked after,No,11/04/2022,
AL80,CH80,,North,Care and support,No,01/03/2022,
AL81,CH81,,South,Child protection,No,01/03/2022,
AL82,CH81,SW6,South,Child protection,No,01/04/2022,
AL83,CH83,,South,Care and support,No,01/03/2022,10/04/2022
AL84,CH84,,South,Care and support,No,11/04/2022,
AL85,CH85,,North,Care and support,No,01/03/2022,
AL86,CH85,,South,Care and support,No,01/03/2022,
AL90,CH90,SP3,South,Care and support,No,18/04/2022,
"""


@pytest.fixture(scope="module")
def caseloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("caseloads")
    store = folder / "store.duckdb"
    import_texts(store, folder, {"workers.csv": WORKERS, "allocations.csv": ALLOCATIONS})
    return store


def test_periods_follow_the_allocations(caseloads: Path) -> None:
    # Tue 01/03 to Mon 18/04: weeks ending 06/03 (starts before the data) and 24/04 (not over)
    # are left out.
    weeks = [e.isoformat() for e in period_ends(caseloads, "wf_caseload_avg")]
    assert weeks == [
        "2022-03-13",
        "2022-03-20",
        "2022-03-27",
        "2022-04-03",
        "2022-04-10",
        "2022-04-17",
    ]
    assert [e.isoformat() for e in period_ends(caseloads, "wf_caseload_avg", "month")] == [
        "2022-03-31"
    ]


# ------------------------------------------------------------------ average caseload


def test_average_caseload_week_one(caseloads: Path) -> None:
    # Sun 10/04. In post and case-holding: SW1 1.0, SW2 0.2, SP3 1.0, SW5 0.5, SW6 1.0 = 3.7 FTE
    # (CSW7 left on the period end; SW9 starts the day after; TM4 and FSW8 do not hold cases).
    # Children: SW1 CH01, CH02, CH03 (from the period end) = 3, not CH04 (ended on the period
    # end); SW2 CH10-CH14 = 5; SP3 CH20 (two allocations, one child), CH21 = 2; SW5 4; SW6 CH50,
    # CH81 = 2. Total 16 -> 16 / 3.7.
    assert fraction(caseloads, "wf_caseload_avg", "10/04/2022") == (16, pytest.approx(3.7))
    assert figure(caseloads, "wf_caseload_avg", "10/04/2022") == pytest.approx(16 / 3.7)


def test_average_caseload_week_two(caseloads: Path) -> None:
    # Sun 17/04: SW9 has joined (4.7 FTE). SW1 adds CH05 (4); SW2 loses CH14 (ended Fri 15/04: 4);
    # SP3 2 (CH90 starts on 18/04); SW5 4; SW6 2; SW9 CH70 1. Total 17.
    assert fraction(caseloads, "wf_caseload_avg", "17/04/2022") == (17, pytest.approx(4.7))


def test_average_caseload_by_team(caseloads: Path) -> None:
    # Sun 10/04: North SW1 3 + SW2 5 = 8 children over 1.2 FTE; South SP3 2 + SW5 4 + SW6 2 = 8
    # over 2.5 FTE. The teams' children and FTE add up to the total's.
    assert fraction(
        caseloads, "wf_caseload_avg", "10/04/2022", breakdown="team", value="North"
    ) == (8, pytest.approx(1.2))
    assert fraction(
        caseloads, "wf_caseload_avg", "10/04/2022", breakdown="team", value="South"
    ) == (8, pytest.approx(2.5))
    assert figure(
        caseloads, "wf_caseload_avg", "10/04/2022", breakdown="team", value="South"
    ) == pytest.approx(3.2)


def test_average_caseload_at_a_month_end(caseloads: Path) -> None:
    # Thu 31/03: CSW7 is still in post (4.7 FTE with SW1, SW2, SP3, SW5, SW6). Children: SW1
    # CH01, CH02, CH04 = 3; SW2 5; SP3 2; SW5 4; SW6 CH50 = 1 (CH81 from 01/04); CSW7 CH60 = 1.
    assert fraction(caseloads, "wf_caseload_avg", "31/03/2022", period_type="month") == (
        16,
        pytest.approx(4.7),
    )


# ------------------------------------------------------------------ over the threshold


def test_workers_over_the_threshold(caseloads: Path) -> None:
    # Threshold 20 per FTE (config.toml). Sun 10/04: SW2 5 / 0.2 = 25 -> over; SW5 4 / 0.5 = 8.
    assert figure(caseloads, "wf_caseload_over_threshold", "10/04/2022") == 1
    assert breakdown_values(caseloads, "wf_caseload_over_threshold", "team", "10/04/2022") == {
        "North": 1,
        "South": 0,
    }
    # Sun 17/04: SW2 4 / 0.2 = 20, exactly the threshold -> not over.
    assert figure(caseloads, "wf_caseload_over_threshold", "17/04/2022") == 0


def test_threshold_comes_from_the_configuration(
    tmp_path: Path, patch_settings, caseloads: Path
) -> None:
    # With threshold_per_fte = 7.5: Sun 10/04 SW2 25 and SW5 8 are over; SW1 3, SP3 2, SW6 2 not.
    store = tmp_path / "store.duckdb"
    store.write_bytes(caseloads.read_bytes())
    patch_settings(caseload_threshold_per_fte=7.5)
    rebuild(store)
    assert figure(store, "wf_caseload_over_threshold", "10/04/2022") == 2
    assert breakdown_values(store, "wf_caseload_over_threshold", "team", "10/04/2022") == {
        "North": 1,
        "South": 1,
    }
    # Nothing else depends on the threshold.
    assert figure(store, "wf_caseload_avg", "10/04/2022") == pytest.approx(16 / 3.7)


# ------------------------------------------------------------------ agency share


def test_agency_share_of_case_holding_fte(caseloads: Path) -> None:
    # Sun 10/04: agency SW2 0.2 of 3.7 FTE (agency CSW7 left on the period end).
    assert fraction(caseloads, "wf_agency_sw_pct", "10/04/2022") == (
        pytest.approx(0.2),
        pytest.approx(3.7),
    )
    assert figure(caseloads, "wf_agency_sw_pct", "10/04/2022") == pytest.approx(100 * 0.2 / 3.7)
    # North 0.2 of 1.2; South has no agency staff: 0 %, not missing.
    assert breakdown_values(caseloads, "wf_agency_sw_pct", "team", "10/04/2022") == {
        "North": pytest.approx(100 * 0.2 / 1.2),
        "South": 0,
    }
    # Thu 31/03: SW2 0.2 + CSW7 1.0 = 1.2 agency FTE of 4.7.
    assert figure(
        caseloads, "wf_agency_sw_pct", "31/03/2022", period_type="month"
    ) == pytest.approx(100 * 1.2 / 4.7)


# ------------------------------------------------------------------ first-year social workers


def test_cp_and_plo_cases_held_by_first_year_workers(caseloads: Path) -> None:
    # Sun 10/04: SW5 (qualified 364 days earlier) holds CH40 (child protection), CH41 (PLO), CH43
    # (both: counted once) and CH42 (neither) -> 3. SW6 qualified exactly 365 days earlier: not in
    # the first year, so CH50 (child protection) does not count.
    assert figure(caseloads, "wf_first_year_cp_plo_cases", "10/04/2022") == 3
    assert breakdown_values(caseloads, "wf_first_year_cp_plo_cases", "team", "10/04/2022") == {
        "North": 0,
        "South": 3,
    }
    # Sun 17/04: SW5 has passed 365 days -> 0.
    assert figure(caseloads, "wf_first_year_cp_plo_cases", "17/04/2022") == 0
    # Thu 31/03: both SW5 (3) and SW6 (CH50) are in the first year -> 4.
    assert figure(caseloads, "wf_first_year_cp_plo_cases", "31/03/2022", period_type="month") == 4


# ------------------------------------------------------------------ children awaiting allocation


def test_unallocated_children(caseloads: Path) -> None:
    # Sun 10/04: CH80 (no named worker); CH85 (two open allocations, neither named: one child,
    # under the first team alphabetically, North). Not CH81 (also allocated to SW6), CH83 (its
    # allocation ended on the period end) or CH84 (starts the day after).
    assert figure(caseloads, "wf_unallocated_children", "10/04/2022") == 2
    assert breakdown_values(caseloads, "wf_unallocated_children", "team", "10/04/2022") == {
        "North": 2,
        "South": 0,
    }
    # Sun 17/04: CH80, CH85 and CH84 (South).
    assert figure(caseloads, "wf_unallocated_children", "17/04/2022") == 3
    # Thu 31/03: CH80, CH85, CH83 and CH81 (its named allocation starts on 01/04).
    assert figure(caseloads, "wf_unallocated_children", "31/03/2022", period_type="month") == 4
    # A child held only by a worker who has left (CH60, CSW7) has a named allocation: not counted.


def test_no_unallocated_children_is_zero_not_missing(tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    import_texts(
        store,
        tmp_path,
        {
            "workers.csv": """
                Worker ID,Team,Role,Employment,FTE,Qualified Date,Start Date,Leaving Date
                SW1,North,Social worker,Permanent,1,01/09/2015,01/09/2015,
                """,
            "allocations.csv": f"""
                {ALLOCATIONS_HEADER}
                AL1,CH1,SW1,North,Care and support,No,04/04/2022,
                AL2,CH2,SW1,North,Care and support,No,11/04/2022,
                """,
        },
    )
    assert figure(store, "wf_unallocated_children", "10/04/2022") == 0
    assert figure(store, "wf_caseload_avg", "10/04/2022") == 1


def test_no_allocations_extract_means_no_workforce_series(tmp_path: Path) -> None:
    # With only contacts in the store, nobody knows how many children await allocation: no
    # series, rather than a reassuring row of zeros.
    store = tmp_path / "store.duckdb"
    import_text(
        store,
        tmp_path,
        "contacts.csv",
        """
        Contact ID,Child ID,Received At,Source,Decision At,Outcome,Team
        C1,K1,04/04/2022 09:00,Police,04/04/2022 10:00,Early help,North
        C2,K2,11/04/2022 09:00,Police,11/04/2022 10:00,Early help,North
        """,
    )
    ids = set(series(store)["indicator_id"])
    assert "fd_contacts_received" in ids
    assert not {i for i in ids if i.startswith("wf_")}


# ------------------------------------------------------------------ withdrawn records


def test_allocation_to_a_named_worker_then_withdrawn(tmp_path: Path) -> None:
    # A later export allocates CH80 to SW1 from 01/03: at Sun 10/04 one child is unallocated and
    # SW1 holds 4 (17 children in all). Withdrawing that export restores every figure.
    store = tmp_path / "store.duckdb"
    import_texts(store, tmp_path, {"workers.csv": WORKERS, "allocations.csv": ALLOCATIONS})
    before = series(store)
    later = import_text(
        store,
        tmp_path,
        "allocations_2.csv",
        f"""
        {ALLOCATIONS_HEADER}
        AL80,CH80,SW1,North,Care and support,No,01/03/2022,
        """,
    )
    assert figure(store, "wf_unallocated_children", "10/04/2022") == 1
    assert fraction(store, "wf_caseload_avg", "10/04/2022") == (17, pytest.approx(3.7))
    withdraw(store, later)
    assert figure(store, "wf_unallocated_children", "10/04/2022") == 2
    assert series(store).equals(before)
