"""Streamlit entry point: page config, access, the navigation and the shared chrome. It routes; it
does not compute. Start it with `make run`."""

import streamlit as st

from pipelines.presentation.theme import register_template
from ui import data
from ui.auth import draw_user, resolve_access
from ui.chrome import draw_chrome
from ui.guard import routed_run
from ui.registry import pages_for

st.set_page_config(
    page_title="Children's services performance",
    page_icon=":material/monitoring:",
    layout="wide",
)
register_template()

current = resolve_access(store_has_real_data=data.store_has_real_data())
st.session_state["access"] = current
sections: dict[str, list] = {}
for spec in pages_for(current.role):
    sections.setdefault(spec.section, []).append(
        st.Page(
            spec.path,
            title=spec.title,
            icon=spec.icon,
            url_path=spec.url_path,
            default=spec.default,
        )
    )
page = st.navigation(sections, expanded=True)  # every page listed, no "View more"
draw_user(current)
if draw_chrome() is not None:
    with routed_run():
        page.run()
