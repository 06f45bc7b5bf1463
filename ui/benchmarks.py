"""The detail page's benchmark section: the council against Wales and its comparator group, with
its rank and quartile, the text summary beside the chart, the numbers and the sources."""

from __future__ import annotations

import polars as pl
import streamlit as st

from pipelines.catalogue import Indicator
from pipelines.config import load_settings
from pipelines.presentation.benchmark_chart import benchmark_figure
from pipelines.presentation.formatting import format_value
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
    settings = load_settings()
    return Group(settings.comparator_group_name, settings.comparator_group)


def benchmark_block(indicator: Indicator, period_type: str, own: pl.DataFrame) -> None:
    """Draw the section (``own``: the council's total series as charted above)."""
    published = data.load("benchmarks", indicator.id, period_type)
    if published.is_empty():
        st.caption(
            "No published figures for other areas at this period type. Import a StatsWales or "
            "Explore Education Statistics file on the Upload page to compare with Wales."
        )
        return
    group = comparator_group()
    table = benchmark_table(own, published, indicator, group, load_settings().council_code)
    summary = benchmark_summary(table, indicator, group, period_type)
    chart_with_words(benchmark_figure(table, indicator, group.name), "benchmark", summary)
    unit = indicator.unit
    st.dataframe(
        table.sort("period_end", descending=True).select(
            pl.col("period_end").dt.strftime("%d/%m/%Y").alias("Period ending"),
            pl.col("council")
            .map_elements(lambda v: format_value(v, unit), return_dtype=pl.String)
            .fill_null("no data")
            .alias("This council"),
            pl.struct("wales", "wales_gap")
            .map_elements(
                lambda r: (
                    format_value(r["wales"], unit)
                    if r["wales"] is not None
                    else gap_words(r["wales_gap"])
                ),
                return_dtype=pl.String,
            )
            .alias("Wales"),
            pl.struct("group_median", "group_count")
            .map_elements(
                lambda r: (
                    f"{format_value(r['group_median'], unit)} ({r['group_count']} of "
                    f"{len(group.codes)})"
                    if r["group_median"] is not None
                    else "no data"
                ),
                return_dtype=pl.String,
            )
            .alias(f"{group.name} median"),
            pl.struct("rank", "councils", "quartile")
            .map_elements(
                lambda r: rank_words(r["rank"], r["councils"], r["quartile"], indicator.direction),
                return_dtype=pl.String,
            )
            .alias("Rank among Welsh councils"),
        ),
        hide_index=True,
        width="stretch",
    )
    sources = sorted({s for s in published["source_note"].to_list() if s})
    if sources:
        st.caption("Sources: " + plain("; ".join(sources), 600))


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
                "Indicator": indicator.name,
                "Period ending": f"{latest['period_end']:%d/%m/%Y}",
                "This council": format_value(latest["council"], unit),
                "Wales": format_value(latest["wales"], unit),
                f"{group.name} median": format_value(latest["group_median"], unit),
                "Rank among Welsh councils": rank_words(
                    latest["rank"], latest["councils"], latest["quartile"], indicator.direction
                ),
            }
        )
    if not rows:
        return
    st.subheader("Compared with Wales")
    if team is not None:
        st.caption("Published figures compare the council's totals; choose All teams to see them.")
        return
    st.dataframe(rows, hide_index=True, width="stretch")
    st.caption(
        "Published figures (or the demo's synthetic ones) for other areas, beside the council's "
        "own series and never mixed into it; each indicator's page shows the years and sources."
    )
