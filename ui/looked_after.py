"""The looked-after children page: children looked after over time with starts and ceases, the
placement mix, stability, statutory visits and reviews with the coming-due list, children missing
from home or care with the list of those missing now or back with no return interview offered
(lists: managers and above only, every view logged), the charts (through the area renderer, so
their SPC judgement is the one every page uses), and the inspection findings these measures
answer."""

from __future__ import annotations

import polars as pl
import streamlit as st

from pipelines.areas import AREAS
from pipelines.overview import crop
from pipelines.presentation import child_protection as cp
from pipelines.presentation import looked_after as la
from pipelines.presentation.i18n import _
from ui import data, filters
from ui.area import draw_area_chart
from ui.findings import draw_linked_findings
from ui.record_lists import draw_coming_due, draw_record_list, may_see_record_lists
from ui.service_area import figure_with_words

KEY = "looked_after"
PLACEMENTS = ("pv_external_placement_pct", "pv_out_of_area_pct", "pv_inhouse_foster_net",
              "pv_unmatched_placement_requests")  # fmt: skip
STABILITY = ("wb_lac_3plus_placements_pct", "wf_lac_sw_stable_6m_pct", "pv_returned_home_pct",
             "pv_remain_with_family_pct")  # fmt: skip
VISITS = ("wb_lac_visit_timely_pct", "wb_lac_review_timely_pct", "pi_lac_gp_10wd_pct")
MISSING = ("wb_missing_episodes", "wb_missing_repeat", "wb_missing_per_child",
           "wb_return_interview_72h_pct", "wb_return_interview_held_pct")  # fmt: skip
TREND = ("pv_lac_rate", "pv_lac_starts", "pv_lac_ceased")
INDICATORS = {c.indicator_id for c in AREAS[KEY].charts}


def render_looked_after() -> None:
    area = AREAS[KEY]
    st.title(_(area.title))
    st.write(_(area.intro))
    register = data.load("concern_register")
    _trend()
    _charts(TREND, register)
    st.divider()
    _placement_mix()
    _charts(PLACEMENTS, register)
    st.divider()
    st.header(_("Stability"), divider="gray")
    _charts(STABILITY, register)
    st.divider()
    st.header(_("Statutory visits, reviews and health"), divider="gray")
    _coming_due()
    _charts(VISITS, register)
    st.divider()
    st.header(_("Missing from home or care"), divider="gray")
    _missing_now()
    _charts(MISSING, register)
    st.divider()
    draw_linked_findings(INDICATORS, register, "lac-finding")


def _charts(ids: tuple[str, ...], register: pl.DataFrame) -> None:
    for chart in AREAS[KEY].charts:
        if chart.indicator_id in ids:
            draw_area_chart(KEY, chart, register)


def _trend() -> None:
    chosen = filters.current()
    st.header(_("Children looked after over time"))
    monthly = crop(data.load("chart_rows", TREND, "month"), chosen.start, chosen.end)
    if monthly.is_empty():
        st.info(_("No looked-after children have been imported yet."))
        return
    trend = la.trend_frame(monthly)
    figure_with_words(
        la.trend_figure(trend),
        "lac-trend",
        la.trend_summary(trend),
        _(
            "A period of care runs from a child's first day looked after to the last; a change "
            "of legal status within it is not a new start."
        ),
    )


def _placement_mix() -> None:
    chosen = filters.current()
    st.header(_("Where children live: the placement mix"))
    rows = crop(
        data.load("breakdown_rows", "pv_lac_rate", chosen.period_type, "placement"),
        chosen.start,
        chosen.end,
    )
    if rows.is_empty():
        st.info(_("No placements in the data yet."))
        return
    figure_with_words(
        cp.register_figure(rows, _("Children looked after, by placement"), _("Children")),
        "lac-mix",
        la.mix_summary(rows),
        _(
            "In-house: the council's own carers and homes. Independent: fostering agencies and "
            "private or third-sector homes. Out of area is shown on its own chart below."
        ),
    )


def _coming_due() -> None:
    chosen = filters.current()
    st.subheader(_("Visits and reviews coming due and overdue"))
    what = _(
        "For each looked-after child with a placement: when the next statutory visit (within a "
        "week of a placement starting, then at least every 6 weeks, or 3-monthly after the first "
        "year of a placement meant to last until 18) and the next review (20 working days, then "
        "3 months, then 6-monthly) are due. Listed: anything overdue or due within {days} days, "
        "most urgent first",
        days=la.DUE_SOON_DAYS,
    )
    draw_coming_due(
        what,
        chosen.team,
        list_name="lac_coming_due",
        title=_("Looked-after children with a visit or review overdue or due soon"),
        summary=la.coming_due_summary,
        rows=la.coming_due_rows,
        empty=_(
            "No looked-after child has a visit or review overdue or due within {days} days.",
            days=la.DUE_SOON_DAYS,
        ),
    )


def _missing_now() -> None:
    chosen = filters.current()
    allowed = may_see_record_lists()
    missing = data.load("missing_now", chosen.team) if allowed else pl.DataFrame()
    as_at = missing["as_at"].max() if allowed and not missing.is_empty() else None
    if allowed:
        st.write(la.missing_summary(missing, as_at or data.load("store_summary").get("data_as_at")))
    draw_record_list(
        _("Children missing now, or back with no return interview offered"),
        la.missing_rows(missing) if allowed else pl.DataFrame(),
        list_name="missing_now",
        parameters={"team": chosen.team or "All teams", "as_at": as_at or ""},
        empty=_(
            "No child is missing now, and every child back in the last 28 days was offered a "
            "return interview."
        ),
    )
