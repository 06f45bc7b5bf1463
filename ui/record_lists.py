"""Lists that name individual children or workers (by case-system id, never by name): shown only
to managers and above, and every view written to the access log (pipelines/store/access_log.py).

A view is logged once per browser session for the same list, filters and published store: a
rerun of the page (another widget changed) is the same view, a new import or other filters is a
new one. Every family page (child protection, looked-after children, workforce) draws its
coming-due and overdue lists through :func:`draw_record_list`, so no list can skip the gate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import polars as pl
import streamlit as st

from pipelines import config
from pipelines.access import RECORD_LEVEL_ROLE, allows
from pipelines.presentation.i18n import _, ngettext
from pipelines.presentation.plain import plain
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


def draw_coming_due(
    what: str,
    team: str | None,
    *,
    list_name: str,
    title: str,
    summary: Callable[[pl.DataFrame, object], str],
    rows: Callable[[pl.DataFrame], pl.DataFrame],
    empty: str,
) -> None:
    """A "coming due and overdue" section: what is listed (for ``team``, the sidebar's), a sentence,
    then the list of ``list_name`` (a read model giving its own ``as_at``), for permitted roles
    only. Shared by the child protection and looked-after pages."""
    if team:
        st.write(_("{what}, for {team}.", what=what, team=plain(team)))
    else:
        st.write(_("{what}; choose a team in the sidebar.", what=what))
    allowed = may_see_record_lists()
    due = data.load(list_name, team) if allowed else pl.DataFrame()
    as_at = due["as_at"].max() if allowed and not due.is_empty() else None
    if allowed:
        st.write(summary(due, as_at))
    draw_record_list(
        title,
        rows(due) if allowed else pl.DataFrame(),
        list_name=list_name,
        parameters={"team": team or "All teams", "as_at": as_at or ""},
        empty=empty,
    )
