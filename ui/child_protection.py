"""The child protection page: the journey from contact to the register, the register over time,
the coming-due list a team manager works from (managers and above only, every view logged), the
timeliness and partnership charts (through the area renderer, so their SPC judgement is the one
every page uses), and the inspection findings these measures answer."""

from __future__ import annotations

import polars as pl
import streamlit as st

from pipelines.areas import AREAS
from pipelines.overview import crop
from pipelines.presentation import child_protection as cp
from pipelines.presentation.i18n import _
from ui import data, filters
from ui.area import draw_area_chart
from ui.findings import draw_linked_findings
from ui.record_lists import draw_coming_due
from ui.service_area import figure_with_words

KEY = "child_protection"
REGISTER = ("wb_cpr_rate", "wb_cpr_registrations", "wb_cpr_reregistration_pct",
            "wb_cpr_reregistration_ever_pct", "wb_cpr_avg_days", "wb_cpr_over_12m")  # fmt: skip
TIMELINESS = ("wb_strategy_24h_pct", "wb_icpc_15wd_pct", "wb_outline_plan_5wd_pct",
              "wb_initial_core_group_10wd_pct", "wb_core_group_6wk_pct", "wb_cp_visit_10wd_pct",
              "wb_cp_review_timely_pct")  # fmt: skip
PARTNERS = ("pi_strategy_multiagency_pct", "pi_s47_outcome_shared_pct",
            "pi_conference_attendance_pct")  # fmt: skip
INDICATORS = {c.indicator_id for c in AREAS[KEY].charts} | {i for i, _ in cp.JOURNEY[1:]}


def render_child_protection() -> None:
    area = AREAS[KEY]
    st.title(_(area.title))
    st.write(_(area.intro))
    register = data.load("concern_register")
    _journey()
    st.divider()
    _register_by_category()
    _charts(REGISTER, register)
    st.divider()
    _coming_due()
    st.divider()
    st.header(_("Timeliness against the Wales Safeguarding Procedures"), divider="gray")
    _charts(TIMELINESS, register)
    st.header(_("Working with partners"), divider="gray")
    _charts(PARTNERS, register)
    st.divider()
    _findings(register)


def _charts(ids: tuple[str, ...], register: pl.DataFrame) -> None:
    for chart in AREAS[KEY].charts:
        if chart.indicator_id in ids:
            draw_area_chart(KEY, chart, register)


def _journey() -> None:
    chosen = filters.current()
    st.header(_("From contact to the register"))
    ids = tuple(step[0] for step in cp.JOURNEY)
    monthly = data.load("chart_rows", ids, "month")
    if monthly.is_empty():
        st.info(_("No child protection activity has been imported yet."))
        return
    end = chosen.end or monthly["period_end"].max()
    steps, last = cp.journey(monthly, end)
    figure_with_words(
        cp.journey_figure(steps, last),
        "cp-journey",
        cp.journey_summary(steps, last),
        _(
            "Counts of events in the same 12 months (ending with the last month of the date "
            "range chosen), not children followed from one step to the next."
        ),
    )
    st.dataframe(cp.journey_table(steps), hide_index=True, width="stretch")


def _register_by_category() -> None:
    chosen = filters.current()
    st.header(_("The register over time"))
    rows = crop(
        data.load("breakdown_rows", "wb_cpr_rate", chosen.period_type, "category"),
        chosen.start,
        chosen.end,
    )
    if rows.is_empty():
        st.info(_("No one has been on the child protection register in the data."))
        return
    figure_with_words(cp.register_figure(rows), "cp-register-category", cp.register_summary(rows))


def _coming_due() -> None:
    chosen = filters.current()
    st.header(_("Coming due and overdue"))
    what = _(
        "For each child on the register: when the next statutory visit (every 10 working days), "
        "core group (10 working days after registration, then every 6 weeks) and review "
        "conference (3 months, then 6-monthly) are due. Listed: anything overdue or due within "
        "{days} working days, most urgent first",
        days=cp.DUE_SOON_WD,
    )
    draw_coming_due(
        what,
        chosen.team,
        list_name="cp_coming_due",
        title=_("Children with a visit, core group or review overdue or due soon"),
        summary=cp.coming_due_summary,
        rows=cp.coming_due_rows,
        empty=_("No child on the register has anything overdue or due within 5 working days."),
    )


def _findings(register: pl.DataFrame) -> None:
    draw_linked_findings(INDICATORS, register, "cp-finding")
