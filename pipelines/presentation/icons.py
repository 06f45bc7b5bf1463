"""Making Data Count icons, drawn as our own SVG (no image files, no third-party artwork).

The meanings follow NHS England's published MDC icons: variation (common cause; special cause
improvement high or low; special cause concern high or low; special cause neither better nor
worse, high or low) and assurance (consistently passing the target; consistently failing it;
hit and miss). As in MDC, improvement is blue, concern orange, common cause and hit and miss grey,
"neither" purple. Colour is never alone: each kind also has its own shape (improvement a circle,
concern a diamond, neither a triangle pointing the way it moved, common cause an open circle with
a flat line, hit and miss an open circle with "?"), a letter (H or L for the side, P or F for pass
or fail) with an arrow, and the words beside it; every icon carries its meaning as alt text
(``role="img"`` with ``aria-label`` and ``<title>``).

Functions return SVG markup, ``<img>`` tags with alt text for our own HTML (tiles, tables) and
data URIs for Plotly images.
"""

from __future__ import annotations

import base64
from html import escape

from pipelines.presentation.status import ASSURANCE, VARIATION
from pipelines.presentation.theme import DARK_BLUE, DARK_GREY, DARK_PINK, ORANGE

INK = "#0B0C0C"
WHITE = "#FFFFFF"


def _svg(body: str, label: str, size: int) -> str:
    text = escape(label, quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="{size}" '
        f'height="{size}" role="img" aria-label="{text}" focusable="false">'
        f"<title>{text}</title>{body}</svg>"
    )


def _letter(letter: str, colour: str, y: float = 25.5, size: int = 15) -> str:
    return (
        f'<text x="20" y="{y}" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" '
        f'font-size="{size}" font-weight="700" fill="{colour}">{letter}</text>'
    )


def _arrow(up: bool, colour: str) -> str:
    # A small arrow beside the letter: the side of the signal (higher or lower).
    if up:
        return f'<path d="M30 17 l3.5 5 h-2.2 v5 h-2.6 v-5 h-2.2 z" fill="{colour}"/>'
    return f'<path d="M30 27 l3.5 -5 h-2.2 v-5 h-2.6 v5 h-2.2 z" fill="{colour}"/>'


def variation_svg(variation: str | None, size: int = 40) -> str:
    """The variation icon for a chart's ``variation`` code (None: no signal shown)."""
    label = VARIATION.get(variation, VARIATION[None]).words
    if variation == "common_cause":
        body = (
            f'<circle cx="20" cy="20" r="17" fill="{WHITE}" stroke="{DARK_GREY}" stroke-width="3"/>'
            f'<path d="M9 20 h22" stroke="{DARK_GREY}" stroke-width="3" stroke-linecap="round"/>'
            f'<circle cx="13" cy="20" r="2.6" fill="{DARK_GREY}"/>'
            f'<circle cx="20" cy="20" r="2.6" fill="{DARK_GREY}"/>'
            f'<circle cx="27" cy="20" r="2.6" fill="{DARK_GREY}"/>'
        )
        return _svg(body, label, size)
    if variation is None or variation not in VARIATION:
        body = (
            f'<circle cx="20" cy="20" r="17" fill="{WHITE}" stroke="{DARK_GREY}" '
            'stroke-width="2.5" stroke-dasharray="4 3"/>'
            f'<path d="M12 20 h16" stroke="{DARK_GREY}" stroke-width="3" stroke-linecap="round"/>'
        )
        return _svg(body, label, size)
    kind, side = variation.split("_")
    high = side == "high"
    letter = "H" if high else "L"
    if kind == "improvement":
        shape = f'<circle cx="20" cy="20" r="18" fill="{DARK_BLUE}"/>'
        ink = WHITE
    elif kind == "concern":
        shape = f'<path d="M20 1 L39 20 L20 39 L1 20 Z" fill="{ORANGE}"/>'
        ink = INK
    else:
        points = "20,2 39,37 1,37" if high else "1,3 39,3 20,38"
        shape = f'<polygon points="{points}" fill="{DARK_PINK}"/>'
        ink = WHITE
    y = 30.5 if kind == "neutral" and high else 22.5 if kind == "neutral" else 25.5
    body = shape + _letter(letter, ink, y=y, size=13 if kind == "neutral" else 15)
    body += _arrow(high, ink) if kind != "neutral" else ""
    return _svg(body, label, size)


def kind_svg(kind: str, label: str, size: int = 40) -> str:
    """The shape of a kind of variation without a side (for a table's row headings): ``concern``,
    ``improvement``, ``neutral``, ``common_cause`` or ``withheld``."""
    if kind == "common_cause":
        return variation_svg("common_cause", size).replace(VARIATION["common_cause"].words, label)
    shapes = {
        "improvement": f'<circle cx="20" cy="20" r="18" fill="{DARK_BLUE}"/>',
        "concern": f'<path d="M20 1 L39 20 L20 39 L1 20 Z" fill="{ORANGE}"/>',
        "neutral": f'<polygon points="20,2 39,37 1,37" fill="{DARK_PINK}"/>',
    }
    if kind not in shapes:
        return variation_svg(None, size).replace(VARIATION[None].words, label)
    return _svg(shapes[kind], label, size)


def assurance_svg(assurance: str | None, size: int = 40) -> str | None:
    """The assurance icon (None when there is no assurance to show)."""
    if assurance not in ("consistently_pass", "consistently_fail", "inconsistent"):
        return None
    label = ASSURANCE[assurance].words
    if assurance == "consistently_pass":
        body = f'<circle cx="20" cy="20" r="18" fill="{DARK_BLUE}"/>' + _letter("P", WHITE)
    elif assurance == "consistently_fail":
        body = f'<path d="M20 1 L39 20 L20 39 L1 20 Z" fill="{ORANGE}"/>' + _letter("F", INK)
    else:
        body = (
            f'<circle cx="20" cy="20" r="17" fill="{WHITE}" stroke="{DARK_GREY}" stroke-width="3"/>'
            + _letter("?", DARK_GREY, y=26.5, size=18)
        )
    return _svg(body, label, size)


def img_tag(svg: str | None, alt: str, size: int = 40) -> str:
    """An <img> of the icon with its alt text, for our own HTML (Streamlit's st.html keeps
    HTML only, so inline SVG would be removed; an image from a data URI is kept)."""
    if svg is None:
        return ""
    return (
        f'<img src="{data_uri(svg)}" alt="{escape(alt, quote=True)}" width="{size}" '
        f'height="{size}" style="flex:none">'
    )


def data_uri(svg: str) -> str:
    """An SVG as a data URI, for Plotly layout images."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
