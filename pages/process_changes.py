"""Process changes (administrators): the dates the service changed, which start new SPC limits on
the charts they affect. Recording or withdrawing one rebuilds the figures in one write; the history
keeps every change with who recorded it, when and why."""

import datetime as dt

import polars as pl
import streamlit as st

from pipelines import config
from pipelines.catalogue import load_catalogue
from pipelines.presentation.i18n import _, date_long, in_this_language
from pipelines.store import StoreError
from pipelines.store.process_changes import (
    MAX_LABEL,
    MAX_REASON,
    ProcessChange,
    add_process_changes,
    withdraw_process_change,
)
from ui import data
from ui.guard import require_router

require_router()

access = st.session_state["access"]
catalogue = load_catalogue()
st.title(_("Process changes"))
st.write(
    _(
        "Record the date the service changed (a new team, a new way of working, a change in how "
        "something is counted). From that date the charts of the indicators it affects get new "
        "process limits, so the new process is judged on its own figures, and the charts show "
        "the change as a labelled line. Recording or withdrawing a change rebuilds the figures; "
        "nothing is deleted, and imports never add or remove changes."
    )
)

history = data.load("process_changes")
st.header(_("Changes recorded"))
if history.is_empty():
    st.write(_("No process change is recorded: every chart has one set of limits."))
else:

    @in_this_language  # Polars may call it from another thread
    def affected(ids: list[str] | None) -> str:
        if not ids:
            return _("All indicators")
        return "; ".join(catalogue[i].name if i in catalogue else i for i in ids)

    st.dataframe(
        history.select(
            pl.col("change_id").alias(_("Change")),
            pl.col("change_date").dt.strftime("%d/%m/%Y").alias(_("From")),
            pl.col("label").alias(_("Label")),
            pl.col("reason").alias(_("Reason")),
            pl.col("indicator_ids")
            .map_elements(affected, return_dtype=pl.String)
            .alias(_("Indicators")),
            pl.col("added_by").alias(_("Recorded by")),
            pl.col("added_at").dt.strftime("%d/%m/%Y %H:%M").alias(_("Recorded")),
            pl.col("status")
            .replace({"active": _("active"), "withdrawn": _("withdrawn")})
            .alias(_("Status")),
            pl.col("withdrawn_by").alias(_("Withdrawn by")),
            pl.col("withdrawal_reason").alias(_("Why withdrawn")),
        ),
        hide_index=True,
        width="stretch",
    )

st.header(_("Record a process change"))
with st.form("add-change", clear_on_submit=False, enter_to_submit=False):
    when = st.date_input(_("The change took effect on"), value=dt.date.today(), format="DD/MM/YYYY")
    label = st.text_input(_("Label shown on the charts"), max_chars=MAX_LABEL)
    reason = st.text_area(_("Why the limits start afresh"), max_chars=MAX_REASON)
    chosen = st.multiselect(
        _("Indicators it affects (leave empty for every indicator)"),
        list(catalogue),
        format_func=in_this_language(lambda i: catalogue[i].name),
    )
    submitted = st.form_submit_button(
        _("Record the change and rebuild the figures"), type="primary"
    )
if submitted:
    change = ProcessChange(when, label, reason, tuple(chosen))
    try:
        with st.spinner(_("Recording the change and rebuilding the figures…")):
            add_process_changes(config.store_path(), [change], added_by=access.user)
        st.success(
            _(
                "Recorded. The charts are rebased from {date}; open a chart to see it.",
                date=date_long(when),
            )
        )
    except StoreError as error:
        st.error(_("Not recorded: {error}.", error=error))

active = history.filter(pl.col("status") == "active") if not history.is_empty() else history
st.header(_("Withdraw a process change"))
if active.is_empty():
    st.write(_("There is no process change in force to withdraw."))
    st.stop()
labels = {
    row["change_id"]: f"{row['change_date']:%d/%m/%Y}: {row['label']}"
    for row in active.iter_rows(named=True)
}
picked = st.selectbox(_("Change"), list(labels), format_func=labels.__getitem__)
why = st.text_input(_("Why it is withdrawn (kept in the history)"), max_chars=MAX_REASON)
confirmed = st.checkbox(
    _("I understand that the charts it affects will go back to the limits they had without it.")
)
if st.button(_("Withdraw the change"), type="primary", disabled=not confirmed):
    try:
        with st.spinner(_("Withdrawing and rebuilding the figures…")):
            withdraw_process_change(
                config.store_path(), int(picked), withdrawn_by=access.user, reason=why or None
            )
        st.success(_("Change {id} withdrawn. The charts no longer use it.", id=picked))
    except StoreError as error:
        st.error(_("Not withdrawn: {error}.", error=error))
