"""Board view: one story at a time on a shared screen — a big chart, the sentence that explains it,
and the inspection findings it answers. Previous and Next step through the headline indicators."""

import streamlit as st

from pipelines.catalogue import headline_indicators
from pipelines.concerns import inspection_markers
from pipelines.overview import crop
from pipelines.presentation.charts import spc_figure
from pipelines.presentation.narrative import chart_summary
from pipelines.presentation.plain import plain
from ui import data, filters
from ui.components import PLOT_CONFIG
from ui.guard import require_router

require_router()

chosen = filters.current()
stories = headline_indicators()
index = st.session_state.setdefault("board_story", 0) % len(stories)
back, where, forward = st.columns([1, 4, 1])
if back.button("◀ Previous", width="stretch"):
    index = (index - 1) % len(stories)
if forward.button("Next ▶", width="stretch"):
    index = (index + 1) % len(stories)
st.session_state["board_story"] = index
indicator = stories[index]
where.markdown(f"Story {index + 1} of {len(stories)}")

st.title(indicator.name)
rows = crop(data.load("chart_rows", (indicator.id,), chosen.period_type), chosen.start, chosen.end)
summary = chart_summary(rows, indicator)
st.subheader(plain(summary, 1000))
register = data.load("concern_register")
st.plotly_chart(
    spc_figure(rows, indicator, markers=inspection_markers(register, indicator.id), height=620),
    key="board-chart",
    config=PLOT_CONFIG,
    theme=None,
    alt=summary,
)
linked = register.filter(register["indicator_ids"].str.split(";").list.contains(indicator.id))
if linked.height:
    st.markdown("**What the inspectors found**")
    for finding in linked.iter_rows(named=True):
        st.markdown(f"- {plain(finding['finding'], 2000)} ({plain(finding['concern_id'])})")
