"""Data and imports: what the store holds and where it came from."""

import polars as pl
import streamlit as st

from pipelines.presentation.i18n import _
from ui import data
from ui.guard import require_router

require_router()

st.title(_("Data and imports"))
if not data.store_exists():
    st.stop()

counts = data.load("extract_counts")
st.subheader("Current records")
st.caption(
    "The latest version of each record, from imports that have not been withdrawn, and the "
    "latest date each extract holds."
)
st.dataframe(
    counts.select(
        pl.col("title").alias("Extract"),
        pl.col("records").map_elements(lambda n: f"{n:,}", return_dtype=pl.String).alias("Records"),
        pl.col("latest").dt.strftime("%d/%m/%Y").fill_null("–").alias("Latest date"),
    ),
    hide_index=True,
)

st.subheader("Import history")
history = data.load("import_history")
if history.is_empty():
    st.write("No imports yet.")
else:
    st.dataframe(
        history.with_columns(
            pl.col("row_count").map_elements(lambda n: f"{n:,}", return_dtype=pl.String)
        )
        .select(
            "import_id",
            "extract_type",
            "file_name",
            "row_count",
            "imported_at",
            "imported_by",
            "status",
            "synthetic",
            "sha256",
        )
        .rename(
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
