"""The data dictionary, generated from the extract contracts (docs/data-dictionary.md is its output).

``tests/test_dictionary.py`` fails when the committed document and the contracts drift apart;
regenerate with ``python -m pipelines schemas --markdown > docs/data-dictionary.md``.
"""

from __future__ import annotations

from typing import Any

from pipelines.config import load_settings
from pipelines.extracts.registry import EXTRACT_TYPES

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
            "headers": "case- and space-insensitive; aliases from config.toml",
            "future_date_tolerance_days": settings.future_date_tolerance_days,
        },
        "extract_types": [extract.describe() for extract in EXTRACT_TYPES.values()],
        "header_aliases": settings.header_aliases,
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
        "Files: CSV (UTF-8, with or without BOM, or Windows-1252; comma-separated) or `.xlsx` with one",
        "sheet of data. Row 1 holds the headers; headers are matched ignoring case and spaces.",
        "Dates: dd/mm/yyyy or yyyy-mm-dd, one style per column. Row numbers in messages are Excel's.",
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
        lines.append("")
    return "\n".join(lines)
