"""The data dictionary's section on published figures (symbols, periods, areas, layouts)."""

from __future__ import annotations

from pipelines.periods import OTHER_YEARS
from pipelines.presentation.i18n import N_, _
from pipelines.published.areas import WALES
from pipelines.published.symbols import REASONS, SYMBOLS

# the publishers named beside their symbols (pipelines.published.symbols.SYMBOLS)
N_("StatsWales")
N_("Explore Education Statistics")
N_("Explore Education Statistics (low reliability)")
N_("Explore Education Statistics (rounds to 0 but is not 0)")


def published_markdown(extract: str) -> list[str]:
    """Lines for the data dictionary under ``indicator_values``; none for other extracts."""
    if extract != "indicator_values":
        return []
    other_years = ", ".join(
        words[:1].lower() + words[1:] for words in (_(w) for _month, w in OTHER_YEARS.values())
    )
    lines = [
        "",
        _(
            "Figures not published. A publisher's symbol in 'Value' (when 'Status' is blank) is\n"
            "stored as a gap with its reason; a gap is drawn as a break in the line, listed with its\n"
            "reason in the numbers table, never counted as 0 and never spanned by a moving range."
        ),
        "",
        _("| Symbol | Reason stored (`status`) | Publisher |"),
        "|---|---|---|",
    ]
    for symbol, (reason, publisher) in SYMBOLS.items():
        meaning, name = _(REASONS[reason]), _(publisher)
        lines.append(f"| `{symbol}` | `{reason}`: {meaning} | {name} |")
    lines += [
        "",
        _(
            "Periods. A figure's period start and end give its period type: weeks (ending on the\n"
            "configured day), calendar months, quarters (January–March, …), financial years\n"
            "(April–March), {other_years}. Any other period is imported with a warning naming the "
            "row: it is kept but charted on\nno period type.",
            other_years=other_years,
        ),
        "",
        _(
            "Areas (`geography`). Blank: the council's own figure. Otherwise a Welsh council's ONS\n"
            "code (`W06…`, see `data/reference/benchmark_areas.csv`) or `{wales}` for Wales: a "
            "published\nbenchmark, charted beside the council's series and never mixed into it.",
            wales=WALES,
        ),
    ]
    return lines
