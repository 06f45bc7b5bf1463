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


# A column needs the full treatment only when some cell has a character outside printable ASCII
# (a tab, a line break, a non-breaking space, an accent) or two spaces in a row; most columns of
# most files (ids, dates, codes) do not, and are only trimmed.
NEEDS_FULL = r"[^ -~]|  "


def tidy_expr(cell: pl.Expr) -> pl.Expr:
    """The normal form of a text cell (null when nothing is left)."""
    return (
        cell.str.normalize("NFC")
        .str.replace_all(INVISIBLE, "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .replace("", None)
    )


def trim_expr(cell: pl.Expr) -> pl.Expr:
    """:func:`tidy_expr` for a column of printable ASCII with no double spaces."""
    return cell.str.strip_chars(" ").replace("", None)


def tidy_columns(frame: pl.DataFrame, columns: list[str]) -> list[pl.Expr]:
    """One expression per column: the full normal form where a column needs it, else a trim."""
    if not columns or frame.height == 0:
        return [trim_expr(pl.col(c).cast(pl.String)).alias(c) for c in columns]
    needs = frame.select(
        pl.col(c).cast(pl.String).str.contains(NEEDS_FULL).any().alias(c) for c in columns
    ).row(0, named=True)
    return [
        (tidy_expr if needs[c] else trim_expr)(pl.col(c).cast(pl.String)).alias(c) for c in columns
    ]
