"""The detail page's benchmark section: the council against Wales and its comparator group, with
its rank and quartile, the text summary beside the chart, the numbers and the sources."""

from __future__ import annotations

import polars as pl
import streamlit as st

from pipelines.catalogue import Indicator
from pipelines.config import DEFAULT_COMPARATOR_GROUP, load_settings
from pipelines.presentation.benchmark_chart import benchmark_figure
from pipelines.presentation.formatting import format_value
from pipelines.presentation.i18n import _, in_this_language
from pipelines.presentation.plain import plain
from pipelines.published.benchmark import (
    Group,
    benchmark_summary,
    benchmark_table,
    latest_comparison,
    rank_words,
)
from pipelines.published.symbols import gap_words
from ui import data
from ui.components import chart_with_words


def comparator_group() -> Group:
    """The configured group; its default name in the page's language (a configured name as
    the council wrote it)."""
    settings = load_settings()
    name = settings.comparator_group_name
    return Group(_(name) if name == DEFAULT_COMPARATOR_GROUP else name, settings.comparator_group)


def benchmark_block(indicator: Indicator, period_type: str, own: pl.DataFrame) -> None:
    """Draw the section (``own``: the council's total series as charted above)."""
    published = data.load("benchmarks", indicator.id, period_type)
    if published.is_empty():
        st.caption(
            _(
                "No published figures for other areas at this period type. Import a StatsWales "
                "or Explore Education Statistics file on the Upload page to compare with Wales."
            )
        )
        return
    group = comparator_group()
    table = benchmark_table(own, published, indicator, group, load_settings().council_code)
    summary = benchmark_summary(table, indicator, group, period_type)
    chart_with_words(benchmark_figure(table, indicator, group.name), "benchmark", summary)
    unit = indicator.unit
    no_data = _("no data")

    def median_words(median: float | None, count: int | None) -> str:
        if median is None:
            return no_data
        return _(
            "{median} ({count} of {councils})",
            median=format_value(median, unit),
            count=count,
            councils=len(group.codes),
        )

    # Polars may call these from another thread: the words keep this run's language.
    value_words = in_this_language(lambda v: format_value(v, unit))
    wales_words = in_this_language(
        lambda r: (
            format_value(r["wales"], unit) if r["wales"] is not None else gap_words(r["wales_gap"])
        )
    )
    group_words = in_this_language(lambda r: median_words(r["group_median"], r["group_count"]))
    ranked = in_this_language(
        lambda r: rank_words(r["rank"], r["councils"], r["quartile"], indicator.direction)
    )
    st.dataframe(
        table.sort("period_end", descending=True).select(
            pl.col("period_end").dt.strftime("%d/%m/%Y").alias(_("Period ending")),
            pl.col("council")
            .map_elements(value_words, return_dtype=pl.String)
            .fill_null(no_data)
            .alias(_("This council")),
            pl.struct("wales", "wales_gap")
            .map_elements(wales_words, return_dtype=pl.String)
            .alias(_("Wales")),
            pl.struct("group_median", "group_count")
            .map_elements(group_words, return_dtype=pl.String)
            .alias(_("{group} median", group=group.name)),
            pl.struct("rank", "councils", "quartile")
            .map_elements(ranked, return_dtype=pl.String)
            .alias(_("Rank among Welsh councils")),
        ),
        hide_index=True,
        width="stretch",
    )
    sources = sorted({s for s in published["source_note"].to_list() if s})
    if sources:
        st.caption(_("Sources: {sources}", sources=plain("; ".join(sources), 600)))


def draw_benchmark_summary(
    tiles: list[tuple[Indicator, pl.DataFrame]], period_type: str, team: str | None
) -> None:
    """The overview's comparison table: for each headline indicator with published figures at
    this period type, its latest period, the council, Wales, the group median and the rank."""
    group = comparator_group()
    council_code = load_settings().council_code
    rows = []
    for indicator, own in tiles:
        published = data.load("benchmarks", indicator.id, period_type)
        if published.is_empty():
            continue
        table = benchmark_table(own, published, indicator, group, council_code)
        latest = latest_comparison(table)
        if latest is None:
            continue
        unit = indicator.unit
        rows.append(
            {
                _("Indicator"): indicator.name,
                _("Period ending"): f"{latest['period_end']:%d/%m/%Y}",
                _("This council"): format_value(latest["council"], unit),
                _("Wales"): format_value(latest["wales"], unit),
                _("{group} median", group=group.name): format_value(latest["group_median"], unit),
                _("Rank among Welsh councils"): rank_words(
                    latest["rank"], latest["councils"], latest["quartile"], indicator.direction
                ),
            }
        )
    if not rows:
        return
    st.subheader(_("Compared with Wales"))
    if team is not None:
        st.caption(
            _("Published figures compare the council's totals; choose All teams to see them.")
        )
        return
    st.dataframe(rows, hide_index=True, width="stretch")
    st.caption(
        _(
            "Published figures (or the demo's synthetic ones) for other areas, beside the "
            "council's own series and never mixed into it; each indicator's page shows the years "
            "and sources."
        )
    )
