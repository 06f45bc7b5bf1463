"""Reading files as analysts produce them: encodings, date styles, headers, workbooks, blank rows.

Names in these files are invented team names, never real people's data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import xlsxwriter
from conftest import csv_text, valid_row, write_csv

from pipelines.config import load_settings
from pipelines.extracts import EXTRACT_TYPES
from pipelines.ingest import RejectedFile, prepare
from pipelines.ingest.headers import normalise
from pipelines.store import import_prepared, read_connection

CONTACT_HEADER = "Contact ID,Child ID,Received At,Source,Decision At,Outcome,Team\r\n"
WELSH_TEAMS = ["Tîm Gŵyr", "Tîm Dyffryn Ŷ", "Tîm Ŵ a Ŷ mawr", "Tîm Gogledd"]


def contact_line(n: int, team: str = "Tîm Gogledd", received: str = "01/03/2024 09:00") -> str:
    return f"C{n},K{n},{received},Police,,,{team}\r\n"


def stored(store: Path, sql: str) -> list[tuple]:
    con = read_connection(store)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# ---------------------------------------------------------------- encodings


def test_utf8_with_bom(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "bom.csv", "\ufeff" + CONTACT_HEADER + contact_line(1))
    prepared = prepare(path)
    assert prepared.raw.encoding == "utf-8"
    assert prepared.raw.headers[0] == "Contact ID"
    assert prepared.frame["contact_id"].to_list() == ["C1"]


def test_utf8_bom_and_welsh_letters_survive_into_the_store(tmp_path: Path, tmp_store: Path) -> None:
    text = CONTACT_HEADER + "".join(contact_line(n, team) for n, team in enumerate(WELSH_TEAMS))
    path = write_csv(tmp_path, "welsh.csv", "\ufeff" + text)
    assert "ŵ".encode() in path.read_bytes()
    import_prepared(tmp_store, prepare(path))
    teams = stored(tmp_store, "SELECT team FROM contacts ORDER BY contact_id")
    assert [t for (t,) in teams] == WELSH_TEAMS


def test_utf8_without_bom_welsh_letters_in_every_text_column(
    tmp_path: Path, tmp_store: Path
) -> None:
    row = valid_row("service_referrals") | {
        "referral_id": "Ŵ-1",
        "child_id": "ŷ-2",
        "service": "Gwasanaeth Ieuenctid – Ŵ Ŷ ŵ ŷ",
    }
    path = write_csv(tmp_path, "welsh.csv", csv_text("service_referrals", [row]))
    import_prepared(tmp_store, prepare(path))
    assert stored(tmp_store, "SELECT referral_id, child_id, service FROM service_referrals") == [
        ("Ŵ-1", "ŷ-2", "Gwasanaeth Ieuenctid – Ŵ Ŷ ŵ ŷ")
    ]


def test_windows_1252_is_decoded(tmp_path: Path, tmp_store: Path) -> None:
    teams = ["Tîm Siân", "Tîm Dafydd ap Gwilym Jôns", "Tîm O’Neill – De", "Tîm Gogledd"]
    text = CONTACT_HEADER + "".join(contact_line(n, team) for n, team in enumerate(teams))
    data = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path = write_csv(tmp_path, "ansi.csv", data)
    prepared = prepare(path)
    assert prepared.raw.encoding == "windows-1252"
    assert prepared.frame["team"].to_list() == teams
    import_prepared(tmp_store, prepared)
    assert [
        t for (t,) in stored(tmp_store, "SELECT team FROM contacts ORDER BY contact_id")
    ] == teams


def test_windows_1252_problem_values_are_shown_as_written(tmp_path: Path) -> None:
    text = CONTACT_HEADER + contact_line(1, "Tîm Siân", received="dydd Llun")
    with pytest.raises(RejectedFile) as info:
        prepare(write_csv(tmp_path, "ansi.csv", text.encode("cp1252")))
    assert info.value.errors.select("row", "column", "value").rows() == [
        (2, "Received At", "dydd Llun")
    ]


# ---------------------------------------------------------------- dates and date-times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/03/2024", dt.date(2024, 3, 1)),
        ("1/3/2024", dt.date(2024, 3, 1)),
        ("29/02/2024", dt.date(2024, 2, 29)),
        ("31/12/2023", dt.date(2023, 12, 31)),
        ("2024-03-01", dt.date(2024, 3, 1)),
        ("2024-3-1", dt.date(2024, 3, 1)),
        ("01/03/2024 00:00", dt.date(2024, 3, 1)),
        ("2024-03-01 00:00:00", dt.date(2024, 3, 1)),
    ],
)
def test_dates(tmp_path: Path, text: str, expected: dt.date) -> None:
    row = valid_row("allocations") | {"allocated_from": text, "allocated_to": ""}
    prepared = prepare(write_csv(tmp_path, "a.csv", csv_text("allocations", [row])))
    assert prepared.frame["allocated_from"].to_list() == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/03/2024 09:05", dt.datetime(2024, 3, 1, 9, 5)),
        ("1/3/2024 9:05", dt.datetime(2024, 3, 1, 9, 5)),
        ("01/03/2024 09:05:30", dt.datetime(2024, 3, 1, 9, 5, 30)),
        ("01/03/2024 23:59", dt.datetime(2024, 3, 1, 23, 59)),
        ("2024-03-01 09:05", dt.datetime(2024, 3, 1, 9, 5)),
        ("2024-03-01T09:05:30", dt.datetime(2024, 3, 1, 9, 5, 30)),
        ("2024-03-01 09:05:30.250", dt.datetime(2024, 3, 1, 9, 5, 30)),
        ("01/03/2024", dt.datetime(2024, 3, 1)),  # a date alone is midnight
    ],
)
def test_date_times(tmp_path: Path, text: str, expected: dt.datetime) -> None:
    prepared = prepare(
        write_csv(tmp_path, "c.csv", CONTACT_HEADER + contact_line(1, received=text))
    )
    assert prepared.frame["received_at"].to_list() == [expected]


def test_one_date_style_per_column_but_columns_may_differ(tmp_path: Path) -> None:
    text = CONTACT_HEADER + (
        "C1,K1,01/03/2024 09:00,Police,2024-03-01 10:00,Early help,T\r\n"
        "C2,K2,02/03/2024 09:00,Police,2024-03-02 10:00,Early help,T\r\n"
    )
    prepared = prepare(write_csv(tmp_path, "c.csv", text))
    assert prepared.frame["decision_at"].to_list() == [
        dt.datetime(2024, 3, 1, 10),
        dt.datetime(2024, 3, 2, 10),
    ]


# ---------------------------------------------------------------- headers

ALIASES = [
    (extract, alias, column)
    for extract, table in load_settings().header_aliases.items()
    for alias, column in table.items()
]


def test_aliases_name_real_columns() -> None:
    for extract, alias, column in ALIASES:
        assert extract in EXTRACT_TYPES, extract
        assert column in EXTRACT_TYPES[extract].columns, (extract, alias)


@pytest.mark.parametrize(("extract_name", "alias", "column"), ALIASES)
def test_header_alias_from_config(
    tmp_path: Path, extract_name: str, alias: str, column: str
) -> None:
    row = valid_row(extract_name)
    path = write_csv(
        tmp_path, "x.csv", csv_text(extract_name, [row], headers={column: alias.title()})
    )
    prepared = prepare(path)  # the type is still detected from the headers
    assert prepared.extract.name == extract_name
    assert prepared.frame[column].null_count() == (1 if row[column] == "" else 0)


def test_problems_name_the_header_as_the_analyst_wrote_it(tmp_path: Path) -> None:
    text = "Contact ID,Child ID,Date Received,Contact Source,Team\r\nC1,K1,someday,Police,T\r\n"
    with pytest.raises(RejectedFile) as info:
        prepare(write_csv(tmp_path, "c.csv", text))
    assert info.value.errors.select("row", "column", "value").rows() == [
        (2, "Date Received", "someday")
    ]


HEADER_STYLES = {
    "upper": str.upper,
    "lower": str.lower,
    "snake": lambda h: h.lower().replace(" ", "_"),
    "padded": lambda h: f"  {h}  ",
    "double spaced": lambda h: h.replace(" ", "  "),
    "hyphens": lambda h: h.replace(" ", "-"),
}


@pytest.mark.parametrize("style", HEADER_STYLES)
@pytest.mark.parametrize("extract_name", EXTRACT_TYPES)
def test_headers_are_case_and_space_insensitive(
    tmp_path: Path, extract_name: str, style: str
) -> None:
    extract = EXTRACT_TYPES[extract_name]
    headers = {c: HEADER_STYLES[style](extract.header_label(c)) for c in extract.columns}
    path = write_csv(
        tmp_path, "x.csv", csv_text(extract_name, [valid_row(extract_name)], headers=headers)
    )
    prepared = prepare(path)
    assert prepared.extract.name == extract_name
    assert prepared.raw.headers == [headers[c] for c in extract.columns]


def test_normalise() -> None:
    assert (
        normalise(" Contact  ID ")
        == normalise("CONTACT_ID")
        == normalise("contact-id")
        == "contact_id"
    )


def test_columns_may_come_in_any_order(tmp_path: Path) -> None:
    row = valid_row("workers")
    shuffled = dict(reversed(row.items()))
    prepared = prepare(write_csv(tmp_path, "w.csv", csv_text("workers", [shuffled])))
    assert prepared.frame.columns == ["_row", *EXTRACT_TYPES["workers"].columns]
    assert prepared.frame["worker_id"].to_list() == [row["worker_id"]]


# ---------------------------------------------------------------- blank rows and Excel row numbers


@pytest.mark.parametrize("blank", ["\r\n", ",,,,,,\r\n", " , ,  ,,,,\r\n"])
def test_csv_blank_rows_are_skipped_with_a_warning_and_rows_keep_excel_numbers(
    tmp_path: Path, blank: str
) -> None:
    text = CONTACT_HEADER + contact_line(1) + blank + contact_line(2) + blank + contact_line(3)
    prepared = prepare(write_csv(tmp_path, "c.csv", text))
    assert prepared.frame["_row"].to_list() == [2, 4, 6]
    assert prepared.warnings.select("rule", "reason", "severity").rows() == [
        ("blank_rows_skipped", "2 completely blank rows were skipped", "warning")
    ]
    broken = text + contact_line(4, received="not a date")
    with pytest.raises(RejectedFile) as info:
        prepare(write_csv(tmp_path, "c.csv", broken))
    assert info.value.errors.select("row", "column").rows() == [(7, "Received At")]
    assert info.value.warnings["rule"].to_list() == ["blank_rows_skipped"]


def test_csv_line_endings(tmp_path: Path) -> None:
    for name, text in {
        "lf.csv": (CONTACT_HEADER + contact_line(1) + contact_line(2)).replace("\r\n", "\n"),
        "no_final_newline.csv": CONTACT_HEADER + contact_line(1) + contact_line(2).rstrip(),
    }.items():
        prepared = prepare(write_csv(tmp_path, name, text))
        assert prepared.frame["_row"].to_list() == [2, 3], name


def test_quoted_line_breaks_and_commas_keep_row_numbers(tmp_path: Path) -> None:
    """Excel shows a quoted line break inside one cell, so the record is still one row."""
    text = (
        CONTACT_HEADER
        + 'C1,K1,01/03/2024 09:00,Police,,,"Tîm Gogledd,\r\nDe"\r\n'
        + contact_line(2, received="soon")
    )
    with pytest.raises(RejectedFile) as info:
        prepare(write_csv(tmp_path, "c.csv", text))
    assert info.value.errors.select("row", "column", "value").rows() == [(3, "Received At", "soon")]


def test_empty_trailing_columns_from_excel_are_ignored(tmp_path: Path) -> None:
    text = CONTACT_HEADER.replace("\r\n", ",,\r\n") + contact_line(1).replace("\r\n", ",,\r\n")
    prepared = prepare(write_csv(tmp_path, "c.csv", text))
    assert prepared.raw.headers == CONTACT_HEADER.strip().split(",")
    assert prepared.frame["team"].to_list() == ["Tîm Gogledd"]


def test_cells_are_trimmed(tmp_path: Path) -> None:
    text = CONTACT_HEADER + "  C1 , K1 , 01/03/2024 09:00 , Police ,,, Tîm Gogledd \r\n"
    prepared = prepare(write_csv(tmp_path, "c.csv", text))
    assert prepared.frame.drop("_row", "received_at", "decision_at").rows() == [
        ("C1", "K1", "police", None, "Tîm Gogledd")
    ]


# ---------------------------------------------------------------- Excel workbooks

WORKER_HEADERS = [
    "Worker ID",
    "Team",
    "Role",
    "Employment",
    "FTE",
    "Qualified Date",
    "Start Date",
    "Leaving Date",
]


def write_xlsx(path: Path, rows: list[list[object]], *, sheet: str = "Sheet1") -> Path:
    """A workbook written as Excel would: dates as real date cells with a date format."""
    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    datetime_format = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    worksheet = workbook.add_worksheet(sheet)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, dt.datetime):
                worksheet.write_datetime(r, c, value, datetime_format)
            elif isinstance(value, dt.date):
                worksheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            else:
                worksheet.write(r, c, value)
    workbook.close()
    return path


def test_xlsx_with_real_date_cells_numbers_and_welsh_text(tmp_path: Path, tmp_store: Path) -> None:
    path = write_xlsx(
        tmp_path / "workers.xlsx",
        [
            WORKER_HEADERS,
            [
                "W1",
                "Tîm Gŵyr",
                "Social worker",
                "Agency",
                0.5,
                dt.date(2019, 7, 1),
                dt.date(2020, 1, 6),
                None,
            ],
            [
                101,
                "Tîm Dyffryn Ŷ",
                "TEAM MANAGER",
                "permanent",
                1,
                None,
                dt.date(2021, 1, 6),
                dt.date(2023, 3, 31),
            ],
        ],
    )
    prepared = prepare(path)
    assert (prepared.raw.file_format, prepared.extract.name) == ("xlsx", "workers")
    assert prepared.warnings.is_empty()
    # Leaving Reason is optional and absent from this workbook: blank in every row.
    assert prepared.frame["leaving_reason"].null_count() == prepared.frame.height
    assert prepared.frame.drop("_row", "leaving_reason").rows() == [
        (
            "W1",
            "Tîm Gŵyr",
            "social_worker",
            "agency",
            0.5,
            dt.date(2019, 7, 1),
            dt.date(2020, 1, 6),
            None,
        ),
        (
            "101",
            "Tîm Dyffryn Ŷ",
            "team_manager",
            "permanent",
            1.0,
            None,
            dt.date(2021, 1, 6),
            dt.date(2023, 3, 31),
        ),
    ]
    import_prepared(tmp_store, prepared)
    assert stored(
        tmp_store, "SELECT worker_id, team, fte, start_date FROM workers ORDER BY worker_id"
    ) == [
        ("101", "Tîm Dyffryn Ŷ", 1.0, dt.date(2021, 1, 6)),
        ("W1", "Tîm Gŵyr", 0.5, dt.date(2020, 1, 6)),
    ]


def test_xlsx_date_time_cells_and_booleans(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "assessments.xlsx",
        [
            [
                "Assessment ID",
                "Child ID",
                "Referral Date",
                "Start Date",
                "Completed Date",
                "Outcome",
                "Team",
                "Child Seen",
                "Child Seen Alone",
            ],
            [
                "A1",
                "K1",
                dt.date(2024, 3, 1),
                dt.date(2024, 3, 4),
                dt.date(2024, 4, 2),
                "Early help",
                "T",
                True,
                False,
            ],
            ["A2", "K2", dt.date(2024, 3, 1), "04/03/2024", None, None, "T", "Yes", None],
        ],
    )
    prepared = prepare(path)
    assert prepared.frame.select(
        "start_date", "completed_date", "child_seen", "child_seen_alone"
    ).rows() == [
        (dt.date(2024, 3, 4), dt.date(2024, 4, 2), True, False),
        (dt.date(2024, 3, 4), None, True, None),
    ]
    contacts = write_xlsx(
        tmp_path / "contacts.xlsx",
        [
            CONTACT_HEADER.strip().split(","),
            [
                "C1",
                "K1",
                dt.datetime(2024, 3, 1, 9, 30),
                "police",
                dt.datetime(2024, 3, 1, 16, 45),
                "Early Help",
                "T",
            ],
        ],
    )
    assert prepare(contacts).frame.select("received_at", "decision_at").rows() == [
        (dt.datetime(2024, 3, 1, 9, 30), dt.datetime(2024, 3, 1, 16, 45))
    ]


def test_xlsx_written_by_openpyxl(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(WORKER_HEADERS)
    sheet.append(
        [
            "W1",
            "Tîm Gogledd",
            "Senior practitioner",
            "Permanent",
            0.8,
            None,
            dt.date(2022, 9, 1),
            None,
        ]
    )
    workbook.save(tmp_path / "w.xlsx")
    prepared = prepare(tmp_path / "w.xlsx")
    assert prepared.frame.select("role", "fte", "start_date").rows() == [
        ("senior_practitioner", 0.8, dt.date(2022, 9, 1))
    ]


def test_xlsx_blank_rows_are_skipped_with_a_warning_and_rows_keep_excel_numbers(
    tmp_path: Path,
) -> None:
    good = ["W1", "T", "Social worker", "Agency", 1, None, dt.date(2020, 1, 6), None]
    rows = [
        WORKER_HEADERS,
        good,
        [],
        [],
        ["W2", *good[1:]],
        [None, "  "],
        ["W3", *good[1:4], 1.5, *good[5:]],
    ]
    with pytest.raises(RejectedFile) as info:
        prepare(write_xlsx(tmp_path / "w.xlsx", rows))
    assert info.value.errors.select("row", "column", "value").rows() == [(7, "FTE", "1.5")]
    assert info.value.warnings.select("rule", "reason").rows() == [
        ("blank_rows_skipped", "3 completely blank rows were skipped")
    ]
    rows[-1] = ["W3", *good[1:]]
    prepared = prepare(write_xlsx(tmp_path / "w.xlsx", rows))
    assert prepared.frame["_row"].to_list() == [2, 5, 7]
    assert prepared.warnings["rule"].to_list() == ["blank_rows_skipped"]


def test_xlsx_formatted_empty_rows_after_the_data_are_not_blank_rows(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, WORKER_HEADERS)
    sheet.write_row(1, 0, ["W1", "T", "Social worker", "Agency", 1])
    sheet.write_datetime(
        1, 6, dt.datetime(2020, 1, 6), workbook.add_format({"num_format": "dd/mm/yyyy"})
    )
    for r in range(2, 40):
        sheet.write_blank(r, 0, None, workbook.add_format({"bold": True}))
    workbook.close()
    prepared = prepare(path)
    assert prepared.rows == 1
    assert prepared.warnings.is_empty()


def test_xlsx_with_an_empty_second_sheet_uses_the_sheet_with_data(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("Notes")
    data = workbook.add_worksheet("Data")
    data.write_row(0, 0, WORKER_HEADERS)
    data.write_row(1, 0, ["W1", "T", "Social worker", "Agency", 1, None, "06/01/2020"])
    workbook.close()
    assert prepare(path).frame["start_date"].to_list() == [dt.date(2020, 1, 6)]


def test_xlsx_problem_rows_match_excel(tmp_path: Path) -> None:
    rows = [WORKER_HEADERS] + [
        [f"W{n}", "T", "Social worker", "Agency", 1, None, dt.date(2020, 1, 6), None]
        for n in range(1, 10)
    ]
    rows[6][2] = "Chief"
    with pytest.raises(RejectedFile) as info:
        prepare(write_xlsx(tmp_path / "w.xlsx", rows))
    assert info.value.errors.select("row", "column", "value", "rule").rows() == [
        (7, "Role", "Chief", "isin")
    ]


def test_csv_and_xlsx_of_the_same_data_prepare_alike(tmp_path: Path) -> None:
    rows = [valid_row("allocations", n) for n in (1, 2)]
    from_csv = prepare(write_csv(tmp_path, "a.csv", csv_text("allocations", rows)))
    extract = EXTRACT_TYPES["allocations"]
    sheet = [[extract.header_label(c) for c in extract.columns]] + [
        [r[c] or None for c in extract.columns] for r in rows
    ]
    from_xlsx = prepare(write_xlsx(tmp_path / "a.xlsx", sheet))
    assert from_xlsx.frame.equals(from_csv.frame)
    assert isinstance(from_xlsx.frame, pl.DataFrame)


def test_xlsx_date_cells_are_quoted_as_excel_shows_them(tmp_path: Path) -> None:
    """A message about a date cell shows dd/mm/yyyy, not the ISO text the workbook stores."""
    rows = [
        WORKER_HEADERS,
        ["W1", "T", "Social worker", "Agency", 1, None, dt.datetime(2020, 1, 6, 13, 45), None],
        ["W2", "T", "Social worker", "Agency", 1, None, dt.date(2020, 1, 6), dt.date(2019, 1, 6)],
    ]
    with pytest.raises(RejectedFile) as info:
        prepare(write_xlsx(tmp_path / "w.xlsx", rows))
    assert info.value.errors.select("row", "column", "value").rows() == [
        (2, "Start Date", "06/01/2020 13:45:00"),
        (3, "Leaving Date", "06/01/2019"),
    ]
    assert "Start Date is '06/01/2020'" in info.value.errors["reason"][1]


def test_a_polars_message_follows_the_translations_word_order() -> None:
    """Messages built per cell in Polars come from a translated template: a translation may put
    the fields in another order, and the text around them is kept as written (a value is never
    read as a template)."""
    from pipelines.ingest.problems import template_expr

    cells = pl.DataFrame({"length": [121, 5], "limit": [120, 3], "text": ["{limit}", "x"]})
    english = "this text is {length} characters long; this column takes at most {limit}"
    reordered = "at most {limit} ({text}); this one is {length}"
    out = cells.select(
        template_expr(english, length=pl.col("length"), limit=pl.col("limit")).alias("en"),
        template_expr(
            reordered, limit=pl.col("limit"), length=pl.col("length"), text=pl.col("text")
        ).alias("other"),
    )
    assert out["en"].to_list() == [
        "this text is 121 characters long; this column takes at most 120",
        "this text is 5 characters long; this column takes at most 3",
    ]
    assert out["other"].to_list() == [
        "at most 120 ({limit}); this one is 121",
        "at most 3 (x); this one is 5",
    ]
