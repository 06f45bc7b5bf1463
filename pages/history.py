"""Import history (analysts and admins): every import, and withdrawal with a confirmation step."""

import polars as pl
import streamlit as st

from pipelines import config
from pipelines.access import allows
from pipelines.ingest.csv_bytes import printable
from pipelines.presentation.i18n import _, ngettext
from pipelines.store import StoreError, withdraw_import
from ui import data
from ui.guard import require_router

require_router()

access = st.session_state["access"]
FLASH = "history-flash"
st.title(_("Import history"))
if FLASH in st.session_state:  # set before the rerun that shows the history as it is now
    st.success(st.session_state.pop(FLASH))
history = data.load("import_history")
if history.is_empty():
    st.write(_("No imports yet."))
    st.stop()
st.dataframe(
    history.with_columns(
        pl.col("row_count").map_elements(lambda n: f"{n:,}", return_dtype=pl.String),
        pl.col("warning_count").map_elements(lambda n: f"{n:,}", return_dtype=pl.String),
        pl.col("status").replace({"active": _("active"), "withdrawn": _("withdrawn")}),
    )
    .select(
        "import_id",
        "imported_at",
        "imported_by",
        "file_name",
        "extract_type",
        "row_count",
        "warning_count",
        "status",
        "withdrawn_at",
        "withdrawn_by",
        "sha256",
    )
    .rename(
        {
            "import_id": _("Import"),
            "imported_at": _("When"),
            "imported_by": _("Who"),
            "file_name": _("File"),
            "extract_type": _("Extract"),
            "row_count": _("Rows"),
            "warning_count": _("Warnings"),
            "status": _("Status"),
            "withdrawn_at": _("Withdrawn"),
            "withdrawn_by": _("Withdrawn by"),
            "sha256": "SHA-256",
        }
    ),
    hide_index=True,
    width="stretch",
)

st.header(_("Withdraw an import"))
st.write(
    _(
        "Withdrawing an import removes its records from every figure: the store then reads "
        "exactly as it would without it. The import stays in this history. Analysts can withdraw "
        "their own imports; administrators can withdraw any."
    )
)
active = history.filter(history["status"] == "active")
if not allows(access.role, "admin"):
    active = active.filter(active["imported_by"] == access.user)
if active.is_empty():
    st.write(_("There is no active import you can withdraw."))
    st.stop()
labels = {
    row["import_id"]: ngettext(
        "Import {id}: {file} ({extract}, {n} row, {when} by {who})",
        "Import {id}: {file} ({extract}, {n} rows, {when} by {who})",
        row["row_count"],
        id=row["import_id"],
        file=printable(row["file_name"]),
        extract=row["extract_type"],
        when=f"{row['imported_at']:%d/%m/%Y %H:%M}",
        who=row["imported_by"],
    )
    for row in active.iter_rows(named=True)
}
chosen = st.selectbox(_("Import"), list(labels), format_func=labels.__getitem__)
reason = st.text_input(_("Why (kept in the history)"))
confirmed = st.checkbox(
    _(
        "I understand that the figures will return to what they were without import {id}.",
        id=chosen,
    )
)
if st.button(_("Withdraw import"), type="primary", disabled=not confirmed):
    try:
        with st.spinner(_("Withdrawing and rebuilding the figures…")):
            withdraw_import(
                config.store_path(), int(chosen), withdrawn_by=access.user, reason=reason or None
            )
    except StoreError as error:
        st.error(str(error))
    else:
        # Run the page again at once, so the history shows the import as withdrawn and the
        # button no longer offers it.
        st.session_state[FLASH] = _(
            "Import {id} withdrawn. The figures no longer include it.", id=chosen
        )
        st.rerun()
