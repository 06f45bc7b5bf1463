"""Drawing helpers shared by the pages: tiles, SPC chart blocks, number tables and links."""

from __future__ import annotations

import polars as pl
import streamlit as st

from pipelines.catalogue import Indicator
from pipelines.overview import Tile
from pipelines.presentation.charts import EventMarker, sparkline, spc_figure
from pipelines.presentation.formatting import format_change, format_number, format_value
from pipelines.presentation.narrative import chart_summary
from pipelines.presentation.plain import plain
from pipelines.presentation.status import assurance_icon, point_words, variation_icon
from ui.registry import page_path

PLOT_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
STREAMLIT_COLOURS = {"#12436D": "blue", "#F46A25": "orange", "#801650": "violet"}


def _coloured(text: str, colour: str) -> str:
    name = STREAMLIT_COLOURS.get(colour)
    return f":{name}[{text}]" if name else text


def detail_link(
    indicator: Indicator,
    period_type: str,
    breakdown: str = "total",
    value: str = "All",
    label: str = "Open the chart and its definition",
) -> None:
    st.page_link(
        page_path("indicator-detail"),
        label=label,
        icon=":material/arrow_forward:",
        query_params={
            "id": indicator.id,
            "period": period_type,
            "breakdown": breakdown,
            "value": value,
        },
    )


def draw_tile(tile: Tile, period_type: str, key: str) -> None:
    indicator = tile.indicator
    with st.container(border=True):
        st.markdown(f"**{indicator.name}**{plain(tile.scope)}")
        latest = tile.latest
        if latest is None:
            st.write("No data for this period type.")
            detail_link(indicator, period_type)
            return
        delta_colour = {"higher": "normal", "lower": "inverse"}.get(indicator.polarity, "off")
        st.metric(
            label=f"Latest: period ending {latest['period_end']:%d %b %Y}",
            value=format_value(latest["value"], indicator.unit),
            # st.metric reads the direction from an ASCII sign at the start of the delta.
            delta=f"{format_change(tile.change, indicator.unit).replace('−', '-')} on the "
            "previous period",
            delta_color=delta_colour,  # type: ignore[arg-type]
        )
        variation = variation_icon(latest["variation"])
        assurance = assurance_icon(latest["assurance"])
        st.markdown(_coloured(f"{variation.symbol} {variation.words}", variation.colour))
        if indicator.target is not None:
            st.markdown(
                _coloured(f"{assurance.symbol} {assurance.words}", assurance.colour)
                + f" (target {format_value(indicator.target, indicator.unit)})"
            )
        st.plotly_chart(
            sparkline(tile.rows, indicator),
            key=f"spark-{key}",
            config={"staticPlot": True},
            theme=None,
            alt=f"Sparkline of the last 26 periods of {indicator.name}",
        )
        detail_link(indicator, period_type)


def spc_block(
    frame: pl.DataFrame,
    indicator: Indicator,
    *,
    key: str,
    scope: str = "",
    markers: tuple[EventMarker, ...] = (),
    height: int = 420,
) -> None:
    """The SPC chart with its one-sentence text summary beside it."""
    summary = chart_summary(frame, indicator, scope)
    chart, words = st.columns([3, 1])
    with chart:
        st.plotly_chart(
            spc_figure(frame, indicator, markers=markers, height=height),
            key=f"spc-{key}",
            config=PLOT_CONFIG,
            theme=None,
            alt=summary,
        )
    with words:
        st.markdown("**In words**")
        st.markdown(plain(summary, limit=2000))


def numbers_table(frame: pl.DataFrame, indicator: Indicator, periods: int = 13) -> None:
    """The numbers behind a chart: the latest periods, newest first."""
    rows = frame.sort("period_end", descending=True).head(periods)
    unit = indicator.unit
    table = rows.select(
        pl.col("period_end").dt.strftime("%d/%m/%Y").alias("Period ending"),
        pl.col("numerator")
        .map_elements(lambda v: format_number(v, "count"), return_dtype=pl.String)
        .alias("Numerator"),
        pl.col("denominator")
        .map_elements(
            lambda v: format_number(v, "ratio" if unit == "ratio" else "count"),
            return_dtype=pl.String,
        )
        .alias("Denominator"),
        pl.col("value")
        .map_elements(lambda v: format_value(v, unit), return_dtype=pl.String)
        .alias("Value"),
        pl.col("mean")
        .map_elements(lambda v: format_value(v, unit), return_dtype=pl.String)
        .alias("Average"),
        pl.col("point_type").map_elements(point_words, return_dtype=pl.String).alias("SPC"),
    )
    st.dataframe(table, hide_index=True, width="stretch")
