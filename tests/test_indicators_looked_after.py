"""Looked-after children and missing episodes, hand-worked (looked_after*.sql, missing.sql).

The records are in ``looked_after_cases.py`` (shared with the SSD layout tests).

Working days are on the England-and-Wales calendar: the clock-start day is day 0 and a start on a
non-working day rolls forward. Bank holidays in these cases: Good Friday 18 April, Easter Monday
21 April, the Early May bank holiday Monday 5 May and the Spring bank holiday Monday 26 May 2025.
Weeks end on Sunday; a snapshot is as at the end of the period's last day. Calendar months are
clamped at the month end (31 January + 3 months = 30 April; 31 January + 6 weeks = 14 March).
Population: 20,000 children. The data-as-at date is Friday 04/07/2025 (visit V12).

Care episodes (E) and placements (P); visits (V, child seen unless "not seen"):
    L1 North  E1 from Mon 06/01/2025, care order, born 01/05/2015.
              P1 06/01-31/01 in-house foster; P2 from 31/01 independent foster, out of area,
              intended to 18. V0 10/01 (during P1), V1 07/02 (P2's first week ends 07/02: on the
              due day), V2 20/03 (next due 01/05). Reviews R1 31/01 (first due 03/02: on time),
              R2 Thu 01/05 (second due 31/01 + 3 months = 30/04: late by a day). GP G2 17/02
              (P2's 10th working day is 14/02: late). Missing M1, M2, absent M3 (March).
    L2 South  E2 Fri 31/01-30/04/2025, section 76, care period CP2, ended "returned home";
              re-enters care: E3 from Mon 02/06/2025, interim care order (a new period of care).
              P3 31/01-30/04 independent residential, out of area; P4 from 02/06 in-house foster.
              V3 31/01 (next due 31/01 + 6 weeks = Fri 14/03), V4 14/03 not seen, V12 04/07.
              R3 27/02, given by its Care Period ID only (first due 28/02: on time); no review in
              the second period (first due 30/06: late by the data-as-at date). GP G3 31/01.
              Missing M6 from 30/06 10:00, still missing.
    L3 North  E4 01/01/2023-10/03/2025 care order, E5 from 10/03/2025 placement order: one period
              of care (a change of legal status). P5 from 01/01/2023 in-house residential,
              intended to 18. V00 10/10/2024, V5 31/01/2025 (the placement is past its first year:
              next due 31/01 + 3 months = 30/04), V6 02/05. R4 15/01/2025: the first review was
              due in 2023, before the reviews extract starts, so R4 is not judged.
    L4 (team from the allocations: South)  E6 from Easter Monday 21/04/2025. P8 from 21/04
              kinship foster. First visit due 28/04, V11 02/05. First review due 21/05 (day 0 is
              Tue 22/04; 5 May a bank holiday): R7 21/05. GP G1 07/05: the 10th working day after
              Tue 22/04 with 5 May a bank holiday (in time).
    L5 North  E7 from 01/03/2024 section 76. P9 01/03-01/05/2024 independent foster, P10
              01/05/2024-01/02/2025 in-house foster, P11 from Sat 01/02/2025 in-house foster.
              V7 05/02, V8 19/03, V9 30/04, V10 28/05. Reviews R6 20/02 and R8 03/07 (history before
              the extract: not judged; R8 due 20/08). No GP registration.
    L6 South  E8 and P12 from 01/07/2025 (after the last complete month); GP G4 03/07.
Allocations: A1 L1 W1 North from 06/01/2025; A2 L3 W2 North 01/06/2024-31/03/2025, A3 L3 W3 from
01/04/2025; A4 L5 W4 North from 01/03/2024; A5 L4 W5 South from 21/04/2025; A6 K9 W6 South care and
support from 01/02/2025 (a child supported at home); A7 L6 W7 South from 01/07/2025.
Missing episodes (K9 is not looked after):
    M0 K9 missing 15/02/2024 10:00-12:00, offered 16/02 09:00 (the missing extract starts here).
    M1 L1 missing 03/03 22:00 - 04/03 08:00; offered 07/03 08:00 (exactly 72 hours); held 07/03.
    M2 L1 missing 10/03 20:00 - 11/03 09:00; offered 14/03 10:00 (73 hours: late); declined.
    M3 L1 absent 20/03 18:00-23:00 (an absence: no return interview counted).
    M4 K9 missing 25/03 - 26/03 (dates only, midnight); offered 28/03 (48 hours); held 01/04 (late).
    M5 K9 missing 28/06 21:00 - 03/07 10:00, not offered: its 72 hours end on 06/07, after the data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from indicator_helpers import (
    breakdown_values,
    fraction,
    import_text,
    import_texts,
    series,
    withdraw,
)
from looked_after_cases import EPISODES, FILES


@pytest.fixture(scope="module")
def lac(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("looked_after")
    store = folder / "store.duckdb"
    import_texts(store, folder, FILES)
    return store


def month(store: Path, indicator_id: str, end: str, **kw: str) -> tuple:
    return fraction(store, indicator_id, end, period_type="month", **kw)


def quarter(store: Path, indicator_id: str, end: str, **kw: str) -> tuple:
    return fraction(store, indicator_id, end, period_type="quarter", **kw)


def test_children_looked_after_and_the_rate(lac: Path) -> None:
    # 31/03: L1, L2, L3 (its legal status changed on 10/03: still one child), L5.
    assert month(lac, "pv_lac_rate", "31/03/2025") == (4, 20000)
    # 30/04: L2's episode ends that day (no longer counted); L4 came in on 21/04.
    assert month(lac, "pv_lac_rate", "30/04/2025") == (4, 20000)
    # 30/06: L2 is back (a new period of care from 02/06); L6 starts after it.
    assert month(lac, "pv_lac_rate", "30/06/2025") == (5, 20000)
    rate = series(lac, "pv_lac_rate").filter(period_type="month", breakdown="total")
    assert rate.filter(period_end=rate["period_end"].max())["value"][0] == 2.5


def test_starts_and_ceases_count_periods_of_care(lac: Path) -> None:
    starts = {m: month(lac, "pv_lac_starts", m)[0] for m in
              ("31/01/2025", "28/02/2025", "31/03/2025", "30/04/2025", "31/05/2025",
               "30/06/2025")}  # fmt: skip
    # January L1 and L2; March none (L3's new episode continues its care); April L4; June L2
    # re-entering care.
    assert starts == {"31/01/2025": 2, "28/02/2025": 0, "31/03/2025": 0, "30/04/2025": 1,
                      "31/05/2025": 0, "30/06/2025": 1}  # fmt: skip
    assert month(lac, "pv_lac_ceased", "30/04/2025")[0] == 1
    assert month(lac, "pv_lac_ceased", "31/03/2025")[0] == 0


def test_breakdowns_by_legal_status_placement_and_age(lac: Path) -> None:
    status = breakdown_values(lac, "pv_lac_rate", "legal_status", "31/03/2025", "month")
    assert {k: v * 2 for k, v in status.items() if v} == {
        "Care order": 1.0,
        "Section 76": 2.0,
        "Placement order": 1.0,
    }
    mix = breakdown_values(lac, "pv_lac_rate", "placement", "30/04/2025", "month")
    assert {k: v * 2 for k, v in mix.items() if v} == {
        "Independent provider": 1.0,  # L1
        "In-house, other": 1.0,  # L3 residential
        "Connected person": 1.0,  # L4 kinship
        "In-house foster care": 1.0,  # L5
    }
    ages = breakdown_values(lac, "pv_lac_rate", "age_band", "30/04/2025", "month")
    assert {k: v * 2 for k, v in ages.items() if v} == {
        "5-9": 1.0,  # L1, 9
        "Age not recorded": 1.0,  # L3
        "1-4": 1.0,  # L4, 1 on 01/03/2025
        "10-15": 1.0,  # L5, 12
    }


def test_external_and_out_of_area_placements(lac: Path) -> None:
    # 31/03: L1 (independent, out of area) and L2 (independent, out of area) of four.
    assert month(lac, "pv_external_placement_pct", "31/03/2025") == (2, 4)
    assert month(lac, "pv_out_of_area_pct", "31/03/2025") == (2, 4)
    # 30/06: L1 only; L2 is now in-house foster care.
    assert month(lac, "pv_external_placement_pct", "30/06/2025") == (1, 5)


def test_returned_home(lac: Path) -> None:
    # April: L2's period of care ended on 30/04 with "returned home"; five children were looked
    # after at some time in April.
    assert month(lac, "pv_returned_home_pct", "30/04/2025") == (1, 5)
    assert month(lac, "pv_returned_home_pct", "31/05/2025") == (0, 4)
    assert quarter(lac, "pv_returned_home_pct", "30/06/2025") == (1, 5)


def test_three_or_more_placements_in_12_months(lac: Path) -> None:
    # 31/03/2025: L5 had P9 (ended 01/05/2024, inside the 12 months), P10 and P11.
    assert quarter(lac, "wb_lac_3plus_placements_pct", "31/03/2025") == (1, 4)
    # 30/06/2025: P9 ended before 30/06/2024: two placements.
    assert quarter(lac, "wb_lac_3plus_placements_pct", "30/06/2025") == (0, 5)


def test_statutory_visits_within_the_regulation_intervals(lac: Path) -> None:
    # 31/03: L2 was last seen on 31/01, due again 31/01 + 6 weeks = 14/03: overdue. L1 (20/03),
    # L3 (31/01, 3-monthly: due 30/04) and L5 (19/03) are in time.
    assert month(lac, "wb_lac_visit_timely_pct", "31/03/2025") == (3, 4)
    # 30/04: L3 is due that very day (31/01 + 3 months, clamped): in time. L4 placed on Easter
    # Monday 21/04 was due a visit by 28/04 and first seen on 02/05: overdue.
    assert month(lac, "wb_lac_visit_timely_pct", "30/04/2025") == (3, 4)
    # 30/06: L1 (due 01/05), L2 (new placement 02/06, due 09/06) and L4 (due 13/06) overdue.
    assert month(lac, "wb_lac_visit_timely_pct", "30/06/2025") == (2, 5)


def test_six_weeks_after_31_january_is_14_march(lac: Path) -> None:
    south = {"breakdown": "team", "value": "South"}
    assert fraction(lac, "wb_lac_visit_timely_pct", "09/03/2025", **south) == (1, 1)
    assert fraction(lac, "wb_lac_visit_timely_pct", "16/03/2025", **south) == (0, 1)


def test_a_placement_starting_on_a_bank_holiday(lac: Path) -> None:
    south = {"breakdown": "team", "value": "South"}
    # L4 (team South from the allocations) placed on Easter Monday: due a visit by 28/04, so in
    # time on 27/04 (L2, also South, is overdue); L2 left care on 30/04 and L4 was seen on 02/05.
    assert fraction(lac, "wb_lac_visit_timely_pct", "27/04/2025", **south) == (1, 2)
    assert fraction(lac, "wb_lac_visit_timely_pct", "04/05/2025", **south) == (1, 1)
    # GP registration on 07/05: the 10th working day from Tue 22/04 with 5 May a bank holiday.
    assert month(lac, "pi_lac_gp_10wd_pct", "30/04/2025") == (1, 1)


def test_gp_registration_within_10_working_days(lac: Path) -> None:
    # January: P1 (never registered), P2 (17/02, after its 10th working day 14/02), P3 (31/01).
    assert month(lac, "pi_lac_gp_10wd_pct", "31/01/2025") == (1, 3)
    # February: P11 from Saturday 01/02 (day 0 Mon 03/02) has no registration.
    assert month(lac, "pi_lac_gp_10wd_pct", "28/02/2025") == (0, 1)
    assert month(lac, "pi_lac_gp_10wd_pct", "30/06/2025") == (0, 1)  # P4


def test_reviews_on_time(lac: Path) -> None:
    # February: R1 (L1, due 03/02) and R3 (L2 by its care period, due 28/02) on time.
    assert month(lac, "wb_lac_review_timely_pct", "28/02/2025") == (2, 2)
    # April: L1's second review was due 31/01 + 3 months = 30/04 and held on 01/05: late.
    assert month(lac, "wb_lac_review_timely_pct", "30/04/2025") == (0, 1)
    # May: L4's first review, due 21/05 (20 working days from Tue 22/04), held that day.
    assert month(lac, "wb_lac_review_timely_pct", "31/05/2025") == (1, 1)
    # June: L2 re-entered care on 02/06; its first review was due 30/06 and not held.
    assert month(lac, "wb_lac_review_timely_pct", "30/06/2025") == (0, 1)
    # L3 and L5's care began before the reviews extract: their reviews are not judged.
    assert month(lac, "wb_lac_review_timely_pct", "31/01/2025") == (None, None)


def test_remain_with_family(lac: Path) -> None:
    # 31/03: K9's care and support case is open; L1, L2, L3 and L5 are looked after (A2 ends on
    # 31/03 and no longer counts, but L3 is looked after).
    assert month(lac, "pv_remain_with_family_pct", "31/03/2025") == (1, 5)


def test_no_change_of_social_worker_in_6_months(lac: Path) -> None:
    # 31/03: L3 (W2 since 01/06/2024, to 31/03) and L5 (W4) looked after for 6 months: stable.
    assert quarter(lac, "wf_lac_sw_stable_6m_pct", "31/03/2025") == (2, 2)
    # 30/06: L3 changed to W3 on 01/04.
    assert quarter(lac, "wf_lac_sw_stable_6m_pct", "30/06/2025") == (1, 2)


def test_missing_episodes_and_repeat_missing(lac: Path) -> None:
    assert month(lac, "wb_missing_episodes", "31/03/2025") == (4, None)
    assert month(lac, "wb_missing_per_child", "31/03/2025") == (4, 2)
    # L1 had three episodes (two missing, one absent) in the 12 months to 31/03.
    assert month(lac, "wb_missing_repeat", "31/03/2025") == (1, None)
    split = breakdown_values(lac, "wb_missing_repeat", "looked_after", "31/03/2025", "month")
    assert split == {"Looked after": 1.0, "Not looked after": 0.0}
    kinds = breakdown_values(lac, "wb_missing_episodes", "episode_type", "31/03/2025", "month")
    assert kinds == {"Missing": 3.0, "Absent": 1.0}


def test_return_interviews_within_72_hours(lac: Path) -> None:
    # March returns from missing: M1 offered at exactly 72 hours, M2 at 73, M4 at 48 (dates only).
    assert month(lac, "wb_return_interview_72h_pct", "31/03/2025") == (2, 3)
    # Held within 72 hours: M1 only (M2 declined; M4 held on 01/04, after 29/03).
    assert month(lac, "wb_return_interview_held_pct", "31/03/2025") == (1, 3)
    split = breakdown_values(
        lac, "wb_return_interview_72h_pct", "looked_after", "31/03/2025", "month"
    )
    assert split == {"Looked after": 50.0, "Not looked after": 100.0}


def test_updates_and_withdrawals_change_the_figures(tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    import_texts(store, tmp_path, FILES)
    assert month(store, "pv_returned_home_pct", "30/04/2025") == (1, 5)
    update = "\n".join(
        line.replace("30/04/2025,Section 76,Returned home", "30/04/2025,Section 76,Adopted")
        for line in EPISODES.strip().splitlines()
        if line.startswith(("Care Episode", "E2"))
    )
    update_id = import_text(store, tmp_path / "update", "episodes.csv", update)
    assert month(store, "pv_returned_home_pct", "30/04/2025") == (0, 5)
    withdraw(store, update_id)
    assert month(store, "pv_returned_home_pct", "30/04/2025") == (1, 5)
