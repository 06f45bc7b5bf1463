"""The data dictionary, generated from the extract contracts (docs/data-dictionary.md is its output,
docs/data-dictionary.cy.md the same in Welsh).

``tests/test_dictionary.py`` fails when a committed document and the contracts drift apart;
regenerate with ``python -m pipelines schemas --markdown > docs/data-dictionary.md`` and
``python -m pipelines --lang cy schemas --markdown > docs/data-dictionary.cy.md``.

The framing is translated here; the contracts' own words (an extract's description, a column's
description, an allowed value's label) are translated where they are shown, by :func:`words`:
they are English in ``schemas --json``. Header names, column names and codes are never translated:
they are what the analyst's file holds. An allowed value's label is what the file may hold too, so
the Welsh dictionary gives it as it is, with its Welsh in brackets.
"""

from __future__ import annotations

from typing import Any

from pipelines.config import load_settings
from pipelines.extracts.registry import EXTRACT_TYPES
from pipelines.layouts import LAYOUTS
from pipelines.layouts.describe import describe_layout, layout_markdown
from pipelines.presentation.i18n import N_, _, pgettext
from pipelines.published.describe import published_markdown
from pipelines.workdays import CALENDAR_VERSION, COVERAGE_END, COVERAGE_START

KIND_WORDS = {
    "text": N_("text"),
    "enum": N_("one of a list"),
    "date": N_("date (dd/mm/yyyy or yyyy-mm-dd)"),
    "datetime": N_("date-time (dd/mm/yyyy HH:MM or ISO)"),
    "number": N_("number"),
    "yes_no": N_("Yes/No"),
    "id_list": N_("ids separated by ;"),
}
# The catalogue context of the allowed values' labels: a label is what the analyst's file may
# hold (data shown as it is on the pages), so its Welsh is only ever a gloss beside it.
LABEL_CONTEXT = "allowed value"
CHECK_WORDS = {
    "greater_than": N_("greater than {value}"),
    "greater_than_or_equal_to": N_("greater than or equal to {value}"),
    "less_than_or_equal_to": N_("less than or equal to {value}"),
    "less_than": N_("less than {value}"),
}


def words(text: str) -> str:
    """A contract's own English words (a description, a label, a layout's reason) in the current
    language: the catalogue holds them as data (``i18n_catalogue``); English where it has none."""
    return _(text) if text else text


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


def contract_words() -> list[str]:
    """Every contract text the dictionary shows through :func:`words`, in order, once each: the
    extracts' descriptions, the columns' descriptions, the layouts' reasons (the allowed values:
    :func:`allowed_labels`).
    ``i18n_catalogue`` adds them to the Welsh catalogue as data (a docstring or a description
    built from parts cannot be marked). The cross-field rules' reasons are not here: they are
    the import messages' words."""
    found: list[str] = []
    for extract in EXTRACT_TYPES.values():
        described = extract.describe()
        found.append(described["description"])
        found += [column["description"] for column in described["columns"]]
    for layout in LAYOUTS.values():
        found += [s.why for s in layout.sources if s.column is None]
        found += [why for _value, why in layout.constants.values()]
        found += list(layout.required_extensions.values())
        found += list(layout.lacks.values())
        found += [s.why for s in layout.skips]
    return list(dict.fromkeys(text for text in found if text))


def allowed_labels() -> list[str]:
    """Every allowed value's label, once each: in the catalogue with the context
    :data:`LABEL_CONTEXT`, as they are data a file may hold (glossed in Welsh, never replaced)."""
    found = [
        value["label"]
        for extract in EXTRACT_TYPES.values()
        for column in extract.describe()["columns"]
        for value in column["allowed_values"] or []
    ]
    return list(dict.fromkeys(found))


def _label(label: str) -> str:
    """The label as the file may hold it, with its Welsh in brackets in Welsh."""
    translated = pgettext(LABEL_CONTEXT, label)
    if translated == label:
        return label
    return _("{label} ({translated})", label=label, translated=translated)


def _allowed(column: dict[str, Any]) -> str:
    if not column["allowed_values"]:
        return ""
    return "; ".join(_label(v["label"]) for v in column["allowed_values"])


def _checks(column: dict[str, Any]) -> str:
    words = []
    for check in column["checks"]:
        stats = {k: v for k, v in check.items() if k != "check"}
        value = ", ".join(map(str, stats.values()))
        template = CHECK_WORDS.get(check["check"])
        if template:
            words.append(_(template, value=value))
        else:  # a check this table does not know yet: its own name (English)
            words.append(f"{check['check'].replace('_', ' ')} {value}")
    if column["unique"]:
        words.append(_("unique"))
    if column["max_length"]:
        words.append(_("at most {n} characters", n=column["max_length"]))
    if column["earliest_date"] and column["earliest_date"] != COVERAGE_START.isoformat():
        words.append(_("from {date}", date=column["earliest_date"]))
    if column["future_allowed"] is True:
        words.append(_("may be in the future"))
    elif column["future_allowed"] is False:
        words.append(_("not in the future"))
    return "; ".join(words)


def data_dictionary() -> str:
    """The dictionary in Markdown, in the current language."""
    described = schemas_json()
    lines = [
        _("# Data dictionary"),
        "",
        _(
            "Generated from the extract contracts in `pipelines/extracts/` by\n"
            "`python -m pipelines schemas --markdown`; a test fails if this file and the code drift."
        ),
        "",
        _(
            "Files: CSV (UTF-8, with or without BOM, or Windows-1252, not a mix; comma-separated) or\n"
            "`.xlsx` with one visible sheet of data. Row 1 holds the headers; headers are matched\n"
            "ignoring case, spaces and punctuation. Dates: dd/mm/yyyy or yyyy-mm-dd, one style per\n"
            "column, within {first}–{last} (the working-day calendar,\n"
            "version {version}) unless a column says otherwise, and never more than\n"
            "{days} days after the import day unless the column\n"
            "may be in the future. Text is tidied (one space for any run of white space, Unicode NFC)\n"
            "and bounded in length. Row numbers in messages are Excel's.\n"
            "Some extracts are also accepted in the layout a council may already export (the Standard\n"
            "Safeguarding Dataset, SSD): each such table is listed under its extract, with what Wales\n"
            "needs beyond it.",
            first=f"{COVERAGE_START:%d/%m/%Y}",
            last=f"{COVERAGE_END:%d/%m/%Y}",
            version=CALENDAR_VERSION,
            days=load_settings().future_date_tolerance_days,
        ),
        "",
    ]
    for extract in described["extract_types"]:
        lines += [
            _("## {title} (`{name}`)", title=words(extract["title"]), name=extract["name"]),
            "",
            words(extract["description"]),
            "",
        ]
        lines += [_("Record key: {columns}.", columns=", ".join(extract["record_key"])), ""]
        lines += [
            _("| Header | Column | Type | Required | Allowed values | Checks | Meaning |"),
            "|---|---|---|---|---|---|---|",
        ]
        for c in extract["columns"]:
            kind_words = KIND_WORDS[c["kind"]]
            kind = _(kind_words)
            required = _("yes") if c["required"] else _("no")
            meaning = words(c["description"])
            lines.append(
                f"| {c['header']} | `{c['name']}` | {kind} | "
                f"{required} | {_allowed(c)} | {_checks(c)} | {meaning} |"
            )
        if extract["rules"]:
            lines += ["", _("Rules across columns:"), ""]
            lines += [
                _(
                    "- `{name}` (reported on `{column}`): rejected when {reason}.",
                    name=r["name"],
                    column=r["column"],
                    reason=words(r["reason"]),
                )
                for r in extract["rules"]
            ]
        aliases = described["header_aliases"].get(extract["name"], {})
        if aliases:
            lines += [
                "",
                _(
                    "Other accepted headers: {headers}.",
                    headers="; ".join(
                        f'"{alias}" → `{column}`' for alias, column in sorted(aliases.items())
                    ),
                ),
            ]
        lines += layout_markdown(extract["name"])
        lines += published_markdown(extract["name"])
        lines.append("")
    return "\n".join(lines)
