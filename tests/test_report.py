"""The analyst's error report (pipelines.ingest.report): grouping for the screen, CSV for download.

The CSV is opened in Excel, so every text cell that Excel would run as a formula must come out as
text: cells starting with =, +, -, @, a tab or a carriage return get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest
from upload_helpers import CONTACT_HEADER, write_text

from pipelines.cli import main
from pipelines.ingest import RejectedFile, prepare
from pipelines.ingest.problems import ERROR, WARNING, Problem, problems_frame
from pipelines.ingest.report import REPORT_COLUMNS, group_problems, report_csv
from pipelines.presentation.exports import FORMULA_TRIGGERS, neutralise, safe_csv
from pipelines.presentation.i18n import use_language


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def problem(row: int | None, rule: str, column: str | None = "Team", **kw: object) -> Problem:
    return Problem(rule, kw.pop("reason", f"reason {rule}"), "fix it", row, column, **kw)  # type: ignore[arg-type]


# --- neutralising formula-like cells --------------------------------------------------------------


def test_series_download_neutralises_text_and_keeps_numbers() -> None:
    """The detail page's download and `series --format csv` write through safe_csv (issue 9)."""
    frame = pl.DataFrame(
        {
            "breakdown_value": ["-2+3+cmd|' /C calc'!A0", '@1+HYPERLINK("x")', "Tîm"],
            "value": [-2.5, 3.0, 1.0],
        }
    )
    records = parse(safe_csv(frame))
    assert [r["breakdown_value"] for r in records] == [
        "'-2+3+cmd|' /C calc'!A0",
        '\'@1+HYPERLINK("x")',
        "Tîm",
    ]
    assert [r["value"] for r in records] == ["-2.5", "3.0", "1.0"]


def test_the_command_line_series_csv_is_neutralised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`series --format csv` goes through safe_csv too: a stored breakdown value that starts like a
    formula (imports refuse them, but a store may predate that rule) comes out as text."""
    from pipelines import read_models

    store = tmp_path / "dashboard.duckdb"
    contacts = write_text(
        tmp_path / "c.csv", CONTACT_HEADER + "\nC1,K1,01/03/2024 09:00,Police,,,Tîm\n"
    )
    assert main(["import", str(contacts), "--db", str(store)]) == 0
    dangerous = pl.DataFrame({"breakdown_value": ["=1+1", "Tîm"], "value": [-2.5, 1.0]})
    monkeypatch.setattr(read_models, "series", lambda *_args: dangerous)
    out = io.StringIO()
    assert main(["series", "fd_contacts_received", "--db", str(store)], out=out) == 0
    records = parse(out.getvalue())
    assert [r["breakdown_value"] for r in records] == ["'=1+1", "Tîm"]
    assert [r["value"] for r in records] == ["-2.5", "1.0"]


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_each_trigger_is_neutralised(trigger: str) -> None:
    assert neutralise(f"{trigger}1+1") == f"'{trigger}1+1"


@pytest.mark.parametrize("text", ["plain", "1+1", "a=b", " =1", "'=1", "", "Tîm Gogledd"])
def test_harmless_text_is_left_alone(text: str) -> None:
    assert neutralise(text) == text


def test_missing_value_stays_missing() -> None:
    assert neutralise(None) is None


@pytest.mark.parametrize(
    "dangerous",
    [
        '=HYPERLINK("http://example.invalid","click")',
        "+SUM(A1:A9)",
        "-2+3",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        "=cmd|' /C calc'!A0",
    ],
)
def test_report_csv_neutralises_every_text_column(dangerous: str) -> None:
    frame = problems_frame(
        [
            Problem(
                rule=dangerous,
                reason=dangerous,
                fix=dangerous,
                row=7,
                column=dangerous,  # a header in the analyst's file can be anything too
                value=dangerous,
            )
        ]
    )
    [record] = parse(report_csv(frame))
    for label in ("Column", "Value", "Problem", "What to do", "Rule"):
        assert record[label] == "'" + dangerous, label
    assert record["Row (as in Excel)"] == "7"  # numbers are not text: left as they are
    assert record["Severity"] == "error"


# --- every problem listed -------------------------------------------------------------------------


def many_problems() -> pl.DataFrame:
    problems = [problem(r, "cell_format", "Received At", value=f"bad {r}") for r in range(2, 40)]
    problems += [problem(r, "not_nullable", "Child ID") for r in (5, 3, 9)]
    problems += [
        problem(None, "unknown_column", "Notes", reason="not a column"),
        problem(12, "future_date", "Received At", severity=WARNING, value="01/01/2099 09:00"),
    ]
    return problems_frame(problems)


def test_report_lists_every_problem_with_its_labels() -> None:
    frame = many_problems()
    text = report_csv(frame)
    records = parse(text)
    assert len(records) == frame.height == 38 + 3 + 1 + 1
    assert list(records[0]) == list(REPORT_COLUMNS.values())
    assert text.splitlines()[0].startswith("Severity,Row (as in Excel),Column,Value,Problem")
    values = {r["Value"] for r in records if r["Column"] == "Received At"}
    assert {f"bad {r}" for r in range(2, 40)} <= values


def test_report_puts_errors_first_then_by_row() -> None:
    records = parse(report_csv(many_problems()))
    severities = [r["Severity"] for r in records]
    assert severities == [ERROR] * (len(records) - 1) + [WARNING]
    rows = [r["Row (as in Excel)"] for r in records if r["Severity"] == ERROR]
    assert rows[0] == ""  # the whole-file problem comes first
    numbers = [int(r) for r in rows[1:]]
    assert numbers == sorted(numbers)


def test_report_of_a_real_rejection_lists_every_bad_row(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines = [CONTACT_HEADER]
    for n in range(1, 13):
        lines.append(f'C{n},K{n},31/02/2024 09:00,Police,,,=HYPERLINK("x")')
    path = write_text(tmp_path / "contacts.csv", "\r\n".join(lines) + "\r\n")
    with pytest.raises(RejectedFile) as info:
        prepare(path)
    records = parse(report_csv(info.value.problems))
    assert len(records) == info.value.problems.height == 24
    by_column: dict[str, list[str]] = {}
    for record in records:
        by_column.setdefault(record["Column"], []).append(record["Row (as in Excel)"])
    assert by_column["Received At"] == [str(r) for r in range(2, 14)]
    assert by_column["Team"] == [str(r) for r in range(2, 14)]
    assert {r["Value"] for r in records if r["Column"] == "Team"} == {'\'=HYPERLINK("x")'}


def test_report_of_a_rejection_checked_in_welsh_is_in_welsh(tmp_path: Path) -> None:
    """Checked and downloaded in Welsh: the headers, the severity and each problem and fix in
    Welsh; rows, columns (as headed in the file), values and rule codes as they are."""
    lines = [CONTACT_HEADER, 'C1,K1,31/02/2024 09:00,Police,,,=HYPERLINK("x")']
    path = write_text(tmp_path / "contacts.csv", "\r\n".join(lines) + "\r\n")
    with use_language("cy"):
        with pytest.raises(RejectedFile) as info:
            prepare(path)
        text = report_csv(info.value.problems)
    assert text.splitlines()[0] == (
        "Difrifoldeb,Rhes (fel yn Excel),Colofn,Gwerth,Problem,Beth i'w wneud,Rheol"
    )
    records = [
        dict(
            zip(
                ("severity", "row", "column", "value", "reason", "fix", "rule"),
                r.values(),
                strict=True,
            )
        )
        for r in parse(text)
    ]
    assert [(r["severity"], r["row"], r["column"], r["rule"]) for r in records] == [
        ("gwall", "2", "Received At", "cell_format"),
        ("gwall", "2", "Team", "cell_format"),
    ]
    assert records[0]["value"] == "31/02/2024 09:00"
    assert records[0]["reason"] == "nid yw hwn yn ddyddiad go iawn"
    assert records[1]["reason"] == "mae'r gell hon yn dechrau fel fformiwla taenlen"
    assert records[1]["fix"].startswith("tynnwch yr =, +, - neu @ ar y dechrau")
    assert records[1]["value"] == '\'=HYPERLINK("x")'  # still neutralised
    # The same problems downloaded from an English page: English headers, the severity's code.
    english = parse(report_csv(info.value.problems))
    assert list(english[0]) == list(REPORT_COLUMNS.values())
    assert english[0]["Severity"] == ERROR


def test_empty_report_has_just_the_header() -> None:
    records = parse(report_csv(problems_frame([])))
    assert records == []


# --- grouping for the screen ----------------------------------------------------------------------


def test_groups_by_rule_and_column_with_counts_biggest_first() -> None:
    groups = group_problems(many_problems().filter(pl.col("severity") == ERROR))
    summary = [(g.rule, g.column, g.count) for g in groups]
    assert summary == [
        ("cell_format", "Received At", 38),
        ("not_nullable", "Child ID", 3),
        ("unknown_column", "Notes", 1),
    ]


def test_group_shows_the_first_rows_in_row_order() -> None:
    groups = {g.rule: g for g in group_problems(many_problems(), first_rows=5)}
    assert groups["cell_format"].first["row"].to_list() == [2, 3, 4, 5, 6]
    assert groups["not_nullable"].first["row"].to_list() == [3, 5, 9]  # given out of order
    assert groups["cell_format"].count == 38  # the count is of the whole group, not the rows shown


def test_same_rule_in_two_columns_makes_two_groups() -> None:
    frame = problems_frame(
        [
            problem(2, "cell_format", "Received At"),
            problem(2, "cell_format", "Decision At"),
            problem(3, "cell_format", "Decision At"),
        ]
    )
    groups = group_problems(frame)
    assert [(g.column, g.count) for g in groups] == [("Decision At", 2), ("Received At", 1)]


def test_ties_are_ordered_by_rule_then_column() -> None:
    frame = problems_frame(
        [problem(2, "b_rule", "X"), problem(2, "a_rule", "Y"), problem(2, "a_rule", None)]
    )
    assert [(g.rule, g.column) for g in group_problems(frame)] == [
        ("a_rule", None),
        ("a_rule", "Y"),
        ("b_rule", "X"),
    ]


def test_no_problems_no_groups() -> None:
    assert group_problems(problems_frame([])) == []
