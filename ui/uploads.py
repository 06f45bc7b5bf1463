"""Upload helpers: saving an uploaded file to disk without a second copy in memory, and drawing
the validation report."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import streamlit as st

from pipelines.ingest.problems import RejectedFile
from pipelines.ingest.report import group_problems, report_csv

UPLOAD_DIR = Path(tempfile.gettempdir()) / "cwm-dashboard-uploads"


def save_upload(uploaded: object, file_id: str) -> Path:
    """Stream the upload into a private temporary file (chunked copy, no getvalue())."""
    UPLOAD_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    suffix = Path(getattr(uploaded, "name", "upload")).suffix.lower()
    path = UPLOAD_DIR / f"{file_id}{suffix}"
    uploaded.seek(0)  # type: ignore[attr-defined]
    with path.open("wb") as handle:
        shutil.copyfileobj(uploaded, handle, length=1 << 20)  # type: ignore[arg-type]
    return path


def forget_other_uploads(keep: str) -> None:
    """Drop the session's earlier uploads (``upload-…`` keys) and their saved copies, so an analyst
    trying several files keeps one file in memory and on disk, not every file they tried."""
    for key in [k for k in st.session_state if str(k).startswith("upload-")]:
        if str(key).startswith(keep):
            continue
        entry = st.session_state.pop(key)
        if isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[2], Path):
            entry[2].unlink(missing_ok=True)


def draw_rejection(error: RejectedFile, file_name: str) -> None:
    errors = error.errors
    st.error(
        f"**{file_name} was not imported:** {errors.height:,} problem"
        f"{'s' if errors.height != 1 else ''} found. Nothing in the store has changed. "
        "Fix the file in Excel and upload it again.",
        icon=":material/block:",
    )
    for group in group_problems(errors):
        where = f" in column '{group.column}'" if group.column else ""
        with st.expander(f"{group.count:,} × {group.first['reason'][0]}{where}", expanded=True):
            st.dataframe(
                group.first.select(["row", "column", "value", "reason", "fix"]).rename(
                    {
                        "row": "Row (Excel)",
                        "column": "Column",
                        "value": "Value",
                        "reason": "Problem",
                        "fix": "What to do",
                    }
                ),
                hide_index=True,
                width="stretch",
            )
            if group.count > group.first.height:
                st.caption(f"Showing the first {group.first.height}; the report lists all.")
    st.download_button(
        "Download the full error report (CSV)",
        report_csv(error.problems),
        file_name=f"{Path(file_name).stem}-problems.csv",
        mime="text/csv",
    )
    draw_warnings(error.warnings)


def draw_warnings(warnings: object) -> None:
    if getattr(warnings, "height", 0):
        with st.expander(f"{warnings.height:,} warning(s): these do not block the import"):  # type: ignore[attr-defined]
            st.dataframe(
                warnings.select(["row", "column", "value", "reason", "fix"]),  # type: ignore[attr-defined]
                hide_index=True,
                width="stretch",
            )
