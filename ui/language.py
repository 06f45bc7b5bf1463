"""The language switch: chosen in the sidebar, remembered for the session, settable from the
address (``?lang=cy``), defaulting to the council's ``[language] default`` in config.toml.

``choose_language`` runs first in every script run (dashboard.py), before anything is drawn, so
the navigation, the chrome and the page all speak the same language."""

from __future__ import annotations

import contextlib

import streamlit as st

from pipelines.presentation.i18n import LANGUAGES, default_language, normalise, set_language

KEY = "lang"
FROM_URL = "_lang_from_url"


def choose_language() -> str:
    """Set this run's language from the URL, the session or the default; return its code."""
    state = st.session_state
    # Read every widget's value before any widget is drawn: a choice box sends back the words it
    # showed ("Weeks"), which only last run's options (in last run's language) can map back to
    # its value; once read, the value is kept and the box redraws in the new language.
    for key in list(state.keys()):
        with contextlib.suppress(KeyError):
            state[key]
    # A link with ?lang= sets the switch once; later changes in the sidebar win until the link
    # changes (the same rule as ?period=). An unknown value is ignored, never shown.
    wanted = normalise(st.query_params.get(KEY))
    if wanted is not None and state.get(FROM_URL) != wanted:
        state[KEY] = wanted
    state[FROM_URL] = wanted
    if normalise(state.get(KEY)) is None:
        state[KEY] = default_language()
    set_language(state[KEY])
    return state[KEY]


def _keep_in_url() -> None:
    # The address follows the switch, so a copied link opens in the language on screen.
    st.query_params[KEY] = st.session_state[KEY]
    st.session_state[FROM_URL] = st.session_state[KEY]


def draw_switch() -> None:
    """The sidebar control, labelled in both languages so either reader can find it."""
    st.sidebar.radio(
        "Language / Iaith",
        list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=KEY,
        horizontal=True,
        on_change=_keep_in_url,
    )
