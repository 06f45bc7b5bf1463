"""Published tables read as downloaded: a StatsWales CSV export and an Explore Education
Statistics (EES) tidy CSV, each turned into rows of our ``indicator_values`` layout.

Both are recognised from their own structure, never from a file name:

- **StatsWales CSV export**: title rows above the table (the first names the measure, e.g.
  "Children looked after at 31 March by local authority"), a header row whose first cell is blank
  (or names the area dimension) and whose other cells are years (``2023``, ``2022-23``), one row
  per area named as StatsWales names it (often with trailing spaces), the symbols ``*``, ``.`` and
  ``..``, and notes below the table (rounding, sources), kept as the figures' source note.
- **EES tidy CSV**: the columns ``time_period``, ``time_identifier`` and ``geographic_level``,
  areas in ``country_code``/``new_la_code``/``la_name``, filter columns (text, ``Total`` for the
  headline) and one column per measure (numbers or the GSS symbols ``c``, ``x``, ``z``, ``u``,
  ``low``). Only headline rows (every filter ``Total``) are read; national rows for England are
  read as England's figure; English councils and regions are not comparators of a Welsh council
  and are skipped with a warning.

A measure becomes a catalogue indicator only by the analyst's choice (:class:`MeasureChoice`,
saved with the import so next year's file maps itself): a file with a measure nobody has mapped
is refused, listing its measures. Nothing here decides a figure's validity: the
``indicator_values`` contract does, naming the file's own rows (Excel's numbering).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.catalogue_ids import indicator_ids
from pipelines.config import Settings
from pipelines.extracts import EXTRACT_TYPES
from pipelines.extracts import fields as f
from pipelines.ingest import csv_bytes
from pipelines.ingest.headers import HeaderMatch
from pipelines.ingest.problems import WARNING, Problem, RejectedFile, reject
from pipelines.ingest.reader import ROW, RawTable, file_digest
from pipelines.ingest.text import tidy_columns
from pipelines.presentation.i18n import N_, _, ngettext
from pipelines.published.areas import ENGLAND, code_for_name

STATSWALES = "statswales"
EES = "ees"
# The publishers' formats, for messages (translated where shown)
STANDARDS = {STATSWALES: N_("StatsWales CSV export"), EES: N_("Explore Education Statistics CSV")}
OUR_HEADERS = [
    "Indicator ID",
    "Period Start",
    "Period End",
    "Value",
    "Geography",
    "Source Note",
]
EES_TIME = ("time_period", "time_identifier", "geographic_level")
EES_AREA_COLUMNS = {
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "old_la_code",
    "la_name",
    "lad_code",
    "lad_name",
    "opportunity_area_code",
    "opportunity_area_name",
}
# The English words are also what a StatsWales title says ("at 31 March"); translated where shown
YEAR_ENDS = {"03-31": N_("31 March"), "09-30": N_("30 September"), "12-31": N_("31 December")}
NUMBER = re.compile(r"^[+-]?(\d+(\.\d+)?|\d{1,3}(,\d{3})+(\.\d+)?)$")
SYMBOL = re.compile(r"^(\*|\.|\.\.|c|x|z|u|low|:)$", re.IGNORECASE)
MAX_TITLE_ROWS = 10
# A published row with no area is refused (geography_known), never read as the council's own
# figure, which is what a blank area means in our own layout.
NO_AREA = N_("(no area)")  # shown as the cell's value: translated where it is put in


@dataclass(frozen=True)
class MeasureChoice:
    """The indicator an analyst chose for one measure of a published layout, and, for a year the
    file does not date itself (a StatsWales year ``2023``, an EES "Reporting year"), the day
    that year ends (``03-31``, ``09-30`` or ``12-31``)."""

    layout: str  # STATSWALES or EES
    measure: str  # as the file names it (StatsWales: the title's measure; EES: the column)
    indicator_id: str
    year_end: str | None = None


@dataclass(frozen=True)
class Published:
    """A published file read as indicator_values rows (text cells, Excel row numbers)."""

    layout: str
    headers: list[str]
    frame: pl.DataFrame  # c0..c5 and ROW
    notes: list[Problem]
    choices: tuple[MeasureChoice, ...]


def _records(text: str, count: int | None = None) -> list[list[str]]:
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")):
            records.append(record)
            if count is not None and len(records) >= count:
                break
    except csv.Error:
        return records
    return records


def _is_year(cell: str) -> bool:
    return bool(re.fullmatch(r"\d{4}(\s*[-/]\s*\d{2,4})?", cell.strip()))


def detect(text: str) -> str | None:
    """STATSWALES or EES when the file's structure is one of theirs, else None."""
    head = _records(text, MAX_TITLE_ROWS + 2)
    if not head:
        return None
    first = {cell.strip().lower() for cell in head[0]}
    if all(name in first for name in EES_TIME):
        return EES
    if _statswales_header(head) is not None:
        return STATSWALES
    return None


def _statswales_header(records: list[list[str]]) -> int | None:
    """The index of a StatsWales table's header row: titles above it (one filled cell), years
    in it, and an area named in the row after it."""
    if not records or sum(1 for c in records[0] if c.strip()) != 1:
        return None
    for index, record in enumerate(records[: MAX_TITLE_ROWS + 1]):
        years = [c for c in record[1:] if c.strip()]
        if years and all(_is_year(c) for c in years) and index + 1 < len(records):
            following = records[index + 1]
            if following and code_for_name(following[0]) is not None:
                return index
    return None


def read_published(
    text: str, choices: Mapping[tuple[str, str], MeasureChoice], max_rows: int
) -> Published | None:
    """The file as indicator_values rows when it is a published layout, else None.

    Raises :class:`RejectedFile` when a measure has no indicator chosen (listing every measure),
    a choice names an indicator not in the catalogue, or a year cannot be dated.
    """
    layout = detect(text)
    if layout is None:
        return None
    records = _records(text)
    if len(records) > max_rows:
        raise reject(
            "too_many_rows",
            _(
                "the file has {rows} rows, more than the {max_rows} we accept",
                rows=f"{len(records):,}",
                max_rows=f"{max_rows:,}",
            ),
            _("download a smaller selection (fewer years or areas)"),
        )
    if layout == STATSWALES:
        return _statswales(records, choices)
    return _ees(records, choices)


def _choice(
    layout: str, measure: str, choices: Mapping[tuple[str, str], MeasureChoice]
) -> MeasureChoice | None:
    return choices.get((layout, measure_key(measure)))


def measure_key(measure: str) -> str:
    """A measure's name compared ignoring case and spaces (as saved with a choice)."""
    return " ".join(measure.lower().split())


MAX_MEASURE_LENGTH = 200  # a measure's name is saved with the import's choice


def _check_measure_names(layout: str, measures: list[str]) -> None:
    long = [m for m in measures if len(m) > MAX_MEASURE_LENGTH]
    if long:
        raise RejectedFile(
            [
                Problem(
                    "measure_name_too_long",
                    _(
                        "this {standard} names a measure in {characters} characters, more than "
                        "the {most} we keep",
                        standard=_(STANDARDS[layout]),
                        characters=f"{len(m):,}",
                        most=MAX_MEASURE_LENGTH,
                    ),
                    _(
                        "download the table again from the publisher; its title or column names "
                        "have been changed"
                    ),
                    row=1,
                    value=m[:MAX_MEASURE_LENGTH],
                )
                for m in long
            ],
            "indicator_values",
        )


def _unmapped(layout: str, measures: list[str]) -> RejectedFile:
    return RejectedFile(
        [
            Problem(
                "measure_not_mapped",
                _(
                    "this {standard} has the measure '{measure}', which is not yet linked to an "
                    "indicator",
                    standard=_(STANDARDS[layout]),
                    measure=measure,
                ),
                _(
                    "choose the indicator it gives on the upload page (or --map "
                    "'{measure}=<indicator id>' on the command line); the choice is saved with "
                    "the import, so next year's file maps itself",
                    measure=measure,
                ),
                row=1,
                column=measure if layout == EES else None,
                value=measure,
            )
            for measure in measures
        ],
        "indicator_values",
    )


def _check_choices(chosen: list[MeasureChoice]) -> None:
    year_ends = ", ".join(_("{code} ({day})", code=k, day=_(v)) for k, v in YEAR_ENDS.items())
    problems = [
        Problem(
            "measure_unknown_indicator",
            _(
                "the measure '{measure}' is linked to '{indicator_id}', which is not an "
                "indicator in the catalogue",
                measure=c.measure,
                indicator_id=c.indicator_id,
            ),
            _("choose an indicator id from data/reference/indicators.csv"),
            row=1,
            column=c.measure,
            value=c.indicator_id,
        )
        for c in chosen
        if c.indicator_id not in indicator_ids()
    ]
    problems += [
        Problem(
            "measure_unknown_year_end",
            _(
                "the measure '{measure}' has the year end '{year_end}', which we do not read",
                measure=c.measure,
                year_end=c.year_end,
            ),
            _("choose one of: {year_ends}", year_ends=year_ends),
            row=1,
            value=c.year_end,
        )
        for c in chosen
        if c.year_end is not None and c.year_end not in YEAR_ENDS
    ]
    if problems:
        raise RejectedFile(problems, "indicator_values")


def _number(cell: str) -> str:
    """A figure's text: thousands separators removed from a number written with them (StatsWales
    writes 7,265); anything else as written, for the contract to judge."""
    cell = cell.strip()
    return cell.replace(",", "") if NUMBER.match(cell) and "," in cell else cell


def _year_period(
    header: str, year_end: str | None, measure: str, layout: str
) -> tuple[dt.date, dt.date]:
    """A StatsWales year column's period: ``2022-23`` is the financial year; ``2023`` is the year
    ending on ``year_end`` (from the title's "at 31 March", or the analyst's choice)."""
    text = header.strip()
    span = re.fullmatch(r"(\d{4})\s*[-/]\s*(\d{2}|\d{4})", text)
    if span:
        start = int(span.group(1))
        return dt.date(start, 4, 1), dt.date(start + 1, 3, 31)
    year = int(text)
    if year_end is None:
        raise RejectedFile([_undated(layout, measure, 1, text)], "indicator_values")
    month, day = (int(p) for p in year_end.split("-"))
    end = dt.date(year, month, day)
    following = end + dt.timedelta(days=1)  # the year starts the day after a year earlier
    return dt.date(following.year - 1, following.month, following.day), end


def _undated(layout: str, measure: str, row: int, value: str) -> Problem:
    """A year the file does not date: the analyst says when its years end (never guessed)."""
    return Problem(
        "year_not_dated",
        _(
            "this {standard} gives years ('{value}') but not when they end, for the measure "
            "'{measure}'",
            standard=_(STANDARDS[layout]),
            value=value,
            measure=measure,
        ),
        _(
            "choose the day its years end (31 March, 30 September or 31 December) with the "
            "indicator on the upload page (or --map '{measure}=<indicator id>@03-31' on the "
            "command line)",
            measure=measure,
        ),
        row=row,
        column=measure,
        value=value,
    )


def _title_year_end(titles: list[str]) -> str | None:
    joined = " ".join(titles).lower()
    for code, words in YEAR_ENDS.items():
        if f"at {words.lower()}" in joined or f"to {words.lower()}" in joined:
            return code
    return None


def _bounded_note(text: str) -> str:
    return text if len(text) <= f.NOTE_LENGTH else text[: f.NOTE_LENGTH - 1] + "…"


def _statswales(
    records: list[list[str]], choices: Mapping[tuple[str, str], MeasureChoice]
) -> Published:
    header_index = _statswales_header(records)
    assert header_index is not None  # detect() found it
    titles = [" ".join(c.strip() for c in r if c.strip()) for r in records[:header_index]]
    titles = [t for t in titles if t]
    measure = re.split(r"\s+by\s+", titles[0], maxsplit=1)[0].strip()
    _check_measure_names(STATSWALES, [measure])
    choice = _choice(STATSWALES, measure, choices)
    if choice is None:
        raise _unmapped(STATSWALES, [measure])
    _check_choices([choice])
    header = records[header_index]
    year_end = choice.year_end or _title_year_end(titles)
    periods = {
        position: _year_period(cell, year_end, measure, STATSWALES)
        for position, cell in enumerate(header)
        if position > 0 and cell.strip()
    }
    rows: list[tuple[int, int, str]] = []  # (Excel row, header position, cell)
    notes: list[str] = []
    areas: list[tuple[int, str]] = []
    for index in range(header_index + 1, len(records)):
        record = records[index]
        filled = [c for c in record if c.strip()]
        if not filled:
            continue
        cells = record[1:]
        if not any(c.strip() for c in cells):  # a note below the table (rounding, sources)
            notes.append(" ".join(c.strip() for c in record if c.strip()))
            continue
        areas.append((index + 1, record[0]))
        rows += [
            (index + 1, position, record[position] if position < len(record) else "")
            for position in periods
        ]
    source = _bounded_note("; ".join(["StatsWales: " + titles[0], *notes]))
    area_of = dict(areas)
    frame = pl.DataFrame(
        {
            "_row": [r for r, _, _ in rows],
            "c0": [choice.indicator_id] * len(rows),
            "c1": [periods[p][0].strftime("%d/%m/%Y") for _, p, _ in rows],
            "c2": [periods[p][1].strftime("%d/%m/%Y") for _, p, _ in rows],
            "c3": [_number(c) or None for _, _, c in rows],
            "c4": [" ".join(area_of[r].split()) or _(NO_AREA) for r, _n, _c in rows],
            "c5": [source] * len(rows),
        },
        schema={"_row": pl.Int64, **{f"c{i}": pl.String for i in range(6)}},
    )
    read_as = Problem(
        "published_read",
        _read_as_statswales(measure, choice.indicator_id, len(areas), len(periods), year_end),
        _("nothing to do; the notes below the table are kept as each figure's source note"),
        severity=WARNING,
    )
    # Row numbers are the file's own: a problem names the area's row, and the year in the value.
    return Published(STATSWALES, _year_headers(header, periods), frame, [read_as], (choice,))


def _read_as_statswales(
    measure: str, indicator_id: str, areas: int, years: int, year_end: str | None
) -> str:
    """'read as a StatsWales CSV export: the measure '…' as cla_rate, 22 areas and 5 years'."""
    # The two counts are two plurals: each has its own template, put into one sentence.
    areas_words = ngettext("{n} area", "{n} areas", areas)
    years_words = ngettext("{n} year", "{n} years", years)
    if year_end is None:
        return _(
            "read as a StatsWales CSV export: the measure '{measure}' as {indicator_id}, "
            "{areas} and {years}",
            measure=measure,
            indicator_id=indicator_id,
            areas=areas_words,
            years=years_words,
        )
    return _(
        "read as a StatsWales CSV export: the measure '{measure}' as {indicator_id}, "
        "{areas} and {years} (years ending {year_end})",
        measure=measure,
        indicator_id=indicator_id,
        areas=areas_words,
        years=years_words,
        year_end=_(YEAR_ENDS[year_end]),
    )


def _year_headers(header: list[str], periods: dict[int, tuple[dt.date, dt.date]]) -> list[str]:
    """Headers for the cells as the analyst sees them: the area column and 'the year columns'."""
    years = ", ".join(header[p].strip() for p in periods)
    year_columns = _("(year columns: {years})", years=years)
    return [
        _("(the table's measure)"),
        year_columns,
        year_columns,
        year_columns,
        header[0].strip() or _("(area column)"),
        _("(title and notes)"),
    ]


def _ees_period(
    identifier: str, period: str, year_end: str | None, measure: str
) -> tuple[dt.date, dt.date] | str:
    """An EES time period's dates, or why it cannot be dated."""
    kind = " ".join(identifier.lower().split())
    text = period.strip()
    if kind == "financial year" and re.fullmatch(r"\d{6}", text):
        start = int(text[:4])
        return dt.date(start, 4, 1), dt.date(start + 1, 3, 31)
    if kind == "academic year" and re.fullmatch(r"\d{6}", text):
        start = int(text[:4])
        return dt.date(start, 9, 1), dt.date(start + 1, 8, 31)
    if kind == "calendar year" and re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
    quarter = re.fullmatch(r"financial year q([1-4])", kind)
    if quarter and re.fullmatch(r"\d{6}", text):
        index = int(text[:4]) * 12 + 3 + 3 * (int(quarter.group(1)) - 1)  # months from year 0
        start = dt.date(index // 12, index % 12 + 1, 1)
        following = dt.date((index + 3) // 12, (index + 3) % 12 + 1, 1)
        return start, following - dt.timedelta(days=1)
    if kind == "reporting year" and re.fullmatch(r"\d{4}", text) and year_end is not None:
        return _year_period(text, year_end, measure, EES)
    return _(
        "the time identifier '{identifier}' with period '{period}' is not one we read",
        identifier=identifier,
        period=period,
    )


def cell_of(record: list[str], position: dict[str, int], name: str) -> str:
    i = position.get(name)
    return record[i].strip() if i is not None and i < len(record) else ""


def _ees(records: list[list[str]], choices: Mapping[tuple[str, str], MeasureChoice]) -> Published:
    headers = [h.strip() for h in records[0]]
    headers[0] = headers[0].removeprefix("\ufeff")
    position = {h.lower(): i for i, h in enumerate(headers)}
    body = [r for r in records[1:] if any(c.strip() for c in r)]
    known = set(EES_TIME) | EES_AREA_COLUMNS
    others = [i for i, h in enumerate(headers) if h.lower() not in known]
    # A measure column holds numbers and symbols only; a filter column holds text ("Total").
    measures = [
        i
        for i in others
        if all(
            (r[i].strip() if i < len(r) else "") == ""
            or NUMBER.match(r[i].strip())
            or SYMBOL.match(r[i].strip())
            for r in body
        )
    ]
    filters = [i for i in others if i not in measures]
    _check_measure_names(EES, [headers[i] for i in measures])
    unmapped = [headers[i] for i in measures if _choice(EES, headers[i], choices) is None]
    if unmapped:
        raise _unmapped(EES, unmapped)
    chosen = {i: _choice(EES, headers[i], choices) for i in measures}
    _check_choices([c for c in chosen.values() if c is not None])
    reporting = next(
        (
            (n, r)
            for n, r in enumerate(records[1:], start=2)
            if " ".join(cell_of(r, position, "time_identifier").lower().split()) == "reporting year"
        ),
        None,
    )
    if reporting is not None:
        undated = [
            _undated(EES, headers[i], reporting[0], cell_of(reporting[1], position, "time_period"))
            for i, c in chosen.items()
            if c is not None and c.year_end is None
        ]
        if undated:
            raise RejectedFile(undated, "indicator_values")
    out: dict[str, list[object]] = {k: [] for k in ("_row", "c0", "c1", "c2", "c3", "c4", "c5")}
    problems: list[Problem] = []
    skipped_areas = skipped_filters = 0

    def cell(record: list[str], name: str) -> str:
        return cell_of(record, position, name)

    for number, record in enumerate(records[1:], start=2):
        if not any(c.strip() for c in record):
            continue
        if any(cell(record, headers[i].lower()).lower() != "total" for i in filters):
            skipped_filters += 1
            continue
        level = cell(record, "geographic_level").lower()
        if level == "national":
            area = cell(record, "country_code")
            if area != ENGLAND and not area.startswith("W"):
                area = area or cell(record, "country_name")
        elif level in ("local authority", "local authority district"):
            area = cell(record, "new_la_code") or cell(record, "la_name")
            if not area.startswith("W"):
                skipped_areas += 1
                continue
        else:
            skipped_areas += 1
            continue
        for i, choice in chosen.items():
            assert choice is not None
            period = _ees_period(
                cell(record, "time_identifier"),
                cell(record, "time_period"),
                choice.year_end,
                headers[i],
            )
            if isinstance(period, str):
                problems.append(
                    Problem(
                        "period_not_read",
                        period,
                        _("check the file is as downloaded from Explore Education Statistics"),
                        row=number,
                        column="time_identifier",
                        value=cell(record, "time_identifier"),
                    )
                )
                continue
            out["_row"].append(number)
            out["c0"].append(choice.indicator_id)
            out["c1"].append(period[0].strftime("%d/%m/%Y"))
            out["c2"].append(period[1].strftime("%d/%m/%Y"))
            out["c3"].append(_number(record[i]) if i < len(record) and record[i].strip() else None)
            out["c4"].append(area or _(NO_AREA))
            out["c5"].append(_bounded_note(f"Explore Education Statistics: {headers[i]}"))
    if problems:
        raise RejectedFile(problems, "indicator_values")
    read = [
        _("'{measure}' as {indicator_id}", measure=headers[i], indicator_id=c.indicator_id)
        for i, c in chosen.items()
        if c
    ]
    notes = [
        Problem(
            "published_read",
            _("read as an Explore Education Statistics CSV: {measures}", measures=", ".join(read)),
            _("nothing to do"),
            severity=WARNING,
        )
    ]
    if skipped_areas:
        notes.append(
            Problem(
                "published_skip",
                ngettext(
                    "{n} row was not imported: English councils and regions are not comparators "
                    "of a Welsh council (England's national figure is read)",
                    "{n} rows were not imported: English councils and regions are not "
                    "comparators of a Welsh council (England's national figure is read)",
                    skipped_areas,
                ),
                _("nothing to do"),
                column="geographic_level",
                severity=WARNING,
            )
        )
    if skipped_filters:
        notes.append(
            Problem(
                "published_skip",
                ngettext(
                    "{n} row was not imported: only the headline rows (every filter 'Total') are "
                    "read",
                    "{n} rows were not imported: only the headline rows (every filter 'Total') "
                    "are read",
                    skipped_filters,
                ),
                _("nothing to do"),
                column=", ".join(headers[i] for i in filters),
                severity=WARNING,
            )
        )
    frame = pl.DataFrame(out, schema={"_row": pl.Int64, **{f"c{i}": pl.String for i in range(6)}})
    measure_headers = ", ".join(headers[i] for i in measures)
    laid = [
        _("(the measure columns)"),
        "time_period",
        "time_period",
        measure_headers,
        "new_la_code",
        _("(the measure's name)"),
    ]
    return Published(EES, laid, frame, notes, tuple(c for c in chosen.values() if c))


def read_published_file(
    path: Path,
    file_name: str,
    settings: Settings,
    choices: Mapping[tuple[str, str], MeasureChoice],
) -> tuple[RawTable, HeaderMatch, tuple[MeasureChoice, ...]] | None:
    """A published CSV as indicator_values cells (after the same byte checks as any CSV), with
    the measure choices it used; None when the file is not a published layout. Only the file's
    head is looked at to decide, so other files cost one small read."""
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) or b"\x00" in head:
        return None
    if detect(head.decode("utf-8", errors="ignore")) is None:
        return None
    decoded = csv_bytes.check_bytes(csv_bytes.decode(path))
    data = (
        decoded.source.read_bytes()
        if isinstance(decoded.source, Path)
        else decoded.source.getvalue()
    )
    published = read_published(data.decode("utf-8"), choices, settings.max_rows)
    if published is None:
        return None
    sha, size = file_digest(path)
    cells, blank = _tidy_cells(published.frame)
    raw = RawTable(
        file_name,
        "csv",
        decoded.encoding,
        sha,
        size,
        published.headers,
        cells,
        [*published.notes, *blank],
    )
    extract = EXTRACT_TYPES["indicator_values"]
    columns = ["indicator_id", "period_start", "period_end", "value", "geography", "source_note"]
    match = HeaderMatch(
        extract,
        dict(enumerate(columns)),
        [],
        [],
        [],
        tuple(published.headers),  # type: ignore[arg-type]
    )
    return raw, match, published.choices


def _tidy_cells(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Problem]]:
    """Text normal form (as every file's cells get), ROW kept."""
    names = [c for c in frame.columns if c != ROW]
    return frame.select(pl.col(ROW), *tidy_columns(frame, names)), []


CHOICE_RULES = ("measure_not_mapped", "measure_unknown_indicator", "year_not_dated")


def measures_to_choose(problems: pl.DataFrame) -> list[str]:
    """The measures of a refused published file whose indicator (or year end) the analyst must
    choose, in the file's order: the upload page offers a choice for each."""
    rows = problems.filter(pl.col("rule").is_in(CHOICE_RULES))
    names = [
        value if rule == "measure_not_mapped" else column
        for rule, column, value in rows.select("rule", "column", "value").iter_rows()
    ]
    return list(dict.fromkeys(n for n in names if n))
