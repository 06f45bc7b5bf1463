"""Board view: one story at a time on a shared screen — a big chart with its icons, the sentence
that explains it, and the inspection findings it answers. Previous and Next step through the
headline indicators. The sentence and icons come from the same signal as the overview's tile."""

import streamlit as st

from pipelines.catalogue import headline_indicators
from pipelines.concerns import inspection_markers
from pipelines.overview import crop
from pipelines.presentation.charts import change_markers, spc_figure
from pipelines.presentation.i18n import _
from pipelines.presentation.narrative import chart_summary
from pipelines.presentation.plain import html_text
from pipelines.signals import latest_signal
from ui import data, filters
from ui.components import PLOT_CONFIG, signal_html
from ui.guard import require_router

require_router()

chosen = filters.current()
stories = headline_indicators()
index = st.session_state.setdefault("board_story", 0) % len(stories)
back, where, forward = st.columns([1, 4, 1])
if back.button(_("◀ Previous"), width="stretch"):
    index = (index - 1) % len(stories)
if forward.button(_("Next ▶"), width="stretch"):
    index = (index + 1) % len(stories)
st.session_state["board_story"] = index
indicator = stories[index]
story = _("Story {number} of {count}", number=index + 1, count=len(stories))
where.html(f'<p style="margin:0;text-align:center">{html_text(story)}</p>')

st.title(indicator.name)
rows = crop(data.load("chart_rows", (indicator.id,), chosen.period_type), chosen.start, chosen.end)
signal = latest_signal(rows, indicator)
summary = chart_summary(signal)
st.html(
    f'<p style="font-size:1.35rem;line-height:1.4;margin:0 0 0.5rem 0">{html_text(summary, 2000)}</p>'
    + signal_html(signal, 44)
)
register = data.load("concern_register")
st.plotly_chart(
    spc_figure(
        rows,
        indicator,
        markers=inspection_markers(register, indicator.id),
        changes=change_markers(data.load("process_changes"), indicator.id),
        signal=signal,
        height=620,
    ),
    key="board-chart",
    config=PLOT_CONFIG,
    theme=None,
    alt=summary,
)
linked = register.filter(register["indicator_ids"].str.split(";").list.contains(indicator.id))
if linked.height:
    st.subheader(_("What the inspectors found"))
    st.html(
        '<ul style="margin:0;padding-left:1.25rem">'
        + "".join(
            f"<li>{html_text(f['finding'], 2000)} ({html_text(f['concern_id'])})</li>"
            for f in linked.iter_rows(named=True)
        )
        + "</ul>"
    )
