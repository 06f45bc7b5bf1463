"""Upload helpers: checking an uploaded file through a short-lived private copy, and drawing the
validation report (every string from the file shown as plain text)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st
from babel.dates import format_date

from pipelines.config import load_settings
from pipelines.ingest import Prepared, RejectedFile, prepare
from pipelines.ingest.report import group_problems, report_csv
from pipelines.ingest.upload_files import save_stream, sweep, upload_folder
from pipelines.presentation.i18n import N_, _, in_this_language, locale, ngettext
from pipelines.presentation.plain import plain
from pipelines.published.layouts import (
    EES,
    STATSWALES,
    YEAR_ENDS,
    MeasureChoice,
    measure_key,
    measures_to_choose,
)


@st.cache_resource
def sweep_at_start() -> int:
    """Once per server process: remove copies a stopped server left behind."""
    try:
        return sweep(upload_folder(), load_settings().upload_max_age_minutes)
    except OSError:
        return 0


def check_upload(
    uploaded: object,
    extract_type: str | None,
    leave_out_unknown: bool,
    measures: dict[tuple[str, str], MeasureChoice] | None = None,
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
            measures=measures,
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
        ngettext(
            "**{name} was not imported:** {n} problem found. Nothing in the store has changed. "
            "Fix the file in Excel and upload it again.",
            "**{name} was not imported:** {n} problems found. Nothing in the store has changed. "
            "Fix the file in Excel and upload it again.",
            errors.height,
            name=plain(file_name),
        ),
        icon=":material/block:",
    )
    for group in group_problems(errors):
        reason = plain(group.first["reason"][0])
        label = (
            _(
                "{count} × {reason} in column '{column}'",
                count=f"{group.count:,}",
                reason=reason,
                column=plain(group.column),
            )
            if group.column
            else _("{count} × {reason}", count=f"{group.count:,}", reason=reason)
        )
        with st.expander(label, expanded=True):
            st.dataframe(
                group.first.select(["row", "column", "value", "reason", "fix"]).rename(
                    {
                        "row": _("Row (Excel)"),
                        "column": _("Column"),
                        "value": _("Value"),
                        "reason": _("Problem"),
                        "fix": _("What to do"),
                    }
                ),
                hide_index=True,
                width="stretch",
            )
            if group.count > group.first.height:
                st.caption(
                    _(
                        "Showing the first {count}; the report lists all.",
                        count=f"{group.first.height:,}",
                    )
                )
    st.download_button(
        _("Download the full error report (CSV)"),
        report_csv(error.problems),
        file_name=_download_name(file_name),
        mime="text/csv",
    )
    draw_warnings(error.warnings)


def draw_warnings(warnings: object) -> None:
    if getattr(warnings, "height", 0):
        count = warnings.height  # type: ignore[attr-defined]
        title = ngettext(
            "{n} warning: it does not block the import",
            "{n} warnings: these do not block the import",
            count,
        )
        with st.expander(title):
            st.dataframe(
                warnings.select(["row", "column", "value", "reason", "fix"]).rename(  # type: ignore[attr-defined]
                    {
                        "row": _("Row (Excel)"),
                        "column": _("Column"),
                        "value": _("Value"),
                        "reason": _("Warning"),
                        "fix": _("What to do"),
                    }
                ),
                hide_index=True,
                width="stretch",
            )


FILE_SAYS = N_("As the file says")


def chosen_measures(file_id: str) -> dict[tuple[str, str], MeasureChoice]:
    """The measure choices made on this page for one uploaded file (session only until the
    import is committed, when they are saved with it)."""
    return st.session_state.get(f"measures-{file_id}", {})


def draw_measure_choices(error: RejectedFile, file_id: str, catalogue: dict[str, str]) -> None:
    """For a published table refused for want of a choice: an indicator (and, where the file
    does not date its years, the day they end) for each measure, then check the file again."""
    measures = measures_to_choose(error.errors)
    if not measures:
        return
    st.subheader(_("Link this table's measures to indicators"))
    st.write(
        _(
            "A published table names its own measures. Choose the indicator each one gives; the "
            "choice is saved with the import, so next year's file of the same table maps itself."
        )
    )
    current = chosen_measures(file_id)
    ids = sorted(catalogue, key=lambda i: catalogue[i])
    ends = [FILE_SAYS, *YEAR_ENDS]
    with st.form(f"measures-form-{file_id}"):
        picks = []
        for index, measure in enumerate(measures):
            before = current.get((STATSWALES, measure_key(measure)))
            left, right = st.columns([3, 1])
            indicator = left.selectbox(
                _("Indicator for '{measure}'", measure=plain(measure, 120)),
                ids,
                # No default: a measure is never linked to an indicator nobody chose.
                index=(
                    ids.index(before.indicator_id)
                    if before and before.indicator_id in ids
                    else None
                ),
                placeholder=_("Choose the indicator this measure gives"),
                format_func=lambda i: f"{catalogue[i]} ({i})",
                key=f"measure-{file_id}-{index}",
            )
            end = right.selectbox(
                _("Its years end on"),
                ends,
                index=ends.index(before.year_end) if before and before.year_end in ends else 0,
                format_func=in_this_language(year_end_words),
                key=f"year-end-{file_id}-{index}",
            )
            picks.append((measure, indicator, None if end == FILE_SAYS else end))
        if st.form_submit_button(_("Check the file again with these choices"), type="primary"):
            if any(i is None for _m, i, _e in picks):
                st.warning(_("Choose an indicator for every measure first."))
                return
            st.session_state[f"measures-{file_id}"] = {
                (layout, measure_key(m)): MeasureChoice(layout, m, str(i), e)
                for m, i, e in picks
                for layout in (STATSWALES, EES)
            }
            st.rerun()


def draw_measures_used(prepared: Prepared, catalogue: dict[str, str]) -> None:
    """Say how a published table was read: each measure and the indicator it gives."""
    if prepared.measures:
        st.info(
            _(
                "Read as a published table (the choice is saved with the import): {measures}",
                measures="; ".join(
                    f"'{plain(c.measure, 120)}' → "
                    + plain(catalogue.get(c.indicator_id, c.indicator_id))
                    for c in prepared.measures
                ),
            ),
            icon=":material/link:",
        )


def year_end_words(end: str) -> str:
    """A year-end choice in words: '31 March' ('31 Mawrth'), or 'As the file says'."""
    if end == FILE_SAYS:
        return _(FILE_SAYS)
    month, day = (int(part) for part in end.split("-"))
    return format_date(dt.date(2000, month, day), "d MMMM", locale=locale())
