"""Upload an extract (analysts and admins): validate, preview the effect, then commit."""

import streamlit as st

from pipelines import config
from pipelines.extracts import EXTRACT_TYPES
from pipelines.ingest import RejectedFile, prepare
from pipelines.presentation.formatting import format_value
from pipelines.preview import preview
from pipelines.store import import_prepared
from ui import data
from ui.auth import sign_in_configured
from ui.guard import require_router
from ui.uploads import draw_rejection, draw_warnings, forget_other_uploads, save_upload

require_router()

access = st.session_state["access"]
settings = config.load_settings()
store = config.store_path()
st.title("Upload an extract")
st.write(
    "Choose a CSV or Excel (.xlsx) extract from the case-management system. It is checked "
    "against its contract first; nothing changes until you commit it, and an import can be "
    "withdrawn later from the import history."
)
DETECT = "Detect from the column headers"
choice = st.selectbox(
    "Extract type",
    [DETECT, *EXTRACT_TYPES],
    format_func=lambda t: t if t == DETECT else EXTRACT_TYPES[t].title,
)
# .xls is accepted here only so that prepare() can tell the analyst how to re-save it; a browser
# refusal of the file type would give them no such advice.
uploaded = st.file_uploader("Extract file", type=["csv", "xlsx", "xls"])
if uploaded is None:
    st.stop()

limit = settings.max_upload_mb * 1024 * 1024
if uploaded.size > limit:
    st.error(
        f"{uploaded.name} is {uploaded.size / 1024 / 1024:,.0f} MB; the largest upload accepted "
        f"is {settings.max_upload_mb} MB (imports.max_upload_mb in config.toml). Split the "
        "extract by date, or import it with `python -m pipelines import FILE`."
    )
    st.stop()

state_key = f"upload-{uploaded.file_id}-{choice}"
if state_key not in st.session_state:
    forget_other_uploads(keep=state_key)
    path = save_upload(uploaded, uploaded.file_id)
    try:
        with st.spinner("Checking the file…"):
            prepared = prepare(path, None if choice == DETECT else choice, file_name=uploaded.name)
        st.session_state[state_key] = ("ok", prepared, path)
    except RejectedFile as error:
        st.session_state[state_key] = ("rejected", error, path)
        path.unlink(missing_ok=True)
status, result, path = st.session_state[state_key]

if status == "rejected":
    draw_rejection(result, uploaded.name)
    st.stop()

prepared = result
st.success(
    f"{uploaded.name} passed every check: {prepared.rows:,} {prepared.extract.title.lower()} rows.",
    icon=":material/check_circle:",
)
draw_warnings(prepared.warnings)

preview_key = f"{state_key}-preview"
if preview_key not in st.session_state:
    with st.spinner("Working out the effect on the figures…"):
        st.session_state[preview_key] = preview(store, prepared)
effect = st.session_state[preview_key]
st.header("What this import would change")
cols = st.columns(4)
cols[0].metric("New records", f"{effect.new:,}")
cols[1].metric("Changed records", f"{effect.changed:,}")
cols[2].metric("Unchanged records", f"{effect.unchanged:,}")
cols[3].metric(
    "In the store, not in this file",
    f"{effect.absent:,}",
    help="These stay as they are: a file only adds or updates records.",
)
if effect.first_date:
    st.write(f"The file covers {effect.first_date:%d %B %Y} to {effect.last_date:%d %B %Y}.")
st.subheader("Headline indicators, latest week: before → after")
rows = [
    {
        "Indicator": row["name"],
        "Before": format_value(row["before"], row["unit"]),
        "After": format_value(row["after"], row["unit"]),
        "Week ending": row["after_period"].strftime("%d/%m/%Y") if row["after_period"] else "–",
    }
    for row in effect.headline.iter_rows(named=True)
]
st.dataframe(rows, hide_index=True, width="stretch")

if (
    not sign_in_configured()
    and not data.store_has_real_data()
    and not settings.access.get("allow_local_mode_with_real_data", False)
):
    st.warning(
        "Sign-in is not configured. Once this real file is committed, the dashboard will refuse to "
        "show data until sign-in is configured in .streamlit/secrets.toml (or local mode is "
        "explicitly allowed in config.toml). The import can still be withdrawn from the command "
        "line: `python -m pipelines withdraw IMPORT_ID`.",
        icon=":material/lock:",
    )

if st.button("Commit this import", type="primary"):
    with st.spinner("Importing and rebuilding the figures…"):
        outcome = import_prepared(store, prepared, imported_by=access.user)
    path.unlink(missing_ok=True)
    for key in (state_key, preview_key):
        st.session_state.pop(key, None)
    if outcome.already_imported:
        st.info(
            f"This file is already in the store as import {outcome.import_id}; nothing changed."
        )
    else:
        st.success(
            f"Imported as import {outcome.import_id}: {outcome.rows:,} rows. The dashboard now "
            "shows the new figures."
        )
