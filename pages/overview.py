"""Overview for senior leaders: what changed, the summary table, and a tile per headline
indicator by theme. Tiles, "What changed" and the table read the same signal for each chart."""

from html import escape

import streamlit as st

from pipelines.catalogue import load_catalogue
from pipelines.overview import changes_from_tiles, chart_tiles, crop, summary_table
from pipelines.presentation.i18n import _, ngettext
from ui import data, filters
from ui.benchmarks import draw_benchmark_summary
from ui.components import draw_summary_table, draw_tile
from ui.filters import period_label
from ui.guard import require_router

require_router()

SHOWN_CHANGES = 2  # the rest fold into "more changes", so figures stay on the first screen

chosen = filters.current()
st.title(_("Overview"))

all_ids = tuple(load_catalogue())
totals = crop(data.load("chart_rows", all_ids, chosen.period_type), chosen.start, chosen.end)
selected = (
    crop(
        data.load("chart_rows", all_ids, chosen.period_type, "team", chosen.team),
        chosen.start,
        chosen.end,
    )
    if chosen.team
    else totals
)
tiles = chart_tiles(selected, totals, chosen.team)
headline = [t for t in tiles if t.indicator.headline]
changes = changes_from_tiles(tiles)


def bullets(items: list[str]) -> str:
    return (
        '<ul style="margin:0 0 0.5rem 0;padding-left:1.25rem">'
        + "".join(f'<li style="margin-bottom:0.35rem">{escape(text)}</li>' for text in items)
        + "</ul>"
    )


st.header(
    _("What changed ({periods})", periods=period_label(chosen.period_type).lower()),
    help=_(
        "Special cause means a change unlikely to be chance (NHS Making Data Count rules); "
        "each icon is explained in words beside it."
    ),
)
if changes:
    st.html(bullets([c.sentence for c in changes[:SHOWN_CHANGES]]))
    if len(changes) > SHOWN_CHANGES:
        more = len(changes) - SHOWN_CHANGES
        with st.expander(ngettext("{n} more change", "{n} more changes", more)):
            st.html(bullets([c.sentence for c in changes[SHOWN_CHANGES:]]))
else:
    none_special = _("No indicator shows special cause variation at its latest judged point.")
    st.html(f'<p style="margin:0">{escape(none_special)}</p>')

st.header(_("Summary table"))
if headline:
    draw_summary_table(summary_table(headline), headline, chosen.period_type)
    draw_benchmark_summary(
        [(t.indicator, t.rows) for t in headline], chosen.period_type, chosen.team
    )
else:
    st.write(_("The catalogue marks no indicator as headline."))

themes: dict[str, list] = {}
for tile in headline:
    themes.setdefault(tile.indicator.theme, []).append(tile)
for theme, theme_tiles in themes.items():
    st.header(_(theme))
    columns = st.columns(3)
    for index, tile in enumerate(theme_tiles):
        with columns[index % 3]:
            draw_tile(tile, chosen.period_type, key=f"{theme}-{tile.indicator.id}")
