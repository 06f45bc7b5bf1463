"""Showing text that came from a URL, a file or the store exactly as written: never as markdown.

Why: Streamlit renders markdown (and its own ``:color[…]`` and ``:material/…:`` directives) in
``st.markdown``, ``st.write``, titles, captions, alerts, expander and widget labels. A team named
``[Your session expired - sign in here](https://evil.example/login)`` or an indicator id in the URL
would otherwise become a live link inside the dashboard. :func:`plain` backslash-escapes every
ASCII punctuation character (CommonMark lets any of them be escaped, so the text then renders
literally), makes line breaks spaces and cuts very long strings, so one huge value cannot flood a
page. Escaping is not enough for GitHub-flavoured markdown's bare links (``https://…``, ``www.…``
and ``name@domain``, found in the text after escapes are read): a word joiner (U+2060, invisible)
goes after the scheme, the ``www`` and the ``@`` so no link is recognised. Pages pass every such
string through it; see ``tests/test_hostile_pages.py`` and the browser test.
"""

from __future__ import annotations

import html
import re
import string

MAX_SHOWN = 300  # characters of one untrusted string shown on a page
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_SPACES = re.compile(r"\s+")
JOINER = "\u2060"
_BARE_LINKS = (
    (re.compile(r"(?i)\b(https?|ftp|mailto|file|javascript|data)(?=:)"), r"\1" + JOINER),
    (re.compile(r"(?i)\b(www)(?=\.)"), r"\1" + JOINER),
    (re.compile(r"@"), "@" + JOINER),
)


def plain(text: object, limit: int = MAX_SHOWN) -> str:
    """``text`` escaped so that markdown shows it literally, on one line, at most ``limit``
    characters (cut with an ellipsis)."""
    value = bounded(text, limit)
    for pattern, replacement in _BARE_LINKS:
        value = pattern.sub(replacement, value)
    return _PUNCTUATION.sub(r"\\\1", value)


def bounded(text: object, limit: int = MAX_SHOWN) -> str:
    """``text`` on one line, printable characters only, at most ``limit`` characters: for
    elements that never read markdown (``st.text``, table cells)."""
    value = _SPACES.sub(" ", "" if text is None else str(text)).strip()
    value = "".join(ch for ch in value if ch.isprintable())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def html_text(text: object, limit: int = MAX_SHOWN) -> str:
    """``text`` bounded as :func:`bounded` and escaped for our own HTML (``st.html``), so a
    value from the store is shown literally and cannot add a tag, attribute or handler."""
    return html.escape(bounded(text, limit), quote=True)
