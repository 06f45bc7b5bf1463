"""Opening a page at its own address must not greet the reader with "Page not found".

Streamlit (issue 9992, still in 1.67) answers the first run of a new session at a page's URL
with a "Page not found" notice: the page list only exists once dashboard.py has called
st.navigation, so the server looks the address up before it knows the pages. The page itself
is then drawn correctly underneath. A board member opening a link to the board view, or a leader
a bookmark, saw an error over the right page. When the page drawn is the page the address names (a mistyped address still gets Streamlit's notice and the
home page), a constant script closes the notice. Nothing from the URL or the store reaches it.
"""

from __future__ import annotations

from urllib.parse import urlparse

import streamlit as st


def close_notice_js(document: str) -> str:
    """Constant JavaScript (no input reaches it) that closes Streamlit's own "Page not found"
    dialog in ``document`` (``document``, or ``window.parent.document`` from a component's
    iframe) if it is open, trying for up to 4 s."""
    return f"""
(() => {{
  const page = {document};
  let tries = 0;
  const timer = setInterval(() => {{
    for (const dialog of page.querySelectorAll('[role="dialog"]')) {{
      if (!dialog.textContent.includes("Page not found")) continue;
      const button = dialog.querySelector('button[aria-label="Close"]');
      if (button) {{ button.click(); clearInterval(timer); return; }}
    }}
    if (++tries > 40) clearInterval(timer);
  }}, 100);
}})();
"""


_CLOSE_NOTICE = f"<script>{close_notice_js('document')}</script>"


def requested_path() -> str:
    """The first segment of the address the browser asked for ("" for the home page)."""
    try:
        path = urlparse(str(st.context.url or "")).path
    except (AttributeError, ValueError):
        return ""
    return path.strip("/").split("/")[-1] if path.strip("/") else ""


def close_false_not_found(drawn_url_path: str) -> None:
    """Call on every run after st.navigation with the registered address of the page it
    returned; the script goes into the sidebar (the board's presentation mode, which has none,
    closes the notice from its key listener, ui/board_keys.py)."""
    # Every run, not only the first: a first run can be cut short by a rerun (e.g. the language
    # written into the address) before the browser runs the script. Later runs never meet the
    # notice, and the script only ever closes Streamlit's own "Page not found" dialog.
    asked = requested_path()
    if asked and asked == drawn_url_path:
        st.sidebar.html(_CLOSE_NOTICE, unsafe_allow_javascript=True)
