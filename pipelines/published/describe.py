"""The data dictionary's section on published figures (symbols, periods, areas, layouts)."""

from __future__ import annotations

from pipelines.periods import OTHER_YEARS
from pipelines.published.areas import WALES
from pipelines.published.symbols import REASONS, SYMBOLS


def published_markdown(extract: str) -> list[str]:
    """Lines for the data dictionary under ``indicator_values``; none for other extracts."""
    if extract != "indicator_values":
        return []
    lines = [
        "",
        "Figures not published. A publisher's symbol in 'Value' (when 'Status' is blank) is",
        "stored as a gap with its reason; a gap is drawn as a break in the line, listed with its",
        "reason in the numbers table, never counted as 0 and never spanned by a moving range.",
        "",
        "| Symbol | Reason stored (`status`) | Publisher |",
        "|---|---|---|",
    ]
    lines += [
        f"| `{symbol}` | `{reason}`: {REASONS[reason]} | {publisher} |"
        for symbol, (reason, publisher) in SYMBOLS.items()
    ]
    lines += [
        "",
        "Periods. A figure's period start and end give its period type: weeks (ending on the",
        "configured day), calendar months, quarters (January–March, …), financial years",
        "(April–March), "
        + ", ".join(words[:1].lower() + words[1:] for _, words in OTHER_YEARS.values())
        + ". Any other period is imported with a warning naming the row: it is kept but charted on",
        "no period type.",
        "",
        "Areas (`geography`). Blank: the council's own figure. Otherwise a Welsh council's ONS",
        f"code (`W06…`, see `data/reference/benchmark_areas.csv`) or `{WALES}` for Wales: a published",
        "benchmark, charted beside the council's series and never mixed into it.",
    ]
    return lines
