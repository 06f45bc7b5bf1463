"""The caseloads and workforce page: caseloads, then the workforce behind them (establishment and
vacancies, newly qualified and agency staff, turnover, sickness), supervision with the list of
workers whose supervision is overdue or due (managers and above only, every view logged), practice
quality (case file audits and their grades) and mandatory training, and the inspection findings
these measures answer. Each chart goes through the area renderer, so its SPC judgement is the one
every page uses."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from pipelines.areas import AREAS
from pipelines.presentation.charts import BREAKDOWN_VALUES
from pipelines.presentation.i18n import N_, _, date_long, format_count, ngettext
from pipelines.presentation.plain import plain
from ui import data, filters
from ui.area import draw_area_chart
from ui.findings import draw_linked_findings
from ui.record_lists import draw_record_list, may_see_record_lists

KEY = "caseloads"
SUPERVISION = N_("Supervision")
SECTIONS = (
    (N_("Caseloads"), ("wf_caseload_avg", "wf_caseload_over_threshold", "wf_unallocated_children",
                       "wf_first_year_cp_plo_cases")),
    (N_("Establishment, vacancies and who fills the posts"), ("wf_sw_vacancy_pct",
                                                              "wf_agency_sw_pct",
                                                              "wf_newly_qualified_pct")),
    (N_("Turnover and sickness absence"), ("wf_sw_turnover_pct", "wf_sickness_days_fte")),
    (SUPERVISION, ("wf_supervision_timely_pct", "wf_supervision_recorded_pct")),
    (N_("Practice quality: case file audits"), ("wb_casp_audit_good_pct", "wb_casp_audits")),
    (N_("Mandatory training"), ("wf_mandatory_training_pct",)),
)  # fmt: skip
DUE_SOON_DAYS = 7
LIST_COLUMNS = {
    "worker_id": N_("Worker ID"),
    "team": N_("Team"),
    "experience": N_("Experience"),
    "last_session": N_("Last supervision"),
    "interval_days": N_("Policy interval (days)"),
    "due": N_("Next due"),
    "days_left": N_("Days left (negative: overdue)"),
}


def render_workforce() -> None:
    area = AREAS[KEY]
    st.title(_(area.title))
    st.write(_(area.intro))
    register = data.load("concern_register")
    charts = {c.indicator_id: c for c in area.charts}
    for title, ids in SECTIONS:
        st.header(_(title), divider="gray")
        for indicator_id in ids:
            draw_area_chart(KEY, charts[indicator_id], register)
        if title == SUPERVISION:
            _supervision_list()
    st.divider()
    draw_linked_findings(charts, register, "wf-finding")


def _supervision_list() -> None:
    chosen = filters.current()
    what = _(
        "Case-holding workers whose supervision is overdue under the council's policy (by years "
        "since qualifying) or due within {days} days, most overdue first",
        days=DUE_SOON_DAYS,
    )
    if chosen.team:
        st.write(_("{what}, for {team}.", what=what, team=plain(chosen.team)))
    else:
        st.write(_("{what}; choose a team in the sidebar.", what=what))
    allowed = may_see_record_lists()
    due = data.load("wf_supervision_due", chosen.team) if allowed else pl.DataFrame()
    as_at = due["as_at"].max() if allowed and not due.is_empty() else None
    listed = (
        due.filter(pl.col("days_left") <= DUE_SOON_DAYS).select(list(LIST_COLUMNS))
        if allowed and not due.is_empty()
        else pl.DataFrame()
    )
    if not listed.is_empty():
        bands = {value: _(value) for value in BREAKDOWN_VALUES}  # here, not in a callback
        listed = listed.with_columns(
            pl.col("last_session", "due").dt.strftime("%d/%m/%Y"),
            pl.col("experience").replace(bands),
        )
    if allowed and as_at is not None:
        st.write(supervision_summary(due, listed.height, as_at))
    draw_record_list(
        _("Supervision overdue or due soon, by worker"),
        listed.rename({k: _(v) for k, v in LIST_COLUMNS.items()})
        if not listed.is_empty()
        else listed,
        list_name="wf_supervision_due",
        parameters={"team": chosen.team or "All teams", "as_at": as_at or ""},
        empty=_(
            "No case-holding worker is overdue for supervision or due within {days} days.",
            days=DUE_SOON_DAYS,
        ),
    )


def supervision_summary(due: pl.DataFrame, listed: int, as_at: dt.date) -> str:
    """'As at 30 March 2025: 3 of 40 case-holding workers overdue for supervision, 5 more due
    within 7 days.' (``listed``: the workers overdue or due within the week)."""
    overdue = due.filter(pl.col("days_left") < 0).height
    return ngettext(
        "As at {date}: {overdue} of {n} case-holding worker overdue for supervision, {soon} more "
        "due within {days} days.",
        "As at {date}: {overdue} of {n} case-holding workers overdue for supervision, {soon} more "
        "due within {days} days.",
        due.height,
        date=date_long(as_at),
        overdue=format_count(overdue),
        soon=format_count(listed - overdue),
        days=DUE_SOON_DAYS,
    )
