"""From a file on disk to a validated, typed table ready for the store, or a list of problems.

The command line and the upload page both call :func:`prepare`; there is no other way in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from pipelines.config import Settings, load_settings
from pipelines.extracts import ExtractType, get_extract_type
from pipelines.ingest.headers import choose_extract, header_problems
from pipelines.ingest.layout import read_layout
from pipelines.ingest.parse import parse_cells
from pipelines.ingest.problems import (
    ERROR,
    WARNING,
    Problem,
    RejectedFile,
    bounded_values,
    problems_frame,
    reject,
)
from pipelines.ingest.reader import ROW, RawTable, read_table
from pipelines.ingest.validate import date_problems, validate_frame
from pipelines.presentation.i18n import _

if TYPE_CHECKING:
    from pipelines.published.layouts import MeasureChoice

__all__ = ["Prepared", "Problem", "RejectedFile", "prepare"]


@dataclass
class Prepared:
    """A file that passed every check: typed rows (with Excel row numbers) and any warnings."""

    extract: ExtractType
    raw: RawTable
    frame: pl.DataFrame  # canonical columns + ROW
    warnings: pl.DataFrame
    left_out: tuple[str, ...] = ()  # unknown columns the analyst chose to leave out, as headed
    headers: dict[str, str] = field(default_factory=dict)  # column -> header as in the file
    # A published table's measures and the indicators chosen for them (saved with the import).
    measures: tuple[MeasureChoice, ...] = ()

    @property
    def rows(self) -> int:
        return self.frame.height


def prepare(
    path: Path,
    extract_type: str | None = None,
    *,
    file_name: str | None = None,
    settings: Settings | None = None,
    today: dt.date | None = None,
    leave_out_unknown: bool = False,
    measures: Mapping[tuple[str, str], MeasureChoice] | None = None,
) -> Prepared:
    """Read, parse and validate a file; raise :class:`RejectedFile` listing every problem.

    Every problem of a file is reported in one pass: formula cells, unknown, missing or repeated
    columns and every row's errors together, so the analyst fixes the file once. With
    ``leave_out_unknown`` the columns no contract knows are dropped (and recorded with the import
    as :attr:`Prepared.left_out`) instead of rejecting the file.
    """
    settings = settings or load_settings()
    if extract_type is not None:
        get_extract_type(extract_type)  # raises ValueError for an unknown name (a usage error)
    try:
        return _prepare(path, extract_type, file_name, settings, today, leave_out_unknown, measures)
    except (RejectedFile, ValueError):
        raise
    except Exception as error:  # hostile input must never end in a traceback
        raise RejectedFile(
            [
                Problem(
                    "unreadable_file",
                    _("the file could not be read ({error})", error=type(error).__name__),
                    _(
                        "save it from Excel as 'CSV UTF-8 (Comma delimited)' or .xlsx and try "
                        "again; if it still fails, send the file's structure (not its data) to "
                        "the team that supports the dashboard"
                    ),
                )
            ]
        ) from error


def _prepare(
    path: Path,
    extract_type: str | None,
    file_name: str | None,
    settings: Settings,
    today: dt.date | None,
    leave_out_unknown: bool,
    measures: Mapping[tuple[str, str], MeasureChoice] | None = None,
) -> Prepared:
    # Imported here: pipelines.published reads files through this package (no import cycle).
    from pipelines.published.cells import read_published_cells
    from pipelines.published.layouts import read_published_file
    from pipelines.published.periods import period_warnings

    name = file_name or path.name
    published = read_published_file(path, name, settings, measures or {})  # StatsWales, EES
    choices: tuple[MeasureChoice, ...] = ()
    if published is not None:
        if extract_type not in (None, "indicator_values"):
            raise reject(
                "wrong_extract_type",
                _(
                    "you chose '{requested}' but this is a published table, which is read as the "
                    "'indicator_values' extract",
                    requested=extract_type,
                ),
                _(
                    "import it as '{other}', or choose the right file for '{requested}'",
                    requested=extract_type,
                    other="indicator_values",
                ),
                row=1,
            )
        raw, match, choices = published
    else:
        raw = read_table(path, file_name, settings)
        laid_out = read_layout(raw, settings.header_aliases, extract_type)  # another layout
        if laid_out is None:
            match = choose_extract(raw.headers, settings.header_aliases, extract_type)
        else:
            raw, match = laid_out
    extract = match.extract
    left_out = tuple(match.unknown) if leave_out_unknown else ()
    headers = {column: raw.headers[position] for position, column in match.mapping.items()}
    cells = raw.frame.select(
        pl.col(ROW), *[pl.col(f"c{pos}").alias(col) for pos, col in match.mapping.items()]
    )
    cells = read_published_cells(cells, extract.name)
    header_errors = problems_frame(header_problems(match, leave_out_unknown))
    notes = problems_frame(raw.notes).filter(~pl.col("column").is_in(left_out).fill_null(False))
    if cells.height == 0:
        raise RejectedFile(
            pl.concat(
                [
                    header_errors,
                    problems_frame(
                        [
                            Problem(
                                "no_rows",
                                _("the file has a header row but no data rows"),
                                _(
                                    "export the list again; if there is truly nothing to import, "
                                    "no upload is needed"
                                ),
                            )
                        ]
                    ),
                ]
            ),
            extract.name,
        )
    frame, cell_problems = parse_cells(cells, extract, headers)
    missing = {extract.header_label(c) for c in match.missing}
    read_errors = notes.filter(pl.col("severity") == ERROR).select("row", "column")
    skip = pl.concat([cell_problems.select("row", "column"), read_errors]).unique()
    rule_problems = validate_frame(frame, cells, extract, headers, skip)
    dates = date_problems(
        frame, cells, extract, headers, settings.future_date_tolerance_days, today
    )
    periods = period_warnings(frame, extract.name, headers, settings.week_ending_weekday)
    row_problems = pl.concat([cell_problems, rule_problems, dates, periods]).join(
        read_errors, on=["row", "column"], how="anti"
    )
    # A missing column is reported once (row 1), not as a blank cell on every row.
    row_problems = row_problems.filter(~pl.col("column").is_in(sorted(missing)).fill_null(False))
    problems = bounded_values(pl.concat([header_errors, notes, row_problems]))
    if problems.filter(pl.col("severity") == ERROR).height:
        raise RejectedFile(problems, extract.name)
    return Prepared(
        extract,
        raw,
        frame,
        problems.filter(pl.col("severity") == WARNING),
        left_out=left_out,
        headers=headers,
        measures=choices,
    )
