"""Reading a file exported in another layout (see :mod:`pipelines.layouts`) as one of our extracts.

A file is in a layout when its headers include the layout's identifying headers (an SSD table's
row id column, e.g. ``cppl_cp_plan_id``). Its cells are then turned into our extract's columns
(exported codes mapped, transformations applied, rows that are not ours skipped with a warning)
before the extract's own contract parses and validates them, so every rule and message of the
contract applies unchanged, naming the columns and rows as exported.

Whatever the layout cannot read is a problem, never a guess: a header it does not know, a column
our contract needs that the file lacks (naming the SSD column to export, or our column to add and
why Wales needs it), or a code it cannot map.
"""

from __future__ import annotations

import polars as pl

from pipelines.extracts import EXTRACT_TYPES, ExtractType
from pipelines.ingest.headers import HeaderMatch, normalise
from pipelines.ingest.problems import WARNING, Problem, RejectedFile, reject
from pipelines.ingest.reader import ROW, RawTable
from pipelines.layouts import LAYOUTS, Layout, Source
from pipelines.presentation.i18n import _, ngettext

DICTIONARY = "docs/data-dictionary.md"


def _key(expr: pl.Expr) -> pl.Expr:
    return expr.str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()


def detect_layout(headers: list[str]) -> Layout | None:
    """The layout whose identifying headers are all in the file (the one that knows most of the
    file's headers when several do), else None."""
    present = {normalise(h) for h in headers}
    candidates = [
        layout
        for layout in LAYOUTS.values()
        if all(normalise(h) in present for h in layout.identify)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda x: len(present & {normalise(s.header) for s in x.sources}))


def _own_names(layout: Layout, extract: ExtractType, aliases: dict[str, dict[str, str]]) -> dict:
    """Our own headers the file may add beside the exported ones: normalised header -> column."""
    names = {}
    for column in layout.extensions:
        names[normalise(column)] = column
        names[normalise(extract.header_label(column))] = column
    for alias, column in aliases.get(extract.name, {}).items():
        if column in layout.extensions:
            names[normalise(alias)] = column
    return names


def _header_problems(
    layout: Layout, extract: ExtractType, headers: list[str], aliases: dict[str, dict[str, str]]
) -> tuple[dict[int, Source | str], list[Problem]]:
    """Each file position's source (or our own column), and the problems with the headers."""
    sources = {normalise(s.header): s for s in layout.sources}
    own = _own_names(layout, extract, aliases)
    table = {"standard": layout.standard, "table": layout.name}
    mapping: dict[int, Source | str] = {}
    filled: dict[str, str] = {}
    problems: list[Problem] = []
    for position, header in enumerate(headers):
        key = normalise(header)
        entry: Source | str | None = sources.get(key) or own.get(key)
        if entry is None:
            known = ", ".join(s.header for s in layout.sources)
            extra = ", ".join(extract.header_label(c) for c in layout.extensions)
            fix = (
                _(
                    "remove or rename it; the columns are: {known}; and you may add: {extra}",
                    known=known,
                    extra=extra,
                )
                if extra
                else _("remove or rename it; the columns are: {known}", known=known)
            )
            problems.append(
                Problem(
                    "unknown_column",
                    _(
                        "'{header}' is not a column of the {standard} table '{table}', nor one of "
                        "our columns it may add",
                        header=header,
                        **table,
                    ),
                    fix,
                    row=1,
                    column=header,
                )
            )
            continue
        column = entry.column if isinstance(entry, Source) else entry
        if column is not None and column in filled:
            problems.append(
                Problem(
                    "duplicate_column",
                    _(
                        "'{header}' and '{other}' both give {column}",
                        header=header,
                        other=filled[column],
                        column=extract.header_label(column),
                    ),
                    _("keep one of them"),
                    row=1,
                    column=header,
                )
            )
            continue
        if column is not None:
            filled[column] = header
        mapping[position] = entry
    for column in extract.columns:
        if column in filled or column in layout.constants:
            continue
        label = extract.header_label(column)
        source = layout.source_for(column)
        if column in layout.required_extensions:
            # Why Wales needs it is the layout's own text, in the catalogue as one of the data
            # dictionary's contract words.
            reason = _(
                "the {standard} table '{table}' has no column for '{label}', which Wales needs: "
                "{why}",
                label=label,
                why=_(layout.required_extensions[column]),
                **table,
            )
            problems.append(
                Problem(
                    "missing_column",
                    reason,
                    _(
                        "add our column '{label}' to the export (see {dictionary})",
                        label=label,
                        dictionary=DICTIONARY,
                    ),
                    row=1,
                    column=label,
                )
            )
        elif column in extract.required_columns:
            missing = source.header if source else label
            problems.append(
                Problem(
                    "missing_column",
                    _(
                        "the required column '{column}' is missing from this export of the "
                        "{standard} table '{table}'",
                        column=missing,
                        **table,
                    ),
                    _(
                        "export the '{column}' column too (see {dictionary})",
                        column=missing,
                        dictionary=DICTIONARY,
                    ),
                    row=1,
                    column=missing,
                )
            )
    return mapping, problems


def _cell(entry: Source | str, position: int) -> tuple[pl.Expr, pl.Expr]:
    """Our cell's text from the exported cell, and why it cannot be read (null when it can)."""
    cell = pl.col(f"c{position}")
    if not isinstance(entry, Source):
        return cell, pl.lit(None, dtype=pl.String)
    value, reason = entry.transform.expression(cell) if entry.transform else (cell, pl.lit(None))
    if entry.codes:
        lookup = {" ".join(k.lower().split()): v for k, v in entry.codes.items()}
        mapped = _key(value).replace_strict(lookup, default=None, return_dtype=pl.String)
        unknown = value.is_not_null() & mapped.is_null()
        reason = pl.when(unknown).then(
            pl.lit(_("this is not one of the codes we read in this column"))
        )
        reason = reason.otherwise(pl.lit(None, dtype=pl.String))
        # A code mapped to "" means blank (e.g. SSDA903 X1: an episode followed by another).
        value = pl.when(mapped == "").then(pl.lit(None, dtype=pl.String)).otherwise(mapped)
    return value, reason.cast(pl.String)


def _value_problems(
    frame: pl.DataFrame, mapping: dict[int, Source | str], headers: list[str]
) -> list[Problem]:
    problems: list[Problem] = []
    for position, entry in mapping.items():
        if not isinstance(entry, Source) or entry.column is None:
            continue
        if not (entry.codes or entry.transform):
            continue
        _value, reason = _cell(entry, position)
        bad = frame.select(pl.col(ROW), pl.col(f"c{position}").alias("value"), reason.alias("why"))
        bad = bad.filter(pl.col("why").is_not_null())
        if bad.is_empty():
            continue
        if entry.fix:
            fix = _(entry.fix, listed=", ".join(entry.listed))
        else:
            fix = _("use one of: {codes}", codes=", ".join(sorted(entry.codes)))
        problems += [
            Problem("layout_value", why, fix, row=row, column=headers[position], value=value)
            for row, value, why in bad.iter_rows()
        ]
    return problems


def _skipped(
    frame: pl.DataFrame, layout: Layout, headers: list[str]
) -> tuple[pl.DataFrame, list[Problem]]:
    notes: list[Problem] = []
    positions = {normalise(h): i for i, h in enumerate(headers)}
    for skip in layout.skips:
        position = positions.get(normalise(skip.header))
        if position is None:
            continue
        cell = _key(pl.col(f"c{position}")).fill_null("")
        drop = cell.is_in([v.lower() for v in skip.values])
        count = frame.filter(drop).height
        if count:
            frame = frame.filter(~drop)
            notes.append(
                Problem(
                    "layout_skip",
                    ngettext(
                        "{n} row was not imported: {why}",
                        "{n} rows were not imported: {why}",
                        count,
                        why=_(skip.why),
                    ),
                    _("nothing to do"),
                    column=headers[position],
                    severity=WARNING,
                )
            )
    return frame, notes


def read_layout(
    raw: RawTable, aliases: dict[str, dict[str, str]], requested: str | None
) -> tuple[RawTable, HeaderMatch] | None:
    """The file's cells as our extract's columns when its headers are a layout's; else None.

    Raises :class:`RejectedFile` when the file is a layout's table but its headers do not fit
    (or are those of another extract type than ``requested``).
    """
    layout = detect_layout(raw.headers)
    if layout is None:
        return None
    extract = EXTRACT_TYPES[layout.extract]
    if requested is not None and requested != layout.extract:
        raise reject(
            "wrong_extract_type",
            _(
                "you chose '{requested}' but this is the {standard} table '{table}', which is "
                "read as the '{extract}' extract",
                requested=requested,
                standard=layout.standard,
                table=layout.name,
                extract=layout.extract,
            ),
            _(
                "import it as '{other}', or choose the right file for '{requested}'",
                requested=requested,
                other=layout.extract,
            ),
            row=1,
        )
    mapping, problems = _header_problems(layout, extract, raw.headers, aliases)
    if problems:
        raise RejectedFile(problems, extract.name)
    read_as = Problem(
        "layout_read",
        _(
            "read as the {standard} table '{table}'",
            standard=layout.standard,
            table=layout.name,
        ),
        _(
            "nothing to do; {dictionary} says how each of its columns is read",
            dictionary=DICTIONARY,
        ),
        severity=WARNING,
    )
    frame, notes = _skipped(raw.frame, layout, raw.headers)
    notes.insert(0, read_as)
    notes += _value_problems(frame, mapping, raw.headers)
    columns: list[pl.Expr] = []
    headers: list[str] = []
    for position, entry in mapping.items():
        column = entry.column if isinstance(entry, Source) else entry
        if column is None:
            if isinstance(entry, Source) and entry.warn:
                notes.append(
                    Problem(
                        "layout_not_read",
                        _(
                            "the column '{column}' was not read: {why}",
                            column=raw.headers[position],
                            why=_(entry.why),
                        ),
                        _("nothing to do"),
                        column=raw.headers[position],
                        severity=WARNING,
                    )
                )
            continue
        value, _reason = _cell(entry, position)
        columns.append(value.alias(f"c{len(headers)}"))
        headers.append(raw.headers[position])
    for text, _why in layout.constants.values():
        columns.append(pl.lit(text, dtype=pl.String).alias(f"c{len(headers)}"))
        headers.append(_("(every row of {table})", table=layout.name))
    cells = frame.select(pl.col(ROW), *columns)
    names = [
        entry.column if isinstance(entry, Source) else entry
        for entry in mapping.values()
        if not (isinstance(entry, Source) and entry.column is None)
    ] + list(layout.constants)
    laid_out = RawTable(
        raw.file_name,
        raw.file_format,
        raw.encoding,
        raw.sha256,
        raw.size_bytes,
        headers,
        cells,
        [*raw.notes, *notes],
    )
    match = HeaderMatch(
        extract,
        dict(enumerate(names)),
        [],
        [],
        [],
        tuple(headers),  # type: ignore[arg-type]
    )
    return laid_out, match
