"""Lists that name individual children or workers (by case-system id, never by name): shown only
to managers and above, and every view written to the access log (pipelines/store/access_log.py).

A view is logged once per browser session for the same list, filters and published store: a
rerun of the page (another widget changed) is the same view, a new import or other filters is a
new one. Every family page (child protection, looked-after children, workforce) draws its
coming-due and overdue lists through :func:`draw_record_list`, so no list can skip the gate.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
import streamlit as st

from pipelines import config
from pipelines.access import RECORD_LEVEL_ROLE, allows
from pipelines.presentation.i18n import _, ngettext
from pipelines.store.access_log import record_access
from ui import data

_LOGGED = "_record_list_views_logged"


def may_see_record_lists() -> bool:
    access = st.session_state.get("access")
    return access is not None and allows(access.role, RECORD_LEVEL_ROLE)


def draw_record_list(
    title: str,
    rows: pl.DataFrame,
    *,
    list_name: str,
    parameters: Mapping[str, object],
    empty: str | None = None,
) -> None:
    """Draw a record-level list for a permitted role and log the view; for anyone else, say
    that the list exists and who can see it, and show nothing of it (not even its length)."""
    st.subheader(title)
    if not may_see_record_lists():
        st.info(
            _(
                "This list names individual children or workers, so it is shown to managers, "
                "analysts and administrators only (each view is recorded in the access log)."
            ),
            icon=":material/lock:",
        )
        return
    access = st.session_state["access"]
    version = data.begin_run()
    key = (list_name, tuple(sorted((str(k), str(v)) for k, v in parameters.items())), version)
    logged: set = st.session_state.setdefault(_LOGGED, set())
    if key not in logged:
        record_access(
            config.store_path(),
            user=access.user,
            role=str(access.role),
            list_name=list_name,
            parameters=parameters,
            row_count=rows.height,
            store_version=f"{version[0]}:{version[1]}",
        )
        logged.add(key)
    if rows.is_empty():
        st.write(empty or _("Nobody is on this list."))
        return
    st.caption(
        ngettext(
            "{n} row. Case-system ids only; this view is recorded in the access log.",
            "{n} rows. Case-system ids only; this view is recorded in the access log.",
            rows.height,
        )
    )
    st.dataframe(rows, hide_index=True, width="stretch")
