"""Streamlit entry point: page config, access, the navigation and the shared chrome. It routes; it
does not compute. Start it with `make run`."""

from pathlib import Path

import streamlit as st

from pipelines.presentation.i18n import _
from pipelines.presentation.theme import register_template
from ui import data
from ui.auth import draw_user, resolve_access
from ui.chrome import draw_chrome
from ui.deep_link import close_false_not_found
from ui.guard import routed_run
from ui.language import choose_language, draw_switch
from ui.registry import pages_for
from ui.uploads import sweep_at_start

# A local image, not a ":material/…:" name: Streamlit fetches those from an outside font host at
# every page load, which a council network may block and which tells that host who looks.
st.set_page_config(
    page_title="Children's services performance · Perfformiad gwasanaethau plant",
    page_icon=str(Path(__file__).resolve().parent / "ui" / "static" / "icon.png"),
    layout="wide",
)
choose_language()  # first: the navigation, the chrome and the page all speak it
register_template()
sweep_at_start()

current = resolve_access(store_has_real_data=data.store_has_real_data())
st.session_state["access"] = current
sections: dict[str, list] = {}
addresses: dict[int, str] = {}  # each page's registered address (the default page's too)
without_store: set[str] = set()  # the pages that run before there is a store (the upload)
for spec in pages_for(current.role):
    entry = st.Page(
        spec.path,
        title=_(spec.title),
        icon=spec.icon,
        url_path=spec.url_path,
        default=spec.default,
    )
    addresses[id(entry)] = spec.url_path
    if spec.without_store:
        without_store.add(spec.url_path)
    sections.setdefault(_(spec.section), []).append(entry)
# The board's presentation mode (?present=1 on the Board view) shows no sidebar at all: no
# navigation, filters or user line, so each story fits the screen (pages/board.py).
presenting = st.query_params.get("present") == "1"
# Every page listed: collapsed, Streamlit would hide the last ones behind "View more".
page = st.navigation(sections, expanded=True, position="hidden" if presenting else "sidebar")
if presenting and page.url_path != "board-view":
    del st.query_params["present"]
    st.rerun()
# The board screen has no sidebar: its key listener closes the notice there (ui/board_keys.py).
if not presenting:
    close_false_not_found(addresses.get(id(page), page.url_path))
    draw_switch()
    draw_user(current)
store_optional = addresses.get(id(page), page.url_path) in without_store
if draw_chrome(presenting=presenting, store_optional=store_optional) is not None or store_optional:
    with routed_run():
        page.run()
