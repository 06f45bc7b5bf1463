"""The symbols publishers write in place of a figure, and the reason each one stands for.

A figure that is not given is stored as a gap with its reason, never as 0, and never bridged by
the SPC (a gap has no value, so no moving range spans it). Sources: StatsWales's notes on its
tables (``*`` disclosive or not sufficiently robust, ``.`` not applicable, ``..`` not available)
and the Government Statistical Service symbols used by Explore Education Statistics (``c``
confidential, ``x`` not available, ``z`` not applicable, ``u`` low reliability, ``low`` rounds to
zero but is not zero, ``:`` not available). The data dictionary lists them
(``docs/data-dictionary.md``).
"""

from __future__ import annotations

from pipelines.presentation.i18n import N_, _, ngettext

# reason code -> what it means, in the analyst's words
REASONS = {
    "suppressed": N_("suppressed (withheld so no one can be identified)"),
    "not_applicable": N_("not applicable"),
    "not_available": N_("not available (not collected or not yet published)"),
    "low": N_("low (too small or too unreliable to publish)"),
}

# symbol as published (matched ignoring case and spaces) -> (reason code, publisher)
SYMBOLS = {
    "*": ("suppressed", "StatsWales"),
    ".": ("not_applicable", "StatsWales"),
    "..": ("not_available", "StatsWales"),
    "c": ("suppressed", "Explore Education Statistics"),
    "x": ("not_available", "Explore Education Statistics"),
    "z": ("not_applicable", "Explore Education Statistics"),
    "u": ("low", "Explore Education Statistics (low reliability)"),
    "low": ("low", "Explore Education Statistics (rounds to 0 but is not 0)"),
    ":": ("not_available", "Explore Education Statistics"),
}


def reason_for(symbol: str | None) -> str | None:
    """The reason code a published symbol stands for, or None when it is not a symbol."""
    if symbol is None:
        return None
    found = SYMBOLS.get("".join(symbol.split()).lower())
    return found[0] if found else None


def symbols_words() -> str:
    """The symbols, for messages: ``* . .. c x z u low :``."""
    return " ".join(SYMBOLS)


def gap_words(reason: str | None) -> str:
    """How a figure with no value reads in a table or on a chart: 'not published: suppressed (…)'
    for a stored gap, 'no data' for a period with no figure at all."""
    if reason is None:
        return _("no data")
    return _("not published: {reason}", reason=reason_words(reason))


def reason_words(reason: str) -> str:
    """A gap's reason in the current language (the store's code as it is when unknown)."""
    return _(REASONS[reason]) if reason in REASONS else reason


def gaps_sentence(reasons: list[tuple[str, str | None]]) -> str:
    """One sentence for a chart's text summary naming its published gaps ((label, reason) pairs),
    or '' when it has none."""
    named = [(label, reason) for label, reason in reasons if reason is not None]
    if not named:
        return ""
    listed = "; ".join(
        _("{label} ({reason})", label=label, reason=reason_words(r).split(" (")[0])
        for label, r in named[:6]
    )
    if len(named) > 6:
        listed = ngettext("{listed} and {n} more", "{listed} and {n} more", len(named) - 6,
                          listed=listed)  # fmt: skip
    return ngettext(
        "{n} period has no published figure: {listed}. They are gaps on the chart, not zeros, "
        "and no moving range spans them.",
        "{n} periods have no published figure: {listed}. They are gaps on the chart, not zeros, "
        "and no moving range spans them.",
        len(named),
        listed=listed,
    )
