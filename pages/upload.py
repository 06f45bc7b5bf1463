"""Upload an extract (analysts and admins): validate, preview the effect, then commit."""

import polars as pl
import streamlit as st

from pipelines import config
from pipelines.catalogue import load_catalogue
from pipelines.extracts import EXTRACT_TYPES
from pipelines.ingest import RejectedFile
from pipelines.ingest.upload_files import UnsafeUploadFolder
from pipelines.presentation.formatting import format_value
from pipelines.presentation.i18n import N_, _, date_long, in_this_language, ngettext
from pipelines.presentation.plain import plain
from pipelines.preview import preview
from pipelines.store import StoreError, import_prepared
from pipelines.store.writer import published_contents
from ui import data
from ui.auth import sign_in_configured
from ui.guard import require_router
from ui.uploads import (
    check_upload,
    chosen_measures,
    draw_measure_choices,
    draw_measures_used,
    draw_rejection,
    draw_warnings,
    forget_other_uploads,
)

require_router()

access = st.session_state["access"]
settings = config.load_settings()
store = config.store_path()
st.title(_("Upload an extract"))
st.write(
    _(
        "Choose a CSV or Excel (.xlsx) extract from the case-management system. It is checked "
        "against its contract first; nothing changes until you commit it, and an import can be "
        "withdrawn later from the import history."
    )
)
DETECT = N_("Detect from the column headers")
choice = st.selectbox(
    _("Extract type"),
    [DETECT, *EXTRACT_TYPES],
    format_func=in_this_language(lambda t: _(DETECT) if t == DETECT else _(EXTRACT_TYPES[t].title)),
)
# .xls, .xlsb and .ods are accepted here only so that prepare() can tell the analyst how to re-save
# them; a browser refusal of the file type would give them no such advice.
uploaded = st.file_uploader(_("Extract file"), type=["csv", "xlsx", "xls", "xlsb", "ods"])
if uploaded is None:
    st.stop()

limit = settings.max_upload_mb * 1024 * 1024
if uploaded.size > limit:
    st.error(
        _(
            "{name} is {size} MB; the largest upload accepted is {limit} MB "
            "(imports.max_upload_mb in config.toml). Split the extract by date, or import it with "
            "`python -m pipelines import FILE`.",
            name=plain(uploaded.name),
            size=f"{uploaded.size / 1024 / 1024:,.0f}",
            limit=settings.max_upload_mb,
        )
    )
    st.stop()

unknown_key = f"leave-out-{uploaded.file_id}-{choice}"
leave_out = bool(st.session_state.get(unknown_key, False))
# A published table's measures: the choices saved in the store, then those made here.
saved = data.load("measure_choices") if data.store_exists() else {}  # none before a first import
measures = {**saved, **chosen_measures(uploaded.file_id)}
measures_tag = abs(hash(tuple(sorted((k, v) for k, v in measures.items()))))
state_key = (
    f"upload-{uploaded.file_id}-{choice}-{'leave-out' if leave_out else 'all'}-{measures_tag}"
)
preview_key = f"{state_key}-preview"
if state_key not in st.session_state:
    forget_other_uploads(keep=state_key)
    try:
        with st.spinner(_("Checking the file…")):
            checked = check_upload(
                uploaded, None if choice == DETECT else choice, leave_out, measures
            )
        if checked[0] == "ok":
            # The dry run also checks the rules between extracts (e.g. a conference and the
            # strategy discussion it follows): a file they reject is rejected here, before any
            # preview.
            with st.spinner(_("Checking it against the store and working out its effect…")):
                effect = preview(store, checked[1])
            if effect.links.filter(pl.col("severity") == "error").height:
                error = RejectedFile(effect.links, checked[1].extract.name)
                checked = ("rejected", error, checked[2])
            else:
                st.session_state[preview_key] = effect
        st.session_state[state_key] = checked
    except UnsafeUploadFolder as error:
        st.error(
            _(
                "Uploads are switched off: the private folder for them is not safe ({error}). "
                "Ask whoever runs the dashboard to remove it; it is made again, private, on the "
                "next upload.",
                error=plain(error),
            ),
            icon=":material/block:",
        )
        st.stop()
status, result, path = st.session_state[state_key]

if status == "rejected":
    draw_rejection(result, uploaded.name)
    draw_measure_choices(result, uploaded.file_id, {i: x.name for i, x in load_catalogue().items()})
    unknown = result.errors.filter(result.errors["rule"] == "unknown_column")["column"].to_list()
    named_key = f"{unknown_key}-columns"  # what the box names once they are left out
    unknown = unknown or st.session_state.get(named_key, [])
    if unknown:
        st.session_state[named_key] = unknown
        st.checkbox(
            _(
                "Leave out the columns no extract knows ({columns}) and check the file again. "
                "Their values are not imported; the choice is recorded with the import.",
                columns=", ".join(f"'{plain(c)}'" for c in unknown),
            ),
            key=unknown_key,
        )
    st.stop()

prepared = result
st.success(
    ngettext(
        "{name} passed every check: {n} {extract} row.",
        "{name} passed every check: {n} {extract} rows.",
        prepared.rows,
        name=plain(uploaded.name),
        extract=_(prepared.extract.title).lower(),
    ),
    icon=":material/check_circle:",
)
draw_measures_used(prepared, {i: x.name for i, x in load_catalogue().items()})
if prepared.left_out:
    st.info(
        _(
            "Left out, as you chose (recorded with the import): {columns}",
            columns=", ".join(f"'{plain(c)}'" for c in prepared.left_out),
        ),
        icon=":material/visibility_off:",
    )
    st.checkbox(_("Leave out the columns no extract knows"), key=unknown_key)
draw_warnings(prepared.warnings)

effect = st.session_state[preview_key]
draw_warnings(effect.links)  # warnings of the rules between extracts, e.g. a visit after the end
st.header(_("What this import would change"))
cols = st.columns(4)
cols[0].metric(_("New records"), f"{effect.new:,}")
cols[1].metric(_("Changed records"), f"{effect.changed:,}")
cols[2].metric(_("Unchanged records"), f"{effect.unchanged:,}")
cols[3].metric(
    _("In the store, not in this file"),
    f"{effect.absent:,}",
    help=_("These stay as they are: a file only adds or updates records."),
)
if effect.first_date:
    st.write(
        _(
            "The file covers {first} to {last}.",
            first=date_long(effect.first_date),
            last=date_long(effect.last_date),
        )
    )
st.subheader(_("Headline indicators, latest week: before → after"))
rows = [
    {
        _("Indicator"): row["name"],
        _("Before"): format_value(row["before"], row["unit"]),
        _("After"): format_value(row["after"], row["unit"]),
        _("Week ending"): row["after_period"].strftime("%d/%m/%Y") if row["after_period"] else "–",
    }
    for row in effect.headline.iter_rows(named=True)
]
st.dataframe(rows, hide_index=True, width="stretch")

is_real = prepared.extract.name != "inspection_concerns"
holds = published_contents(store)
mix = False
if is_real and holds in ("synthetic", "mixed"):
    st.warning(
        _(
            "This store holds the synthetic demonstration council's data. Adding a real file to "
            "it mixes the two in every figure (the dashboard then says so on every page). Import "
            "real extracts into your council's own store instead (store.path in config.toml)."
        ),
        icon=":material/science:",
    )
    mix = st.checkbox(_("Add this real file to the synthetic demo data anyway"))
will_lock = (
    is_real
    and not sign_in_configured()
    and not data.store_has_real_data()
    and not settings.access.get("allow_local_mode_with_real_data", False)
)
if will_lock:
    st.warning(
        _(
            "Sign-in is not configured. Once this real file is committed, the dashboard will "
            "refuse to show data until sign-in is configured in .streamlit/secrets.toml (or local "
            "mode is explicitly allowed in config.toml). The import can still be withdrawn from "
            "the command line: `python -m pipelines withdraw IMPORT_ID`."
        ),
        icon=":material/lock:",
    )

blocked = is_real and holds in ("synthetic", "mixed") and not mix
if st.button(_("Commit this import"), type="primary", disabled=blocked):
    try:
        with st.spinner(_("Importing and rebuilding the figures…")):
            outcome = import_prepared(
                store, prepared, imported_by=access.user, mix_with_synthetic=mix
            )
    except RejectedFile as error:  # the store changed since the preview
        draw_rejection(error, uploaded.name)
        st.stop()
    except StoreError as error:
        st.error(plain(error, 600), icon=":material/block:")
        st.stop()
    for key in (state_key, preview_key, unknown_key):
        st.session_state.pop(key, None)
    if outcome.already_imported:
        st.info(
            _(
                "This file is already in the store as import {id}; nothing changed.",
                id=outcome.import_id,
            )
        )
    elif will_lock:
        st.success(
            ngettext(
                "Imported as import {id}: {n} row. As warned, the dashboard is now locked until "
                "sign-in is configured (the store holds real data); no one can see the figures "
                "until then.",
                "Imported as import {id}: {n} rows. As warned, the dashboard is now locked until "
                "sign-in is configured (the store holds real data); no one can see the figures "
                "until then.",
                outcome.rows,
                id=outcome.import_id,
            )
        )
    else:
        st.success(
            ngettext(
                "Imported as import {id}: {n} row. The dashboard now shows the new figures.",
                "Imported as import {id}: {n} rows. The dashboard now shows the new figures.",
                outcome.rows,
                id=outcome.import_id,
            )
        )
