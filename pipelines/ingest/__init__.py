"""From a file on disk to a validated, typed table ready for the store, or a list of problems.

The command line and the upload page both call :func:`prepare`; there is no other way in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.config import Settings, load_settings
from pipelines.extracts import ExtractType, get_extract_type
from pipelines.ingest.headers import choose_extract
from pipelines.ingest.parse import parse_cells
from pipelines.ingest.problems import (
    ERROR,
    WARNING,
    Problem,
    RejectedFile,
    problems_frame,
)
from pipelines.ingest.reader import ROW, RawTable, read_table
from pipelines.ingest.validate import future_date_warnings, validate_frame

__all__ = ["Prepared", "Problem", "RejectedFile", "prepare"]


@dataclass
class Prepared:
    """A file that passed every check: typed rows (with Excel row numbers) and any warnings."""

    extract: ExtractType
    raw: RawTable
    frame: pl.DataFrame  # canonical columns + ROW
    warnings: pl.DataFrame

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
) -> Prepared:
    """Read, parse and validate a file; raise :class:`RejectedFile` listing every problem."""
    settings = settings or load_settings()
    if extract_type is not None:
        get_extract_type(extract_type)  # raises ValueError for an unknown name (a usage error)
    raw = read_table(path, file_name)
    match = choose_extract(raw.headers, settings.header_aliases, extract_type)
    extract = match.extract
    headers = {column: raw.headers[position] for position, column in match.mapping.items()}
    cells = raw.frame.select(
        pl.col(ROW), *[pl.col(f"c{pos}").alias(col) for pos, col in match.mapping.items()]
    )
    notes = problems_frame(raw.notes)
    if cells.height == 0:
        raise RejectedFile(
            [
                Problem(
                    "no_rows",
                    "the file has a header row but no data rows",
                    "export the list again; if there is truly nothing to import, no upload is "
                    "needed",
                )
            ],
            extract.name,
        )
    frame, cell_problems = parse_cells(cells, extract, headers)
    skip = cell_problems.select("row", "column").unique()
    rule_problems = validate_frame(frame, cells, extract, headers, skip)
    warnings = future_date_warnings(
        frame, cells, extract, headers, settings.future_date_tolerance_days, today
    )
    problems = pl.concat([notes, cell_problems, rule_problems, warnings])
    if problems.filter(pl.col("severity") == ERROR).height:
        raise RejectedFile(problems, extract.name)
    return Prepared(extract, raw, frame, problems.filter(pl.col("severity") == WARNING))
