"""The council against Wales and its comparator group: per period, the council's figure, Wales's,
the comparator group's median, the council's rank among the Welsh councils and its quartile.

Rules (decisions the issue left open; see docs/design.md, "Benchmarking"):

- The council's figure is its own series (computed, or its uploaded figures); where that has no
  figure for a period and the council's ONS code is configured, its published figure is used.
  Published figures are never written into the council's series.
- **Rank** is among the Welsh councils with a figure for the period: the council and every other
  council published (its own published row is not counted twice). Rank 1 is the best by the
  indicator's polarity (highest when higher is better, lowest when lower is better); for a
  neutral indicator rank 1 is the highest, and the words say "highest", not "best". Ties share
  the better rank.
- **Quartile** 1 is the best (or highest) quarter: ``floor(4 × (rank − 1) / councils) + 1``, so
  of 22 councils ranks 1–6 are the top quarter, 7–11 the second, 12–17 the third, 18–22 the
  bottom, and the first of three is in the top quarter.
- The comparator group's figure is the median of its councils' published figures for the period,
  with how many had one; a group with none published has no figure.
- A gap (a figure not published, with its reason) is never ranked and never counted as 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from pipelines.catalogue import Indicator
from pipelines.presentation.formatting import format_value
from pipelines.presentation.i18n import N_, _, current_language
from pipelines.presentation.narrative import period_end_words
from pipelines.published.areas import ENGLAND, WALES, council_codes
from pipelines.published.symbols import reason_words

BENCHMARK_SCHEMA = {
    "period_end": pl.Date,
    "council": pl.Float64,
    "wales": pl.Float64,
    "wales_gap": pl.String,
    "england": pl.Float64,
    "group_median": pl.Float64,
    "group_count": pl.Int64,
    "rank": pl.Int64,
    "councils": pl.Int64,
    "quartile": pl.Int64,
}


@dataclass(frozen=True)
class Group:
    """The comparator group a council configured (config.toml [benchmarking])."""

    name: str
    codes: tuple[str, ...]


def rank_of(value: float, others: list[float], direction: str) -> int:
    """1 + how many of ``others`` are better (higher for increase/neutral, lower for decrease)."""
    if direction == "decrease":
        return 1 + sum(1 for o in others if o < value)
    return 1 + sum(1 for o in others if o > value)


def quartile_of(rank: int, councils: int) -> int:
    return max(1, min(4, math.floor(4 * (rank - 1) / councils) + 1))


def benchmark_table(
    own: pl.DataFrame,
    published: pl.DataFrame,
    indicator: Indicator,
    group: Group,
    council_code: str = "",
) -> pl.DataFrame:
    """One row per period with a figure for the council or Wales (see the module docstring).

    ``own``: the council's series (period_end, value), total breakdown. ``published``: rows of
    ``benchmark_values`` for the indicator, period type and total (geography, period_end, value,
    gap_reason).
    """
    councils = set(council_codes())
    mine = {
        end: value
        for end, value in own.select("period_end", "value").iter_rows()
        if value is not None
    }
    by_period: dict[object, dict[str, tuple[float | None, str | None]]] = {}
    for area, end, value, gap in published.select(
        "geography", "period_end", "value", "gap_reason"
    ).iter_rows():
        by_period.setdefault(end, {})[area] = (value, gap)
    rows = []
    for end in sorted(set(mine) | set(by_period)):
        areas = by_period.get(end, {})
        council = mine.get(end)
        if council is None and council_code:
            council = areas.get(council_code, (None, None))[0]
        others = [
            v
            for code, (v, _) in areas.items()
            if code in councils and code != council_code and v is not None
        ]
        wales, wales_gap = areas.get(WALES, (None, None))
        group_values = sorted(
            v for code, (v, _) in areas.items() if code in group.codes and v is not None
        )
        median = None
        if group_values:
            mid = len(group_values) // 2
            median = (
                group_values[mid]
                if len(group_values) % 2
                else (group_values[mid - 1] + group_values[mid]) / 2
            )
        rank = total = quartile = None
        if council is not None and others:
            rank = rank_of(council, others, indicator.direction)
            total = len(others) + 1
            quartile = quartile_of(rank, total)
        if council is None and wales is None and not others:
            continue
        rows.append(
            {
                "period_end": end,
                "council": council,
                "wales": wales,
                "wales_gap": wales_gap,
                "england": areas.get(ENGLAND, (None, None))[0],
                "group_median": median,
                "group_count": len(group_values),
                "rank": rank,
                "councils": total,
                "quartile": quartile,
            }
        )
    return pl.DataFrame(rows, schema=BENCHMARK_SCHEMA)


QUARTILE_WORDS = {1: N_("top quarter"), 2: N_("second quarter"), 3: N_("third quarter"),
                  4: N_("bottom quarter")}  # fmt: skip
NEUTRAL_QUARTILE_WORDS = {
    1: N_("highest quarter"),
    2: N_("second-highest quarter"),
    3: N_("second-lowest quarter"),
    4: N_("lowest quarter"),
}
RANK_ORDER = {
    "increase": N_("1st is the highest, and higher is better"),
    "decrease": N_("1st is the lowest, and lower is better"),
    "neutral": N_("1st is the highest; neither higher nor lower is better"),
}
# Welsh ordinals written with digits (1af, 2il, 3ydd ...), up to Wales's 22 councils.
WELSH_ORDINAL_SUFFIXES = ("af", "il", "ydd", "ydd", "ed", "ed", "fed", "fed", "fed", "fed", "eg",
                          "fed", "eg", "eg", "fed", "eg", "eg", "fed", "eg", "fed", "ain", "ain")  # fmt: skip


def _ordinal(n: int) -> str:
    if current_language() == "cy":
        return f"{n}{WELSH_ORDINAL_SUFFIXES[n - 1]}" if 1 <= n <= 22 else str(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_words(rank: int | None, councils: int | None, quartile: int | None, direction: str) -> str:
    """'4th of 22 (top quarter)', or 'not ranked' when there is no figure to rank."""
    if rank is None or councils is None or quartile is None:
        return _("not ranked")
    words = (NEUTRAL_QUARTILE_WORDS if direction == "neutral" else QUARTILE_WORDS)[quartile]
    return _(
        "{rank} of {councils} ({quarter})", rank=_ordinal(rank), councils=councils, quarter=_(words)
    )


def benchmark_summary(
    table: pl.DataFrame, indicator: Indicator, group: Group, period_type: str
) -> str:
    """The text beside the benchmark chart: the latest period's figures in words."""
    if table.is_empty():
        return _("No published figures for other areas at this period type.")
    latest = table.sort("period_end").row(-1, named=True)
    unit = indicator.unit
    parts = []
    if latest["council"] is not None:
        parts.append(_("this council {value}", value=format_value(latest["council"], unit)))
    else:
        parts.append(_("no figure for this council"))
    if latest["wales"] is not None:
        parts.append(_("Wales {value}", value=format_value(latest["wales"], unit)))
    elif latest["wales_gap"]:
        parts.append(_("Wales not published ({reason})", reason=reason_words(latest["wales_gap"])))
    if latest["group_median"] is not None:
        parts.append(
            _(
                "{group} median {value} ({count} of {councils} councils published)",
                group=group.name,
                value=format_value(latest["group_median"], unit),
                count=latest["group_count"],
                councils=len(group.codes),
            )
        )
    order = _(RANK_ORDER[indicator.direction])
    ranked = rank_words(latest["rank"], latest["councils"], latest["quartile"], indicator.direction)
    rank_text = (
        _(
            "Among the Welsh councils with a figure it ranks {rank}; {order}.",
            rank=ranked,
            order=order,
        )
        if latest["rank"] is not None
        else _("It is not ranked: no figure for this council, or no other council published.")
    )
    when = period_end_words(period_type, latest["period_end"])
    return _(
        "{when}: {figures}. {rank} Published figures are shown beside the council's own series, "
        "never mixed into it.",
        when=when[:1].upper() + when[1:],
        figures="; ".join(parts),
        rank=rank_text,
    )


def latest_comparison(table: pl.DataFrame) -> dict[str, object] | None:
    """The latest period of a benchmark table in which the council has a figure (None when it
    has none): what the overview's comparison table shows."""
    mine = table.filter(pl.col("council").is_not_null()).sort("period_end")
    return mine.row(-1, named=True) if mine.height else None
