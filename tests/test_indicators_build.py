"""The series build (pipelines/indicators/build.py): filling periods with no events, joining
uploaded figures, SPC columns on every row, and rebuilds after withdrawals that restore the series exactly.

Small store used below (weeks end on Sunday):

    contacts   C1 Mon 04/04/2022 (Police, North), decided the same day
               C2 Mon 18/04/2022 (Easter Monday; Health, South), decided Wed 20/04: the receipt
                  rolls forward to Tue 19/04, so 1 working day, in time
               C3 Mon 25/04/2022 (Police, North), decided the same day (the data end here)
    weeks      W1 04/04-10/04 (C1), W2 11/04-17/04 (nothing happens), W3 18/04-24/04 (C2)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from indicator_helpers import (
    d,
    figure,
    fraction,
    import_text,
    import_texts,
    period_ends,
    rebuild,
    row,
    series,
    series_meta,
    settings_patcher,
    withdraw,
    write_extract,
)
from polars.testing import assert_frame_equal

from pipelines.catalogue import computed_indicators
from pipelines.indicators import build
from pipelines.ingest import RejectedFile, prepare
from pipelines.workdays import CALENDAR_VERSION


@pytest.fixture
def patch_settings(monkeypatch: pytest.MonkeyPatch):
    """Rebuild with changed settings (see indicator_helpers.settings_patcher)."""
    return settings_patcher(monkeypatch)


CONTACTS = """
Contact ID,Child ID,Received At,Source,Decision At,Outcome,Team
C1,K1,04/04/2022 09:00,Police,04/04/2022 12:00,No further action,North
C2,K2,18/04/2022 09:00,Health,20/04/2022 12:00,Assessment,South
C3,K3,25/04/2022 09:00,Police,25/04/2022 12:00,No further action,North
"""

VALUES_HEADER = (
    "Indicator ID,Period Start,Period End,Value,Numerator,Denominator,Breakdown,Source Note"
)
VALUES = f"""
{VALUES_HEADER}
fd_survey_easy_contact_pct,01/04/2022,30/06/2022,40,40,100,,survey (a quarter)
fd_survey_easy_contact_pct,01/04/2022,30/06/2022,35,35,100,Parents,survey group
fd_survey_easy_contact_pct,01/07/2022,30/09/2022,45,45,100,,survey (next quarter)
pi_care_leaver_eet_pct,01/01/2022,31/03/2022,80.5,,,,a calendar quarter
fd_referrer_feedback_pct,01/04/2022,30/04/2022,7.5,,,,survey (a month)
pe_carer_assessment_offer_pct,01/04/2022,31/03/2023,12,,,,audit (a financial year)
pe_advocacy_offer_pct,01/01/2022,31/12/2022,14,,,,a calendar year
pe_recording_timely_pct,11/04/2022,17/04/2022,80,8,10,,audit (Monday to Sunday: a week)
pe_recording_timely_pct,09/04/2022,15/04/2022,70,7,10,,audit (Saturday to Friday)
pe_views_before_review_pct,01/04/2022,15/05/2022,60,6,10,,six weeks and a bit
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("build")
    path = folder / "store.duckdb"
    import_texts(path, folder, {"contacts.csv": CONTACTS, "indicator_values.csv": VALUES})
    return path


# ------------------------------------------------------------------ filling periods


def test_a_period_with_no_events_is_zero_for_counts(store: Path) -> None:
    # W2 has no contacts: 0 received (numerator 0, no denominator), not a missing week.
    assert fraction(store, "fd_contacts_received", "17/04/2022") == (0, None)
    assert figure(store, "fd_contacts_received", "17/04/2022") == 0
    # Breakdown values seen in any period are filled too: no Health contact in W1.
    assert (
        figure(store, "fd_contacts_received", "10/04/2022", breakdown="source", value="health") == 0
    )
    assert figure(store, "fd_contacts_received", "24/04/2022", breakdown="team", value="North") == 0


def test_a_period_with_no_events_has_no_value_for_rates(store: Path) -> None:
    # Nothing decided in W2: the rate has no value (a gap), and no numerator or denominator.
    found = row(store, "fd_decision_1wd_pct", "17/04/2022")
    assert (found["numerator"], found["denominator"], found["value"]) == (None, None, None)
    assert found["point_type"] is None
    # C2 (Easter Monday -> Wed 20/04) was decided in 1 working day.
    assert fraction(store, "fd_decision_1wd_pct", "24/04/2022") == (1, 1)


def test_every_computed_chart_has_every_period(store: Path) -> None:
    frame = series(store)
    computed = frame.filter(pl.col("indicator_id").is_in([i.id for i in computed_indicators()]))
    # Repeat contacts need a year of history (catalogue warm_up): three weeks give none.
    assert set(computed["indicator_id"]) == {
        "fd_contacts_received",
        "fd_decision_1wd_pct",
        "fd_contact_conversion_pct",
        "fd_iaa_backlog",
        "fd_iaa_backlog_oldest_wd",
    }
    weeks = computed.filter(pl.col("period_type") == "week")
    per_chart = weeks.group_by("indicator_id", "breakdown", "breakdown_value").agg(
        pl.col("period_end").sort()
    )
    expected = [d("10/04/2022"), d("17/04/2022"), d("24/04/2022")]
    for ends in per_chart["period_end"]:
        assert ends.to_list() == expected
    # No month is complete: the data start on 04/04.
    assert set(computed["period_type"]) == {"week"}


# ------------------------------------------------------------------ uploaded figures


def _uploaded(store: Path, indicator_id: str) -> list[tuple[str, str, str, str, float]]:
    rows = series(store, indicator_id).sort("period_start", "breakdown_value")
    return [
        (
            r["period_type"],
            f"{r['period_start']:%d/%m/%Y}",
            f"{r['period_end']:%d/%m/%Y}",
            f"{r['breakdown']}={r['breakdown_value']}",
            r["value"],
        )
        for r in rows.iter_rows(named=True)
    ]


def test_uploaded_figures_get_the_period_type_their_dates_match(store: Path) -> None:
    assert _uploaded(store, "fd_survey_easy_contact_pct") == [
        ("quarter", "01/04/2022", "30/06/2022", "total=All", 40),
        ("quarter", "01/04/2022", "30/06/2022", "group=Parents", 35),
        ("quarter", "01/07/2022", "30/09/2022", "total=All", 45),
    ]
    assert _uploaded(store, "pi_care_leaver_eet_pct") == [
        ("quarter", "01/01/2022", "31/03/2022", "total=All", 80.5)
    ]
    assert _uploaded(store, "fd_referrer_feedback_pct") == [
        ("month", "01/04/2022", "30/04/2022", "total=All", 7.5)
    ]
    # A Welsh financial year is a year; a calendar year is charted as its own period type.
    assert _uploaded(store, "pe_carer_assessment_offer_pct") == [
        ("year", "01/04/2022", "31/03/2023", "total=All", 12)
    ]
    assert _uploaded(store, "pe_advocacy_offer_pct") == [
        ("calendar_year", "01/01/2022", "31/12/2022", "total=All", 14)
    ]
    assert _uploaded(store, "pe_views_before_review_pct") == [
        ("custom", "01/04/2022", "15/05/2022", "total=All", 60)
    ]


def test_seven_days_are_a_week_only_when_they_end_on_the_configured_day(store: Path) -> None:
    # Weeks end on Sunday: Mon 11/04-Sun 17/04 is a week; Sat 09/04-Fri 15/04 is seven days but
    # overlaps two of our weeks, so it is charted on its own as 'custom'.
    assert _uploaded(store, "pe_recording_timely_pct") == [
        ("custom", "09/04/2022", "15/04/2022", "total=All", 70),
        ("week", "11/04/2022", "17/04/2022", "total=All", 80),
    ]


def test_with_friday_weeks_the_saturday_to_friday_figure_is_the_week(
    store: Path, tmp_path: Path, patch_settings
) -> None:
    copy = tmp_path / "store.duckdb"
    copy.write_bytes(store.read_bytes())
    patch_settings(week_ending="friday")
    rebuild(copy)
    assert _uploaded(copy, "pe_recording_timely_pct") == [
        ("week", "09/04/2022", "15/04/2022", "total=All", 70),
        ("custom", "11/04/2022", "17/04/2022", "total=All", 80),
    ]


def test_uploaded_figures_are_shown_as_supplied(store: Path) -> None:
    # Numerator and denominator kept; no zero-filled or invented periods for uploaded indicators.
    assert fraction(store, "pe_recording_timely_pct", "17/04/2022") == (8, 10)
    assert series(store, "pe_recording_timely_pct").height == 2
    assert fraction(store, "fd_referrer_feedback_pct", "30/04/2022", period_type="month") == (
        None,
        None,
    )


def test_a_store_with_only_uploaded_figures(tmp_path: Path) -> None:
    path = tmp_path / "store.duckdb"
    import_text(path, tmp_path, "indicator_values.csv", VALUES)
    frame = series(path)
    assert set(frame["indicator_id"]) == {
        "fd_survey_easy_contact_pct",
        "pi_care_leaver_eet_pct",
        "fd_referrer_feedback_pct",
        "pe_carer_assessment_offer_pct",
        "pe_advocacy_offer_pct",
        "pe_recording_timely_pct",
        "pe_views_before_review_pct",
    }
    assert frame.height == 10
    meta = series_meta(path)
    assert meta["data_from"] is None and meta["data_as_at"] is None


def test_an_uploaded_figure_for_a_computed_indicator_is_rejected_with_a_clear_message(
    tmp_path: Path,
) -> None:
    # A figure for an indicator the product computes would give two points for one period and
    # compete with the computed series: the contract rejects it before anything is stored.
    with pytest.raises(RejectedFile) as rejected:
        prepare(
            write_extract(
                tmp_path,
                "indicator_values.csv",
                f"""
                {VALUES_HEADER}
                fd_decision_1wd_pct,18/04/2022,24/04/2022,90,,,,a figure from elsewhere
                """,
            )
        )
    errors = rejected.value.errors
    assert errors["rule"].to_list() == ["indicator_not_computed"]
    assert errors["row"].to_list() == [2]
    assert "computed from the extracts" in errors["reason"][0]


# ------------------------------------------------------------------ SPC columns


def test_every_row_has_the_result_and_spc_columns(store: Path) -> None:
    frame = series(store)
    expected = {**build.RESULT_SCHEMA, **build.SPC_COLUMNS}
    assert set(frame.columns) == set(expected)
    for name, dtype in expected.items():
        assert frame.schema[name] == dtype, name
    # A point type for every value, none for a gap.
    assert frame.filter(pl.col("value").is_not_null() & pl.col("point_type").is_null()).is_empty()
    assert frame.filter(pl.col("value").is_null() & pl.col("point_type").is_not_null()).is_empty()


def test_spc_limits_are_worked_per_chart(store: Path) -> None:
    # fd_contacts_received, weekly total: 1, 0, 1. Mean 2/3; moving ranges 1, 1 (average 1);
    # limits mean +/- 2.66 * 1, the lower one floored at 0 (a count cannot be negative). Three
    # points: trial limits, every point common cause.
    chart = series(store, "fd_contacts_received").filter(
        (pl.col("period_type") == "week") & (pl.col("breakdown") == "total")
    )
    assert chart["value"].to_list() == [1, 0, 1]
    assert chart["mean"].to_list() == pytest.approx([2 / 3] * 3)
    assert chart["upper"].to_list() == pytest.approx([2 / 3 + 2.66] * 3)
    assert chart["lower"].to_list() == [0] * 3
    assert chart["near_lower"].to_list() == [0] * 3
    assert chart["trial"].to_list() == [True] * 3
    assert set(chart["point_type"]) == {"common_cause"}


def test_each_breakdown_value_is_its_own_chart(store: Path) -> None:
    # The Parents survey group does not share limits with the total: one point, its own mean.
    survey = series(store, "fd_survey_easy_contact_pct")
    parents = survey.filter(pl.col("breakdown_value") == "Parents")
    total = survey.filter(pl.col("breakdown") == "total")
    assert parents["mean"].to_list() == [35]
    assert total["mean"].to_list() == pytest.approx([42.5, 42.5])


# ------------------------------------------------------------------ rebuilds and withdrawals

MORE_CONTACTS = """
Contact ID,Child ID,Received At,Source,Decision At,Outcome,Team
C2,K2,18/04/2022 09:00,Health,22/04/2022 12:00,Strategy discussion,South
C4,K1,06/04/2022 09:00,Education,,,East
C5,K5,02/05/2022 09:00,Police,03/05/2022 09:00,Early help,North
"""
MORE_VALUES = f"""
{VALUES_HEADER}
fd_survey_easy_contact_pct,01/04/2022,30/06/2022,41,41,100,,corrected survey figure
pi_care_leaver_eet_pct,01/04/2022,30/06/2022,81,,,,next quarter
"""
ASSESSMENTS = """
Assessment ID,Child ID,Referral Date,Start Date,Completed Date,Outcome,Team
A0,K0,03/01/2022,03/01/2022,05/01/2022,No further action,North
A1,K1,04/04/2022,05/04/2022,22/04/2022,Early help,North
A2,K2,05/04/2022,05/04/2022,,,South
"""


def test_withdrawing_imports_restores_the_previous_series_exactly(
    store: Path, tmp_path: Path
) -> None:
    # A later batch corrects C2, adds an open contact in a new team and a contact that extends
    # the data into May, changes one uploaded figure, adds another and brings assessments in.
    # Withdrawing all three imports gives back the series (and the data range) exactly.
    path = tmp_path / "store.duckdb"
    path.write_bytes(store.read_bytes())
    before, meta_before = series(path), series_meta(path)

    ids = import_texts(
        path,
        tmp_path,
        {
            "contacts_2.csv": MORE_CONTACTS,
            "indicator_values_2.csv": MORE_VALUES,
            "assessments.csv": ASSESSMENTS,
        },
    )
    after = series(path)
    assert after.height > before.height
    assert fraction(path, "fd_decision_1wd_pct", "24/04/2022") == (0, 1)  # C2 now 3 WD
    assert figure(path, "fd_iaa_backlog", "10/04/2022", breakdown="team", value="East") == 1
    assert figure(path, "fd_survey_easy_contact_pct", "30/06/2022", period_type="quarter") == 41
    assert series_meta(path)["data_as_at"] == dt.date(2022, 5, 3)

    for import_id in sorted(ids.values(), reverse=True):
        withdraw(path, import_id)
    assert_frame_equal(series(path), before)
    meta_after = series_meta(path)
    assert {k: v for k, v in meta_after.items() if k != "built_at"} == {
        k: v for k, v in meta_before.items() if k != "built_at"
    }


def test_withdrawing_in_any_order_gives_the_same_series(store: Path, tmp_path: Path) -> None:
    path = tmp_path / "store.duckdb"
    path.write_bytes(store.read_bytes())
    before = series(path)
    first = import_text(path, tmp_path, "contacts_2.csv", MORE_CONTACTS)
    second = import_text(path, tmp_path, "indicator_values_2.csv", MORE_VALUES)
    withdraw(path, first)
    withdraw(path, second)
    assert_frame_equal(series(path), before)


def test_rebuilding_changes_nothing(store: Path, tmp_path: Path) -> None:
    path = tmp_path / "store.duckdb"
    path.write_bytes(store.read_bytes())
    before = series(path)
    rebuild(path)
    assert_frame_equal(series(path), before)


def test_series_meta_records_the_data_range_and_calendar(store: Path) -> None:
    meta = series_meta(store)
    assert meta["data_from"] == dt.date(2022, 4, 4)
    assert meta["data_as_at"] == dt.date(2022, 4, 25)
    assert meta["calendar_version"] == CALENDAR_VERSION


def test_a_family_stops_at_the_last_date_of_the_extracts_it_reads(tmp_path: Path) -> None:
    # Contacts run to Sun 01/05/2022, assessments only to Fri 22/04/2022: the assessment series
    # stop at the week ending Sun 17/04/2022 (the last complete week the assessments cover),
    # instead of reporting stale open assessments for the later weeks.
    path = tmp_path / "store.duckdb"
    later_contacts = CONTACTS + "C4,K4,01/05/2022 09:00,Police,01/05/2022 12:00,Early help,North\n"
    import_texts(path, tmp_path, {"contacts.csv": later_contacts, "assessments.csv": ASSESSMENTS})
    assert max(period_ends(path, "fd_contacts_received")) == d("01/05/2022")
    assert max(period_ends(path, "pe_assessments_overdue")) == d("17/04/2022")
