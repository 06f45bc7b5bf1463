"""Published figures in our own layout: a publisher's symbol or a stated reason is a stored gap
(never 0, never bridged by the SPC), any publisher's year is charted as its own period type, and
a period matching no type is a warning naming the row (issue 15)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from indicator_helpers import d, import_text, series, write_extract

from pipelines.ingest import RejectedFile, prepare
from pipelines.ingest.problems import iter_problems
from pipelines.spc import LIMIT_CONSTANT

HEADER = "Indicator ID,Period Start,Period End,Value,Status,Source Note"
# Social worker turnover by workforce year (1 October - 30 September): 10, 12, a suppressed year,
# 20, 22; then a year the publisher marked "not available" with its symbol.
TURNOVER = f"""
{HEADER}
pi_care_leaver_eet_pct,01/10/2018,30/09/2019,10,,HR return
pi_care_leaver_eet_pct,01/10/2019,30/09/2020,12,,HR return
pi_care_leaver_eet_pct,01/10/2020,30/09/2021,*,,HR return (disclosive)
pi_care_leaver_eet_pct,01/10/2021,30/09/2022,20,,HR return
pi_care_leaver_eet_pct,01/10/2022,30/09/2023,22,,HR return
pi_care_leaver_eet_pct,01/10/2023,30/09/2024,,not available,HR return
pv_inhouse_foster_net,01/01/2022,31/12/2022,11,,calendar year
pv_inhouse_foster_net,01/01/2023,31/12/2023,low,,calendar year
pe_advocacy_offer_pct,01/09/2022,31/08/2023,55,,academic year
pe_advocacy_offer_pct,01/09/2023,31/08/2024,z,,academic year
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("published_gaps")
    path = folder / "store.duckdb"
    import_text(path, folder, "values.csv", TURNOVER)
    return path


def _chart(store: Path, indicator_id: str) -> pl.DataFrame:
    return (
        series(store, indicator_id)
        .filter(pl.col("breakdown") == "total")
        .sort("period_end")
        .select("period_type", "period_end", "value", "gap_reason", "mean", "upper", "point_type")
    )


def test_symbols_and_stated_reasons_are_stored_as_gaps_with_their_reason(store: Path) -> None:
    chart = _chart(store, "pi_care_leaver_eet_pct")
    assert chart["period_type"].unique().to_list() == ["year_to_september"]
    assert chart.select("period_end", "value", "gap_reason").rows() == [
        (d("30/09/2019"), 10.0, None),
        (d("30/09/2020"), 12.0, None),
        (d("30/09/2021"), None, "suppressed"),  # '*' as StatsWales writes it: not 0
        (d("30/09/2022"), 20.0, None),
        (d("30/09/2023"), 22.0, None),
        (d("30/09/2024"), None, "not_available"),  # the reason written out in Status
    ]
    # EES symbols: 'low' and 'z' (not applicable), on a calendar and an academic year.
    sickness = _chart(store, "pv_inhouse_foster_net")
    assert sickness.select("period_type", "value", "gap_reason").rows() == [
        ("calendar_year", 11.0, None),
        ("calendar_year", None, "low"),
    ]
    advocacy = _chart(store, "pe_advocacy_offer_pct")
    assert advocacy.select("period_type", "value", "gap_reason").rows() == [
        ("academic_year", 55.0, None),
        ("academic_year", None, "not_applicable"),
    ]


def test_no_moving_range_spans_a_gap(store: Path) -> None:
    # Moving ranges |12-10| = 2 and |22-20| = 2 only (the gap breaks 12 -> 20): average 2, mean
    # (10+12+20+22)/4 = 16, upper limit 16 + 2.66 x 2 = 21.32. Bridged, the 8 from 12 to 20 would
    # give an average of 4 and an upper limit of 26.64.
    chart = _chart(store, "pi_care_leaver_eet_pct")
    valued = chart.filter(pl.col("value").is_not_null())
    assert valued["mean"].unique().to_list() == [16.0]
    assert valued["upper"].unique().to_list() == [pytest.approx(16 + LIMIT_CONSTANT * 2)]
    gap = chart.filter(pl.col("gap_reason") == "suppressed").row(0, named=True)
    assert gap["point_type"] is None  # a gap is never a point


def test_a_missing_period_between_figures_is_a_gap_without_a_reason(tmp_path: Path) -> None:
    text = f"""
    {HEADER}
    pi_care_leaver_eet_pct,01/10/2018,30/09/2019,10,,HR
    pi_care_leaver_eet_pct,01/10/2020,30/09/2021,14,,HR
    """
    path = tmp_path / "store.duckdb"
    import_text(path, tmp_path, "values.csv", text)
    chart = _chart(path, "pi_care_leaver_eet_pct")
    assert chart.select("period_end", "value", "gap_reason").rows() == [
        (d("30/09/2019"), 10.0, None),
        (d("30/09/2020"), None, None),
        (d("30/09/2021"), 14.0, None),
    ]


def _problems(tmp_path: Path, text: str) -> list:
    with pytest.raises(RejectedFile) as caught:
        prepare(write_extract(tmp_path, "values.csv", text))
    return list(iter_problems(caught.value.problems))


def test_a_blank_figure_without_a_reason_never_invites_a_zero(tmp_path: Path) -> None:
    problems = _problems(tmp_path, f"{HEADER}\npi_care_leaver_eet_pct,01/10/2018,30/09/2019,,,HR\n")
    assert [(p.rule, p.row, p.column) for p in problems] == [("value_or_reason", 2, "Value")]
    assert "no reason is given" in problems[0].reason
    assert "Do not write 0" in problems[0].fix
    assert "Fill in" not in problems[0].describe()


def test_a_figure_with_a_reason_for_its_absence_is_refused(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path, f"{HEADER}\npi_care_leaver_eet_pct,01/10/2018,30/09/2019,12,suppressed,HR\n"
    )
    assert [(p.rule, p.row, p.column) for p in problems] == [("value_and_reason", 2, "Status")]


def test_a_period_matching_no_type_is_a_warning_naming_the_row(tmp_path: Path) -> None:
    prepared = prepare(
        write_extract(
            tmp_path,
            "values.csv",
            f"""
            {HEADER}
            pi_care_leaver_eet_pct,01/10/2018,30/09/2019,10,,HR
            pi_care_leaver_eet_pct,01/03/2024,15/05/2024,3,,HR
            """,
        )
    )
    warnings = prepared.warnings.filter(pl.col("rule") == "period_matches_no_type")
    assert warnings.select("row", "column", "value").rows() == [
        (3, "Period End", "01/03/2024 to 15/05/2024")
    ]
    assert "appears on no chart" in warnings["reason"][0]


def test_the_period_warning_in_both_languages(tmp_path: Path) -> None:
    from pipelines.periods import OTHER_YEARS
    from pipelines.presentation.i18n import use_language

    text = f"{HEADER}\npi_care_leaver_eet_pct,01/03/2024,15/05/2024,3,,HR\n"
    shown = {}
    for language in ("en", "cy"):
        with use_language(language):
            path = write_extract(tmp_path / language, "values.csv", text)
            warnings = prepare(path).warnings.filter(pl.col("rule") == "period_matches_no_type")
        shown[language] = warnings.select("row", "column", "value", "reason", "fix").rows()
    # the published years are named as pipelines.periods has them
    others = ", ".join(w[:1].lower() + w[1:] for _, w in OTHER_YEARS.values())
    assert shown["en"] == [
        (
            2,
            "Period End",
            "01/03/2024 to 15/05/2024",
            "this period is none of the period types the dashboard charts, so the figure is kept "
            "but appears on no chart",
            "if it is meant to be one, correct its dates; the types are weeks (ending on the "
            "configured day), calendar months, quarters (January–March, …), financial years "
            f"(April–March), {others}",
        )
    ]
    assert shown["cy"] == [
        (
            2,
            "Period End",
            "01/03/2024 i 15/05/2024",  # the dates as in the file, the words Welsh
            "nid yw'r cyfnod hwn yn un o'r mathau o gyfnod y mae'r dangosfwrdd yn eu dangos ar "
            "siart, felly cedwir y ffigur ond nid yw'n ymddangos ar unrhyw siart",
            "os yw i fod yn un ohonynt, cywirwch ei ddyddiadau; y mathau yw wythnosau (yn gorffen "
            "ar y diwrnod a osodwyd), misoedd calendr, chwarteri (Ionawr–Mawrth, …), blynyddoedd "
            "ariannol (Ebrill–Mawrth), blynyddoedd calendr (Ionawr–Rhagfyr), blynyddoedd "
            "academaidd (Medi–Awst), blynyddoedd hyd at 30 Medi",
        )
    ]
