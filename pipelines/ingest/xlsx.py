"""Reading ``.xlsx`` workbooks into text cells, bounded by what each sheet really contains.

Why not openpyxl's ``iter_rows``: it pads every row out to the sheet's declared dimension, so a
1.7 KB file declaring ``A1:XFD1048576`` costs minutes of CPU (a "dimension bomb"). Here the sheet
XML is parsed row by row and only the cells present are kept; rows and columns are bounded by
``imports.max_rows`` and ``imports.max_columns``. Formulas (plain, array or data-table), hidden
sheets and Excel error values are reported, never stored as text.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.ingest.problems import Problem, reject
from pipelines.presentation.i18n import N_, _

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
SAVE_AS_XLSX = N_("open it in Excel and save it as 'Excel Workbook (.xlsx)' or 'CSV UTF-8'")


@dataclass(frozen=True)
class SheetRows:
    title: str
    state: str  # "visible", "hidden" or "veryHidden"
    rows: list[tuple[int, dict[int, Any]]]  # (Excel row number, {column number: value})


def check_zip(path: Path) -> None:
    """Refuse, with what it is, a zip file that is not an .xlsx workbook."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError) as error:
        raise reject(
            "unreadable_workbook",
            _(
                "the workbook cannot be opened ({error}): it may be damaged",
                error=type(error).__name__,
            ),
            _(SAVE_AS_XLSX),
        ) from error
    if mimetype.startswith(ODS_MIMETYPE):
        raise reject(
            "ods_workbook",
            _(
                "this is an OpenDocument spreadsheet (.ods, from LibreOffice or OpenOffice), which "
                "we do not read"
            ),
            _(
                "save it as 'Excel 2007-365 (.xlsx)' or as 'Text CSV' with UTF-8 and commas; for "
                "a table from Explore Education Statistics, download its CSV instead, which is "
                "read as published"
            ),
        )
    if "xl/workbook.bin" in names:
        raise reject(
            "xlsb_workbook",
            _("this is an Excel binary workbook (.xlsb), which we do not read"),
            _(SAVE_AS_XLSX),
        )
    if "xl/workbook.xml" not in names:
        raise reject(
            "not_a_workbook",
            _(
                "this is a zip file but not an Excel workbook (it may be a Word document or an "
                "archive of several files)"
            ),
            _("choose the .xlsx or .csv extract itself"),
        )


def read_sheets(path: Path, max_rows: int, max_columns: int) -> list[SheetRows]:
    """Every sheet's non-empty rows, as present in the file."""
    import openpyxl  # imported here: only needed for workbooks

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # a damaged zip, or a workbook openpyxl cannot read
        raise reject(
            "unreadable_workbook",
            _(
                "the workbook cannot be opened ({error}): it may be damaged",
                error=type(error).__name__,
            ),
            _(SAVE_AS_XLSX),
        ) from error
    try:
        return [
            SheetRows(
                sheet.title,
                getattr(sheet, "sheet_state", "visible"),
                list(_rows(sheet, max_rows, max_columns)),
            )
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()


def _rows(sheet: Any, max_rows: int, max_columns: int) -> Iterator[tuple[int, dict[int, Any]]]:
    from openpyxl.worksheet._reader import WorkSheetParser

    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=False,
            epoch=sheet.parent.epoch,
            date_formats=sheet.parent._date_formats,
            timedelta_formats=sheet.parent._timedelta_formats,
        )
        for number, cells in parser.parse():
            values = {
                cell["column"]: cell["value"]
                for cell in cells
                if cell["value"] is not None and str(cell["value"]).strip() != ""
            }
            if not values:
                continue
            if number > max_rows:
                raise reject(
                    "too_many_rows",
                    _(
                        "sheet '{sheet}' has data in row {row}, beyond the {limit} rows we "
                        "accept (imports.max_rows in config.toml)",
                        sheet=sheet.title,
                        row=f"{number:,}",
                        limit=f"{max_rows:,}",
                    ),
                    _("split the extract by date, or delete stray values far below the data"),
                    row=number,
                )
            wide = max(values)
            if wide > max_columns:
                raise reject(
                    "too_many_columns",
                    _(
                        "this row has a value in column {letter}, beyond the {limit} columns we "
                        "accept (imports.max_columns in config.toml)",
                        letter=column_letter(wide),
                        limit=max_columns,
                    ),
                    _("delete the stray values to the right of the data"),
                    row=number,
                    column=column_letter(wide),
                )
            yield number, values


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def data_sheet(sheets: list[SheetRows]) -> SheetRows:
    """The one sheet holding data; refused when there is none, several, or it is hidden."""
    with_data = [s for s in sheets if s.rows]
    if not with_data:
        raise reject(
            "empty_workbook",
            _("the workbook has no data in any sheet"),
            _("export the list again and check it was saved with its data"),
        )
    hidden = [s for s in with_data if s.state != "visible"]
    if len(with_data) == 1 and hidden:
        raise reject(
            "hidden_sheet",
            _(
                "the only data in the workbook is on the hidden sheet '{sheet}'",
                sheet=hidden[0].title,
            ),
            _(
                "unhide the sheet (right-click a sheet tab > Unhide) and check it is the extract; "
                "then delete the other sheets, or save that sheet as CSV"
            ),
        )
    if len(with_data) > 1:
        names = ", ".join(
            _("'{sheet}' (hidden)", sheet=s.title) if s.state != "visible" else f"'{s.title}'"
            for s in with_data
        )
        if hidden:
            reason = _(
                "the workbook has data on more than one sheet ({names}), so we cannot tell which "
                "to use — hidden sheets too: a lookup or notes sheet may be hidden",
                names=names,
            )
        else:
            reason = _(
                "the workbook has data on more than one sheet ({names}), so we cannot tell which "
                "to use",
                names=names,
            )
        raise reject(
            "several_sheets",
            reason,
            _(
                "keep only the sheet with the extract (unhide sheets to see them: right-click a "
                "tab > Unhide), or save that sheet as CSV"
            ),
        )
    return with_data[0]


def cell_text(value: object, row: int, column: str, problems: list[Problem]) -> str | None:
    """A cell as the analyst sees it in Excel (UK dates); a formula is recorded as a problem."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    # Date cells are written as Excel shows them in the UK, so messages quote what the analyst
    # sees and a column mixing date cells with dates typed as dd/mm/yyyy text reads as one style.
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y" if value.time() == dt.time() else "%d/%m/%Y %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        if value.startswith("="):
            problems.append(_formula(row, column, value))
        return value
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    # Array (CSE, dynamic) and data-table formulas arrive as objects carrying the formula text.
    text = str(getattr(value, "text", "") or f"a {type(value).__name__}")
    problems.append(_formula(row, column, text))
    return text


def _formula(row: int, column: str, text: str) -> Problem:
    return Problem(
        "excel_formula",
        _("this cell holds an Excel formula, not a value"),
        _("copy the column and use Paste Special > Values, then save again"),
        row=row,
        column=column,
        value=text[:80],
    )
