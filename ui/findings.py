"""The inspection findings a family page's measures answer: each finding with its measures' latest
SPC status and their movement since the inspection (child protection, workforce, ...)."""

from __future__ import annotations

from collections.abc import Collection

import polars as pl
import streamlit as st

from pipelines.catalogue import load_catalogue
from pipelines.concerns import linked_status
from pipelines.overview import group_by_indicator
from pipelines.periods import PERIOD_TYPES
from pipelines.presentation.formatting import format_value
from pipelines.presentation.i18n import _
from pipelines.presentation.plain import plain
from pipelines.presentation.status import variation_icon
from ui import data, filters
from ui.area import shown_period_type
from ui.components import open_chart_button


def linked_rows(
    indicator_ids: Collection[str], period_type: str
) -> tuple[dict[str, pl.DataFrame], dict[str, str]]:
    """Each indicator's total series by ``period_type``; for one with no figures of that type (a
    quarterly audit measure or upload has no weeks) by its own reporting frequency, else by the
    first period type that has figures (months, then quarters, then years), so a finding's
    status is never "no data" only because of the view; and the period type used for each."""
    catalogue = load_catalogue()
    known = sorted(i for i in indicator_ids if i in catalogue)
    rows = group_by_indicator(data.load("chart_rows", tuple(known), period_type))
    periods = dict.fromkeys(known, period_type)

    def missing() -> list[str]:
        return [i for i in known if rows.get(i) is None or rows[i].is_empty()]

    for indicator_id in missing():
        own = shown_period_type(catalogue[indicator_id], period_type)
        if own != period_type:
            frame = data.load("chart_rows", (indicator_id,), own)
            if not frame.is_empty():
                rows[indicator_id], periods[indicator_id] = frame, own
    for other in PERIOD_TYPES:
        still = missing()
        if not still:
            break
        if other == period_type:
            continue
        found = group_by_indicator(data.load("chart_rows", tuple(still), other))
        for indicator_id, frame in found.items():
            if not frame.is_empty():
                rows[indicator_id], periods[indicator_id] = frame, other
    return rows, periods


def draw_linked_findings(indicators: Collection[str], register: pl.DataFrame, key: str) -> None:
    """The findings of the register linked to any of ``indicators``, latest inspection first."""
    chosen = filters.current()
    wanted = sorted(indicators)
    st.header(_("What the inspectors found"))
    st.caption(
        _(
            "Findings of the inspection reports that these measures evidence, latest inspection "
            "first, with each measure's latest SPC status and whether it has moved the right way "
            "since the inspection (no data: the figures start after that inspection)."
        )
    )
    linked = register.filter(
        pl.col("indicator_ids").str.split(";").list.eval(pl.element().is_in(wanted)).list.any()
    ).sort("inspection_date", "concern_id", descending=[True, False])  # the latest first
    if linked.is_empty():
        st.write(_("No finding in the inspection register is linked to these measures."))
        return
    catalogue = load_catalogue()
    rows, periods = linked_rows(wanted, chosen.period_type)
    for concern in linked.iter_rows(named=True):
        with st.container(border=True):
            st.markdown(f"**{plain(concern['concern_id'])}** ({plain(concern['report'])})")
            st.markdown(plain(concern["finding"], 2000))
            ids = [i for i in concern["indicator_ids"].split(";") if i in wanted]
            for status in linked_status(ids, concern["inspection_date"], rows):
                icon = variation_icon(status.variation)
                latest = format_value(status.latest, status.indicator.unit)
                st.markdown(
                    plain(
                        _(
                            "{symbol} {name}: latest {latest}; {variation}; since the "
                            "inspection: {movement}",
                            symbol=icon.symbol,
                            name=status.indicator.name,
                            latest=latest,
                            variation=icon.words.lower(),
                            movement=status.movement_words,
                        )
                    )
                )
                open_chart_button(
                    catalogue[status.indicator.id],
                    periods[status.indicator.id],
                    key=f"{key}-{concern['concern_id']}-{status.indicator.id}",
                    label=_("Chart: {name}", name=status.indicator.name),
                )
