"""One renderer for every service-area page: the area's indicators as SPC charts, each with its
breakdown and the numbers behind it."""

from __future__ import annotations

import streamlit as st

from pipelines.areas import AREAS
from pipelines.catalogue import load_catalogue
from pipelines.concerns import inspection_markers
from pipelines.overview import crop
from pipelines.presentation.charts import breakdown_figure, breakdown_summary, change_markers
from pipelines.presentation.plain import bounded
from ui import data, filters
from ui.components import PLOT_CONFIG, numbers_table, open_chart_button, spc_block


def render_area(key: str) -> None:
    area = AREAS[key]
    catalogue = load_catalogue()
    chosen = filters.current()
    st.title(area.title)
    st.write(area.intro)
    register = data.load("concern_register")
    history = data.load("process_changes")
    for chart in area.charts:
        indicator = catalogue[chart.indicator_id]
        st.header(indicator.name)
        if chosen.team and chart.breakdown == "team":
            rows = data.load("chart_rows", (indicator.id,), chosen.period_type, "team", chosen.team)
            scope = f" ({chosen.team})"
            breakdown, value = "team", chosen.team
        else:
            rows = data.load("chart_rows", (indicator.id,), chosen.period_type)
            scope = " (all teams)" if chosen.team else ""
            breakdown, value = "total", "All"
        rows = crop(rows, chosen.start, chosen.end)
        spc_block(
            rows,
            indicator,
            key=f"{key}-{indicator.id}",
            scope=scope,
            markers=inspection_markers(register, indicator.id),
            changes=change_markers(history, indicator.id),
        )
        with st.expander(f"Breakdown and the numbers behind the chart: {indicator.name}"):
            if chart.breakdown:
                parts = crop(
                    data.load("breakdown_rows", indicator.id, chosen.period_type, chart.breakdown),
                    chosen.start,
                    chosen.end,
                )
                if not parts.is_empty():
                    st.plotly_chart(
                        breakdown_figure(parts, indicator, chart.breakdown),
                        key=f"bd-{key}-{indicator.id}",
                        config=PLOT_CONFIG,
                        theme=None,
                        alt=breakdown_summary(parts, indicator, chart.breakdown),
                    )
                    st.text(bounded(breakdown_summary(parts, indicator, chart.breakdown), 2000))
            numbers_table(rows, indicator)
        open_chart_button(
            indicator,
            chosen.period_type,
            key=f"open-{key}-{indicator.id}",
            breakdown=breakdown,
            value=value,
        )
