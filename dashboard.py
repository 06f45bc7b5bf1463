"""Streamlit entry point: page config, the shared chrome and the navigation. It routes; it does not
compute. Start it with `make run`."""

import streamlit as st

from pipelines.presentation.theme import register_template
from ui.chrome import draw_chrome
from ui.registry import PAGES

st.set_page_config(
    page_title="Children's services performance",
    page_icon=":material/monitoring:",
    layout="wide",
)
register_template()

sections: dict[str, list] = {}
for spec in PAGES:
    sections.setdefault(spec.section, []).append(
        st.Page(
            spec.path,
            title=spec.title,
            icon=spec.icon,
            url_path=spec.url_path,
            default=spec.default,
        )
    )
page = st.navigation(sections)
if draw_chrome() is not None:
    page.run()
