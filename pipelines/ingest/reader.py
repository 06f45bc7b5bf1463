"""Reading files exactly as analysts produce them, into a table of text cells.

Accepted: CSV in UTF-8 (with or without a byte-order mark) or Windows-1252, comma-separated (with
or without Excel's ``sep=,`` first line), and Excel ``.xlsx`` workbooks with one visible sheet of
data. Every cell is kept as text here; turning text into dates and numbers is
:mod:`pipelines.ingest.parse`'s job. Anything we cannot read with certainty is a rejection with a
message that says what to do, never a guess. Byte-level checks are in
:mod:`pipelines.ingest.csv_bytes`, workbooks in :mod:`pipelines.ingest.xlsx`.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.config import Settings, load_settings
from pipelines.ingest import csv_bytes, xlsx
from pipelines.ingest.headers import header_row_guess
from pipelines.ingest.problems import WARNING, Problem, RejectedFile, reject
from pipelines.ingest.text import tidy_columns
from pipelines.presentation.i18n import N_, _, ngettext

ROW = "_row"  # the row number as the analyst sees it in Excel (the header is row 1)
CHUNK = 1 << 20
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
# A whole sentence for each separator, so the Welsh can mutate the word after "gan".
OTHER_DELIMITERS = {
    ";": N_("the columns are separated by semicolons, not commas"),
    "\t": N_("the columns are separated by tabs, not commas"),
    "|": N_("the columns are separated by vertical bars, not commas"),
}
HEADER_SEARCH_ROWS = 10  # a title above the headers is looked for this far down
MAX_STRUCTURE_PROBLEMS = 1000


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
    notes: list[Problem]  # warnings, and errors found while reading (e.g. formula cells)


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and size, read in chunks so a large file is never held in memory for this."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def read_table(
    path: Path, file_name: str | None = None, settings: Settings | None = None
) -> RawTable:
    """Read a CSV or xlsx file into text cells; raise RejectedFile when it cannot be read safely."""
    settings = settings or load_settings()
    name = file_name or path.name
    sha, size = file_digest(path)
    if size == 0:
        raise reject(
            "empty_file",
            _("the file is empty (0 bytes)"),
            _("export the list again from the case system and check it has a header row and data"),
        )
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    if head.startswith(XLSX_MAGIC):
        xlsx.check_zip(path)
        headers, frame, notes = _read_xlsx(path, settings)
        return RawTable(name, "xlsx", "xlsx", sha, size, headers, frame, notes)
    if head.startswith(OLE_MAGIC):
        if _encrypted(path):
            raise reject(
                "encrypted_workbook",
                _("this workbook is encrypted (password-protected), so it cannot be read"),
                _(
                    "open it in Excel with its password, remove the password (File > Info > "
                    "Protect Workbook > Encrypt with Password: clear it) and save it as .xlsx"
                ),
            )
        raise reject(
            "old_excel_format",
            _("this is an old-style Excel 97-2003 (.xls) workbook, which we do not read"),
            _("open it in Excel and save it as 'Excel Workbook (.xlsx)' or 'CSV UTF-8'"),
        )
    if b"\x00" in head:
        raise reject(
            "not_text",
            _(
                "the file is not a CSV text file or an Excel workbook (it contains binary data, or "
                "is saved as UTF-16 'Unicode text')"
            ),
            _("save it from Excel as 'CSV UTF-8 (Comma delimited)' or as an .xlsx workbook"),
        )
    decoded = csv_bytes.check_bytes(csv_bytes.decode(path))
    headers, frame, notes = _read_csv(decoded.source, settings)
    return RawTable(name, "csv", decoded.encoding, sha, size, headers, frame, notes)


def _encrypted(path: Path) -> bool:
    """Excel saves a password-protected workbook as an OLE file with an EncryptionInfo stream."""
    with path.open("rb") as handle:
        head = handle.read(CHUNK)
    return ENCRYPTION_INFO in head or "EncryptedPackage".encode("utf-16-le") in head


def _head(source: Path | io.BytesIO) -> bytes:
    if isinstance(source, Path):
        with source.open("rb") as handle:
            return handle.read(CHUNK)
    return source.getvalue()[:CHUNK]


def _first_records(source: Path | io.BytesIO, count: int) -> list[list[str]]:
    text = _head(source).decode("utf-8", errors="ignore").removeprefix("\ufeff")
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline="")):
            records.append(record)
            if len(records) >= count:
                break
    except csv.Error:
        pass
    return records


def _check_title_rows(records: list[list[str]], settings: Settings) -> None:
    """A title or notes above the headers: say which row the headers seem to be on."""
    if not records or not any(cell.strip() for cell in records[0]):
        return  # a blank row 1 has its own message
    found = header_row_guess(records, settings.header_aliases)
    if found is not None:
        raise reject(
            "title_rows",
            _(
                "row 1 does not hold the column headers; the header row seems to be row {row}",
                row=found,
            ),
            _(
                "delete row 1 (titles or notes above the headers) so the headers are in row 1, "
                "then save again"
            )
            if found == 2
            else _(
                "delete rows 1 to {last} (titles or notes above the headers) so the headers are "
                "in row 1, then save again",
                last=found - 1,
            ),
            row=1,
        )


def _check_headers(headers: list[str]) -> None:
    stripped = [h.strip() for h in headers]
    if not any(stripped):
        raise reject(
            "no_header",
            _("row 1 is blank; the first row must hold the column headers"),
            _("delete any blank or title rows above the headers"),
            row=1,
        )
    if len(headers) == 1:
        for delimiter, sentence in OTHER_DELIMITERS.items():
            if delimiter in headers[0]:
                raise reject(
                    "wrong_delimiter",
                    _(sentence),
                    _("save the file from Excel as 'CSV UTF-8 (Comma delimited)'"),
                    row=1,
                    value=headers[0][:80],
                )
    for position, header in enumerate(stripped, start=1):
        if not header:
            raise reject(
                "blank_header",
                _("column {position} has data but no header", position=position),
                _("give the column a header, or delete it if it is not needed"),
                row=1,
            )


def _read_csv(
    source: Path | io.BytesIO, settings: Settings
) -> tuple[list[str], pl.DataFrame, list[Problem]]:
    records = _first_records(source, HEADER_SEARCH_ROWS)
    headers = list(records[0]) if records else []
    width = len(headers)  # Excel writes unused columns of its used range as trailing ",,"
    while headers and headers[-1].strip() == "":
        headers.pop()
    _check_title_rows(records, settings)
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
    except pl.exceptions.PolarsError as error:
        raise _structure_problem(source, width) from error
    if frame.height + 1 > settings.max_rows:
        raise reject(
            "too_many_rows",
            _(
                "the file has {rows} rows, more than the {limit} we accept (imports.max_rows in "
                "config.toml)",
                rows=f"{frame.height + 1:,}",
                limit=f"{settings.max_rows:,}",
            ),
            _("split the extract by date and import the parts one after another"),
        )
    if isinstance(source, io.BytesIO):
        source.seek(0)
    # A short row leaves its last cell empty, so a file whose last column is filled in on every
    # row has none, and the second pass over the file is not needed.
    last_column_full = frame.height == 0 or frame.get_column(f"c{width - 1}").null_count() == 0
    short = None if last_column_full else _short_rows(source, width, frame.height)
    if short:
        raise reject(
            "too_few_cells",
            _("this row has fewer cells than there are headers ({width})", width=width),
            _("check the row is complete; a row may have been split or cut short"),
            row=short,
        )
    notes: list[Problem] = []
    for i in range(len(headers), width):  # a trailing column without a header must be empty
        filled = frame.with_row_index(ROW, offset=2).filter(
            pl.col(f"c{i}").str.strip_chars().fill_null("") != ""
        )
        notes += [
            Problem(
                "blank_header",
                _("column {position} has data but no header", position=i + 1),
                _("give the column a header, or delete it if it is not needed"),
                row=int(row),
                value=str(value)[:80],
            )
            for row, value in filled.select(ROW, f"c{i}").head(MAX_STRUCTURE_PROBLEMS).iter_rows()
        ]
    tidy, blank = _tidy(frame.select([f"c{i}" for i in range(len(headers))]), headers)
    return headers, tidy, notes + blank


def _structure_problem(source: Path | io.BytesIO, width: int) -> RejectedFile:
    """Where a file the fast parser refused goes wrong: a row with too many cells, or a quote
    mark that is never closed (found by a strict parse that counts records as Excel rows)."""
    if isinstance(source, io.BytesIO):
        source.seek(0)
    data = source.read_bytes() if isinstance(source, Path) else source.getvalue()
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    row = 0
    try:
        for record in reader:
            row += 1
            if len(record) > width:
                return reject(
                    "too_many_cells",
                    _("this row has more cells than there are headers ({width})", width=width),
                    _(
                        "check for a stray comma or an unquoted comma inside a value, or a "
                        "missing header"
                    ),
                    row=row,
                )
    except csv.Error:
        return reject(
            "unbalanced_quote",
            _(
                'this row has a quote mark (") that is not closed, or one in the middle of a '
                "value, so where the row ends cannot be told"
            ),
            _(
                'check the quote marks in this row: a value with a comma or a " must be wholly '
                'inside quotes, with any " inside it doubled ("")'
            ),
            row=row + 1,
        )
    return reject(
        "unreadable_csv",
        _("the file cannot be read as comma-separated values"),
        _("save it from Excel as 'CSV UTF-8 (Comma delimited)' and try again"),
    )


def _short_rows(source: Path | io.BytesIO, width: int, records: int) -> int | None:
    """Find a record with fewer delimiters than headers, the one raggedness Polars pads silently.

    Lines are counted with the quote character disabled; when every line is a whole record (no
    line breaks inside quoted values) a line with fewer than ``width - 1`` commas is short. When
    records span lines the check is skipped: quoted line breaks make line and row numbers differ.
    (The unit-separator byte used as the "separator" here cannot occur: control characters are
    refused before parsing.)
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
    """Normalise spaces, turn empty cells into nulls, number rows as Excel does, drop blank rows."""
    numbered = frame.select(tidy_columns(frame, [f"c{i}" for i in range(len(headers))]))
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
            ngettext(
                "{count} completely blank row was skipped",
                "{count} completely blank rows were skipped",
                skipped,
                count=skipped,
            ),
            _("nothing to do, unless rows are missing from the export"),
            severity=WARNING,
        )
    ]


def _read_xlsx(path: Path, settings: Settings) -> tuple[list[str], pl.DataFrame, list[Problem]]:
    sheet = xlsx.data_sheet(xlsx.read_sheets(path, settings.max_rows, settings.max_columns))
    rows = sheet.rows
    problems: list[Problem] = []
    first_number, first_values = rows[0]
    if first_number != 1:
        raise reject(
            "no_header",
            _("row 1 is blank; the first row must hold the column headers"),
            _("delete any blank or title rows above the headers"),
            row=1,
        )
    search = [
        [str(values.get(c, "") or "") for c in range(1, max(values) + 1)]
        for _number, values in rows[:HEADER_SEARCH_ROWS]
    ]
    _check_title_rows(search, settings)
    headers = [
        xlsx.cell_text(first_values.get(c), 1, xlsx.column_letter(c), problems) or ""
        for c in range(1, max(first_values) + 1)
    ]
    while headers and headers[-1].strip() == "":
        headers.pop()
    _check_headers(headers)
    width = len(headers)
    columns: list[list[str | None]] = [[] for _column in range(width)]
    numbers: list[int] = []
    for number, values in rows[1:]:
        if max(values) > width and len(problems) < MAX_STRUCTURE_PROBLEMS:
            problems.append(
                Problem(
                    "too_many_cells",
                    _(
                        "this row has values beyond the last headed column ({width} columns)",
                        width=width,
                    ),
                    _("give the extra column a header, or delete the stray values"),
                    row=number,
                )
            )
        numbers.append(number)
        for i in range(width):
            columns[i].append(xlsx.cell_text(values.get(i + 1), number, headers[i], problems))
    frame = pl.DataFrame({f"c{i}": pl.Series(columns[i], dtype=pl.String) for i in range(width)})
    tidy, notes = _tidy(frame, headers, numbers)
    # Blank rows were left out above; count those between the headers and the last data row.
    notes += blank_rows_note(numbers[-1] - 1 if numbers else 0, len(numbers))
    return headers, tidy, problems + notes
