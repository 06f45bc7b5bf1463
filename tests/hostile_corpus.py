"""A corpus of hostile and careless files built from ``python -m pipelines schemas --json``.

Every variant either must be rejected clearly (exit code 1, the message names the row as in Excel,
the column as headed, the value and what to do, the store byte-identical, no traceback) or must
load with exactly the values expected. ``tests/test_hostile_corpus.py`` runs it; run it by hand
from a project root to print the score of that checkout::

    .venv/bin/python tests/hostile_corpus.py            # score, and the variants that fail

The variants are built from the machine-readable contracts (column kinds, allowed values, limits,
which dates may be in the future), so new extracts get them too. Names are invented.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import sys
import tempfile
import traceback
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TEAM = "Tîm Gogledd"
TODAY = dt.date.today()


@dataclass
class Variant:
    """One file; ``expect`` is "reject" or "load"."""

    name: str
    extract: str
    content: bytes
    expect: str
    row: int | None = None  # the Excel row the rejection must name (None: whole file)
    column: str | None = None  # the header the rejection must name
    value: str | None = None  # the value (or its start) the rejection must quote
    phrase: str | None = None  # words the rejection must contain
    values: dict[str, list[Any]] = field(default_factory=dict)  # column -> stored values (load)
    extra_args: tuple[str, ...] = ()

    @property
    def suffix(self) -> str:
        return ".xlsx" if self.content.startswith((b"PK", b"\xd0\xcf")) else ".csv"


def schemas(root: Path) -> dict[str, Any]:
    """The contracts of the checkout at ``root``, as ``schemas --json`` prints them."""
    from pipelines.cli import main

    out = io.StringIO()
    main(["schemas", "--json"], out=out)
    return json.loads(out.getvalue())


def _extract(described: dict[str, Any], name: str) -> dict[str, Any]:
    return next(e for e in described["extract_types"] if e["name"] == name)


def _valid_cells(extract: dict[str, Any], n: int) -> dict[str, str]:
    """Header -> cell text of a row that passes every rule (dates all equal, optional blank)."""
    day = (TODAY - dt.timedelta(days=40 + n)).strftime("%d/%m/%Y")
    cells: dict[str, str] = {}
    for column in extract["columns"]:
        kind = column["kind"]
        if not column["required"]:
            cells[column["header"]] = ""
        elif kind == "date":
            cells[column["header"]] = day
        elif kind == "datetime":
            cells[column["header"]] = f"{day} 09:00"
        elif kind == "number":
            cells[column["header"]] = "1"
        elif kind == "yes_no":
            cells[column["header"]] = "Yes"
        elif kind == "enum" and column["allowed_values"]:
            cells[column["header"]] = column["allowed_values"][0]["label"]
        elif kind == "enum":
            cells[column["header"]] = _uploaded_percentage_id()
        elif kind == "id_list":
            cells[column["header"]] = "fd_iaa_backlog"
        elif column["name"] == "team":
            cells[column["header"]] = TEAM
        else:
            cells[column["header"]] = f"{column['name'][:3].upper()}{n}"
    return cells


def _uploaded_percentage_id() -> str:
    from pipelines.catalogue_ids import computed_ids, percentage_ids

    return sorted(percentage_ids() - computed_ids())[0]


def _csv(rows: list[list[str]], newline: str = "\r\n") -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    return out.getvalue()


def _table(extract: dict[str, Any], count: int = 3) -> tuple[list[str], list[list[str]]]:
    rows = [_valid_cells(extract, n) for n in range(1, count + 1)]
    headers = list(rows[0])
    return headers, [[r[h] for h in headers] for r in rows]


def _xlsx(sheets: list[tuple[str, list[list[Any]], str]]) -> bytes:
    """A workbook written by openpyxl: (title, rows, state) per sheet."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows, state in sheets:
        sheet = workbook.create_sheet(title)
        sheet.sheet_state = state
        for values in rows:
            sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _patch_zip(content: bytes, edit: Callable[[str, bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, edit(info.filename, source.read(info.filename)))
    return buffer.getvalue()


def variants(described: dict[str, Any]) -> list[Variant]:
    out: list[Variant] = []
    contacts = _extract(described, "contacts")
    headers, rows = _table(contacts)
    team_at = headers.index("Team")
    received_at = headers.index("Received At")
    limits = described["conventions"]
    tolerance = int(limits.get("future_date_tolerance_days", 7))

    def with_cell(row: int, column: str, value: str) -> list[list[str]]:
        edited = [list(r) for r in rows]
        edited[row - 2][headers.index(column)] = value
        return edited

    def reject_csv(
        name: str, row: int | None, column: str | None, value: str | None, text: str, **kw: Any
    ) -> None:
        out.append(
            Variant(name, "contacts", text.encode("utf-8"), "reject", row, column, value, **kw)
        )

    good = _csv([headers, *rows])
    stored_teams = [TEAM] * len(rows)

    # --- dates ---------------------------------------------------------------------------------
    far = "01/11/2099 09:00"
    reject_csv(
        "future_event_date",
        3,
        "Received At",
        far,
        _csv([headers, *with_cell(3, "Received At", far)]),
    )
    soon = (TODAY + dt.timedelta(days=tolerance + 3)).strftime("%d/%m/%Y 09:00")
    reject_csv(
        "future_beyond_tolerance",
        2,
        "Received At",
        soon,
        _csv([headers, *with_cell(2, "Received At", soon)]),
    )
    old = "02/01/1900 09:00"
    reject_csv(
        "date_before_calendar",
        4,
        "Received At",
        old,
        _csv([headers, *with_cell(4, "Received At", old)]),
    )
    for text in ("30/02/2024 09:00", "00/01/2024 09:00", "2024-13-01 09:00", "01/01/2024 25:00"):
        reject_csv(
            f"impossible_{text[:10].replace('/', '-')}_{text[11:13]}",
            2,
            "Received At",
            text,
            _csv([headers, *with_cell(2, "Received At", text)]),
        )
    workers = _extract(described, "workers")
    w_headers, w_rows = _table(workers)
    future_ok = [c["header"] for c in workers["columns"] if c.get("future_allowed")]
    for header in future_ok:
        later = (TODAY + dt.timedelta(days=200)).strftime("%d/%m/%Y")
        edited = [list(r) for r in w_rows]
        edited[0][w_headers.index(header)] = later
        stored = [
            dt.datetime.strptime(r[w_headers.index(header)], "%d/%m/%Y").date()
            if r[w_headers.index(header)]
            else None
            for r in edited
        ]
        out.append(
            Variant(
                f"future_allowed_{header}",
                "workers",
                _csv([w_headers, *edited]).encode(),
                "load",
                values={_name(workers, header): stored},
            )
        )
        edited = [list(r) for r in w_rows]
        edited[1][w_headers.index(header)] = "01/01/2060"
        out.append(
            Variant(
                f"outside_calendar_{header}",
                "workers",
                _csv([w_headers, *edited]).encode(),
                "reject",
                3,
                header,
                "01/01/2060",
            )
        )

    # --- encodings, bytes and line endings ------------------------------------------------------
    data = good.encode("utf-8")
    mixed = (
        data
        + ",".join(["C9", "K9", rows[0][received_at], "Police", "", "", "Tîm De"]).encode("cp1252")
        + b"\r\n"
    )
    out.append(Variant("mixed_encoding", "contacts", mixed, "reject", 5, phrase="Windows-1252"))
    filler = "".join(
        _csv([[f"F{n}", f"K{n}", rows[0][received_at], "Police", "", "", TEAM]])
        for n in range(2000)
    )
    nul = (
        (_csv([headers]) + filler).encode()
        + b"Z1,K1,"
        + rows[0][received_at].encode()
        + b",Police,,,T\x00m\r\n"
    )
    out.append(Variant("nul_after_64k", "contacts", nul, "reject", 2002))
    reject_csv(
        "unit_separator", 3, "Team", None, _csv([headers, *with_cell(3, "Team", "Tîm\x1fGogledd")])
    )
    reject_csv(
        "bell_character", 2, "Child ID", None, _csv([headers, *with_cell(2, "Child ID", "K\x07")])
    )
    cr_only = _csv([headers]) + _csv(rows, newline="\r")
    out.append(
        Variant(
            "cr_after_lf_first_line",
            "contacts",
            (_csv([headers], "\n") + _csv(rows, "\r")).encode(),
            "reject",
        )
    )
    out.append(Variant("cr_only", "contacts", cr_only.replace("\r\n", "\r").encode(), "reject"))
    out.append(Variant("utf16", "contacts", good.encode("utf-16"), "reject"))
    out.append(Variant("utf32", "contacts", good.encode("utf-32"), "reject"))
    out.append(
        Variant(
            "bom_utf8", "contacts", b"\xef\xbb\xbf" + data, "load", values={"team": stored_teams}
        )
    )
    out.append(
        Variant(
            "windows_1252", "contacts", good.encode("cp1252"), "load", values={"team": stored_teams}
        )
    )
    out.append(
        Variant(
            "lf_only",
            "contacts",
            good.replace("\r\n", "\n").encode(),
            "load",
            values={"team": stored_teams},
        )
    )
    out.append(
        Variant(
            "no_final_newline",
            "contacts",
            good.rstrip("\r\n").encode(),
            "load",
            values={"team": stored_teams},
        )
    )
    out.append(
        Variant(
            "sep_comma_line",
            "contacts",
            ("sep=,\r\n" + good).encode(),
            "load",
            values={"team": stored_teams},
        )
    )
    out.append(
        Variant(
            "sep_semicolon_line",
            "contacts",
            ("sep=;\r\n" + good.replace(",", ";")).encode(),
            "reject",
            phrase="semicolon",
        )
    )
    out.append(
        Variant(
            "trailing_empty_columns",
            "contacts",
            good.replace("\r\n", ",,\r\n").encode(),
            "load",
            values={"team": stored_teams},
        )
    )
    out.append(
        Variant(
            "blank_rows_at_end",
            "contacts",
            (good + ",,,,,,\r\n\r\n").encode(),
            "load",
            values={"team": stored_teams},
        )
    )

    # --- text values ------------------------------------------------------------------------------
    for name, team in {
        "nbsp": "Tîm\u00a0Gogledd",
        "double_space": "Tîm  Gogledd",
        "zero_width": "Tîm Gog\u200bledd",
        "quoted_line_break": "Tîm\r\nGogledd",
        "tab_inside": "Tîm\tGogledd",
        "decomposed": "Ti\u0302m Gogledd",
        "padded": "  Tîm Gogledd ",
    }.items():
        text = _csv([headers, *with_cell(3, "Team", team)])
        out.append(
            Variant(
                f"whitespace_{name}",
                "contacts",
                text.encode(),
                "load",
                values={"team": stored_teams},
            )
        )
    for name, value in {
        "equals": "=1+2",
        "plus": "+1+2",
        "minus_cmd": "-2+3+cmd|' /C calc'!A0",
        "at_hyperlink": '@1+HYPERLINK("http://evil.example","x")',
        "tab_formula": "\t=1+2",
        "padded_formula": "  =1+2",
    }.items():
        stripped = value.strip()
        reject_csv(
            f"formula_{name}", 2, "Team", stripped, _csv([headers, *with_cell(2, "Team", value)])
        )
    for error in ("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?"):
        reject_csv(
            f"excel_error_{error.strip('#!?').replace('/', '')}",
            3,
            "Child ID",
            error,
            _csv([headers, *with_cell(3, "Child ID", error)]),
        )
    for name, value in {"nbsp_only": "\u00a0", "zero_width_only": "\u200b"}.items():
        reject_csv(
            f"blank_{name}", 2, "Child ID", None, _csv([headers, *with_cell(2, "Child ID", value)])
        )
    team_limit = _max_length(contacts, "Team")
    if team_limit:
        exact = "T" * team_limit
        out.append(
            Variant(
                "team_at_limit",
                "contacts",
                _csv([headers, *with_cell(2, "Team", exact)]).encode(),
                "load",
                values={"team": [exact, TEAM, TEAM]},
            )
        )
        reject_csv(
            "team_over_limit", 2, "Team", None, _csv([headers, *with_cell(2, "Team", exact + "T")])
        )
    reject_csv(
        "huge_cell", 2, "Team", None, _csv([headers, *with_cell(2, "Team", "T" * 1_000_000)])
    )

    # --- structure --------------------------------------------------------------------------------
    unbalanced = (
        _csv([headers, rows[0]])
        + rows[1][0]
        + ',"K2,'
        + ",".join(rows[1][2:])
        + "\r\n"
        + _csv([rows[2]])
    )
    out.append(Variant("unbalanced_quote", "contacts", unbalanced.encode(), "reject", 3))
    title = "Contacts report,,,,,,\r\n" + good
    out.append(Variant("title_row_csv", "contacts", title.encode(), "reject", phrase="row 2"))
    title_one = "Contacts report\r\n" + good
    out.append(
        Variant(
            "title_row_single_cell_csv", "contacts", title_one.encode(), "reject", phrase="row 2"
        )
    )
    out.append(
        Variant(
            "headers_without_spaces",
            "contacts",
            _csv([[h.replace(" ", "") for h in headers], *rows]).encode(),
            "load",
            values={"team": stored_teams},
        )
    )
    out.append(
        Variant(
            "headers_upper_snake",
            "contacts",
            _csv([[h.upper().replace(" ", "_") for h in headers], *rows]).encode(),
            "load",
            values={"team": stored_teams},
        )
    )
    out.append(
        Variant(
            "duplicate_header_by_case",
            "contacts",
            _csv([[*headers, "team "], *[[*r, TEAM] for r in rows]]).encode(),
            "reject",
            1,
            phrase="more than once",
        )
    )
    unknown = _csv(
        [
            [*headers, "Notes", "Worker Name"],
            *[[*r, '=HYPERLINK("http://evil.example")', "x"] for r in rows],
        ]
    )
    out.append(
        Variant("unknown_columns_with_formula", "contacts", unknown.encode(), "reject", 1, "Notes")
    )
    out.append(
        Variant(
            "unknown_columns_left_out",
            "contacts",
            _csv([[*headers, "Notes"], *[[*r, "note"] for r in rows]]).encode(),
            "load",
            values={"team": stored_teams},
            extra_args=("--leave-out-unknown-columns",),
        )
    )

    # --- workbooks --------------------------------------------------------------------------------
    out.append(
        Variant(
            "xlsx_good",
            "contacts",
            _xlsx([("Contacts", [headers, *rows], "visible")]),
            "load",
            values={"team": stored_teams},
        )
    )
    out.append(
        Variant(
            "xlsx_title_row",
            "contacts",
            _xlsx([("Contacts", [["Contacts report"], headers, *rows], "visible")]),
            "reject",
            phrase="row 2",
        )
    )
    out.append(
        Variant(
            "xlsx_hidden_sheet_with_data",
            "contacts",
            _xlsx([("Sheet1", [], "visible"), ("Data", [headers, *rows], "hidden")]),
            "reject",
            phrase="hidden",
        )
    )
    out.append(
        Variant(
            "xlsx_hidden_lookup_sheet",
            "contacts",
            _xlsx(
                [("Contacts", [headers, *rows], "visible"), ("Lookup", [["Police", "P"]], "hidden")]
            ),
            "reject",
            phrase="hidden",
        )
    )
    out.append(
        Variant(
            "xlsx_empty_hidden_sheet",
            "contacts",
            _xlsx([("Contacts", [headers, *rows], "visible"), ("Spare", [], "hidden")]),
            "load",
            values={"team": stored_teams},
        )
    )
    out.append(
        Variant(
            "xlsx_error_value",
            "contacts",
            _error_cell_book(headers, rows),
            "reject",
            3,
            "Child ID",
            "#N/A",
        )
    )
    out.append(
        Variant(
            "xlsx_array_formula",
            "contacts",
            _array_formula_book(headers, rows),
            "reject",
            2,
            "Team",
        )
    )
    out.append(Variant("xlsx_dimension_bomb", "contacts", _dimension_bomb(headers, rows), "reject"))
    out.append(Variant("xlsx_encrypted", "contacts", _encrypted(), "reject", phrase="password"))
    out.append(Variant("ods", "contacts", _ods(), "reject", phrase="OpenDocument"))
    out.append(Variant("docx", "contacts", _docx(), "reject"))
    out.append(
        Variant(
            "old_xls",
            "contacts",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "reject",
            phrase=".xls",
        )
    )
    formula_rows = [list(r) for r in rows]
    formula_rows[0][team_at] = "=A2"
    formula_rows[2][team_at] = "=A4"
    book = _xlsx(
        [
            (
                "Contacts",
                [[*headers, "Notes"], *[[*r, '=HYPERLINK("x")'] for r in formula_rows]],
                "visible",
            )
        ]
    )
    out.append(Variant("xlsx_everything_at_once", "contacts", book, "reject", phrase="Notes"))

    # --- aggregated figures -----------------------------------------------------------------------
    values = _extract(described, "indicator_values")
    v_headers, v_rows = _table(values, 1)
    for number in ("150", "-20", "100.5"):
        edited = [list(v_rows[0])]
        edited[0][v_headers.index("Value")] = number
        out.append(
            Variant(
                f"percentage_{number}",
                "indicator_values",
                _csv([v_headers, *edited]).encode(),
                "reject",
                2,
                "Value",
                number,
            )
        )
    return out


def _name(extract: dict[str, Any], header: str) -> str:
    return next(c["name"] for c in extract["columns"] if c["header"] == header)


def _max_length(extract: dict[str, Any], header: str) -> int | None:
    column = next(c for c in extract["columns"] if c["header"] == header)
    return column.get("max_length")


def _writer_book(headers: list[str], rows: list[list[str]], extra: Callable[[Any], None]) -> bytes:
    """A workbook written by xlsxwriter (as Excel writes formulas), with ``extra`` cells."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("Contacts")
    sheet.write_row(0, 0, headers)
    for r, values in enumerate(rows, start=1):
        sheet.write_row(r, 0, values)
    extra(sheet)
    workbook.close()
    return buffer.getvalue()


def _error_cell_book(headers: list[str], rows: list[list[str]]) -> bytes:
    book = _writer_book(headers, rows, lambda s: s.write_formula(2, 1, "=NA()", None, "#N/A"))
    # Keep the cached error value, drop the formula: what Excel writes after Paste Special > Values.
    return _patch_zip(
        book,
        lambda name, body: (
            body.replace(b'<c r="B3" t="e"><f>NA()</f>', b'<c r="B3" t="e">')
            if name.endswith("sheet1.xml")
            else body
        ),
    )


def _array_formula_book(headers: list[str], rows: list[list[str]]) -> bytes:
    team = headers.index("Team")
    return _writer_book(
        headers,
        rows,
        lambda s: s.write_array_formula(1, team, 1, team, "{=UPPER(A2)}", None, "C1"),
    )


def _dimension_bomb(headers: list[str], rows: list[list[str]]) -> bytes:
    book = _xlsx([("Contacts", [headers, *rows], "visible")])

    def edit(name: str, body: bytes) -> bytes:
        if not name.endswith("sheet1.xml"):
            return body
        body = re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:XFD1048576"/>', body)
        last = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        return body.replace(b"</sheetData>", last + b"</sheetData>")

    return _patch_zip(book, edit)


def _encrypted() -> bytes:
    """The start of an OLE compound file holding an encrypted OOXML package (as Excel saves a
    password-protected workbook): the directory names EncryptionInfo and EncryptedPackage."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    names = b"".join(
        n.encode("utf-16-le").ljust(128, b"\x00")
        for n in ("Root Entry", "EncryptionInfo", "EncryptedPackage")
    )
    return header + names + bytes(2048)


def _ods() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# --- running one variant --------------------------------------------------------------------------


@dataclass
class Outcome:
    variant: Variant
    ok: bool
    why: str


def _baseline(folder: Path) -> Path:
    """A store holding one good contacts import (made through the CLI)."""
    described = schemas(folder)
    headers, rows = _table(_extract(described, "contacts"), 1)
    rows[0][0] = "BASE1"
    good = folder / "baseline.csv"
    good.write_text(_csv([headers, *rows]), encoding="utf-8")
    store = folder / "baseline.duckdb"
    code, text = _cli(["import", str(good), "--db", str(store)])
    assert code == 0, text
    return store


def _cli(args: list[str]) -> tuple[int, str]:
    from pipelines.cli import main

    out, err = io.StringIO(), io.StringIO()
    try:
        code = main(args, out=out, err=err)
    except BaseException:  # a traceback would reach the analyst
        return -1, out.getvalue() + err.getvalue() + traceback.format_exc()
    return code, out.getvalue() + err.getvalue()


def run_variant(variant: Variant, baseline: Path, folder: Path) -> Outcome:
    store = folder / f"{variant.name}.duckdb"
    shutil.copyfile(baseline, store)
    before = store.read_bytes()
    path = folder / f"{variant.name}{variant.suffix}"
    path.write_bytes(variant.content)
    code, text = _cli(
        ["import", str(path), "--type", variant.extract, "--db", str(store), *variant.extra_args]
    )
    if code == -1 or "Traceback" in text:
        return Outcome(variant, False, f"traceback: {text[-600:]}")
    if variant.expect == "reject":
        problems = []
        if code != 1:
            problems.append(f"exit code {code}")
        if store.read_bytes() != before:
            problems.append("the store changed")
        if variant.row is not None and f"Row {variant.row}" not in text:
            problems.append(f"no 'Row {variant.row}'")
        if variant.column is not None and f"column '{variant.column}'" not in text:
            problems.append(f"no column '{variant.column}'")
        if variant.value is not None and f"value '{variant.value[:40]}" not in text:
            problems.append(f"no value '{variant.value[:40]}'")
        if variant.phrase is not None and variant.phrase.lower() not in text.lower():
            problems.append(f"no phrase '{variant.phrase}'")
        if len(text) > 20_000:
            problems.append(f"message of {len(text):,} characters")
        return Outcome(variant, not problems, "; ".join(problems) + f" | {text[:400]!r}")
    if code != 0:
        return Outcome(variant, False, f"exit code {code}: {text[:600]!r}")
    from pipelines.store import read_connection

    con = read_connection(store)
    try:
        for column, expected in variant.values.items():
            got = [
                r[0]
                for r in con.execute(
                    f"SELECT {column} FROM {variant.extract} WHERE _import_id > 1"
                ).fetchall()
            ]
            if sorted(got, key=str) != sorted(expected, key=str):
                return Outcome(variant, False, f"{column}: stored {got!r}, expected {expected!r}")
        meta = con.execute("SELECT max(data_as_at) FROM series_meta").fetchone()
        if meta and meta[0] is not None and meta[0] > TODAY:
            return Outcome(variant, False, f"data as at {meta[0]} is after today")
    finally:
        con.close()
    return Outcome(variant, True, "loaded")


def run_corpus(root: Path) -> list[Outcome]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        baseline = _baseline(folder)
        return [run_variant(v, baseline, folder) for v in variants(schemas(root))]


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    with open(os.devnull, "w") as devnull, contextlib.redirect_stderr(devnull):
        yield


def main() -> int:
    root = Path.cwd()
    sys.path.insert(0, str(root))
    outcomes = run_corpus(root)
    for kind in ("reject", "load"):
        some = [o for o in outcomes if o.variant.expect == kind]
        good = sum(o.ok for o in some)
        print(f"{kind}: {good}/{len(some)} as they should")
    for o in outcomes:
        if not o.ok:
            print(f"FAIL {o.variant.name} ({o.variant.expect}): {o.why}")
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
