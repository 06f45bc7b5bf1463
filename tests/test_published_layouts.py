"""Published tables read as downloaded (issue 15): a StatsWales CSV export and an Explore
Education Statistics tidy CSV, built here from the layouts as published (title and note rows,
areas with trailing spaces, symbols, BOM), never copied from a real release; the figures are made
up. Imported through the command line, as an analyst would."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import dump_store, write_csv
from indicator_helpers import d

from pipelines.cli import main
from pipelines.ingest.problems import RejectedFile, iter_problems
from pipelines.presentation.i18n import use_language
from pipelines.published.layouts import (
    EES,
    STATSWALES,
    MeasureChoice,
    detect,
    measure_key,
    read_published,
)
from pipelines.store.reader import read_connection


def run_cli(*args: str) -> tuple[int, str]:
    """The command line in this process (cheaper than a subprocess): exit code and output."""
    out = io.StringIO()
    code = main(list(args), out=out, err=out)
    return code, out.getvalue()


STATSWALES_CSV = "\r\n".join(
    [
        '"Children looked after per 10,000 at 31 March by local authority and year"',
        '"Source: a test table built for this suite (figures made up)"',
        "",
        '"","2020","2021","2022","2023"',
        '"Isle of Anglesey ","101","104","*","110"',
        '"Gwynedd ","90",".","92","95"',
        '"Bridgend ","120","..","1,205","125"',
        '"Wales ","110","112","114","116"',
        "",
        '"Figures are rounded to the nearest 5."',
        "",
    ]
)
MEASURE = "Children looked after per 10,000 at 31 March"

EES_CSV = "\ufeff" + "\n".join(
    [
        "time_period,time_identifier,geographic_level,country_code,country_name,new_la_code,"
        "la_name,social_worker_type,turnover_rate,vacancy_rate",
        "2022,Reporting year,National,E92000001,England,,,Total,16.5,18",
        "2023,Reporting year,National,E92000001,England,,,Total,17.1,x",
        "2023,Reporting year,National,E92000001,England,,,Agency,9.0,4",
        "2023,Reporting year,Local authority,E92000001,England,E09000001,City of London,Total,c,"
        "low",
        "2023,Reporting year,Local authority,W92000004,Wales,W06000015,Cardiff,Total,12.5,z",
    ]
)


def _rows(store: Path) -> list[tuple]:
    con = read_connection(store)
    try:
        return con.sql(
            "SELECT indicator_id, geography, period_start, period_end, value, status "
            "FROM indicator_values ORDER BY indicator_id, geography, period_end"
        ).fetchall()
    finally:
        con.close()


def test_layouts_are_recognised_from_their_structure() -> None:
    assert detect(STATSWALES_CSV) == STATSWALES
    assert detect(EES_CSV) == EES
    assert detect("Indicator ID,Period Start,Period End,Value\n") is None


def test_a_statswales_export_is_refused_until_its_measure_is_chosen(
    tmp_path: Path, tmp_store: Path
) -> None:
    path = write_csv(tmp_path, "statswales.csv", STATSWALES_CSV)
    code, out = run_cli("import", str(path), "--db", str(tmp_store))
    assert code == 1
    assert f"the measure '{MEASURE}', which is not yet linked to an indicator" in out
    assert "--map" in out and "next year's file maps itself" in out
    assert not tmp_store.exists()


def test_a_statswales_export_imports_with_gaps_and_maps_itself_next_year(
    tmp_path: Path, tmp_store: Path
) -> None:
    path = write_csv(tmp_path, "statswales.csv", STATSWALES_CSV)
    code, out = run_cli(
        "import", str(path), "--db", str(tmp_store), "--map", f"{MEASURE}=pv_lac_rate"
    )
    assert code == 0, out
    assert "read as a StatsWales CSV export" in out and "(years ending 31 March)" in out
    rows = _rows(tmp_store)
    fy = {2020: ("01/04/2019", "31/03/2020"), 2021: ("01/04/2020", "31/03/2021")}
    fy |= {2022: ("01/04/2021", "31/03/2022"), 2023: ("01/04/2022", "31/03/2023")}

    def row(code: str, year: int, value: float | None, status: str | None) -> tuple:
        start, end = fy[year]
        return ("pv_lac_rate", code, d(start), d(end), value, status)

    assert rows == [
        row("W06000001", 2020, 101.0, None),
        row("W06000001", 2021, 104.0, None),
        row("W06000001", 2022, None, "suppressed"),  # '*'
        row("W06000001", 2023, 110.0, None),
        row("W06000002", 2020, 90.0, None),
        row("W06000002", 2021, None, "not_applicable"),  # '.'
        row("W06000002", 2022, 92.0, None),
        row("W06000002", 2023, 95.0, None),
        row("W06000013", 2020, 120.0, None),  # 'Bridgend ' with its trailing space
        row("W06000013", 2021, None, "not_available"),  # '..'
        row("W06000013", 2022, 1205.0, None),  # '1,205' as published
        row("W06000013", 2023, 125.0, None),
        row("W92000004", 2020, 110.0, None),
        row("W92000004", 2021, 112.0, None),
        row("W92000004", 2022, 114.0, None),
        row("W92000004", 2023, 116.0, None),
    ]
    con = read_connection(tmp_store)
    try:
        (note,) = con.execute("SELECT DISTINCT source_note FROM indicator_values").fetchone()
    finally:
        con.close()
    assert note.startswith("StatsWales: Children looked after per 10,000")
    assert "rounded to the nearest 5" in note
    # Next year's file (one more year) maps itself from the saved choice.
    later = STATSWALES_CSV.replace('"2023"', '"2024"')
    code, out = run_cli(
        "import", str(write_csv(tmp_path, "next.csv", later)), "--db", str(tmp_store)
    )
    assert code == 0, out
    assert "as pv_lac_rate" in out


def test_an_ees_file_imports_headline_welsh_and_national_rows(
    tmp_path: Path, tmp_store: Path
) -> None:
    path = write_csv(tmp_path, "ees.csv", EES_CSV)
    # A reporting year does not say when it ends: the analyst says (the workforce year to
    # 30 September), with the indicator.
    code, out = run_cli("import", str(path), "--db", str(tmp_store))
    assert code == 1
    assert "'turnover_rate'" in out and "'vacancy_rate'" in out  # every measure at once
    code, out = run_cli(
        "import",
        str(path),
        "--db",
        str(tmp_store),
        "--map",
        "turnover_rate=wf_sw_turnover_pct@09-30",
        "--map",
        "vacancy_rate=wf_sw_vacancy_pct@09-30",
    )
    assert code == 0, out
    assert "1 row was not imported: English councils and regions" in out
    assert "1 row was not imported: only the headline rows" in out
    y22, y23 = (d("01/10/2021"), d("30/09/2022")), (d("01/10/2022"), d("30/09/2023"))
    assert _rows(tmp_store) == [
        ("wf_sw_turnover_pct", "E92000001", *y22, 16.5, None),
        ("wf_sw_turnover_pct", "E92000001", *y23, 17.1, None),
        ("wf_sw_turnover_pct", "W06000015", *y23, 12.5, None),
        ("wf_sw_vacancy_pct", "E92000001", *y22, 18.0, None),
        ("wf_sw_vacancy_pct", "E92000001", *y23, None, "not_available"),  # 'x'
        ("wf_sw_vacancy_pct", "W06000015", *y23, None, "not_applicable"),  # 'z'
    ]


def test_a_reporting_year_without_its_end_is_refused(tmp_path: Path, tmp_store: Path) -> None:
    path = write_csv(tmp_path, "ees.csv", EES_CSV)
    code, out = run_cli(
        "import",
        str(path),
        "--db",
        str(tmp_store),
        "--map",
        "turnover_rate=wf_sw_turnover_pct",
        "--map",
        "vacancy_rate=wf_sw_vacancy_pct",
    )
    assert code == 1
    assert "gives years ('2022') but not when they end, for the measure 'turnover_rate'" in out
    assert "for the measure 'vacancy_rate'" in out
    assert not tmp_store.exists()


@pytest.mark.parametrize(
    ("name", "text", "maps", "phrase"),
    [
        (
            "unknown_indicator",
            STATSWALES_CSV,
            (f"{MEASURE}=pv_lac_rates",),
            "linked to 'pv_lac_rates', which is not an indicator in the catalogue",
        ),
        (
            "not_a_welsh_council",
            STATSWALES_CSV.replace('"Gwynedd "', '"Gwent "'),
            (f"{MEASURE}=pv_lac_rate",),
            "Row 6, column '(area column)', value 'Gwent': this is not the ONS code of a Welsh",
        ),
        (
            # A row with figures and no area is never taken for the council's own figures.
            "no_area",
            STATSWALES_CSV.replace('"Gwynedd "', '""'),
            (f"{MEASURE}=pv_lac_rate",),
            "value '(no area)': this is not the ONS code of a Welsh council",
        ),
    ],
)
def test_bad_published_files_leave_the_store_unchanged(
    tmp_path: Path, tmp_store: Path, name: str, text: str, maps: tuple[str, ...], phrase: str
) -> None:
    good = write_csv(
        tmp_path,
        "good.csv",
        "Indicator ID,Period Start,Period End,Value\npe_advocacy_offer_pct,01/04/2022,30/04/2022,7.5\n",
    )
    assert run_cli("import", str(good), "--db", str(tmp_store))[0] == 0
    before = dump_store(tmp_store)
    path = write_csv(tmp_path, f"{name}.csv", text)
    args = [a for m in maps for a in ("--map", m)]
    code, out = run_cli("import", str(path), "--db", str(tmp_store), *args)
    assert code == 1
    assert phrase in out
    assert dump_store(tmp_store) == before


def test_a_measure_named_at_hostile_length_is_refused(tmp_path: Path, tmp_store: Path) -> None:
    title = "Children " + "x" * 5000 + " by local authority"
    text = STATSWALES_CSV.replace(
        '"Children looked after per 10,000 at 31 March by local authority and year"', f'"{title}"'
    )
    code, out = run_cli(
        "import", str(write_csv(tmp_path, "long.csv", text)), "--db", str(tmp_store)
    )
    assert code == 1
    assert "names a measure in 5,009 characters, more than the 200 we keep" in out
    assert not tmp_store.exists()


def _notes(text: str, layout: str, *choices: tuple[str, str, str | None]) -> list[tuple[str, str]]:
    """The (reason, fix) of each note read_published gives a file, in the current language."""
    chosen = {(layout, measure_key(m)): MeasureChoice(layout, m, i, end) for m, i, end in choices}
    published = read_published(text, chosen, 10_000)
    assert published is not None
    return [(n.reason, n.fix) for n in published.notes]


ONE_AREA_CSV = "\r\n".join(
    [
        '"Children looked after per 10,000 at 31 March by local authority and year"',
        '"","2023"',
        '"Gwynedd ","95"',
    ]
)


def test_the_statswales_read_as_note_in_both_languages_with_its_plurals() -> None:
    choice = (MEASURE, "pv_lac_rate", None)
    with use_language("en"):
        assert _notes(STATSWALES_CSV, STATSWALES, choice) == [
            (
                f"read as a StatsWales CSV export: the measure '{MEASURE}' as pv_lac_rate, "
                "4 areas and 4 years (years ending 31 March)",
                "nothing to do; the notes below the table are kept as each figure's source note",
            )
        ]
        assert _notes(ONE_AREA_CSV, STATSWALES, choice)[0][0].endswith(
            "pv_lac_rate, 1 area and 1 year (years ending 31 March)"
        )
    with use_language("cy"):
        assert _notes(STATSWALES_CSV, STATSWALES, choice) == [
            (
                f"darllenwyd fel ffeil allforio CSV StatsWales: y mesur '{MEASURE}' fel "
                "pv_lac_rate, 4 o ardaloedd dros 4 o flynyddoedd (blynyddoedd yn gorffen ar "
                "31 Mawrth)",
                "dim i'w wneud; cedwir y nodiadau o dan y tabl yn nodyn ffynhonnell pob ffigur",
            )
        ]
        assert _notes(ONE_AREA_CSV, STATSWALES, choice)[0][0].endswith(
            "pv_lac_rate, 1 ardal dros 1 flwyddyn (blynyddoedd yn gorffen ar 31 Mawrth)"
        )


def test_the_ees_notes_in_welsh_keep_the_files_own_words() -> None:
    choices = [("turnover_rate", "wf_sw_turnover_pct", "09-30")]
    choices.append(("vacancy_rate", "wf_sw_vacancy_pct", "09-30"))
    with use_language("cy"):
        notes = _notes(EES_CSV, EES, *choices)
    assert notes == [
        (
            "darllenwyd fel ffeil CSV Explore Education Statistics: 'turnover_rate' fel "
            "wf_sw_turnover_pct, 'vacancy_rate' fel wf_sw_vacancy_pct",
            "dim i'w wneud",
        ),
        (
            "ni fewnforiwyd 1 rhes: nid yw cynghorau a rhanbarthau Lloegr yn cael eu cymharu â "
            "chyngor yng Nghymru (darllenir ffigur cenedlaethol Lloegr)",
            "dim i'w wneud",
        ),
        (
            "ni fewnforiwyd 1 rhes: dim ond y prif resi (pob hidlydd yn 'Total') a ddarllenir",
            "dim i'w wneud",
        ),
    ]


def test_an_unmapped_measure_is_refused_in_welsh_with_its_name_intact() -> None:
    with use_language("cy"), pytest.raises(RejectedFile) as info:
        read_published(STATSWALES_CSV, {}, 10_000)
    (problem,) = iter_problems(info.value.errors)
    assert (problem.row, problem.value) == (1, MEASURE)
    assert problem.reason == (
        f"mae gan y ffeil allforio CSV StatsWales hon y mesur '{MEASURE}', nad yw wedi'i "
        "gysylltu â dangosydd eto"
    )
    assert f"--map '{MEASURE}=<indicator id>' ar y llinell orchymyn" in problem.fix
    with use_language("en"), pytest.raises(RejectedFile) as info:
        read_published(STATSWALES_CSV, {}, 10_000)
    (problem,) = iter_problems(info.value.errors)
    assert problem.reason == (
        f"this StatsWales CSV export has the measure '{MEASURE}', which is not yet linked to "
        "an indicator"
    )


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (
            STATSWALES_CSV.replace('"Gwynedd "', '"Gwent "'),
            "Rhes 6, colofn '(colofn yr ardal)', gwerth 'Gwent': nid cod ONS cyngor yng Nghymru "
            "yw hwn, na chod Cymru (W92000004) na Lloegr (E92000001). Defnyddiwch god cyngor",
        ),
        (
            STATSWALES_CSV.replace('"Gwynedd "', '""'),
            "gwerth '(dim ardal)': nid cod ONS cyngor yng Nghymru yw hwn",
        ),
    ],
)
def test_a_bad_published_file_is_refused_in_welsh(
    tmp_path: Path, tmp_store: Path, text: str, phrase: str
) -> None:
    path = write_csv(tmp_path, "statswales.csv", text)
    with use_language("cy"):
        code, out = run_cli(
            "import", str(path), "--db", str(tmp_store), "--map", f"{MEASURE}=pv_lac_rate"
        )
    assert code == 1
    assert phrase in out
    assert not tmp_store.exists()
