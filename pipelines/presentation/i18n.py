"""The one translation mechanism: English source text, a Welsh gettext catalogue beside it.

Every user-facing string goes through :func:`_` (or :func:`ngettext` for a count), with named
``{placeholders}`` filled in after translation, so a sentence is one translatable template with
its word order in the translator's hands, never English fragments glued together. Strings defined
at import time (tables of words) are marked with :func:`N_` and translated where they are shown.

The Welsh catalogue is ``locale/cy/LC_MESSAGES/messages.po`` (standard gettext, edited with any
PO editor; its plural rule is Babel's from CLDR: five gettext forms, zero sharing "other"). It is
compiled in memory the first time it is needed, so a fresh clone needs no build step;
``python -m pipelines.presentation.i18n_catalogue`` merges new strings of the code into it.

The language is per script run (a :class:`contextvars.ContextVar`): the dashboard sets it from
the user's choice at the start of each run, the CLI from ``--lang``; with neither, the council's
``[language] default`` in config.toml. Nothing here imports Streamlit.

Dates and month names come from Babel's CLDR data (``cy``: "30 Mawrth 2025"); numbers are written
as in Wales in both languages (1,234.5: CLDR's ``cy`` uses the same symbols as ``en_GB``, which a
test checks).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import TypeVar

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

T = TypeVar("T")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
LANGUAGES = {"en": "English", "cy": "Cymraeg"}  # code → the language's own name
BABEL_LOCALE = {"en": "en_GB", "cy": "cy_GB"}
_LANGUAGE: ContextVar[str | None] = ContextVar("language", default=None)
_FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language (English: the source text itself)."""
    path = po_path(language)
    if language == "en" or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)  # a fuzzy (unchecked) entry shows English
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def default_language() -> str:
    from pipelines.config import load_settings

    return load_settings().default_language


def normalise(code: object) -> str | None:
    """A supported language code from hostile input ('CY', ' cy ', 'cy-GB'), else None."""
    if not isinstance(code, str):
        return None
    text = code.strip().lower()[:8].replace("_", "-").split("-")[0]
    return text if text in LANGUAGES else None


def current_language() -> str:
    return _LANGUAGE.get() or default_language()


def set_language(code: str) -> None:
    """Use ``code`` for the rest of this script run or command (ValueError if unsupported)."""
    language = normalise(code)
    if language is None:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {code!r}")
    _LANGUAGE.set(language)


@contextmanager
def use_language(code: str) -> Iterator[None]:
    """Speak ``code`` inside the block (tests, a board pack in another language)."""
    language = normalise(code)
    if language is None:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {code!r}")
    token = _LANGUAGE.set(language)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def in_this_language(function: Callable[[T], str]) -> Callable[[T], str]:
    """``function`` pinned to the current language, for a callback that another thread may call
    (a widget's ``format_func``, a Polars callback)."""
    language = current_language()

    def pinned(value: T) -> str:
        with use_language(language):
            return function(value)

    return pinned


def _fill(template: str, values: dict[str, object]) -> str:
    # Only the template's own {name} fields are filled: a value is never parsed as a template.
    if not values:
        return template
    return _FIELD.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m[0], template)


def _(message: str, **values: object) -> str:
    """``message`` in the current language, its ``{name}`` fields filled from ``values``."""
    return _fill(translations(current_language()).gettext(message), values)


def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
    """The form for ``n`` (Welsh: zero/other, one, two, few, many); ``{n}`` is filled."""
    text = translations(current_language()).ngettext(singular, plural, n)
    return _fill(text, {"n": format_count(n), **values})


def pgettext(context: str, message: str, **values: object) -> str:
    """``message`` where the same English words need different Welsh in another ``context``."""
    return _fill(translations(current_language()).pgettext(context, message), values)


def N_(message: str) -> str:
    """Mark text for translation where it is defined; translate it with :func:`_` when shown."""
    return message


def format_count(n: int) -> str:
    return f"{n:,}"


def locale() -> str:
    return BABEL_LOCALE[current_language()]


def date_long(day: dt.date) -> str:
    """'30 March 2025' / '30 Mawrth 2025'."""
    return format_date(day, "dd MMMM y", locale=locale())


def date_short(day: dt.date) -> str:
    """'30 Mar 2025' / '30 Maw 2025'."""
    return format_date(day, "dd MMM y", locale=locale())


def month_year(day: dt.date) -> str:
    """'March 2025' / 'Mawrth 2025'."""
    return format_date(day, "LLLL y", locale=locale())


def month_short(day: dt.date) -> str:
    """'Mar 2025' / 'Maw 2025' (chart axes)."""
    return format_date(day, "LLL y", locale=locale())


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a template (a translation must keep the same ones)."""
    return set(_FIELD.findall(text))
