"""Arrow keys and a presenter's clicker (PageUp/PageDown) move between board stories.

A zero-height component adds one key listener to the dashboard's page; a key press clicks our own
"Next story" or "Previous story" button (found by its label, in the page's language), so the keys do exactly what the
buttons do. Keys typed into a text box are left alone. The same script closes Streamlit's false
"Page not found" notice when the board is opened from a link (see ui/deep_link.py)."""

from __future__ import annotations

import streamlit.components.v1 as components

from pipelines.presentation.i18n import N_, _
from ui.deep_link import close_notice_js

# The buttons' labels, translated where they are drawn and where the listener looks for them.
NEXT_LABEL = N_("Next story ▶")
PREVIOUS_LABEL = N_("◀ Previous story")

_SCRIPT = """
<script>
(function () {
  const page = window.parent;
  // The board opened from a link: close the false "Page not found" notice (ui/deep_link.py).
  %s
  if (page.__boardKeys) { return; }
  page.__boardKeys = true;
  page.document.addEventListener("keydown", function (event) {
    const target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" ||
        target.isContentEditable)) { return; }
    let label = null;
    if (event.key === "ArrowRight" || event.key === "PageDown") { label = "NEXT"; }
    if (event.key === "ArrowLeft" || event.key === "PageUp") { label = "PREVIOUS"; }
    if (label === null) { return; }
    const wanted = label === "NEXT" ? %s : %s;
    const button = Array.from(page.document.querySelectorAll("button"))
      .find(function (b) { return b.innerText.trim() === wanted; });
    if (button) { event.preventDefault(); button.click(); }
  });
})();
</script>
"""


def listen_for_story_keys() -> None:
    import json

    script = _SCRIPT % (
        close_notice_js("window.parent.document"),
        json.dumps(_(NEXT_LABEL)),
        json.dumps(_(PREVIOUS_LABEL)),
    )
    components.html(script, height=0)
