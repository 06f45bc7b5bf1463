"""Inspection concerns: the register by report and theme, each finding with its evidencing
indicators' current SPC status and direction since the inspection."""

from html import escape

import streamlit as st

from pipelines.catalogue import load_catalogue
from pipelines.concerns import linked_status
from pipelines.overview import group_by_indicator
from pipelines.presentation.formatting import format_value
from pipelines.presentation.i18n import _
from pipelines.presentation.icons import img_tag, variation_svg
from pipelines.presentation.narrative import variation_sentence
from pipelines.presentation.plain import html_text, plain
from ui import data, filters
from ui.components import open_chart_button
from ui.guard import require_router

require_router()

chosen = filters.current()
st.title(_("Inspection concerns"))
st.caption(
    "Findings and areas for improvement from the inspection reports, with the indicators that "
    "evidence each one: their latest SPC status and whether they have moved the right way since "
    "the inspection (comparing the latest period with the last period before the inspection)."
)
register = data.load("concern_register")
if register.is_empty():
    st.warning("The inspection register is empty. Import data/reference/inspection_concerns.csv.")
    st.stop()
rows = group_by_indicator(data.load("chart_rows", tuple(load_catalogue()), chosen.period_type))
themes = {
    "people": "People",
    "prevention": "Prevention",
    "wellbeing": "Well-being",
    "partnership": "Partnership and integration",
    "workforce": "Workforce",
    "leadership": "Leadership",
}
for (report,), by_report in register.group_by("report", maintain_order=True):
    first = by_report.row(0, named=True)
    st.header(plain(report))
    st.caption(
        f"{plain(first['inspectorate'])} · inspection {first['inspection_date']:%d %B %Y} · "
        f"published {first['publication_date']:%d %B %Y} · {by_report.height} findings"
    )
    for (theme,), by_theme in by_report.group_by("theme", maintain_order=True):
        st.subheader(plain(themes.get(str(theme), str(theme))))
        for concern in by_theme.iter_rows(named=True):
            with st.container(border=True):
                st.html(
                    f'<p style="margin:0"><b>{html_text(concern["concern_id"])}</b> — '
                    f"{html_text(concern['finding'], 2000)}</p>"
                )
                ids = concern["indicator_ids"].split(";")
                for status in linked_status(ids, concern["inspection_date"], rows):
                    signal = status.signal
                    latest = format_value(status.latest, status.indicator.unit)
                    shown = signal.variation if signal.withheld is None else None
                    icon = img_tag(variation_svg(shown), variation_sentence(signal), 28)
                    words = (
                        f"{status.indicator.name}: latest {latest}; "
                        f"{variation_sentence(signal).lower()}; since the inspection: "
                    )
                    st.html(
                        '<div style="display:flex;align-items:center;gap:0.5rem">'
                        f"{icon}<span>{escape(words)}<b>{escape(status.movement)}</b></span></div>"
                    )
                    if status.indicator.computed or status.latest is not None:
                        open_chart_button(
                            status.indicator,
                            chosen.period_type,
                            key=f"concern-{concern['concern_id']}-{status.indicator.id}",
                            label=f"Chart: {status.indicator.name}",
                        )
