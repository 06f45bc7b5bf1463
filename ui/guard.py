"""Every page runs only through dashboard.py's navigation.

Streamlit still runs a script in ``pages/`` directly when a new session opens its file-name URL
(e.g. ``/data_status``) before the entry point has run, which would skip the sign-in, the role
checks and the chrome. dashboard.py marks the run it routes; a page that finds no mark draws only
a link to the entry point.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import streamlit as st

from pipelines.presentation.i18n import _

ROUTED = "_routed_by_dashboard"


@contextlib.contextmanager
def routed_run() -> Iterator[None]:
    """Used by dashboard.py around ``page.run()``."""
    st.session_state[ROUTED] = True
    try:
        yield
    finally:
        st.session_state[ROUTED] = False


def require_router() -> None:
    """First line of every page: leave unless dashboard.py is running this page."""
    if not st.session_state.get(ROUTED):
        # Not routed: no language was chosen in this run, so the council's default is spoken.
        st.markdown(_("This page opens from the dashboard's home page: [open the dashboard](/)."))
        st.stop()
