"""Turning the analyst's text cells into typed values, one vectorised expression per column kind.

What we accept, and nothing else: dates as dd/mm/yyyy or yyyy-mm-dd (one style per column);
date-times as the same with HH:MM or HH:MM:SS; numbers with a decimal point and no thousands
separators; Yes/No (or Y/N, True/False); enumerated values by code or label, in any case.
A cell that does not fit becomes a problem naming the row, column and value; it is never guessed.
"""

from __future__ import annotations

import polars as pl

from pipelines.extracts import ExtractType
from pipelines.extracts import fields as f
from pipelines.ingest.problems import ERROR, PROBLEM_SCHEMA, template_expr
from pipelines.ingest.reader import ROW
from pipelines.presentation.i18n import _

UK = r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$"
ISO = r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$"
TWO_DIGIT_YEAR = r"^\d{1,2}/\d{1,2}/\d{2}(?:\s|$)"
SERIAL = r"^\d{5}(?:\.\d+)?$"
NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)$"
# Cells starting with these run as formulas when the data is opened in a spreadsheet (tab and
# carriage return are trimmed away before this check, so "\t=1+2" is caught as "=1+2").
FORMULA = r"^[=+\-@]"
# Excel's error values: what a broken formula leaves behind, never data.
EXCEL_ERRORS = (
    "#N/A",
    "#REF!",
    "#VALUE!",
    "#DIV/0!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
    "#GETTING_DATA",
    "#N/A N/A",
)
YES = ("yes", "y", "true")
NO = ("no", "n", "false")
TYPED = "__typed"  # suffix of the parsed-value columns the reasons read
# The fixed-width style most exports use. When every cell of a column is written this way, one
# strptime reads it exactly as the general patterns above would (checked on every day, month,
# hour and minute from 00 to 99), at a fraction of the cost on a large file.
COMMON_FORMAT = {
    f.DATE: (r"^\d{2}/\d{2}/\d{4}$", "%d/%m/%Y"),
    f.DATETIME: (r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$", "%d/%m/%Y %H:%M"),
}


def _pad(expr: pl.Expr, width: int) -> pl.Expr:
    return expr.str.zfill(width)


def _iso_text(raw: pl.Expr, pattern: str, order: tuple[int, int, int]) -> pl.Expr:
    """Rewrite a matching cell as 'YYYY-MM-DD HH:MM:SS' (null when it does not match)."""
    groups = raw.str.extract_groups(pattern)
    y, m, d = (groups.struct.field(str(i)) for i in order)
    hh = groups.struct.field("4").fill_null("0")
    mm = groups.struct.field("5").fill_null("0")
    ss = groups.struct.field("6").fill_null("0")
    return pl.concat_str(
        [
            y,
            pl.lit("-"),
            _pad(m, 2),
            pl.lit("-"),
            _pad(d, 2),
            pl.lit(" "),
            _pad(hh, 2),
            pl.lit(":"),
            _pad(mm, 2),
            pl.lit(":"),
            _pad(ss, 2),
        ]
    )


def _has_time(raw: pl.Expr, pattern: str) -> pl.Expr:
    groups = raw.str.extract_groups(pattern)
    return (
        groups.struct.field("4").cast(pl.Int32, strict=False).fill_null(0)
        + groups.struct.field("5").cast(pl.Int32, strict=False).fill_null(0)
        + groups.struct.field("6").cast(pl.Int32, strict=False).fill_null(0)
    ) > 0


def _temporal(
    raw: pl.Expr, kind: str, typed: pl.Expr | None = None, common_format: bool = False
) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Parsed value, and the reason (or null) and fix for each cell.

    ``typed``, when given, is the parsed value already computed (a column): the reason reads it
    instead of parsing the text a second time, which is most of the cost on a large file.
    ``common_format`` says every cell is in :data:`COMMON_FORMAT`'s style (see there).
    """
    is_uk = raw.str.contains(UK)
    is_iso = raw.str.contains(ISO)
    if common_format:
        fmt = COMMON_FORMAT[kind][1]
        if kind == f.DATE:
            parsed = raw.str.strptime(pl.Date, fmt, strict=False).cast(pl.Datetime("us"))
        else:
            parsed = raw.str.strptime(pl.Datetime("us"), fmt, strict=False)
    else:
        text = (
            pl.when(is_uk)
            .then(_iso_text(raw, UK, (3, 2, 1)))
            .when(is_iso)
            .then(_iso_text(raw, ISO, (1, 2, 3)))
        )
        parsed = text.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S", strict=False)
    uk_rows = is_uk.sum().over(pl.lit(1))
    iso_rows = is_iso.sum().over(pl.lit(1))
    minority_uk = uk_rows < iso_rows
    parts = raw.str.extract_groups(r"^(\d{1,2})/(\d{1,2})/")
    month_first = (parts.struct.field("1").cast(pl.Int32, strict=False) <= 12) & (
        parts.struct.field("2").cast(pl.Int32, strict=False) > 12
    )
    unparsed = (parsed if typed is None else typed).is_null()
    # Translated here, when the file is checked: the language is set before prepare() runs.
    not_readable = (
        _("this is not a date-time we can read")
        if kind == f.DATETIME
        else _("this is not a date we can read")
    )
    mixed = _("this column mixes dd/mm/yyyy and yyyy-mm-dd dates")
    reason = (
        pl.when(raw.is_null())
        .then(None)
        .when(raw.str.contains(TWO_DIGIT_YEAR))
        .then(pl.lit(_("the year has two digits, so the century is ambiguous")))
        .when(raw.str.contains(SERIAL))
        .then(pl.lit(_("this looks like an Excel date serial number, not a date")))
        .when(~is_uk & ~is_iso)
        .then(pl.lit(not_readable))
        .when(unparsed & is_uk & month_first)
        .then(pl.lit(_("this is not a real date as day/month/year (it looks like month/day/year)")))
        .when(unparsed)
        .then(pl.lit(_("this is not a real date")))
        .when((uk_rows > 0) & (iso_rows > 0) & (is_uk == minority_uk) & (uk_rows != iso_rows))
        .then(pl.lit(mixed))
        .when((uk_rows > 0) & (iso_rows > 0) & (uk_rows == iso_rows) & is_iso)
        .then(pl.lit(mixed))
    )
    if kind == f.DATE:
        has_time = pl.when(is_uk).then(_has_time(raw, UK)).otherwise(_has_time(raw, ISO))
        reason = reason.when(has_time).then(
            pl.lit(_("this column takes a date only, but the cell has a time of day"))
        )
        parsed = parsed.dt.date()
    fix = pl.lit(
        _(
            "write dates as dd/mm/yyyy (e.g. 25/12/2022) with an optional time HH:MM, the same "
            "way in every row; in Excel, format the column as a date before saving"
        )
        if kind == f.DATETIME
        else _(
            "write dates as dd/mm/yyyy (e.g. 25/12/2022), the same way in every row; in Excel, "
            "format the column as a date before saving"
        )
    )
    return parsed, reason, fix


def _cell_rule(
    column: object, raw: pl.Expr, typed: pl.Expr | None = None, common_format: bool = False
) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Parsed value, reason (or null) and fix; ``typed`` is the parsed value if already computed.

    Two checks come before the column's own: an Excel error value (#N/A, #REF!, …) in any column,
    and text longer than the column's ``max_length`` (bounded so that one huge cell cannot be
    copied into every series row that carries it).
    """
    parsed, reason, fix = _kind_rule(column, raw, typed, common_format)
    limit = f.field_max_length(column)
    is_error = raw.is_in([*EXCEL_ERRORS, *(e.lower() for e in EXCEL_ERRORS)])
    checked = pl.when(is_error).then(pl.lit(_("this cell holds an Excel error value, not data")))
    checked_fix = pl.when(is_error).then(
        pl.lit(_("correct the formula that produced it in the source, or leave the cell blank"))
    )
    if limit is not None:
        too_long = raw.str.len_chars() > limit
        checked = checked.when(too_long).then(
            template_expr(
                _("this text is {length} characters long; this column takes at most {limit}"),
                length=raw.str.len_chars(),
                limit=pl.lit(limit),
            )
        )
        checked_fix = checked_fix.when(too_long).then(
            pl.lit(
                _(
                    "shorten it to {limit} characters or fewer (check the right column was "
                    "exported)",
                    limit=limit,
                )
            )
        )
    return parsed, checked.otherwise(reason), checked_fix.otherwise(fix)


def _kind_rule(
    column: object, raw: pl.Expr, typed: pl.Expr | None = None, common_format: bool = False
) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    kind = f.field_kind(column)
    if kind in (f.DATE, f.DATETIME):
        return _temporal(raw, kind, typed, common_format)
    if kind == f.NUMBER:
        good = raw.str.contains(NUMBER)
        reason = (
            pl.when(raw.is_null() | good)
            .then(None)
            .when(raw.str.contains(r"%$"))
            .then(pl.lit(_("percentages must be numbers without the % sign")))
            .when(raw.str.contains(r"^[+-]?[\d.]*,[\d.,]*$"))
            .then(pl.lit(_("this number has a comma (a thousands separator or decimal comma)")))
            .otherwise(pl.lit(_("this is not a number")))
        )
        fix = pl.lit(_("write a plain number with a decimal point, e.g. 0.8 or 1234"))
        return raw.cast(pl.Float64, strict=False), reason, fix
    if kind == f.YES_NO:
        lower = raw.str.to_lowercase()
        parsed = pl.when(lower.is_in(YES)).then(True).when(lower.is_in(NO)).then(False)
        reason = pl.when(raw.is_not_null() & parsed.is_null()).then(
            pl.lit(_("this is not Yes or No"))
        )
        return parsed, reason, pl.lit(_("write Yes or No, or leave the cell blank if not recorded"))
    text_reason = pl.when(raw.str.contains(FORMULA)).then(
        pl.lit(_("this cell starts like a spreadsheet formula"))
    )
    text_fix = pl.lit(
        _(
            "remove the leading =, +, - or @ (formulas could run when someone opens the data in "
            "Excel)"
        )
    )
    if kind == f.ENUM:
        labels = f.field_labels(column)
        lookup = {code.lower(): code for code in labels} | {
            label.lower(): code for code, label in labels.items()
        }
        key = raw.str.to_lowercase().str.replace_all(r"\s+", " ")
        parsed = key.replace_strict(lookup, default=raw, return_dtype=pl.String)
        return parsed, text_reason, text_fix
    if kind == f.ID_LIST:
        parts = raw.str.split(";").list.eval(pl.element().str.strip_chars())
        parsed = parts.list.join(";")
        reason = text_reason.when(parts.list.eval(pl.element() == "").list.any()).then(
            pl.lit(_("the list has an empty item"))
        )
        return parsed, reason, pl.lit(_("separate ids with single semicolons, e.g. a_id;b_id"))
    return raw, text_reason, text_fix


def _in_common_format(raw: pl.DataFrame, extract: ExtractType) -> set[str]:
    """The date and date-time columns whose every filled cell is in :data:`COMMON_FORMAT`."""
    checks = {}
    for name, column in extract.schema.columns.items():
        common = COMMON_FORMAT.get(f.field_kind(column))
        if common is not None and name in raw.columns:
            checks[name] = (pl.col(name).is_null() | pl.col(name).str.contains(common[0])).all()
    if not checks:
        return set()
    return {name for name, ok in raw.select(**checks).row(0, named=True).items() if ok}


def parse_cells(
    raw: pl.DataFrame, extract: ExtractType, headers: dict[str, str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Typed frame (canonical columns plus ROW) and a problems table for cells that do not parse.

    ``raw`` has one String column per canonical column present in the file, plus ROW; columns the
    file leaves out (optional ones) are added as nulls. ``headers`` maps canonical names to the
    headers as the analyst wrote them, for messages.
    """
    typed: list[pl.Expr] = []
    reasons: list[pl.Expr] = []
    fixes: dict[str, pl.Expr] = {}
    common = _in_common_format(raw, extract)
    for name, column in extract.schema.columns.items():
        cell = pl.col(name) if name in raw.columns else pl.lit(None, dtype=pl.String)
        parsed, reason, fix = _cell_rule(column, cell, pl.col(f"{name}{TYPED}"), name in common)
        typed.append(parsed.cast(column.dtype.type).alias(name))
        reasons.append(reason.alias(f"{name}__reason"))
        fixes[name] = fix
    frame = raw.select(pl.col(ROW), *typed)
    # The reasons read the parsed values from ``frame`` rather than parsing every cell again.
    parsed_values = frame.drop(ROW).rename(lambda name: f"{name}{TYPED}")
    checked = pl.concat([raw, parsed_values], how="horizontal").with_columns(reasons)
    flagged = checked.filter(pl.any_horizontal(pl.col(r"^.*__reason$").is_not_null()))
    parts = [
        flagged.filter(pl.col(f"{name}__reason").is_not_null()).select(
            pl.col(ROW).alias("row"),
            pl.lit(headers.get(name, extract.header_label(name))).alias("column"),
            (pl.col(name) if name in raw.columns else pl.lit(None, pl.String)).alias("value"),
            pl.lit("cell_format").alias("rule"),
            pl.col(f"{name}__reason").alias("reason"),
            fixes[name].alias("fix"),
            pl.lit(ERROR).alias("severity"),
        )
        for name in extract.schema.columns
    ]
    problems = pl.concat([p.cast(PROBLEM_SCHEMA) for p in parts])  # type: ignore[arg-type]
    return frame, problems
