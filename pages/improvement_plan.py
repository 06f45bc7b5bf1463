"""Improvement plan: the actions against each inspection finding, with owner, due date, status
and evidence; overdue actions flagged in working days; every change kept with who and when.
Analysts and admins update an action here; the plan itself comes from the action-plan spreadsheet
(Upload an extract)."""

import polars as pl
import streamlit as st

from pipelines import config
from pipelines.access import allows
from pipelines.board.plan import current_actions, plan_summary, status_label
from pipelines.extracts.improvement import ACTION_STATUSES
from pipelines.presentation.i18n import N_, _, in_this_language
from pipelines.presentation.plain import plain
from pipelines.store import StoreError
from pipelines.store.improvement import (
    MAX_EVIDENCE,
    MAX_NOTE,
    MAX_OWNER,
    ActionEdit,
    record_action_edit,
)
from ui import data
from ui.commentary import EDIT_ROLE
from ui.guard import require_router

require_router()
EDITED = N_("edited on the Improvement plan page")

access = st.session_state["access"]
st.title(_("Improvement plan"))
st.caption(
    _(
        "The actions the council agreed against each inspection finding. The plan is imported "
        "from the action-plan spreadsheet; analysts update an action here. Nothing is "
        "overwritten: every import and every update is kept with who made it and when."
    )
)
actions = current_actions(data.load("action_plan"), data.load("action_history"))
if not actions:
    st.info(
        _(
            "There is no improvement plan in the store yet. An analyst imports the action-plan "
            "spreadsheet on Upload an extract (columns in the data dictionary, 'Improvement "
            "plan')."
        )
    )
    st.stop()
as_at = data.load("series_meta").get("data_as_at")
register = data.load("concern_register")
findings = {r["concern_id"]: r["finding"] for r in register.iter_rows(named=True)}

overdue = [a for a in actions if as_at and a.working_days_overdue(as_at)]
st.write(plan_summary(actions, as_at))
status_filter = st.multiselect(
    _("Show status"),
    list(ACTION_STATUSES),
    default=list(ACTION_STATUSES),
    format_func=in_this_language(status_label),
)
only_overdue = st.toggle(_("Only overdue actions"), value=False)
shown = [a for a in actions if a.status in status_filter and (not only_overdue or a in overdue)]
unknown = sorted({f for a in actions for f in a.finding_ids if f not in findings})
if unknown:
    st.warning(
        _(
            "Some actions name findings that are not in the inspection register: {ids}. Check "
            "the Finding IDs column of the plan or import the register.",
            ids=plain(", ".join(unknown[:10])),
        )
    )
columns = {
    _("Action"): [a.action_id for a in shown],
    _("Status"): [a.status_words(as_at) if as_at else a.status_label for a in shown],
    _("Due"): [a.due_date.strftime("%d/%m/%Y") for a in shown],
    _("Owner"): [a.owner for a in shown],
    _("What will be done"): [a.description for a in shown],
    _("Findings"): ["; ".join(a.finding_ids) for a in shown],
    _("Evidence"): [a.evidence or "" for a in shown],
    _("Last changed"): [
        _("{when} by {who}", when=f"{a.last_changed_at:%d/%m/%Y %H:%M}", who=a.last_changed_by)
        if a.last_changed_at
        else ""
        for a in shown
    ],
}
table = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
st.dataframe(table, hide_index=True, width="stretch", height=36 * (len(shown) + 1) + 4)

history = data.load("action_history")
st.header(_("History of an action"))
labels = {a.action_id: f"{a.action_id}: {a.description[:90]}" for a in actions}
picked = st.selectbox(_("Action"), list(labels), format_func=labels.__getitem__, key="history-of")
mine = history.filter(pl.col("action_id") == picked)
# Our SQL's words for where a change came from, translated here (the file name is data).
what = [
    _("imported from {file}", file=file) if source == "import" else _(EDITED)
    for source, file in zip(mine["source"], mine["file_name"], strict=True)
]
statuses = {code: status_label(code) for code in ACTION_STATUSES}
st.dataframe(
    mine.select(
        pl.col("changed_at").dt.strftime("%d/%m/%Y %H:%M").alias(_("When")),
        pl.col("changed_by").alias(_("Who")),
        pl.Series(_("What"), what, dtype=pl.String),
        pl.col("status").replace_strict(statuses, default=pl.col("status")).alias(_("Status")),
        pl.col("owner").alias(_("Owner")),
        pl.col("due_date").dt.strftime("%d/%m/%Y").alias(_("Due")),
        pl.col("evidence").alias(_("Evidence")),
        pl.col("note").alias(_("Why")),
        pl.when(pl.col("withdrawn"))
        .then(pl.lit(_("import withdrawn")))
        .otherwise(pl.lit(""))
        .alias(_("Note")),
    ),
    hide_index=True,
    width="stretch",
)

if not allows(access.role, EDIT_ROLE):
    st.caption(
        _("Analysts and administrators update actions; you can see the plan and its history.")
    )
    st.stop()

st.header(_("Update an action"))
current = next(a for a in actions if a.action_id == picked)
with st.form("update-action", enter_to_submit=False):
    st.write(_("Updating {action} (choose another above).", action=plain(current.action_id)))
    codes = list(ACTION_STATUSES)
    status = st.selectbox(
        _("Status"),
        codes,
        index=codes.index(current.status),
        format_func=in_this_language(status_label),
    )
    owner = st.text_input(_("Owner"), value=current.owner, max_chars=MAX_OWNER)
    due = st.date_input(_("Due"), value=current.due_date, format="DD/MM/YYYY")
    evidence = st.text_area(
        _("Evidence of progress"), value=current.evidence or "", max_chars=MAX_EVIDENCE
    )
    note = st.text_input(_("Why (kept in the history)"), max_chars=MAX_NOTE)
    sent = st.form_submit_button(_("Save the update"), type="primary")
if sent:
    edit = ActionEdit(
        current.action_id,
        status=status if status != current.status else None,
        owner=owner if " ".join(owner.split()) != current.owner else None,
        due_date=due if due != current.due_date else None,
        evidence=evidence if " ".join(evidence.split()) != (current.evidence or "") else None,
        note=note or None,
    )
    try:
        record_action_edit(config.store_path(), edit, by=access.user)
        st.success(
            _(
                "Saved. {action} is updated; the history keeps the earlier values.",
                action=plain(current.action_id),
            )
        )
        st.rerun()
    except StoreError as error:
        st.error(_("Not saved: {error}.", error=error))
