"""The data dictionary, generated from the extract contracts (docs/data-dictionary.md is its output).

``tests/test_dictionary.py`` fails when the committed document and the contracts drift apart;
regenerate with ``python -m pipelines schemas --markdown > docs/data-dictionary.md``.
"""

from __future__ import annotations

from typing import Any

from pipelines.config import load_settings
from pipelines.extracts.registry import EXTRACT_TYPES
from pipelines.layouts import LAYOUTS
from pipelines.layouts.describe import describe_layout, layout_markdown
from pipelines.published.describe import published_markdown
from pipelines.workdays import CALENDAR_VERSION, COVERAGE_END, COVERAGE_START

KIND_WORDS = {
    "text": "text",
    "enum": "one of a list",
    "date": "date (dd/mm/yyyy or yyyy-mm-dd)",
    "datetime": "date-time (dd/mm/yyyy HH:MM or ISO)",
    "number": "number",
    "yes_no": "Yes/No",
    "id_list": "ids separated by ;",
}


def schemas_json() -> dict[str, Any]:
    """Every extract type with its columns, types, rules and the reader's conventions."""
    settings = load_settings()
    return {
        "conventions": {
            "row_numbers": "as in Excel: the header is row 1, the first data row is row 2",
            "encodings": ["utf-8", "utf-8 with byte-order mark", "windows-1252"],
            "formats": ["csv (comma-separated)", "xlsx (one sheet with data)"],
            "dates": ["dd/mm/yyyy", "yyyy-mm-dd"],
            "datetimes": ["dd/mm/yyyy HH:MM[:SS]", "yyyy-mm-dd[T ]HH:MM[:SS]"],
            "headers": (
                "matched ignoring case, spaces and punctuation (ContactID = Contact ID = "
                "contact_id); aliases from config.toml; row 1 must hold them (a title above them "
                "is refused, naming the row the headers seem to be on)"
            ),
            "sep_line": "a first line 'sep=,' (Excel writes it) is skipped; Excel hides it, so "
            "the header is still row 1; any other separator there is refused",
            "text": (
                "every cell is put into Unicode NFC, zero-width characters removed, any run of "
                "white space (line breaks, tabs, non-breaking spaces) made one space and trimmed; "
                "control characters, Excel error values (#N/A, #REF!, …) and text starting with "
                "= + - @ are refused; each text column has a max_length"
            ),
            "future_date_tolerance_days": settings.future_date_tolerance_days,
            "future_dates": (
                "a date more than future_date_tolerance_days after the import day is refused, "
                "except in columns with future_allowed = true"
            ),
            "working_day_calendar": {
                "first": COVERAGE_START.isoformat(),
                "last": COVERAGE_END.isoformat(),
                "version": CALENDAR_VERSION,
                "rule": "a date outside earliest_date..latest_date of its column is refused",
            },
            "data_as_at": "the latest event date in any extract, never after the day of the build",
            "limits": {
                "max_upload_mb": settings.max_upload_mb,
                "max_rows": settings.max_rows,
                "max_columns": settings.max_columns,
            },
            "workbooks": (
                "exactly one sheet with data, visible; formulas (plain, array, data-table), "
                "encrypted workbooks, .xls, .xlsb and .ods are refused with what to do"
            ),
            "unknown_columns": (
                "refused, unless the analyst chooses to leave them out "
                "(--leave-out-unknown-columns, or the upload page's choice), which is recorded "
                "with the import"
            ),
            "one_pass": "every problem of a file is reported at once",
        },
        "extract_types": [extract.describe() for extract in EXTRACT_TYPES.values()],
        "header_aliases": settings.header_aliases,
        "layouts": [describe_layout(layout) for layout in LAYOUTS.values()],
    }


def _allowed(column: dict[str, Any]) -> str:
    if not column["allowed_values"]:
        return ""
    return "; ".join(v["label"] for v in column["allowed_values"])


def _checks(column: dict[str, Any]) -> str:
    words = []
    for check in column["checks"]:
        stats = {k: v for k, v in check.items() if k != "check"}
        words.append(f"{check['check'].replace('_', ' ')} {', '.join(map(str, stats.values()))}")
    if column["unique"]:
        words.append("unique")
    if column["max_length"]:
        words.append(f"at most {column['max_length']} characters")
    if column["earliest_date"] and column["earliest_date"] != COVERAGE_START.isoformat():
        words.append(f"from {column['earliest_date']}")
    if column["future_allowed"] is True:
        words.append("may be in the future")
    elif column["future_allowed"] is False:
        words.append("not in the future")
    return "; ".join(words)


def data_dictionary() -> str:
    described = schemas_json()
    lines = [
        "# Data dictionary",
        "",
        "Generated from the extract contracts in `pipelines/extracts/` by",
        "`python -m pipelines schemas --markdown`; a test fails if this file and the code drift.",
        "",
        "Files: CSV (UTF-8, with or without BOM, or Windows-1252, not a mix; comma-separated) or",
        "`.xlsx` with one visible sheet of data. Row 1 holds the headers; headers are matched",
        "ignoring case, spaces and punctuation. Dates: dd/mm/yyyy or yyyy-mm-dd, one style per",
        f"column, within {COVERAGE_START:%d/%m/%Y}–{COVERAGE_END:%d/%m/%Y} (the working-day calendar,",
        f"version {CALENDAR_VERSION}) unless a column says otherwise, and never more than",
        f"{load_settings().future_date_tolerance_days} days after the import day unless the column",
        "may be in the future. Text is tidied (one space for any run of white space, Unicode NFC)",
        "and bounded in length. Row numbers in messages are Excel's.",
        "Some extracts are also accepted in the layout a council may already export (the Standard",
        "Safeguarding Dataset, SSD): each such table is listed under its extract, with what Wales",
        "needs beyond it.",
        "",
    ]
    for extract in described["extract_types"]:
        lines += [f"## {extract['title']} (`{extract['name']}`)", "", extract["description"], ""]
        lines += [f"Record key: {', '.join(extract['record_key'])}.", ""]
        lines += [
            "| Header | Column | Type | Required | Allowed values | Checks | Meaning |",
            "|---|---|---|---|---|---|---|",
        ]
        for c in extract["columns"]:
            lines.append(
                f"| {c['header']} | `{c['name']}` | {KIND_WORDS[c['kind']]} | "
                f"{'yes' if c['required'] else 'no'} | {_allowed(c)} | {_checks(c)} | "
                f"{c['description']} |"
            )
        if extract["rules"]:
            lines += ["", "Rules across columns:", ""]
            lines += [
                f"- `{r['name']}` (reported on `{r['column']}`): rejected when {r['reason']}."
                for r in extract["rules"]
            ]
        aliases = described["header_aliases"].get(extract["name"], {})
        if aliases:
            lines += [
                "",
                "Other accepted headers: "
                + "; ".join(f'"{alias}" → `{column}`' for alias, column in sorted(aliases.items()))
                + ".",
            ]
        lines += layout_markdown(extract["name"])
        lines += published_markdown(extract["name"])
        lines.append("")
    return "\n".join(lines)
