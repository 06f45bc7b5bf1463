"""One normal form for every text cell, so the same value typed two ways is one value.

Why: a team written with a non-breaking space, a zero-width space, a line break inside the cell or
a decomposed accent (``i`` + combining circumflex instead of ``î``) looks the same on screen but
would become a separate team in every breakdown. Every cell is therefore put into Unicode NFC,
zero-width characters are removed, any run of white space (including line breaks, tabs and
non-breaking spaces) becomes one space, and the ends are trimmed; an empty result is a blank cell.
"""

from __future__ import annotations

import polars as pl

# Zero-width space, non-joiner, joiner, word joiner, byte-order mark, soft hyphen.
INVISIBLE = "[\u200b\u200c\u200d\u2060\ufeff\u00ad]"


def tidy_expr(cell: pl.Expr) -> pl.Expr:
    """The normal form of a text cell (null when nothing is left)."""
    return (
        cell.str.normalize("NFC")
        .str.replace_all(INVISIBLE, "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .replace("", None)
    )
