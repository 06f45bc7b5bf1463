"""Upload helpers: checking an uploaded file through a short-lived private copy, and drawing the
validation report (every string from the file shown as plain text)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pipelines.config import load_settings
from pipelines.ingest import Prepared, RejectedFile, prepare
from pipelines.ingest.report import group_problems, report_csv
from pipelines.ingest.upload_files import save_stream, sweep, upload_folder
from pipelines.presentation.plain import plain


@st.cache_resource
def sweep_at_start() -> int:
    """Once per server process: remove copies a stopped server left behind."""
    try:
        return sweep(upload_folder(), load_settings().upload_max_age_minutes)
    except OSError:
        return 0


def check_upload(
    uploaded: object, extract_type: str | None, leave_out_unknown: bool
) -> tuple[str, Prepared | RejectedFile, Path]:
    """Save the upload privately, check it, delete the copy: ("ok" | "rejected", result, path).

    The copy exists only while it is read; the checked rows stay in this session's memory."""
    uploaded.seek(0)  # type: ignore[attr-defined]
    path = save_stream(uploaded, str(getattr(uploaded, "name", "upload")), upload_folder())  # type: ignore[arg-type]
    try:
        prepared = prepare(
            path,
            extract_type,
            file_name=str(getattr(uploaded, "name", path.name)),
            leave_out_unknown=leave_out_unknown,
        )
        return "ok", prepared, path
    except RejectedFile as error:
        return "rejected", error, path
    finally:
        path.unlink(missing_ok=True)


def forget_other_uploads(keep: str) -> None:
    """Drop the session's earlier uploads (``upload-…`` keys), so an analyst trying several files
    keeps one checked file in memory, not every file they tried."""
    for key in [k for k in st.session_state if str(k).startswith("upload-")]:
        if not str(key).startswith(keep):
            entry = st.session_state.pop(key)
            if isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[2], Path):
                entry[2].unlink(missing_ok=True)


def _download_name(file_name: str) -> str:
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in Path(file_name).stem)[:60]
    return f"{stem or 'upload'}-problems.csv"


def draw_rejection(error: RejectedFile, file_name: str) -> None:
    errors = error.errors
    st.error(
        f"**{plain(file_name)} was not imported:** {errors.height:,} problem"
        f"{'s' if errors.height != 1 else ''} found. Nothing in the store has changed. "
        "Fix the file in Excel and upload it again.",
        icon=":material/block:",
    )
    for group in group_problems(errors):
        where = f" in column '{plain(group.column)}'" if group.column else ""
        label = f"{group.count:,} × {plain(group.first['reason'][0])}{where}"
        with st.expander(label, expanded=True):
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
        file_name=_download_name(file_name),
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
