"""Data and imports: what the store holds and where it came from."""

import polars as pl
import streamlit as st

from pipelines.presentation.i18n import N_, _
from ui import data
from ui.guard import require_router

# An import's status as the store writes it, in words.
STATUSES = {"active": N_("active"), "withdrawn": N_("withdrawn")}

require_router()

st.title(_("Data and imports"))
if not data.store_exists():
    st.stop()

counts = data.load("extract_counts")
st.subheader(_("Current records"))
st.caption(
    _(
        "The latest version of each record, from imports that have not been withdrawn, and the "
        "latest date each extract holds."
    )
)
titles = {title: _(title) for title in counts["title"].unique().to_list()}  # the extracts' titles
st.dataframe(
    counts.select(
        pl.col("title").replace(titles).alias(_("Extract")),
        pl.col("records")
        .map_elements(lambda n: f"{n:,}", return_dtype=pl.String)
        .alias(_("Records")),
        pl.col("latest").dt.strftime("%d/%m/%Y").fill_null("–").alias(_("Latest date")),
    ),
    hide_index=True,
)

st.subheader(_("Import history"))
history = data.load("import_history")
if history.is_empty():
    st.write(_("No imports yet."))
else:
    yes, no = _("Yes"), _("No")
    st.dataframe(
        history.with_columns(
            pl.col("row_count").map_elements(lambda n: f"{n:,}", return_dtype=pl.String),
            pl.col("status").replace({k: _(v) for k, v in STATUSES.items()}),
            pl.when(pl.col("synthetic")).then(pl.lit(yes)).otherwise(pl.lit(no)).alias("synthetic"),
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
                "import_id": _("Import"),
                "extract_type": _("Extract"),
                "file_name": _("File"),
                "row_count": _("Rows"),
                "imported_at": _("Imported at"),
                "imported_by": _("By"),
                "status": _("Status"),
                "synthetic": _("Synthetic"),
                "sha256": "SHA-256",
            }
        ),
        hide_index=True,
    )
