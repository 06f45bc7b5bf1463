"""Overview for senior leaders: what changed, and a tile per headline indicator by theme."""

import streamlit as st

from pipelines.catalogue import headline_indicators, load_catalogue
from pipelines.overview import build_tiles, changes_this_period, crop
from pipelines.presentation.plain import plain
from ui import data, filters
from ui.components import draw_tile
from ui.guard import require_router

require_router()

chosen = filters.current()
st.title("Overview")
st.caption(
    "Where we stand on the measures the inspectors focused on. Special cause means the change "
    "is unlikely to be chance (NHS 'Making Data Count' rules)."
)

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

st.header("What changed")
changes = changes_this_period(selected if chosen.team else totals)
if changes:
    for change in changes:
        st.markdown(f"- {plain(change.sentence, 1000)}")
else:
    st.write("No indicator shows special cause variation in the latest period.")

tiles = build_tiles(selected, totals, chosen.team)
themes: dict[str, list] = {}
for tile in tiles:
    themes.setdefault(tile.indicator.theme, []).append(tile)
for theme, theme_tiles in themes.items():
    st.header(theme)
    columns = st.columns(3)
    for index, tile in enumerate(theme_tiles):
        with columns[index % 3]:
            draw_tile(tile, chosen.period_type, key=f"{theme}-{tile.indicator.id}")
if not headline_indicators():
    st.write("The catalogue marks no indicator as headline.")
