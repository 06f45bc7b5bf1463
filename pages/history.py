"""Import history (analysts and admins): every import, and withdrawal with a confirmation step."""

import polars as pl
import streamlit as st

from pipelines import config
from pipelines.access import allows
from pipelines.ingest.csv_bytes import printable
from pipelines.presentation.i18n import _
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
    st.write("No imports yet.")
    st.stop()
st.dataframe(
    history.with_columns(
        pl.col("row_count").map_elements(lambda n: f"{n:,}", return_dtype=pl.String),
        pl.col("warning_count").map_elements(lambda n: f"{n:,}", return_dtype=pl.String),
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
            "import_id": "Import",
            "imported_at": "When",
            "imported_by": "Who",
            "file_name": "File",
            "extract_type": "Extract",
            "row_count": "Rows",
            "warning_count": "Warnings",
            "status": "Status",
            "withdrawn_at": "Withdrawn",
            "withdrawn_by": "Withdrawn by",
            "sha256": "SHA-256",
        }
    ),
    hide_index=True,
    width="stretch",
)

st.header("Withdraw an import")
st.write(
    "Withdrawing an import removes its records from every figure: the store then reads exactly "
    "as it would without it. The import stays in this history. Analysts can withdraw their own "
    "imports; administrators can withdraw any."
)
active = history.filter(history["status"] == "active")
if not allows(access.role, "admin"):
    active = active.filter(active["imported_by"] == access.user)
if active.is_empty():
    st.write("There is no active import you can withdraw.")
    st.stop()
labels = {
    row["import_id"]: f"Import {row['import_id']}: {printable(row['file_name'])} "
    f"({row['extract_type']}, "
    f"{row['row_count']:,} rows, {row['imported_at']:%d/%m/%Y %H:%M} by {row['imported_by']})"
    for row in active.iter_rows(named=True)
}
chosen = st.selectbox("Import", list(labels), format_func=labels.__getitem__)
reason = st.text_input("Why (kept in the history)")
confirmed = st.checkbox(
    f"I understand that the figures will return to what they were without import {chosen}."
)
if st.button("Withdraw import", type="primary", disabled=not confirmed):
    try:
        with st.spinner("Withdrawing and rebuilding the figures…"):
            withdraw_import(
                config.store_path(), int(chosen), withdrawn_by=access.user, reason=reason or None
            )
    except StoreError as error:
        st.error(str(error))
    else:
        # Run the page again at once, so the history shows the import as withdrawn and the
        # button no longer offers it.
        st.session_state[FLASH] = f"Import {chosen} withdrawn. The figures no longer include it."
        st.rerun()
