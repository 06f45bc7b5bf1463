"""Drawing helpers shared by the pages: tiles, SPC chart blocks, the summary table, number tables
and the buttons that open a chart.

Text from the store (team names, process change labels) is only ever shown as plain text: in our
own HTML it is escaped (``html.escape``), and it never goes into ``st.markdown``.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape, unescape
from typing import Any

import polars as pl
import streamlit as st

from pipelines.board.rag import RAG_LEGEND, rag, rag_colour_word
from pipelines.catalogue import Indicator
from pipelines.overview import ASSURANCE_COLUMNS, SummaryTable, Tile
from pipelines.presentation.charts import EventMarker, sparkline, spc_figure, with_gap_reasons
from pipelines.presentation.formatting import format_number, format_value
from pipelines.presentation.i18n import _
from pipelines.presentation.icons import assurance_svg, img_tag, kind_svg, variation_svg
from pipelines.presentation.narrative import (
    assurance_sentence,
    chart_summary,
    period_end_words,
    tile_change_words,
    variation_sentence,
)
from pipelines.presentation.plain import html_text
from pipelines.presentation.status import point_words_by_type
from pipelines.presentation.theme import plot_config
from pipelines.published.symbols import gap_words, gaps_sentence
from pipelines.signals import Signal, latest_signal
from ui.registry import page_path

INK = "#0B0C0C"


def open_chart_button(
    indicator: Indicator,
    period_type: str,
    *,
    key: str,
    breakdown: str = "total",
    value: str = "All",
    label: str | None = None,
) -> None:
    """A button named after the indicator that opens its detail page with these choices.

    A button, not st.page_link: Streamlit draws a page link's keyboard focus as a faint grey
    background (about 1.1:1), while a button gets a focus ring in the theme's primary colour
    (at least 3:1, see .streamlit/config.toml), as WCAG 2.2 asks.
    """
    text = label or _("Open the chart: {name}", name=indicator.name)
    if st.button(text, key=key, type="tertiary", icon=":material/arrow_forward:", wrap=True):
        st.switch_page(
            page_path("indicator-detail"),
            query_params={
                "id": indicator.id,
                "period": period_type,
                "breakdown": breakdown,
                "value": value,
            },
        )


def _icon_line(svg: str | None, words: str, size: int = 36) -> str:
    """An icon (as an image whose alt text is its meaning) with its words beside it."""
    icon = img_tag(svg, _alt(svg), size)
    return (
        '<div style="display:flex;align-items:center;gap:0.5rem;margin:0.3rem 0;'
        f'line-height:1.3">{icon}<span>{escape(words)}</span></div>'
    )


def _alt(svg: str | None) -> str:
    """The meaning an icon carries (its SVG title), for the image's alt text."""
    if not svg or "<title>" not in svg:
        return ""
    return unescape(svg.split("<title>", 1)[1].split("</title>", 1)[0])


def signal_html(signal: Signal, size: int = 36) -> str:
    """The variation and assurance icons with their words (our own markup, escaped)."""
    variation = signal.variation if signal.withheld is None else None
    lines = [_icon_line(variation_svg(variation), variation_sentence(signal), size)]
    if signal.target is not None or signal.indicator.target is not None:
        assurance = assurance_svg(signal.assurance if signal.withheld is None else None)
        lines.append(_icon_line(assurance, assurance_sentence(signal), size))
    return "".join(lines)


def tile_html(tile: Tile) -> str:
    """The figures of one tile: name, latest value and period, change, icons and words."""
    signal = tile.signal
    indicator = tile.indicator
    name = html_text(indicator.name + tile.scope)
    heading = f'<h3 style="font-size:1.1rem;margin:0 0 0.3rem 0;line-height:1.3">{name}</h3>'
    if signal.withheld == "not_applicable":
        body = f'<p style="margin:0">{escape(variation_sentence(signal))}</p>'
        return heading + body
    if signal.value is None or signal.period_end is None:
        no_data = escape(_("No data for this period type."))
        return heading + f'<p style="margin:0">{no_data}</p>'
    value = escape(format_value(signal.value, indicator.unit))
    words = period_end_words(signal.period_type, signal.period_end)
    when = escape(words[0].upper() + words[1:])
    change = escape(tile_change_words(signal))
    return (
        heading
        + '<p data-tile-value style="margin:0;font-size:2rem;font-weight:700;line-height:1.2">'
        + f"{value}</p>"
        + f'<p style="margin:0 0 0.3rem 0">{when}. {change}.</p>'
        + signal_html(signal)
    )


def draw_tile(tile: Tile, period_type: str, key: str) -> None:
    indicator = tile.indicator
    with st.container(border=True):
        st.html(tile_html(tile))
        if tile.signal.value is not None:
            st.plotly_chart(
                sparkline(tile.rows, indicator),
                key=f"spark-{key}",
                config={"staticPlot": True},
                theme=None,
                alt=_("Sparkline of the last 26 periods of {name}", name=indicator.name),
            )
        open_chart_button(
            indicator,
            period_type,
            key=f"open-{key}",
            breakdown=tile.signal.breakdown,
            value=tile.signal.breakdown_value,
        )


def draw_summary_table(table: SummaryTable, tiles: list[Tile], period_type: str) -> None:
    """Headline indicators by variation (rows) and assurance (columns); each entry opens its
    chart. Rows with no indicator are left out; the header row names the columns."""
    widths = [1.4, 1, 1, 1, 1]
    header = st.columns(widths, vertical_alignment="center")
    corner = escape(_("Variation \u2193 / assurance \u2192"))
    header[0].html(f'<p style="margin:0;font-weight:700">{corner}</p>')
    for column, (code, words) in zip(header[1:], ASSURANCE_COLUMNS, strict=True):
        column.html(
            _icon_line(assurance_svg(code if code != "none" else None, 28), _(words)).replace(
                "<span>", '<span style="font-weight:700">'
            )
        )
    for row_code, row_source in table.rows():
        row_words = _(row_source)
        cells = st.columns(widths, vertical_alignment="top")
        icon = kind_svg(row_code, row_words, 28)
        cells[0].html(
            _icon_line(icon, row_words).replace("<span>", '<span style="font-weight:700">')
        )
        for cell, (code, _words) in zip(cells[1:], ASSURANCE_COLUMNS, strict=True):
            entries = table.cells.get((row_code, code), [])
            if not entries:
                cell.html('<p style="margin:0;color:#505A5F" aria-label="none">–</p>')
            for tile in entries:
                value = format_value(tile.signal.value, tile.indicator.unit)
                # RAG in words beside the SPC position (never colour alone; legend below).
                rating = rag(tile.indicator, tile.signal.value, tile.signal.target).rating
                if rating:
                    value += " · " + _("RAG {colour}", colour=rag_colour_word(rating))
                with cell:
                    open_chart_button(
                        tile.indicator,
                        period_type,
                        key=f"matrix-{tile.indicator.id}",
                        breakdown=tile.signal.breakdown,
                        value=tile.signal.breakdown_value,
                        label=f"{tile.indicator.name}: {value}",
                    )
    st.caption(_(RAG_LEGEND))


def spc_block(
    frame: pl.DataFrame,
    indicator: Indicator,
    *,
    key: str,
    scope: str = "",
    markers: tuple[EventMarker, ...] = (),
    changes: tuple[EventMarker, ...] = (),
    height: int = 420,
) -> Signal:
    """The SPC chart with its icons and text summary beside it; returns the chart's signal."""
    signal = latest_signal(frame, indicator)
    summary = chart_summary(signal, scope)
    gaps = gaps_sentence(
        [
            (f"{end:%d/%m/%Y}", reason)
            for end, reason in with_gap_reasons(frame)
            .sort("period_end")
            .select("period_end", "gap_reason")
            .iter_rows()
        ]
    )
    summary = f"{summary} {gaps}".strip()
    chart_with_words(
        spc_figure(
            frame, indicator, markers=markers, changes=changes, signal=signal, height=height
        ),
        f"spc-{key}",
        summary,
        signal_html(signal, 32),
    )
    return signal


def chart_with_words(figure: object, key: str, summary: str, lead_html: str = "") -> None:
    """A chart with its text summary beside it ("In words"; ``lead_html`` is our own markup,
    e.g. the signal's icons, drawn before the summary)."""
    chart, words = st.columns([3, 1])
    with chart:
        st.plotly_chart(figure, key=key, config=plot_config(), theme=None, alt=summary)
    with words:
        st.html(
            '<p style="margin:0 0 0.3rem 0;font-weight:700">'
            + escape(_("In words"))
            + "</p>"
            + lead_html
            + f'<p style="margin:0.4rem 0 0 0">{html_text(summary, 2000)}</p>'
        )


def _each(column: pl.Series, show: Callable[[Any], str]) -> list[str | None]:
    return [None if v is None else show(v) for v in column.to_list()]


def numbers_frame(frame: pl.DataFrame, indicator: Indicator) -> pl.DataFrame:
    """The numbers behind a chart, newest first, formatted for people (no raw ids)."""
    unit = indicator.unit
    rows = with_gap_reasons(frame).sort("period_end", descending=True)
    # Formatted here in Python, not in Polars callbacks: the words are in this run's language.
    point_types = point_words_by_type()
    denominator_unit = "ratio" if unit == "ratio" else "count"
    return pl.DataFrame(
        {
            _("Period ending"): [f"{d:%d/%m/%Y}" for d in rows["period_end"].to_list()],
            _("Numerator"): _each(rows["numerator"], lambda v: format_number(v, "count")),
            _("Denominator"): _each(
                rows["denominator"], lambda v: format_number(v, denominator_unit)
            ),
            _("Value"): [
                gap_words(reason) if value is None and reason else format_value(value, unit)
                for value, reason in zip(
                    rows["value"].to_list(), rows["gap_reason"].to_list(), strict=True
                )
            ],
            _("Average"): _each(rows["mean"], lambda v: format_value(v, unit)),
            _("SPC"): _each(rows["point_type"], lambda p: point_types.get(p, p)),
        },
        schema=dict.fromkeys(
            (
                _("Period ending"),
                _("Numerator"),
                _("Denominator"),
                _("Value"),
                _("Average"),
                _("SPC"),
            ),
            pl.String,
        ),
    )


def numbers_table(frame: pl.DataFrame, indicator: Indicator, periods: int = 13) -> None:
    """The numbers behind a chart: the latest periods, newest first."""
    st.dataframe(numbers_frame(frame, indicator).head(periods), hide_index=True, width="stretch")
