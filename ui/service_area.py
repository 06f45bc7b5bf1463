"""Pieces the service-area pages with their own figures share (child protection, looked-after
children, workforce): a figure with the sentence that says what it shows. The inspection findings
a page's measures evidence are drawn by ui/findings.py."""

from __future__ import annotations

import streamlit as st

from pipelines.presentation.i18n import _
from pipelines.presentation.theme import plot_config


def figure_with_words(figure: object, key: str, words: str, note: str = "") -> None:
    """A chart with the sentence that says what it shows beside it (and as its alt text)."""
    chart, text = st.columns([3, 1])
    with chart:
        st.plotly_chart(figure, key=key, config=plot_config(), theme=None, alt=words)
    with text:
        st.markdown("**" + _("In words") + "**")
        st.write(words)
        if note:
            st.caption(note)
