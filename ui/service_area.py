"""Pieces the service-area pages with their own figures share (child protection, looked-after
children): a figure with the sentence that says what it shows, and the inspection findings the
page's measures evidence, each with its measures' latest SPC status."""

from __future__ import annotations

from collections.abc import Collection

import polars as pl
import streamlit as st

from pipelines.catalogue import load_catalogue
from pipelines.concerns import linked_status
from pipelines.overview import group_by_indicator
from pipelines.periods import PERIOD_TYPES
from pipelines.presentation.formatting import format_value
from pipelines.presentation.plain import plain
from pipelines.presentation.status import variation_icon
from ui import data, filters
from ui.components import PLOT_CONFIG, open_chart_button


def figure_with_words(figure: object, key: str, words: str, note: str = "") -> None:
    """A chart with the sentence that says what it shows beside it (and as its alt text)."""
    chart, text = st.columns([3, 1])
    with chart:
        st.plotly_chart(figure, key=key, config=PLOT_CONFIG, theme=None, alt=words)
    with text:
        st.markdown("**In words**")
        st.write(words)
        if note:
            st.caption(note)


def linked_rows(indicator_ids: Collection[str], period_type: str) -> dict[str, pl.DataFrame]:
    """Each indicator's total series at the chosen period type, or, where it has none there (a
    quarterly upload such as the count of in-house foster carers, on the weekly view), at the
    first period type that has one (months, then quarters, then years), so that a finding's status
    is never "no data" only because of the view."""
    rows = group_by_indicator(data.load("chart_rows", tuple(sorted(indicator_ids)), period_type))
    for other in PERIOD_TYPES:
        missing = tuple(sorted(i for i in indicator_ids if i not in rows))
        if not missing:
            break
        if other != period_type:
            rows |= group_by_indicator(data.load("chart_rows", missing, other))
    return rows


def draw_findings(register: pl.DataFrame, indicators: Collection[str], key: str) -> None:
    """The register's findings linked to ``indicators``, latest inspection first."""
    chosen = filters.current()
    st.header("What the inspectors found")
    st.caption(
        "Findings of the inspection reports that these measures evidence, latest inspection "
        "first, with each measure's latest SPC status and whether it has moved the right way "
        "since the inspection (no data: the figures start after that inspection)."
    )
    linked = register.filter(
        pl.col("indicator_ids")
        .str.split(";")
        .list.eval(pl.element().is_in(sorted(indicators)))
        .list.any()
    ).sort("inspection_date", "concern_id", descending=[True, False])  # the latest first
    if linked.is_empty():
        st.write("No finding in the inspection register is linked to these measures.")
        return
    catalogue = load_catalogue()
    rows = linked_rows(indicators, chosen.period_type)
    for concern in linked.iter_rows(named=True):
        with st.container(border=True):
            st.markdown(f"**{plain(concern['concern_id'])}** ({plain(concern['report'])})")
            st.markdown(plain(concern["finding"], 2000))
            ids = [i for i in concern["indicator_ids"].split(";") if i in indicators]
            for status in linked_status(ids, concern["inspection_date"], rows):
                icon = variation_icon(status.variation)
                latest = format_value(status.latest, status.indicator.unit)
                st.markdown(
                    plain(
                        f"{icon.symbol} {status.indicator.name}: latest {latest}; "
                        f"{icon.words.lower()}; since the inspection: {status.movement}"
                    )
                )
                open_chart_button(
                    catalogue[status.indicator.id],
                    chosen.period_type,
                    key=f"{key}-finding-{concern['concern_id']}-{status.indicator.id}",
                    label=f"Chart: {status.indicator.name}",
                )
