"""Running the Pandera contract and turning its failure cases into messages an analyst can act on."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.extracts import ExtractType
from pipelines.extracts import fields as f
from pipelines.extracts.pandera_polars import pa
from pipelines.ingest.problems import ERROR, PROBLEM_SCHEMA, template_expr
from pipelines.ingest.reader import ROW
from pipelines.presentation.i18n import N_, _

# Pandera's bounds as sentences (a whole sentence each, so the translator has the word order).
N_LIMITS = (
    N_("this must be at least {limit}"),
    N_("this must be more than {limit}"),
    N_("this must be at most {limit}"),
    N_("this must be less than {limit}"),
)


def _check_message(extract: ExtractType, column: str, check: str, label: str) -> tuple[str, str]:
    """Reason and fix for a Pandera column check, in plain English."""
    if check == "not_nullable":
        return (
            _("'{label}' is required but this cell is blank", label=label),
            _("fill in '{label}'", label=label),
        )
    if check == "field_uniqueness":
        return (
            _("this {label} appears more than once in the file", label=label),
            _(
                "each {label} must be unique; remove the repeated row or correct the id",
                label=label,
            ),
        )
    if check.startswith("isin"):
        labels = f.field_labels(extract.column(column))
        if (extract.name, column) == ("indicator_values", "indicator_id"):
            return (
                _("this is not an indicator id in the catalogue"),
                _("use an id from data/reference/indicators.csv"),
            )
        return (
            _("this is not one of the allowed values"),
            _("use one of: {codes}", codes=", ".join(labels.values())),
        )
    correct = _("correct the value of '{label}'", label=label)
    for name, words in (
        ("greater_than_or_equal_to", N_LIMITS[0]),
        ("greater_than", N_LIMITS[1]),
        ("less_than_or_equal_to", N_LIMITS[2]),
        ("less_than", N_LIMITS[3]),
    ):
        if check.startswith(name):
            return _(words, limit=check[len(name) + 1 : -1]), correct
    return _("this fails the check {check}", check=check), correct


def validate_frame(
    frame: pl.DataFrame,
    raw: pl.DataFrame,
    extract: ExtractType,
    headers: dict[str, str],
    skip: pl.DataFrame,
) -> pl.DataFrame:
    """Problems from the Pandera model, with rows and values as the analyst wrote them.

    ``frame`` is the typed frame with ROW; ``raw`` the text cells with ROW; ``skip`` holds (row,
    column) pairs already reported as unreadable, whose nulls should not be reported again.
    """
    try:
        extract.model.validate(frame.drop(ROW), lazy=True)
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    rows = frame.get_column(ROW)
    rules = {rule.name: rule for rule in extract.rules}
    out: list[dict[str, object]] = []
    raw_by_row = raw.with_row_index("_i")
    unreadable = set(skip.select("row", "column").iter_rows())
    for case in cases.iter_rows(named=True):
        index = case["index"]
        row = int(rows[index]) if index is not None else None
        check = str(case["check"])
        if case["schema_context"] == "DataFrameSchema" and check in rules:
            rule = rules[check]
            if any(
                (row, headers.get(c, extract.header_label(c))) in unreadable for c in rule.reads
            ):
                continue  # a cell the rule reads is already reported as unreadable
            column = rule.column
            others = [c for c in rule.reads if c != column]
            reason = rule.reason
            if others and index is not None:
                context = "; ".join(
                    _(
                        "{column} is {value}",
                        column=headers.get(o, extract.header_label(o)),
                        value=_quoted(raw_by_row, index, o),
                    )
                    for o in others
                )
                reason = _("{reason} ({context})", reason=reason, context=context)
            fix = rule.fix
            value = _raw(raw_by_row, index, column) if index is not None else None
        elif case["schema_context"] == "DataFrameSchema" and check.startswith("multiple_fields"):
            key = ", ".join(headers.get(c, extract.header_label(c)) for c in extract.key)
            column, value = extract.key[0], _raw(raw_by_row, index, extract.key[0])
            reason = _("another row has the same {key}", key=key)
            fix = _("keep one row for each combination, or correct the repeated one")
        else:
            column = str(case["column"])
            label = headers.get(column, extract.header_label(column))
            reason, fix = _check_message(extract, column, check, label)
            value = _raw(raw_by_row, index, column) if index is not None else case["failure_case"]
        out.append(
            {
                "row": row,
                "column": headers.get(column, extract.header_label(column)),
                "value": value,
                # isin's name embeds every allowed value (the whole catalogue for indicator ids)
                "rule": "isin" if check.startswith("isin") else check,
                "reason": reason,
                "fix": fix,
                "severity": ERROR,
            }
        )
    problems = pl.DataFrame(out, schema=PROBLEM_SCHEMA)
    return problems.join(skip, on=["row", "column"], how="anti")


def _raw(raw: pl.DataFrame, index: int | None, column: str) -> str | None:
    if index is None or column not in raw.columns:
        return None
    value = raw.get_column(column)[index]
    return None if value is None else str(value)


def _quoted(raw: pl.DataFrame, index: int, column: str) -> str:
    value = _raw(raw, index, column)
    if value is not None and len(value) > 80:
        value = value[:80] + "…"
    return _("blank") if value is None else f"'{value}'"


def date_problems(
    frame: pl.DataFrame,
    raw: pl.DataFrame,
    extract: ExtractType,
    headers: dict[str, str],
    tolerance_days: int,
    today: dt.date | None = None,
) -> pl.DataFrame:
    """Dates the figures cannot use: outside the working-day calendar, or in the future.

    Why: statutory timescales are counted on the committed bank-holiday calendar
    (:mod:`pipelines.workdays`), so a date outside it cannot be counted and would silently drop
    out of every working-day measure. An event (a contact received, a referral, a completion)
    cannot have happened after today: one typed as 2099 would move "data as at" years ahead.
    A few days' tolerance (``imports.future_date_tolerance_days``) allows for clocks and
    time zones; columns whose contract allows future dates (``future_allowed``: a planned end,
    notice of leaving) only need to be inside the calendar.
    """
    from pipelines.workdays import COVERAGE_END, COVERAGE_START

    limit = (today or dt.date.today()) + dt.timedelta(days=tolerance_days)
    parts = []
    calendar = _(
        "{start} to {end}", start=f"{COVERAGE_START:%d/%m/%Y}", end=f"{COVERAGE_END:%d/%m/%Y}"
    )
    for name, column in extract.schema.columns.items():
        if f.field_kind(column) not in (f.DATE, f.DATETIME) or name not in raw.columns:
            continue
        value = pl.col(name).cast(pl.Date)
        earliest = f.field_earliest(column)
        start = dt.date.fromisoformat(earliest) if earliest else COVERAGE_START
        window = _("{start} to {end}", start=f"{start:%d/%m/%Y}", end=f"{COVERAGE_END:%d/%m/%Y}")
        outside = (value < start) | (value > COVERAGE_END)
        future = pl.lit(False) if f.field_future_allowed(column) else value > limit
        calendar_words = (
            _("this date is outside the working-day calendar ({dates})", dates=calendar)
            if earliest is None
            else _("this date is outside the dates this column takes ({dates})", dates=window)
        )
        # Always more than the tolerance: the plural form of both languages.
        future_words = template_expr(
            _(
                "this date is {days} days after today; '{column}' cannot be in the future (more "
                "than {tolerance} days ahead)"
            ),
            days=(value - pl.lit(today or dt.date.today())).dt.total_days(),
            column=pl.lit(headers.get(name, extract.header_label(name))),
            tolerance=pl.lit(tolerance_days),
        )
        # A future event is reported as such even when it is also beyond the calendar (2099).
        reason = pl.when(future).then(future_words).when(outside).then(pl.lit(calendar_words))
        fix = (
            pl.when(future)
            .then(pl.lit(_("check the date (a typing error in the year?) and correct it")))
            .otherwise(
                pl.lit(
                    _(
                        "check the year (a typing error?); dates must be within {dates}",
                        dates=window,
                    )
                )
            )
        )
        rule = pl.when(future).then(pl.lit("future_date")).otherwise(pl.lit("outside_calendar"))
        flagged = frame.with_columns(raw.get_column(name).alias("_raw")).filter(outside | future)
        parts.append(
            flagged.select(
                pl.col(ROW).alias("row"),
                pl.lit(headers.get(name, extract.header_label(name))).alias("column"),
                pl.col("_raw").alias("value"),
                rule.alias("rule"),
                reason.alias("reason"),
                fix.alias("fix"),
                pl.lit(ERROR).alias("severity"),
            )
        )
    return pl.concat(parts) if parts else pl.DataFrame(schema=PROBLEM_SCHEMA)
