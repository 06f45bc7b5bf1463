"""The caseloads and workforce page: caseloads, then the workforce behind them (establishment and
vacancies, newly qualified and agency staff, turnover, sickness), supervision with the list of
workers whose supervision is overdue or due (managers and above only, every view logged), practice
quality (case file audits and their grades) and mandatory training, and the inspection findings
these measures answer. Each chart goes through the area renderer, so its SPC judgement is the one
every page uses."""

from __future__ import annotations

import polars as pl
import streamlit as st

from pipelines.areas import AREAS
from pipelines.presentation.i18n import _
from pipelines.presentation.plain import plain
from ui import data, filters
from ui.area import draw_area_chart
from ui.findings import draw_linked_findings
from ui.record_lists import draw_record_list, may_see_record_lists

KEY = "caseloads"
SECTIONS = (
    ("Caseloads", ("wf_caseload_avg", "wf_caseload_over_threshold", "wf_unallocated_children",
                   "wf_first_year_cp_plo_cases")),
    ("Establishment, vacancies and who fills the posts", ("wf_sw_vacancy_pct", "wf_agency_sw_pct",
                                                          "wf_newly_qualified_pct")),
    ("Turnover and sickness absence", ("wf_sw_turnover_pct", "wf_sickness_days_fte")),
    ("Supervision", ("wf_supervision_timely_pct", "wf_supervision_recorded_pct")),
    ("Practice quality: case file audits", ("wb_casp_audit_good_pct", "wb_casp_audits")),
    ("Mandatory training", ("wf_mandatory_training_pct",)),
)  # fmt: skip
DUE_SOON_DAYS = 7
LIST_COLUMNS = {
    "worker_id": "Worker ID",
    "team": "Team",
    "experience": "Experience",
    "last_session": "Last supervision",
    "interval_days": "Policy interval (days)",
    "due": "Next due",
    "days_left": "Days left (negative: overdue)",
}


def render_workforce() -> None:
    area = AREAS[KEY]
    st.title(_(area.title))
    st.write(_(area.intro))
    register = data.load("concern_register")
    charts = {c.indicator_id: c for c in area.charts}
    for title, ids in SECTIONS:
        st.header(title, divider="gray")
        for indicator_id in ids:
            draw_area_chart(KEY, charts[indicator_id], register)
        if title == "Supervision":
            _supervision_list()
    st.divider()
    draw_linked_findings(charts, register, "wf-finding")


def _supervision_list() -> None:
    chosen = filters.current()
    st.write(
        "Case-holding workers whose supervision is overdue under the council's policy (by years "
        f"since qualifying) or due within {DUE_SOON_DAYS} days, most overdue first"
        + (f", for {plain(chosen.team)}." if chosen.team else "; choose a team in the sidebar.")
    )
    allowed = may_see_record_lists()
    due = data.load("wf_supervision_due", chosen.team) if allowed else pl.DataFrame()
    as_at = due["as_at"].max() if allowed and not due.is_empty() else None
    listed = (
        due.filter(pl.col("days_left") <= DUE_SOON_DAYS).select(list(LIST_COLUMNS))
        if allowed and not due.is_empty()
        else pl.DataFrame()
    )
    listed = listed.with_columns(
        pl.col(c).dt.strftime("%d/%m/%Y") for c in ("last_session", "due") if c in listed.columns
    )
    if allowed and as_at is not None:
        overdue = due.filter(pl.col("days_left") < 0).height
        st.write(
            f"As at {as_at:%d %B %Y}: {overdue:,} of {due.height:,} case-holding workers "
            f"overdue for supervision, {listed.height - overdue:,} more due within "
            f"{DUE_SOON_DAYS} days."
        )
    draw_record_list(
        "Supervision overdue or due soon, by worker",
        listed.rename(LIST_COLUMNS) if not listed.is_empty() else listed,
        list_name="wf_supervision_due",
        parameters={"team": chosen.team or "All teams", "as_at": as_at or ""},
        empty="No case-holding worker is overdue for supervision or due within 7 days.",
    )
