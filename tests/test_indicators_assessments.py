"""Part 3 assessment indicators, hand-worked (assessments.sql).

The statutory clock starts at the referral (day 0). An assessment is in time when it is completed
within 42 working days (PM24); an open one is overdue at a period end past 42 working days, and at
risk past 35 and at most 42. Weekends and England-and-Wales bank holidays do not count; a period
end on a Sunday counts as the next working day.

Working days after Mon 04/04/2022, counted by hand (Good Friday 15/04, Easter Monday 18/04, early
May 02/05 and the Platinum Jubilee 02/06 and 03/06 are holidays):

    April  05-08 -> 1-4   11-14 -> 5-8   19-22 -> 9-12   25-29 -> 13-17
    May    03-06 -> 18-21 09-13 -> 22-26 16-20 -> 27-31  23-27 -> 32-36  30-31 -> 37-38
    June   01 -> 39       06 -> 40       07 -> 41        08 -> 42 (the deadline)  09 -> 43

A referral n working days before Mon 04/04 is n days further on: Fri 01/04 +1, Thu 31/03 +2,
Wed 30/03 +3, Tue 29/03 +4, Mon 28/03 +5; after it, n days fewer: Fri 08/04 -4, Mon 11/04 -5.

id      referral    completed        WD   outcome                team   seen  alone
A0103   Mon 03/01   Fri 07/01         4   No further action      North  Yes   Yes
A0328   Mon 28/03   Sun 05/06        45   Care and support plan  South  Yes   Yes
A0329   Tue 29/03   Mon 06/06        44   No further action      South
A0330   Wed 30/03   (open)                                        North
A0331   Thu 31/03   Mon 13/06        47   Early help             North
A0404a  Mon 04/04   Wed 08/06        42   Child protection       North  Yes   Yes
A0404b  Mon 04/04   Thu 09/06        43   Looked after           South  Yes   No
A0408   Fri 08/04   (open)                                        South
A0411   Mon 11/04   (open)                                        South
A0606   Mon 06/06   Sun 12/06         5   Information and advice North  No
A0620   Mon 20/06   (open; keeps the data running to 20/06, so the week to Sun 19/06 is complete)

(A completion on a Sunday counts as the next working day: Sun 05/06 as Mon 06/06, Sun 12/06 as
Mon 13/06 -> 40 days from Mon 06/06 ... 5.)

A0103 only starts the history early: these indicators need 42 working days of it (35 for "at
risk") before their figures are complete (catalogue warm_up), which A0103 gives by early March.
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

HEADER = (
    "Assessment ID,Child ID,Referral Date,Start Date,Completed Date,Outcome,Team,Worker ID,"
    "Child Seen,Child Seen Alone"
)
ANCHOR = "A0103,K0,03/01/2022,03/01/2022,07/01/2022,No further action,North,SW2,Yes,Yes"
ASSESSMENTS = f"""
{HEADER}
{ANCHOR}
A0328,K1,28/03/2022,28/03/2022,05/06/2022,Care and support plan,South,SW1,Yes,Yes
A0329,K2,29/03/2022,29/03/2022,06/06/2022,No further action,South,SW1,,
A0330,K3,30/03/2022,31/03/2022,,,North,SW2,,
A0331,K4,31/03/2022,01/04/2022,13/06/2022,Early help,North,SW2,Yes,No
A0404a,K5,04/04/2022,04/04/2022,08/06/2022,Child protection,North,SW2,Yes,Yes
A0404b,K6,04/04/2022,05/04/2022,09/06/2022,Looked after,South,SW1,Yes,No
A0408,K7,08/04/2022,08/04/2022,,,South,,,
A0411,K8,11/04/2022,11/04/2022,,,South,,,
A0606,K9,06/06/2022,06/06/2022,12/06/2022,Information and advice,North,SW2,No,
A0620,K10,20/06/2022,20/06/2022,,,North,,,
"""


@pytest.fixture(scope="module")
def assessments(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("assessments")
    store = folder / "store.duckdb"
    import_text(store, folder, "assessments.csv", ASSESSMENTS)
    return store


def test_periods_run_from_the_first_referral_to_the_last_event(assessments: Path) -> None:
    # No contacts: the data run from the earliest referral (Mon 03/01) to the latest event (the
    # referral on Mon 20/06). 42 working days after Mon 03/01 is Thu 03/03 (no bank holiday
    # between), so the overdue count starts on Sun 06/03, and March is its first month.
    weeks = period_ends(assessments, "pe_assessments_overdue")
    assert (weeks[0].isoformat(), weeks[-1].isoformat(), len(weeks)) == (
        "2022-03-06",
        "2022-06-19",
        16,
    )
    months = period_ends(assessments, "pe_assessments_overdue", "month")
    assert [m.isoformat() for m in months] == ["2022-03-31", "2022-04-30", "2022-05-31"]


def test_no_figure_before_the_clock_can_have_run(tmp_path: Path) -> None:
    # Without A0103 the history starts on Mon 28/03. Nothing can be overdue until 42 working days
    # have passed (Mon 30/05), and completions before then are only the quick ones, so the first
    # weeks would read "0 overdue" and "100 % in time" (issue 8). Instead the overdue count
    # starts on Sun 05/06 (snapshot: the period must end on or after 30/05) and the completion
    # rates with the week 30/05-05/06 (flow: the period must start on or after it); "at risk"
    # (35 working days) can start earlier, on Sun 22/05 (the warm-up ends on Thu 19/05).
    store = tmp_path / "store.duckdb"
    import_text(store, tmp_path, "assessments.csv", ASSESSMENTS.replace(ANCHOR + "\n", ""))
    assert period_ends(store, "pe_assessments_overdue")[0].isoformat() == "2022-06-05"
    assert period_ends(store, "pe_assessments_at_risk")[0].isoformat() == "2022-05-22"
    for rate in ("pe_assessment_42wd_pct", "pe_assessment_median_wd", "pe_child_seen_alone_pct"):
        assert period_ends(store, rate)[0].isoformat() == "2022-06-05", rate
    assert [m.isoformat() for m in period_ends(store, "pe_assessments_overdue", "month")] == [
        "2022-05-31"
    ]


# ------------------------------------------------------------------ completed within 42 WD (flow)


def test_completed_within_42_working_days(assessments: Path) -> None:
    # Week 06/06-12/06: A0329 (Mon 06/06, the first day: 44, late), A0404a (42: exactly the
    # limit, in time), A0404b (43, late), A0606 (Sun 12/06, the last day: 5, in time) -> 2 of 4.
    # A0331, completed on Mon 13/06 (the day after), is not in this week.
    assert fraction(assessments, "pe_assessment_42wd_pct", "12/06/2022") == (2, 4)
    assert figure(assessments, "pe_assessment_42wd_pct", "12/06/2022") == 50
    # Week 30/05-05/06: only A0328, completed on Sunday 05/06 (counted as Mon 06/06: 45) -> late.
    assert fraction(assessments, "pe_assessment_42wd_pct", "05/06/2022") == (0, 1)
    # Week 13/06-19/06: A0331 (47) -> late.
    assert fraction(assessments, "pe_assessment_42wd_pct", "19/06/2022") == (0, 1)


def test_completed_within_42_working_days_by_team(assessments: Path) -> None:
    # Week 06/06-12/06: North A0404a (in), A0606 (in); South A0329, A0404b (both late).
    assert breakdown_values(assessments, "pe_assessment_42wd_pct", "team", "12/06/2022") == {
        "North": 100,
        "South": 0,
    }


def test_no_completions_means_no_rate(assessments: Path) -> None:
    # Nothing was completed in the week 23/05-29/05: the rate is missing (not 0 %), and so is the
    # median; the week is still in the series (a gap in the chart, not a shorter chart).
    assert fraction(assessments, "pe_assessment_42wd_pct", "29/05/2022") == (None, None)
    assert figure(assessments, "pe_assessment_42wd_pct", "29/05/2022") is None
    assert figure(assessments, "pe_assessment_median_wd", "29/05/2022") is None
    assert figure(assessments, "pe_child_seen_pct", "29/05/2022") is None


def test_median_working_days(assessments: Path) -> None:
    # Week 06/06-12/06: 5, 42, 43, 44 -> the median of an even count is the mean of the middle
    # two: (42 + 43) / 2 = 42.5, over 4 completions.
    assert figure(assessments, "pe_assessment_median_wd", "12/06/2022") == 42.5
    assert fraction(assessments, "pe_assessment_median_wd", "12/06/2022") == (None, 4)
    assert figure(assessments, "pe_assessment_median_wd", "05/06/2022") == 45


def test_child_seen_and_seen_alone(assessments: Path) -> None:
    # Week 06/06-12/06: seen A0404a, A0404b (A0329 blank counts as not seen, A0606 No) -> 2 of 4;
    # seen alone only A0404a -> 1 of 4.
    assert fraction(assessments, "pe_child_seen_pct", "12/06/2022") == (2, 4)
    assert fraction(assessments, "pe_child_seen_alone_pct", "12/06/2022") == (1, 4)
    assert figure(assessments, "pe_child_seen_alone_pct", "12/06/2022") == 25


# ------------------------------------------------------------------ overdue and at risk (snapshot)


def test_overdue_and_at_risk_at_a_week_end(assessments: Path) -> None:
    # Sun 05/06, counted as Mon 06/06. Open at the end of the day:
    #   A0329 (completed the day after, 06/06): 44 -> overdue
    #   A0330 (open): 43 -> overdue (one past the limit)
    #   A0331: 42 -> at risk, not overdue (exactly the limit)
    #   A0404a, A0404b (completed 08/06, 09/06): 40 -> at risk
    #   A0408: 36 -> at risk (one past 35)
    #   A0411: 35 -> neither (at risk starts after 35)
    # A0328 was completed ON the period end (Sun 05/06), so it is no longer open.
    assert figure(assessments, "pe_assessments_overdue", "05/06/2022") == 2
    assert figure(assessments, "pe_assessments_at_risk", "05/06/2022") == 4
    assert breakdown_values(assessments, "pe_assessments_overdue", "team", "05/06/2022") == {
        "North": 1,
        "South": 1,
    }
    assert breakdown_values(assessments, "pe_assessments_at_risk", "team", "05/06/2022") == {
        "North": 2,
        "South": 2,
    }


def test_overdue_and_at_risk_a_week_later(assessments: Path) -> None:
    # Sun 12/06, counted as Mon 13/06 (five more working days): open A0330 48 and A0331 47
    # (completed the day after) -> overdue; A0408 41 and A0411 40 -> at risk. A0606 was completed
    # on the period end, A0329, A0404a and A0404b earlier in the week.
    assert figure(assessments, "pe_assessments_overdue", "12/06/2022") == 2
    assert figure(assessments, "pe_assessments_at_risk", "12/06/2022") == 2
    # Sun 19/06 (as Mon 20/06): A0330 53, A0408 46, A0411 45 -> 3 overdue, none at risk. A0620
    # was referred on 20/06, after the period end.
    assert figure(assessments, "pe_assessments_overdue", "19/06/2022") == 3
    assert figure(assessments, "pe_assessments_at_risk", "19/06/2022") == 0


def test_overdue_and_at_risk_at_a_month_end(assessments: Path) -> None:
    # Tue 31/05 (a working day, 38 after Mon 04/04): A0328 43 -> overdue; A0329 42 (exactly the
    # limit), A0330 41, A0331 40, A0404a and A0404b 38 -> at risk; A0408 34 and A0411 33 -> neither.
    assert figure(assessments, "pe_assessments_overdue", "31/05/2022", period_type="month") == 1
    assert figure(assessments, "pe_assessments_at_risk", "31/05/2022", period_type="month") == 5
    # Sat 30/04 counts as Tue 03/05 (Mon 02/05 is a holiday): A0328 is 23 days in; nothing is
    # overdue or at risk, which is a 0, not a missing value.
    assert figure(assessments, "pe_assessments_overdue", "30/04/2022", period_type="month") == 0
    assert figure(assessments, "pe_assessments_at_risk", "30/04/2022", period_type="month") == 0


# ------------------------------------------------------------------ Christmas


def test_42_working_days_across_christmas(tmp_path: Path) -> None:
    # From Mon 21/11/2022: Nov 22-25 -> 1-4, 28-30 -> 5-7; Dec 01-02 -> 8-9, 05-09 -> 10-14,
    # 12-16 -> 15-19, 19-23 -> 20-24, (26 and 27 are bank holidays) 28-30 -> 25-27; Jan 2023
    # (02 is a bank holiday) 03-06 -> 28-31, 09-13 -> 32-36, 16-20 -> 37-41, Mon 23 -> 42.
    # So completion on Mon 23/01/2023 is in time (42) and on Tue 24/01 late (43).
    store = tmp_path / "store.duckdb"
    import_text(
        store,
        tmp_path,
        "assessments.csv",
        f"""
        {HEADER}
        X0,K0,01/09/2022,01/09/2022,02/09/2022,No further action,North,,Yes,Yes
        X1,K1,21/11/2022,22/11/2022,23/01/2023,Early help,North,,Yes,No
        X2,K2,21/11/2022,22/11/2022,24/01/2023,Early help,North,,Yes,No
        X3,K3,30/01/2023,30/01/2023,,,North,,,
        """,
    )
    assert fraction(store, "pe_assessment_42wd_pct", "29/01/2023") == (1, 2)
    assert figure(store, "pe_assessment_median_wd", "29/01/2023") == 42.5
    # At Sun 22/01/2023 (as Mon 23/01) both are open at exactly 42: at risk, not overdue.
    assert figure(store, "pe_assessments_at_risk", "22/01/2023") == 2
    assert figure(store, "pe_assessments_overdue", "22/01/2023") == 0
    # At Sun 15/01 (as Mon 16/01): 37 -> at risk; at Sun 08/01 (as Mon 09/01): 32 -> neither.
    assert figure(store, "pe_assessments_at_risk", "15/01/2023") == 2
    assert figure(store, "pe_assessments_at_risk", "08/01/2023") == 0


# ------------------------------------------------------------------ open and withdrawn records


def test_completion_added_later_and_withdrawn(tmp_path: Path) -> None:
    # A later export completes A0330 on Fri 03/06/2022, a Jubilee bank holiday, which counts as
    # the next working day Mon 06/06: 43 working days, late. It leaves the overdue count at Sun
    # 05/06 and joins the completions of week 30/05-05/06. Withdrawing it restores everything.
    store = tmp_path / "store.duckdb"
    import_text(store, tmp_path, "assessments_1.csv", ASSESSMENTS)
    before = series(store)
    assert figure(store, "pe_assessments_overdue", "05/06/2022") == 2

    later = import_text(
        store,
        tmp_path,
        "assessments_2.csv",
        f"""
        {HEADER}
        A0330,K3,30/03/2022,31/03/2022,03/06/2022,Care and support plan,North,SW2,Yes,Yes
        """,
    )
    assert figure(store, "pe_assessments_overdue", "05/06/2022") == 1
    assert fraction(store, "pe_assessment_42wd_pct", "05/06/2022") == (0, 2)
    assert figure(store, "pe_assessment_median_wd", "05/06/2022") == 44  # (43 + 45) / 2
    assert fraction(store, "pe_child_seen_alone_pct", "05/06/2022") == (2, 2)

    withdraw(store, later)
    assert figure(store, "pe_assessments_overdue", "05/06/2022") == 2
    assert fraction(store, "pe_assessment_42wd_pct", "05/06/2022") == (0, 1)
    assert series(store).equals(before)
