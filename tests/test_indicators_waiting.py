"""Waiting-list indicators (early help and other services), hand-worked (waiting_lists.sql).

Waits are in calendar weeks (days / 7), not working days. A referral is waiting at a period end when
it was made on or before that day and was neither allocated nor closed by the end of it. The median
and 90th percentile are over referrals allocated in the period, with DuckDB's ``quantile_cont``
(linear interpolation between the sorted values: position 0.9 * (n - 1)).

Weeks end on Sunday: W1 04/04-10/04/2022, W2 11/04-17/04, W3 18/04-24/04. The data run from the
first referral (R00, Mon 01/11/2021) to the last event (an allocation on Mon 25/04). The waiting
list indicators have a 12-week warm-up (a list needs that much history before it holds everyone
still waiting), so they are reported from 24/01/2022: R00 is there only to start the history
early enough for the April figures below.

id   service            referred    allocated   closed      wait
R00  Parenting          Mon 01/11/21 Mon 08/11/21           7 days (November 2021 only)
R01  Parenting          Mon 07/03   Mon 04/04               28 days = 4 weeks
R02  Parenting          Mon 07/03   Sun 10/04               34 days = 34/7
R03  Parenting          Mon 07/03   Mon 11/04               35 days = 5 weeks
R04  Family Support     Mon 14/03   Wed 06/04               23 days = 23/7
R05  Family Support     Mon 14/03               Sun 10/04   (closed without a service)
R06  Family Support     Mon 21/03               Mon 11/04
R07  Youth Emotional    Tue 01/03   (still waiting)
R08  Youth Emotional    Sun 10/04   (still waiting)
R09  Youth Emotional    Mon 11/04   (still waiting)
R10  Parenting          Mon 18/04   Mon 25/04               7 days = 1 week
"""

from __future__ import annotations

from pathlib import Path

import pytest
from indicator_helpers import (
    breakdown_values,
    figure,
    fraction,
    import_text,
    period_ends,
    series,
    withdraw,
)

HEADER = "Referral ID,Child ID,Service,Referred Date,Allocated Date,Closed Date"
P, F, Y = "Parenting", "Family Support", "Youth Emotional Mental Health Team"
ANCHOR = f"R00,K00,{P},01/11/2021,08/11/2021,"
REFERRALS = f"""
{HEADER}
{ANCHOR}
R01,K01,{P},07/03/2022,04/04/2022,
R02,K02,{P},07/03/2022,10/04/2022,
R03,K03,{P},07/03/2022,11/04/2022,
R04,K04,{F},14/03/2022,06/04/2022,
R05,K05,{F},14/03/2022,,10/04/2022
R06,K06,{F},21/03/2022,,11/04/2022
R07,K07,{Y},01/03/2022,,
R08,K08,{Y},10/04/2022,,
R09,K09,{Y},11/04/2022,,
R10,K10,{P},18/04/2022,25/04/2022,
"""


@pytest.fixture(scope="module")
def waiting(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("waiting")
    store = folder / "store.duckdb"
    import_text(store, folder, "service_referrals.csv", REFERRALS)
    return store


def test_periods(waiting: Path) -> None:
    # 12 weeks after Mon 01/11/2021 is Mon 24/01/2022: the first snapshot is Sun 30/01 (the
    # week ending 30/01 is also the first week whose allocations all come after the warm-up).
    weeks = [e.isoformat() for e in period_ends(waiting, "pv_eh_waiting_count")]
    assert weeks[0] == "2022-01-30" and weeks[-1] == "2022-04-24" and len(weeks) == 13
    assert period_ends(waiting, "pv_eh_wait_weeks")[0].isoformat() == "2022-01-30"
    # January ends after the warm-up (a snapshot) but starts before it (a flow); April is not
    # complete (the data run to 25/04).
    assert [e.isoformat() for e in period_ends(waiting, "pv_eh_waiting_count", "month")] == [
        "2022-01-31",
        "2022-02-28",
        "2022-03-31",
    ]
    assert [e.isoformat() for e in period_ends(waiting, "pv_eh_wait_weeks", "month")] == [
        "2022-02-28",
        "2022-03-31",
    ]


def test_a_list_with_less_history_than_its_warm_up_reports_nothing(tmp_path: Path) -> None:
    # Without R00 the history starts on Tue 01/03/2022, and 12 weeks later (24/05) is after the
    # data end: a list that has been recorded for eight weeks cannot yet hold everyone waiting
    # (referrals made before 01/03 are missing), so no waiting-list figure is reported at all,
    # rather than a list that seems to grow from nothing (issue 8).
    store = tmp_path / "store.duckdb"
    import_text(store, tmp_path, "service_referrals.csv", REFERRALS.replace(ANCHOR + "\n", ""))
    for indicator_id in ("pv_eh_waiting_count", "pv_eh_wait_weeks", "pv_eh_longest_wait_weeks"):
        assert series(store, indicator_id).is_empty(), indicator_id


# ------------------------------------------------------------------ waiting list (snapshot)


def test_waiting_at_a_week_end(waiting: Path) -> None:
    # Sun 10/04: R03 (allocated the day after), R06 (closed the day after), R07, and R08 (referred
    # on the period end) are waiting. R02 (allocated ON the period end) and R05 (closed ON the
    # period end) are not; R09 was referred the day after.
    assert figure(waiting, "pv_eh_waiting_count", "10/04/2022") == 4
    assert breakdown_values(waiting, "pv_eh_waiting_count", "service", "10/04/2022") == {
        P: 1,
        F: 1,
        Y: 2,
    }
    # Sun 17/04: R07, R08, R09 (Youth Emotional); Parenting and Family Support have nobody.
    assert breakdown_values(waiting, "pv_eh_waiting_count", "service", "17/04/2022") == {
        P: 0,
        F: 0,
        Y: 3,
    }
    # Sun 24/04: R07, R08, R09 and R10 (allocated the day after).
    assert figure(waiting, "pv_eh_waiting_count", "24/04/2022") == 4
    # Thu 31/03: R01 to R07 were all referred and none was allocated or closed yet.
    assert figure(waiting, "pv_eh_waiting_count", "31/03/2022", period_type="month") == 7


def test_longest_current_wait(waiting: Path) -> None:
    # Sun 10/04: R07 has waited since Tue 01/03: 40 days; R03 (Parenting) 34; R06 (Family
    # Support) 20; R08 0.
    assert figure(waiting, "pv_eh_longest_wait_weeks", "10/04/2022") == pytest.approx(40 / 7)
    assert breakdown_values(waiting, "pv_eh_longest_wait_weeks", "service", "10/04/2022") == {
        P: pytest.approx(34 / 7),
        F: pytest.approx(20 / 7),
        Y: pytest.approx(40 / 7),
    }
    # Sun 17/04: nobody waits for Parenting or Family Support: 0, not missing. R07: 47 days.
    assert breakdown_values(waiting, "pv_eh_longest_wait_weeks", "service", "17/04/2022") == {
        P: 0,
        F: 0,
        Y: pytest.approx(47 / 7),
    }


def test_longest_wait_is_zero_when_nobody_waits(tmp_path: Path) -> None:
    # Both referrals are allocated within their week: at Sun 10/04 nobody waits.
    store = tmp_path / "store.duckdb"
    import_text(
        store,
        tmp_path,
        "service_referrals.csv",
        f"""
        {HEADER}
        {ANCHOR}
        S1,K1,{P},04/04/2022,08/04/2022,
        S2,K2,{P},11/04/2022,18/04/2022,
        """,
    )
    assert figure(store, "pv_eh_waiting_count", "10/04/2022") == 0
    assert figure(store, "pv_eh_longest_wait_weeks", "10/04/2022") == 0
    assert (
        figure(store, "pv_eh_longest_wait_weeks", "10/04/2022", breakdown="service", value=P) == 0
    )
    # S1 waited 4 days.
    assert figure(store, "pv_eh_wait_weeks", "10/04/2022") == pytest.approx(4 / 7)


# ------------------------------------------------------------------ waiting time (flow)


def test_median_and_90th_percentile_wait(waiting: Path) -> None:
    # Allocated in W1: R01 (Mon 04/04, the first day) 28 days, R04 23, R02 (Sun 10/04, the last
    # day) 34; R03 (Mon 11/04, the day after) belongs to W2. Sorted: 23/7, 28/7, 34/7.
    # Median: 28/7 = 4. 90th percentile: position 0.9 * 2 = 1.8 -> 28/7 + 0.8 * (34 - 28)/7
    # = 32.8/7.
    assert figure(waiting, "pv_eh_wait_weeks", "10/04/2022") == pytest.approx(4)
    assert figure(waiting, "pv_eh_wait_weeks_p90", "10/04/2022") == pytest.approx(32.8 / 7)
    assert fraction(waiting, "pv_eh_wait_weeks", "10/04/2022") == (None, 3)
    assert fraction(waiting, "pv_eh_wait_weeks_p90", "10/04/2022") == (None, 3)


def test_median_and_90th_percentile_by_service(waiting: Path) -> None:
    # W1 Parenting: 28/7, 34/7 -> median 31/7; 90th: 28/7 + 0.9 * 6/7 = 33.4/7.
    # Family Support: 23/7 only -> both 23/7. Youth Emotional: nobody allocated -> no value.
    assert breakdown_values(waiting, "pv_eh_wait_weeks", "service", "10/04/2022") == {
        P: pytest.approx(31 / 7),
        F: pytest.approx(23 / 7),
    }
    assert breakdown_values(waiting, "pv_eh_wait_weeks_p90", "service", "10/04/2022") == {
        P: pytest.approx(33.4 / 7),
        F: pytest.approx(23 / 7),
    }


def test_no_allocations_means_no_waiting_time(waiting: Path) -> None:
    # W2: R03 alone, 35 days = 5 weeks. W3: nobody was allocated -> no value (a gap), while the
    # waiting count that week is a real number.
    assert figure(waiting, "pv_eh_wait_weeks", "17/04/2022") == pytest.approx(5)
    assert figure(waiting, "pv_eh_wait_weeks_p90", "17/04/2022") == pytest.approx(5)
    assert figure(waiting, "pv_eh_wait_weeks", "24/04/2022") is None
    assert figure(waiting, "pv_eh_wait_weeks_p90", "24/04/2022") is None


# ------------------------------------------------------------------ withdrawn records


def test_allocation_added_later_and_withdrawn(tmp_path: Path) -> None:
    # A later export allocates R07 on Fri 08/04 (38 days): at Sun 10/04 only 3 wait, the longest
    # being R03's 34 days, and W1's allocations become 23, 28, 34, 38 days (median 31/7).
    store = tmp_path / "store.duckdb"
    import_text(store, tmp_path, "service_referrals_1.csv", REFERRALS)
    before = series(store)
    later = import_text(
        store,
        tmp_path,
        "service_referrals_2.csv",
        f"""
        {HEADER}
        R07,K07,{Y},01/03/2022,08/04/2022,
        """,
    )
    assert figure(store, "pv_eh_waiting_count", "10/04/2022") == 3
    assert figure(store, "pv_eh_longest_wait_weeks", "10/04/2022") == pytest.approx(34 / 7)
    assert figure(store, "pv_eh_wait_weeks", "10/04/2022") == pytest.approx(31 / 7)
    withdraw(store, later)
    assert figure(store, "pv_eh_waiting_count", "10/04/2022") == 4
    assert series(store).equals(before)
