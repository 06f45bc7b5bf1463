"""The layouts in words: the data dictionary's sections on other layouts, and ``schemas --json``."""

from __future__ import annotations

from typing import Any

from pipelines.extracts import EXTRACT_TYPES
from pipelines.layouts import Layout, layouts_for


def describe_layout(layout: Layout) -> dict[str, Any]:
    """Machine-readable description of one layout."""
    extract = EXTRACT_TYPES[layout.extract]
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
        return f"not read: {source.why}"
    words = []
    if source.transform:
        words.append(source.transform.describe())
    if source.codes:
        codes = "; ".join(f"{k} → `{v}`" for k, v in source.codes.items())
        words.append(f"codes: {codes}")
    return "; ".join(words) or "as exported"


def layout_markdown(extract_name: str) -> list[str]:
    """The dictionary lines on the other layouts an extract accepts (none: no lines)."""
    layouts = layouts_for(extract_name)
    if not layouts:
        return []
    extract = EXTRACT_TYPES[extract_name]
    lines: list[str] = []
    for layout in layouts:
        lines += [
            "",
            f"### Also accepted: {layout.standard} table `{layout.name}`",
            "",
            f"Recognised by its column{'s' if len(layout.identify) > 1 else ''} "
            + ", ".join(f"`{h}`" for h in layout.identify)
            + "; read as exported, with its own headers and codes.",
            "",
            "| SSD column | Our column | How it is read |",
            "|---|---|---|",
        ]
        for source in layout.sources:
            ours = f"`{source.column}`" if source.column else "–"
            lines.append(f"| `{source.header}` | {ours} | {_how(layout, source.header)} |")
        for column, (value, why) in layout.constants.items():
            lines.append(f"| (every row) | `{column}` | {value}: {why} |")
        lines.append("")
        if layout.required_extensions:
            lines.append(
                "What Wales needs beyond this SSD table (add these columns under our headers):"
            )
            lines.append("")
            lines += [
                f"- **{extract.header_label(c)}** (`{c}`): {why}."
                for c, why in layout.required_extensions.items()
            ]
            lines.append("")
        optional = [c for c in layout.extensions if c not in layout.required_extensions]
        if optional:
            lines.append(
                "Our columns the file may also carry: "
                + ", ".join(f"**{extract.header_label(c)}**" for c in optional)
                + "."
            )
            lines.append("")
        if layout.lacks:
            lines.append("What this SSD table lacks, and what that means:")
            lines.append("")
            lines += [f"- `{c}`: {consequence}." for c, consequence in layout.lacks.items()]
            lines.append("")
        if layout.skips:
            lines += [
                f"Rows not imported (with a warning): `{s.header}` is "
                + " or ".join(f"'{v}'" if v else "blank" for v in s.values)
                + f": {s.why}."
                for s in layout.skips
            ]
            lines.append("")
        lines.append(
            "A file that lacks a required column, carries a column not listed here, or holds a "
            "code not listed is rejected with the row, column and value as exported."
        )
    return lines
