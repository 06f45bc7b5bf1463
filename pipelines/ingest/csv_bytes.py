"""Checks on a CSV file's bytes before any parser sees them: encoding, control characters, line
endings and Excel's ``sep=`` line.

Why before parsing: a parser either trips over these (a traceback, or "more fields than defined"
with no row) or, worse, accepts them (a Windows-1252 row in a UTF-8 file read wholesale as
Windows-1252 turns every "î" of the other rows into "Ã®" and so a new team in every breakdown).
Every problem here names the row as Excel shows it, found by counting CSV records (so a quoted
line break inside a cell does not shift the numbering).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.ingest.problems import Problem, RejectedFile, reject
from pipelines.presentation.i18n import N_, _

CHUNK = 1 << 20
CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# A complete, valid multi-byte UTF-8 sequence (the BOM aside): evidence a file was written as UTF-8.
UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# C0 controls other than tab, line feed and carriage return, and DEL; C1 controls (as UTF-8). Two
# patterns, each fast to search (a class; a literal first byte), rather than one alternation.
C0_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
C1_CONTROL = re.compile(rb"\xc2[\x80-\x9f]")
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")
BARE_CR = re.compile(rb"\r(?!\n)")
SEP_LINE = re.compile(rb"^(?:\xef\xbb\xbf)?sep=(.?)\r?\n", re.IGNORECASE)
MAX_REPORTED = 1000
SAVE_AS_UTF8 = N_("save it from Excel as 'CSV UTF-8 (Comma delimited)'")
# A whole sentence for each separator, so the Welsh can mutate the word after "gan".
SEP_LINE_WORDS = {
    ";": N_(
        "the first line says the columns are separated by semicolons (sep={separator}), not commas"
    ),
    "\t": N_("the first line says the columns are separated by tabs (sep={separator}), not commas"),
    "|": N_(
        "the first line says the columns are separated by vertical bars (sep={separator}), not "
        "commas"
    ),
}


@dataclass(frozen=True)
class CsvBytes:
    """A CSV file's bytes as UTF-8 (in place, or re-encoded in memory) and what was found."""

    encoding: str
    source: Path | io.BytesIO
    skip_lines: int  # 1 when the file starts with Excel's "sep=," line (Excel hides it)


def _read_all(source: Path | io.BytesIO) -> bytes:
    return source.read_bytes() if isinstance(source, Path) else source.getvalue()


def row_at(data: bytes, offset: int, skip_lines: int = 0) -> int:
    """The Excel row holding byte ``offset``: CSV records are counted, so a quoted line break
    inside a cell stays in its row."""
    end = data.find(b"\n", offset)
    text = data[: len(data) if end < 0 else end + 1].decode("utf-8", errors="replace")
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    records = 0
    try:
        for _record in reader:
            records += 1
    except csv.Error:
        records += 1
    return max(records - skip_lines, 1)


def record_at(data: bytes, offset: int) -> list[str]:
    """The cells of the record that holds byte ``offset`` (as well as a forgiving parse can)."""
    start = data.rfind(b"\n", 0, offset) + 1
    end = data.find(b"\n", offset)
    line = data[start : len(data) if end < 0 else end].decode("utf-8", errors="replace")
    try:
        return next(csv.reader([line]), [])
    except csv.Error:
        return [line]


def _first_invalid_utf8(path: Path) -> int | None:
    """Offset of the first byte that is not valid UTF-8, streaming (None: the file is UTF-8)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    consumed = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                pending = len(decoder.getstate()[0])
                return max(consumed - pending, 0) + error.start
            consumed += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return consumed - len(decoder.getstate()[0])
    return None


def decode(path: Path) -> CsvBytes:
    """UTF-8 is read in place; Windows-1252 is re-encoded to UTF-8 once, in memory.

    A file with both valid UTF-8 sequences and bytes that are not UTF-8 mixes encodings (often a
    row pasted in from another export): refused, naming the first row in the other encoding.
    """
    bad = _first_invalid_utf8(path)
    if bad is None:
        encoding, source = "utf-8", path
    else:
        data = path.read_bytes()
        body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
        shift = len(data) - len(body)
        utf8 = UTF8_SEQUENCE.search(body)
        if utf8 is not None:
            second = max(bad, utf8.start() + shift)
            other = "Windows-1252 (ANSI)" if second == bad else "UTF-8"
            first = "UTF-8" if second == bad else "Windows-1252 (ANSI)"
            raise reject(
                "mixed_encoding",
                _(
                    "this row is written in {other} but rows above it are {first}: the file "
                    "mixes two encodings, so some letters (such as î or ŵ) would be misread",
                    other=other,
                    first=first,
                ),
                _(
                    "save it from Excel as 'CSV UTF-8 (Comma delimited)'; if rows were pasted in "
                    "from another file, re-type or re-export them"
                ),
                row=row_at(data, second),
            )
        undefined = CP1252_UNDEFINED.search(data)
        if undefined is not None:
            raise reject(
                "unknown_encoding",
                _(
                    "the file is neither UTF-8 nor Windows-1252 text, so some characters would be "
                    "misread"
                ),
                _(SAVE_AS_UTF8),
                row=row_at(data, undefined.start()),
            )
        encoding, source = "windows-1252", io.BytesIO(data.decode("cp1252").encode("utf-8"))
    return CsvBytes(encoding, source, 0)


def _search(source: Path | io.BytesIO, pattern: re.Pattern[bytes]) -> int | None:
    """Offset of the first match of ``pattern`` (at most two bytes long), read in chunks."""
    if isinstance(source, io.BytesIO):
        match = pattern.search(source.getvalue())
        return None if match is None else match.start()
    offset, tail = 0, b""
    with source.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            window = tail + chunk
            match = pattern.search(window)
            # A match on the window's last byte may depend on the next chunk (e.g. \r then \n).
            if match is not None and (match.end() < len(window) or len(chunk) < CHUNK):
                return offset - len(tail) + match.start()
            offset += len(chunk)
            tail = chunk[-1:]
    return None


def check_bytes(decoded: CsvBytes) -> CsvBytes:
    """Control characters and line endings, over the whole file (not only its head); returns the
    file with Excel's ``sep=,`` line noted (another separator there is refused)."""
    source = decoded.source
    if isinstance(source, Path):
        with source.open("rb") as handle:
            head = handle.read(4096)
    else:
        head = source.getvalue()[:4096]
    skip = 0
    sep = SEP_LINE.match(head)
    if sep is not None:
        separator = sep.group(1).decode("utf-8", errors="replace")
        if separator != ",":
            sentence = SEP_LINE_WORDS.get(separator)
            raise reject(
                "wrong_delimiter",
                _(sentence, separator=separator)
                if sentence
                else _(
                    "the first line says the columns are separated by '{separator}' "
                    "(sep={separator}), not commas",
                    separator=separator,
                ),
                _(
                    "save it from Excel as 'CSV UTF-8 (Comma delimited)', which separates "
                    "columns with commas"
                ),
                row=1,
            )
        skip = 1
    if _search(source, C0_CONTROL) is not None or _search(source, C1_CONTROL) is not None:
        raise RejectedFile(_control_problems(_read_all(source), skip))
    cr = _search(source, BARE_CR)
    if cr is not None:
        data = _read_all(source)
        if b"\n" not in data:
            raise reject(
                "old_mac_line_endings",
                _(
                    "the lines end with a carriage return only (the old 'CSV (Macintosh)' "
                    "format), so the rows cannot be told apart"
                ),
                _(SAVE_AS_UTF8),
            )
        raise reject(
            "mixed_line_endings",
            _(
                "this row ends with a carriage return only while other rows end with a line "
                "feed: the file mixes line-ending styles (often rows pasted from another system), "
                "so rows cannot be told apart reliably"
            ),
            _(SAVE_AS_UTF8),
            row=row_at(data, cr, skip),
        )
    if skip:
        body = _read_all(source)[sep.end() :]  # type: ignore[union-attr]
        return CsvBytes(decoded.encoding, io.BytesIO(body), 1)
    return decoded


def _control_problems(data: bytes, skip: int) -> list[Problem]:
    problems: list[Problem] = []
    header = next(csv.reader(io.StringIO(_first_line(data, skip))), [])
    for match in CONTROL.finditer(data):
        if len(problems) >= MAX_REPORTED:
            break
        char = match.group().decode("utf-8", errors="replace")
        code = f"U+{ord(char):04X}" if len(char) == 1 else _("a control byte")
        record = record_at(data, match.start())
        position = next((i for i, cell in enumerate(record) if char in cell), None)
        column = (
            header[position].strip() if position is not None and position < len(header) else None
        )
        value = record[position] if position is not None else None
        problems.append(
            Problem(
                "control_character",
                _(
                    "this cell holds an invisible control character ({code}), which would make "
                    "it differ from the same value typed normally",
                    code=code,
                ),
                _("delete the character (retype the cell), then save again"),
                row=row_at(data, match.start(), skip),
                column=column,
                value=None if value is None else printable(value),
            )
        )
    return problems


def _first_line(data: bytes, skip: int) -> str:
    lines = data.split(b"\n", skip + 1)
    line = lines[skip] if len(lines) > skip else b""
    return line.decode("utf-8", errors="replace").removeprefix("\ufeff")


def printable(text: str) -> str:
    """``text`` with control characters shown as \\xNN escapes (for messages and listings)."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )
