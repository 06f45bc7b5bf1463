"""The layouts in words: the data dictionary's sections on other layouts, and ``schemas --json``.

The dictionary's lines are in the current language (the layouts' own reasons through the
catalogue, as data); ``schemas --json`` is always English. Exported headers, our column names and
codes are never translated.
"""

from __future__ import annotations

from functools import reduce
from typing import Any

from pipelines.extracts import EXTRACT_TYPES
from pipelines.layouts import Layout, layouts_for
from pipelines.presentation.i18n import _, ngettext, use_language


def words(text: str) -> str:
    """A layout's own English words (a reason, a consequence) in the current language."""
    return _(text) if text else text


def describe_layout(layout: Layout) -> dict[str, Any]:
    """Machine-readable description of one layout."""
    extract = EXTRACT_TYPES[layout.extract]
    with use_language("en"):  # the machine-readable description is English
        return _describe_layout(layout, extract)


def _describe_layout(layout: Layout, extract: Any) -> dict[str, Any]:
    return {
        "name": layout.name,
        "standard": layout.standard,
        "extract_type": layout.extract,
        "identified_by": list(layout.identify),
        "columns": [
            {
                "header": s.header,
                "column": s.column,
                "codes": dict(s.codes) or None,
                "transform": s.transform.describe() if s.transform else None,
                "set_aside_because": (s.why or None) if s.column is None else None,
            }
            for s in layout.sources
        ],
        "constants": {c: {"value": v, "why": why} for c, (v, why) in layout.constants.items()},
        "required_extensions": [
            {"column": c, "header": extract.header_label(c), "why": why}
            for c, why in layout.required_extensions.items()
        ],
        "optional_extensions": [
            {"column": c, "header": extract.header_label(c)}
            for c in layout.extensions
            if c not in layout.required_extensions
        ],
        "skipped_rows": [
            {"header": s.header, "values": list(s.values), "why": s.why} for s in layout.skips
        ],
        "lacks": dict(layout.lacks),
    }


def _how(layout: Layout, header: str) -> str:
    source = next(s for s in layout.sources if s.header == header)
    if source.column is None:
        return _("not read: {why}", why=words(source.why))
    parts = []
    if source.transform:
        parts.append(source.transform.describe())
    if source.codes:
        codes = "; ".join(f"{k} → `{v}`" for k, v in source.codes.items())
        parts.append(_("codes: {codes}", codes=codes))
    return "; ".join(parts) or _("as exported")


def _either(values: tuple[str, ...]) -> str:
    """'y' or 'yes' / blank: the cell values that mark a row not to import."""
    shown = [f"'{v}'" if v else _("blank") for v in values]
    return reduce(lambda a, b: _("{first} or {second}", first=a, second=b), shown)


def layout_markdown(extract_name: str) -> list[str]:
    """The dictionary lines on the other layouts an extract accepts (none: no lines)."""
    layouts = layouts_for(extract_name)
    if not layouts:
        return []
    extract = EXTRACT_TYPES[extract_name]
    lines: list[str] = []
    for layout in layouts:
        identify = ", ".join(f"`{h}`" for h in layout.identify)
        lines += [
            "",
            _(
                "### Also accepted: {standard} table `{name}`",
                standard=layout.standard,
                name=layout.name,
            ),
            "",
            ngettext(
                "Recognised by its column {columns}; read as exported, with its own headers and "
                "codes.",
                "Recognised by its columns {columns}; read as exported, with its own headers and "
                "codes.",
                len(layout.identify),
                columns=identify,
            ),
            "",
            _("| SSD column | Our column | How it is read |"),
            "|---|---|---|",
        ]
        for source in layout.sources:
            ours = f"`{source.column}`" if source.column else "–"
            lines.append(f"| `{source.header}` | {ours} | {_how(layout, source.header)} |")
        for column, (value, why) in layout.constants.items():
            every_row = _("(every row)")
            lines.append(f"| {every_row} | `{column}` | {value}: {words(why)} |")
        lines.append("")
        if layout.required_extensions:
            lines.append(
                _("What Wales needs beyond this SSD table (add these columns under our headers):")
            )
            lines.append("")
            lines += [
                _(
                    "- **{header}** (`{column}`): {why}.",
                    header=extract.header_label(c),
                    column=c,
                    why=words(why),
                )
                for c, why in layout.required_extensions.items()
            ]
            lines.append("")
        optional = [c for c in layout.extensions if c not in layout.required_extensions]
        if optional:
            lines.append(
                _(
                    "Our columns the file may also carry: {columns}.",
                    columns=", ".join(f"**{extract.header_label(c)}**" for c in optional),
                )
            )
            lines.append("")
        if layout.lacks:
            lines.append(_("What this SSD table lacks, and what that means:"))
            lines.append("")
            lines += [
                _("- `{column}`: {consequence}.", column=c, consequence=words(consequence))
                for c, consequence in layout.lacks.items()
            ]
            lines.append("")
        if layout.skips:
            lines += [
                _(
                    "Rows not imported (with a warning): `{header}` is {values}: {why}.",
                    header=s.header,
                    values=_either(s.values),
                    why=words(s.why),
                )
                for s in layout.skips
            ]
            lines.append("")
        lines.append(
            _(
                "A file that lacks a required column, carries a column not listed here, or holds a "
                "code not listed is rejected with the row, column and value as exported."
            )
        )
    return lines
