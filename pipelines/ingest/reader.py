"""Reading files exactly as analysts produce them, into a table of text cells.

Accepted: CSV in UTF-8 (with or without a byte-order mark) or Windows-1252, comma-separated, and
Excel ``.xlsx`` workbooks with one sheet of data. Every cell is kept as text here; turning text into
dates and numbers is :mod:`pipelines.ingest.parse`'s job. Anything we cannot read with certainty is a
rejection with a message that says what to do, never a guess.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.ingest.problems import WARNING, Problem, reject

ROW = "_row"  # the row number as the analyst sees it in Excel (the header is row 1)
CHUNK = 1 << 20
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


@dataclass
class RawTable:
    """A file's cells as text, with the headers exactly as written and Excel row numbers."""

    file_name: str
    file_format: str  # "csv" or "xlsx"
    encoding: str
    sha256: str
    size_bytes: int
    headers: list[str]
    frame: pl.DataFrame  # one String column per header (in order) plus ROW
    notes: list[Problem]


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and size, read in chunks so a large file is never held in memory for this."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def read_table(path: Path, file_name: str | None = None) -> RawTable:
    """Read a CSV or xlsx file into text cells; raise RejectedFile when it cannot be read safely."""
    name = file_name or path.name
    sha, size = file_digest(path)
    if size == 0:
        raise reject(
            "empty_file",
            "the file is empty (0 bytes)",
            "export the list again from the case system and check it has a header row and data",
        )
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    if head.startswith(XLSX_MAGIC):
        headers, frame, notes = _read_xlsx(path)
        return RawTable(name, "xlsx", "xlsx", sha, size, headers, frame, notes)
    if head.startswith(OLE_MAGIC):
        raise reject(
            "old_excel_format",
            "this is an old-style Excel 97-2003 (.xls) workbook, which we do not read",
            "open it in Excel and save it as 'Excel Workbook (.xlsx)' or 'CSV UTF-8'",
        )
    if b"\x00" in head:
        raise reject(
            "not_text",
            "the file is not a CSV text file or an Excel workbook (it contains binary data, or is "
            "saved as UTF-16 'Unicode text')",
            "save it from Excel as 'CSV UTF-8 (Comma delimited)' or as an .xlsx workbook",
        )
    if b"\r" in head and b"\n" not in head:
        raise reject(
            "old_mac_line_endings",
            "the lines end with a carriage return only (the old 'CSV (Macintosh)' format), so the "
            "rows cannot be told apart",
            "save it from Excel as 'CSV UTF-8 (Comma delimited)'",
        )
    encoding, source = _decode_csv(path)
    headers, frame, notes = _read_csv(source)
    return RawTable(name, "csv", encoding, sha, size, headers, frame, notes)


def _decode_csv(path: Path) -> tuple[str, Path | io.BytesIO]:
    """UTF-8 is read in place; Windows-1252 is re-encoded to UTF-8 once, in memory."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return "utf-8", path
    except UnicodeDecodeError:
        pass
    data = path.read_bytes()
    undefined = next((b for b in data if b in CP1252_UNDEFINED), None)
    if undefined is not None:
        raise reject(
            "unknown_encoding",
            "the file is neither UTF-8 nor Windows-1252 text, so some characters would be misread",
            "save it from Excel as 'CSV UTF-8 (Comma delimited)'",
        )
    return "windows-1252", io.BytesIO(data.decode("cp1252").encode("utf-8"))


def _first_record(source: Path | io.BytesIO) -> list[str]:
    if isinstance(source, Path):
        with source.open("rb") as handle:
            head = handle.read(CHUNK)
    else:
        head = source.getvalue()[:CHUNK]
    text = head.decode("utf-8", errors="ignore").removeprefix("\ufeff")
    return next(csv.reader(io.StringIO(text)), [])


def _check_headers(headers: list[str]) -> None:
    stripped = [h.strip() for h in headers]
    if not any(stripped):
        raise reject(
            "no_header",
            "row 1 is blank; the first row must hold the column headers",
            "delete any blank or title rows above the headers",
            row=1,
        )
    if len(headers) == 1:
        for delimiter, name in OTHER_DELIMITERS.items():
            if delimiter in headers[0]:
                raise reject(
                    "wrong_delimiter",
                    f"the columns are separated by {name}, not commas",
                    "save the file from Excel as 'CSV UTF-8 (Comma delimited)'",
                    row=1,
                    value=headers[0][:80],
                )
    for position, header in enumerate(stripped, start=1):
        if not header:
            raise reject(
                "blank_header",
                f"column {position} has data but no header",
                "give the column a header, or delete it if it is not needed",
                row=1,
            )


def _read_csv(source: Path | io.BytesIO) -> tuple[list[str], pl.DataFrame, list[Problem]]:
    headers = _first_record(source)
    width = len(headers)  # Excel writes unused columns of its used range as trailing ",,"
    while headers and headers[-1].strip() == "":
        headers.pop()
    _check_headers(headers)
    if isinstance(source, io.BytesIO):
        source.seek(0)
    try:
        frame = pl.read_csv(
            source,
            infer_schema=False,
            has_header=True,
            new_columns=[f"c{i}" for i in range(width)],
            raise_if_empty=False,
            truncate_ragged_lines=False,
        )
    except pl.exceptions.ComputeError as error:
        if isinstance(source, io.BytesIO):
            source.seek(0)
        row = _first_ragged_row(source, width)
        raise reject(
            "too_many_cells",
            f"this row has more cells than there are headers ({width})",
            "check for a stray comma or an unquoted comma inside a value, or a missing header",
            row=row,
        ) from error
    if isinstance(source, io.BytesIO):
        source.seek(0)
    # A short row leaves its last cell empty, so a file whose last column is filled in on every
    # row has none, and the second pass over the file is not needed.
    last_column_full = frame.height == 0 or frame.get_column(f"c{width - 1}").null_count() == 0
    short = None if last_column_full else _short_rows(source, width, frame.height)
    if short:
        raise reject(
            "too_few_cells",
            f"this row has fewer cells than there are headers ({width})",
            "check the row is complete; a row may have been split or cut short",
            row=short,
        )
    for i in range(len(headers), width):  # a trailing column without a header must be empty
        filled = frame.with_row_index(ROW, offset=2).filter(
            pl.col(f"c{i}").str.strip_chars().fill_null("") != ""
        )
        if filled.height:
            raise reject(
                "blank_header",
                f"column {i + 1} has data but no header",
                "give the column a header, or delete it if it is not needed",
                row=int(filled[ROW][0]),
                value=filled[f"c{i}"][0][:80],
            )
    tidy, notes = _tidy(frame.select([f"c{i}" for i in range(len(headers))]), headers)
    return headers, tidy, notes


def _first_ragged_row(source: Path | io.BytesIO, width: int) -> int | None:
    text = (source.read_bytes() if isinstance(source, Path) else source.getvalue()).decode(
        "utf-8", errors="replace"
    )
    for number, record in enumerate(csv.reader(io.StringIO(text.removeprefix("\ufeff"))), 1):
        if len(record) > width:
            return number
    return None


def _short_rows(source: Path | io.BytesIO, width: int, records: int) -> int | None:
    """Find a record with fewer delimiters than headers, the one raggedness Polars pads silently.

    Lines are counted with the quote character disabled; when every line is a whole record (no
    line breaks inside quoted values) a line with fewer than ``width - 1`` commas is short. When
    records span lines the check is skipped: quoted line breaks make line and row numbers differ.
    """
    if width < 2:
        return None
    lines = pl.read_csv(
        source,
        has_header=False,
        separator="\x1f",
        quote_char=None,
        infer_schema=False,
        new_columns=["line"],
        raise_if_empty=False,
    )
    if lines.height != records + 1:
        return None
    commas = lines.with_row_index("i").filter(
        (pl.col("i") > 0)
        & pl.col("line").is_not_null()
        & (pl.col("line").str.strip_chars() != "")
        & (pl.col("line").str.count_matches(",", literal=True) < width - 1)
    )
    return int(commas["i"][0]) + 1 if commas.height else None


def _tidy(
    frame: pl.DataFrame, headers: list[str], rows: list[int] | None = None
) -> tuple[pl.DataFrame, list[Problem]]:
    """Strip spaces, turn empty cells into nulls, number rows as Excel does, drop blank rows."""
    cells = [
        pl.col(f"c{i}").cast(pl.String).str.strip_chars().replace("", None).alias(f"c{i}")
        for i in range(len(headers))
    ]
    numbered = frame.select(cells)
    if rows is None:
        numbered = numbered.with_row_index(ROW, offset=2)
    else:
        numbered = numbered.with_columns(pl.Series(ROW, rows))
    numbered = numbered.with_columns(pl.col(ROW).cast(pl.Int64))
    kept = numbered.filter(~pl.all_horizontal(pl.exclude(ROW).is_null()))
    return kept, blank_rows_note(numbered.height, kept.height)


def blank_rows_note(raw_height: int, kept_height: int) -> list[Problem]:
    skipped = raw_height - kept_height
    if skipped <= 0:
        return []
    return [
        Problem(
            "blank_rows_skipped",
            f"{skipped} completely blank row{'s were' if skipped != 1 else ' was'} skipped",
            "nothing to do, unless rows are missing from the export",
            severity=WARNING,
        )
    ]


def _xlsx_cell(value: object, row: int, column: str) -> str | None:
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
    if isinstance(value, str) and value.startswith("="):
        raise reject(
            "excel_formula",
            "this cell holds an Excel formula, not a value",
            "copy the column and use Paste Special > Values, then save again",
            row=row,
            column=column,
            value=value[:80],
        )
    return str(value)


def _read_xlsx(path: Path) -> tuple[list[str], pl.DataFrame, list[Problem]]:
    import openpyxl  # imported here: only needed for workbooks

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # a damaged zip or a non-Excel zip file
        raise reject(
            "unreadable_workbook",
            f"the workbook cannot be opened ({type(error).__name__})",
            "open it in Excel, check it is not damaged or password-protected, and save it again",
        ) from error
    try:
        sheets = []
        for sheet in workbook.worksheets:
            rows = [
                (number, values)
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
                if any(v is not None and str(v).strip() != "" for v in values)
            ]
            if rows:
                sheets.append((sheet.title, rows))
    finally:
        workbook.close()
    if not sheets:
        raise reject(
            "empty_workbook",
            "the workbook has no data in any sheet",
            "export the list again and check it was saved with its data",
        )
    if len(sheets) > 1:
        names = ", ".join(f"'{title}'" for title, _ in sheets)
        raise reject(
            "several_sheets",
            f"the workbook has data on more than one sheet ({names}), so we cannot tell which to use",
            "keep only the sheet with the extract, or save that sheet as CSV",
        )
    _, rows = sheets[0]
    first_number, first_values = rows[0]
    if first_number != 1:
        raise reject(
            "no_header",
            "row 1 is blank; the first row must hold the column headers",
            "delete any blank or title rows above the headers",
            row=1,
        )
    headers = ["" if v is None else str(v) for v in first_values]
    while headers and headers[-1].strip() == "":
        headers.pop()
    _check_headers(headers)
    width = len(headers)
    columns: list[list[str | None]] = [[] for _ in range(width)]
    numbers: list[int] = []
    for number, values in rows[1:]:
        extra = [v for v in values[width:] if v is not None and str(v).strip() != ""]
        if extra:
            raise reject(
                "too_many_cells",
                f"this row has values beyond the last headed column ({width} columns)",
                "give the extra column a header, or delete the stray values",
                row=number,
            )
        numbers.append(number)
        for i in range(width):
            value = values[i] if i < len(values) else None
            columns[i].append(_xlsx_cell(value, number, headers[i]))
    frame = pl.DataFrame({f"c{i}": pl.Series(columns[i], dtype=pl.String) for i in range(width)})
    tidy, notes = _tidy(frame, headers, numbers)
    # Blank rows were left out above; count those between the headers and the last data row.
    notes += blank_rows_note(numbers[-1] - 1 if numbers else 0, len(numbers))
    return headers, tidy, notes
