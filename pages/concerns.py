"""Inspection concerns: the register by report (the latest first) and theme, each finding with its
evidencing indicators' current SPC status and "better since the inspection?"; findings none of
whose indicators has figures yet are folded away; abbreviations are spelled out per report."""

from html import escape

import streamlit as st

from pipelines.board.verdict import verdict
from pipelines.catalogue import load_catalogue
from pipelines.concerns import linked_status
from pipelines.presentation.abbreviations import abbreviations_line
from pipelines.presentation.formatting import format_value
from pipelines.presentation.i18n import N_, _, date_long, ngettext
from pipelines.presentation.icons import img_tag, variation_svg
from pipelines.presentation.narrative import variation_sentence
from pipelines.presentation.plain import html_text, plain
from ui import data, filters
from ui.components import open_chart_button
from ui.findings import linked_rows
from ui.guard import require_router

require_router()

chosen = filters.current()
st.title(_("Inspection concerns"))
st.caption(
    _(
        "Findings and areas for improvement from the inspection reports, with the indicators "
        "that evidence each one: their latest SPC status and whether they have moved the right "
        "way since the inspection: a verdict from the figures since the inspection against the "
        "process the inspectors saw (the 24 points before it), by the SPC rules. The latest "
        "report comes first."
    )
)
register = data.load("concern_register")
if register.is_empty():
    st.warning(
        _(
            "The inspection register is empty. Import {file}.",
            file="data/reference/inspection_concerns.csv",
        )
    )
    st.stop()
rows, periods = linked_rows(load_catalogue(), chosen.period_type)
# The register's themes (the four principles of the Social Services and Well-being (Wales) Act
# 2014 with workforce and leadership), translated where shown; another theme is shown as written.
themes = {
    "people": N_("People"),
    "prevention": N_("Prevention"),
    "wellbeing": N_("Well-being"),
    "partnership": N_("Partnership and integration"),
    "workforce": N_("Workforce"),
    "leadership": N_("Leadership"),
}
latest_first = register.sort(["inspection_date", "concern_id"], descending=[True, False])


def draw_finding(concern: dict, statuses: list) -> None:
    with st.container(border=True):
        st.html(
            f'<p style="margin:0"><b>{html_text(concern["concern_id"])}</b> — '
            f"{html_text(concern['finding'], 2000)}</p>"
        )
        for status in statuses:
            signal = status.signal
            shown = signal.variation if signal.withheld is None else None
            icon = img_tag(variation_svg(shown), variation_sentence(signal), 28)
            frame = rows.get(status.indicator.id)
            if status.latest is None or frame is None:
                words = _(
                    "{name}: no figures yet (its data is not imported)",
                    name=status.indicator.name,
                )
                st.html(
                    '<div style="display:flex;align-items:center;gap:0.5rem">'
                    f"{icon}<span>{escape(words)}</span></div>"
                )
                continue
            words = _(
                "{name}: latest {latest}; {variation}; better since the inspection?",
                name=status.indicator.name,
                latest=format_value(status.latest, status.indicator.unit),
                variation=variation_sentence(signal).lower(),
            )
            since = verdict(frame, status.indicator, concern["inspection_date"]).words
            against = _(
                "(latest against the last figure before it: {movement})",
                movement=status.movement_words,
            )
            st.html(
                '<div style="display:flex;align-items:center;gap:0.5rem">'
                f"{icon}<span>{escape(words)} <b>{escape(since)}</b> {escape(against)}"
                "</span></div>"
            )
            if status.indicator.computed or status.latest is not None:
                open_chart_button(
                    status.indicator,
                    periods.get(status.indicator.id, chosen.period_type),
                    key=f"concern-{concern['concern_id']}-{status.indicator.id}",
                    label=_("Chart: {name}", name=status.indicator.name),
                )


for (report,), by_report in latest_first.group_by("report", maintain_order=True):
    first = by_report.row(0, named=True)
    st.header(plain(report))
    st.caption(
        ngettext(
            "{inspectorate} · inspection {inspected} · published {published} · {n} finding",
            "{inspectorate} · inspection {inspected} · published {published} · {n} findings",
            by_report.height,
            inspectorate=plain(first["inspectorate"]),
            inspected=date_long(first["inspection_date"]),
            published=date_long(first["publication_date"]),
        )
    )
    spelled = abbreviations_line(
        str(report), str(first["inspectorate"]), *by_report["finding"].to_list()
    )
    if spelled:
        st.caption(_("Abbreviations: {list}", list=plain(spelled, 1000)))
    without_data = []
    for (theme,), by_theme in by_report.group_by("theme", maintain_order=True):
        with_data = []
        for concern in by_theme.iter_rows(named=True):
            ids = concern["indicator_ids"].split(";")
            statuses = linked_status(ids, concern["inspection_date"], rows)
            if all(s.latest is None for s in statuses):
                without_data.append((concern, statuses))
            else:
                with_data.append((concern, statuses))
        if with_data:
            label = themes.get(str(theme))
            st.subheader(_(label) if label else plain(theme))
            for concern, statuses in with_data:
                draw_finding(concern, statuses)
    if without_data:
        with st.expander(
            ngettext(
                "{n} finding of this report with no figures yet (its indicators are not imported)",
                "{n} findings of this report with no figures yet (their indicators are not "
                "imported)",
                len(without_data),
            )
        ):
            for concern, statuses in without_data:
                draw_finding(concern, statuses)
