"""Data and imports: what the store holds and where it came from."""

import streamlit as st

from ui import data
from ui.guard import require_router

require_router()

st.title("Data and imports")
if not data.store_exists():
    st.stop()

counts = data.load("extract_counts")
st.subheader("Current records")
st.caption("The latest version of each record, from imports that have not been withdrawn.")
st.dataframe(
    counts.select("title", "records").rename({"title": "Extract", "records": "Records"}),
    hide_index=True,
)

st.subheader("Import history")
history = data.load("import_history")
if history.is_empty():
    st.write("No imports yet.")
else:
    st.dataframe(
        history.select(
            "import_id",
            "extract_type",
            "file_name",
            "row_count",
            "imported_at",
            "imported_by",
            "status",
            "synthetic",
            "sha256",
        ).rename(
            {
                "import_id": "Import",
                "extract_type": "Extract",
                "file_name": "File",
                "row_count": "Rows",
                "imported_at": "Imported at",
                "imported_by": "By",
                "status": "Status",
                "synthetic": "Synthetic",
                "sha256": "SHA-256",
            }
        ),
        hide_index=True,
    )
