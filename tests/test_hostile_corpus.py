"""The hostile corpus (tests/hostile_corpus.py) and the import behaviours of issue 9 that are about
what loads, not what is refused: text in one normal form, headers without spaces, Excel's
``sep=,`` line, every problem of a file in one pass, leaving unknown columns out on request.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from conftest import run_cli, write_csv
from hostile_corpus import run_corpus

from pipelines.indicators.build import data_range
from pipelines.ingest import RejectedFile, prepare
from pipelines.store import import_prepared, read_connection, write_transaction

HEADER = "Contact ID,Child ID,Received At,Source,Decision At,Outcome,Team"
TEAM = "Tîm Gogledd"


def contacts(*teams: str, header: str = HEADER) -> str:
    rows = [f'C{n},K{n},01/03/2024 09:00,Police,,,"{team}"' for n, team in enumerate(teams, 1)]
    return "\r\n".join([header, *rows]) + "\r\n"


def test_every_variant_of_the_corpus_loads_exactly_or_is_refused_clearly() -> None:
    failures = [f"{o.variant.name}: {o.why}" for o in run_corpus(Path.cwd()) if not o.ok]
    assert not failures, "\n".join(failures)


# --- one value, however it was typed (item 9) -----------------------------------------------------


@pytest.mark.parametrize(
    "team",
    [
        "Tîm\u00a0Gogledd",  # non-breaking space
        "Tîm  Gogledd",
        "Tîm Gog\u200bledd",  # zero-width space
        "Tîm\r\nGogledd",  # a line break inside the cell
        "Tîm\tGogledd",
        "Ti\u0302m Gogledd",  # i + combining circumflex
        "\u00a0Tîm Gogledd ",
    ],
)
def test_text_is_stored_in_one_normal_form(tmp_path: Path, team: str) -> None:
    prepared = prepare(write_csv(tmp_path, "c.csv", contacts(TEAM, team)))
    assert prepared.frame["team"].to_list() == [TEAM, TEAM]


def test_a_service_with_a_line_break_is_the_same_service(tmp_path: Path) -> None:
    text = (
        "Referral ID,Child ID,Service,Referred Date,Allocated Date,Closed Date\r\n"
        'R1,K1,"Youth Emotional\r\nMental Health Team",01/03/2024,,\r\n'
        "R2,K2,Youth Emotional Mental Health Team,01/03/2024,,\r\n"
    )
    prepared = prepare(write_csv(tmp_path, "s.csv", text))
    assert prepared.frame["service"].unique().to_list() == ["Youth Emotional Mental Health Team"]


# --- headers and Excel's separator line (items 14, 15) --------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "ContactID,ChildID,ReceivedAt,Source,DecisionAt,Outcome,Team",
        "CONTACT-ID,child.id,Received_At,SOURCE,decision at,outcome,team",
    ],
)
def test_headers_match_without_spaces_or_punctuation(tmp_path: Path, header: str) -> None:
    prepared = prepare(write_csv(tmp_path, "c.csv", contacts(TEAM, header=header)))
    assert prepared.extract.name == "contacts"
    assert prepared.frame["team"].to_list() == [TEAM]


def test_excel_sep_line_is_understood_and_rows_stay_as_excel_shows_them(tmp_path: Path) -> None:
    text = "sep=,\r\n" + contacts(TEAM, TEAM)
    broken = text.replace("C2,K2,01/03/2024 09:00", "C2,K2,someday")
    assert prepare(write_csv(tmp_path, "ok.csv", text)).frame["_row"].to_list() == [2, 3]
    with pytest.raises(RejectedFile) as info:
        prepare(write_csv(tmp_path, "bad.csv", broken))
    # Excel hides the sep= line: the header is row 1 there, so the second contact is row 3.
    assert info.value.errors.select("row", "column", "value").rows() == [
        (3, "Received At", "someday")
    ]


# --- every problem in one pass, and leaving columns out (item 24) ---------------------------------


def broken_workbook(path: Path) -> Path:
    """The workbook that took four uploads: formulas, an unknown column with a formula in it,
    another unknown column, a missing column and bad rows."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Contacts")
    headers = ["Contact ID", "Child ID", "Received At", "Source", "Team", "Notes", "Worker Name"]
    sheet.write_row(0, 0, headers)
    rows = [
        ["C1", "K1", "01/03/2024 09:00", "Police", "=A2", '=HYPERLINK("http://x.invalid")', "A"],
        ["C2", "K2", "someday", "Police", TEAM, "n", "B"],
        ["C3", "K3", "01/03/2024 09:00", "Neighbour", TEAM, "n", "C"],
    ]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if value.startswith("="):
                sheet.write_formula(r, c, value, None, "x")
            else:
                sheet.write(r, c, value)
    workbook.close()
    return path


def test_every_problem_of_a_workbook_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(RejectedFile) as info:
        prepare(broken_workbook(tmp_path / "broken.xlsx"), "contacts")
    found = set(info.value.errors.select("rule", "row", "column").iter_rows())
    assert found == {
        ("excel_formula", 2, "Team"),
        ("excel_formula", 2, "Notes"),
        ("unknown_column", 1, "Notes"),
        ("unknown_column", 1, "Worker Name"),
        ("cell_format", 3, "Received At"),
        ("isin", 4, "Source"),
    }, found


def test_unknown_columns_can_be_left_out_and_the_choice_is_recorded(
    tmp_path: Path, tmp_store: Path
) -> None:
    text = contacts(TEAM).replace("Team\r\n", "Team,Notes\r\n").replace(f'"{TEAM}"', f'"{TEAM}",x')
    path = write_csv(tmp_path, "c.csv", text)
    with pytest.raises(RejectedFile) as info:
        prepare(path)
    [problem] = info.value.errors.rows(named=True)
    assert problem["rule"] == "unknown_column" and "leave out" in problem["fix"]
    prepared = prepare(path, leave_out_unknown=True)
    assert prepared.left_out == ("Notes",)
    outcome = import_prepared(tmp_store, prepared)
    con = read_connection(tmp_store)
    try:
        assert con.execute("SELECT * FROM import_left_out_columns").fetchall() == [
            (outcome.import_id, "Notes")
        ]
    finally:
        con.close()


def test_the_command_line_leaves_columns_out_only_when_asked(tmp_path: Path) -> None:
    text = contacts(TEAM).replace("Team\r\n", "Team,Notes\r\n").replace(f'"{TEAM}"', f'"{TEAM}",x')
    path = write_csv(tmp_path, "c.csv", text)
    store = tmp_path / "store.duckdb"
    refused = run_cli("import", str(path), "--db", str(store))
    assert refused.returncode == 1 and "--leave-out-unknown-columns" in refused.stdout
    done = run_cli("import", str(path), "--db", str(store), "--leave-out-unknown-columns")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Left out, as you asked (recorded with the import): 'Notes'" in done.stdout


# --- data as at never passes the build day (item 1) -----------------------------------------------


def test_data_as_at_never_passes_the_day_of_the_build(tmp_store: Path, tmp_path: Path) -> None:
    """Even a store written before the future-date rule (a 2029 contact typed into it)."""
    import_prepared(tmp_store, prepare(write_csv(tmp_path, "c.csv", contacts(TEAM))))
    with write_transaction(tmp_store) as con:
        con.execute(
            "INSERT INTO raw_contacts SELECT 'CF', 'KF', TIMESTAMP '2029-11-01 09:00', 'police', "
            "NULL, NULL, 'Tîm', 1, 99"
        )
    con = read_connection(tmp_store)
    try:
        assert data_range(con, today=dt.date(2024, 3, 20)) == (
            dt.date(2024, 3, 1),
            dt.date(2024, 3, 20),
        )
        as_at = con.execute("SELECT data_as_at FROM series_meta").fetchone()[0]
        assert as_at <= dt.date.today()
        weeks = pl.DataFrame(
            con.execute(
                "SELECT max(period_end) FROM indicator_series WHERE period_type = 'week'"
            ).fetchall(),
            orient="row",
        )
        assert weeks.item() <= dt.date.today()
    finally:
        con.close()
