"""One renderer for every service-area page: the area's indicators as SPC charts, each with its
breakdown and the numbers behind it."""

from __future__ import annotations

import polars as pl
import streamlit as st

from pipelines.areas import AREAS, AreaChart
from pipelines.catalogue import Indicator, load_catalogue
from pipelines.concerns import inspection_markers
from pipelines.overview import crop
from pipelines.presentation.charts import breakdown_figure, breakdown_summary, change_markers
from pipelines.presentation.i18n import N_, _
from pipelines.presentation.plain import bounded
from pipelines.presentation.theme import plot_config
from ui import data, filters
from ui.components import numbers_table, open_chart_button, spc_block

ALL_TEAMS_SCOPE = N_(" (all teams)")


def render_area(key: str) -> None:
    area = AREAS[key]
    st.title(_(area.title))  # the areas' words are in the Welsh catalogue (i18n_catalogue.py)
    st.write(_(area.intro))
    register = data.load("concern_register")
    for chart in area.charts:
        draw_area_chart(key, chart, register)


FREQUENCY_PERIOD = {"weekly": "week", "monthly": "month", "quarterly": "quarter"}
# "Shown by quarter ...: it has no weekly figures" (the period types in words).
SHOWN_BY = {"week": N_("week"), "month": N_("month"), "quarter": N_("quarter"), "year": N_("year")}
PERIODIC = {"week": N_("weekly"), "month": N_("monthly"), "quarter": N_("quarterly"),
            "year": N_("yearly")}  # fmt: skip


def shown_period_type(indicator: Indicator, chosen: str) -> str:
    """The period type an indicator is drawn by: the one chosen, or, when the indicator has no
    figures of that type (a quarterly audit measure has no weeks), its own reporting frequency."""
    if not data.load("chart_rows", (indicator.id,), chosen).is_empty():
        return chosen
    own = FREQUENCY_PERIOD.get(indicator.frequency, chosen)
    return own if not data.load("chart_rows", (indicator.id,), own).is_empty() else chosen


def draw_area_chart(key: str, chart: AreaChart, register: pl.DataFrame) -> None:
    """One indicator of an area: its SPC chart (for the team chosen in the sidebar when the
    breakdown is by team) with its inspection and process-change markers, the breakdown and the
    numbers behind it, and the button that opens its detail."""
    indicator = load_catalogue()[chart.indicator_id]
    chosen = filters.current()
    history = data.load("process_changes")
    st.header(indicator.name)
    period_type = shown_period_type(indicator, chosen.period_type)
    if period_type != chosen.period_type:
        st.caption(
            _(
                "Shown by {period}, its reporting frequency: it has no {chosen} figures (too few "
                "events a week for a steady rate, or a 12-month figure that would barely move "
                "from one week to the next).",
                period=_(SHOWN_BY.get(period_type, period_type)),
                chosen=_(PERIODIC.get(chosen.period_type, chosen.period_type)),
            )
        )
    if chosen.team and chart.breakdown == "team":
        rows = data.load("chart_rows", (indicator.id,), period_type, "team", chosen.team)
        scope = f" ({chosen.team})"
        breakdown, value = "team", chosen.team
    else:
        rows = data.load("chart_rows", (indicator.id,), period_type)
        scope = _(ALL_TEAMS_SCOPE) if chosen.team else ""
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
    with st.expander(_("Breakdown and the numbers behind the chart: {name}", name=indicator.name)):
        if chart.breakdown:
            parts = crop(
                data.load("breakdown_rows", indicator.id, period_type, chart.breakdown),
                chosen.start,
                chosen.end,
            )
            if not parts.is_empty():
                st.plotly_chart(
                    breakdown_figure(parts, indicator, chart.breakdown),
                    key=f"bd-{key}-{indicator.id}",
                    config=plot_config(),
                    theme=None,
                    alt=breakdown_summary(parts, indicator, chart.breakdown),
                )
                st.text(bounded(breakdown_summary(parts, indicator, chart.breakdown), 2000))
        numbers_table(rows, indicator)
    open_chart_button(
        indicator,
        period_type,
        key=f"open-{key}-{indicator.id}",
        breakdown=breakdown,
        value=value,
    )
