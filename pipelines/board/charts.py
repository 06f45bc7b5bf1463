"""The board's chart: the detail page's XmR chart (one template) with type legible across a room:
axis labels and ticks of at least 20 px at 1080p (about 4 m from a large screen), fewer ticks."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from pipelines.board.story import Story
from pipelines.concerns import inspection_markers
from pipelines.presentation.charts import change_markers, spc_figure

BOARD_FONT = 22  # px; ticks and labels at least 20
HEIGHT = 600


def board_figure(
    story: Story, register: pl.DataFrame, changes: pl.DataFrame, *, height: int = HEIGHT
) -> go.Figure:
    figure = spc_figure(
        story.rows,
        story.indicator,
        markers=inspection_markers(register, story.indicator.id),
        changes=change_markers(changes, story.indicator.id),
        signal=story.signal,
        height=height,
    )
    figure.update_layout(
        font={"size": BOARD_FONT},
        legend={"font": {"size": 20}, "orientation": "h", "y": -0.2, "x": 0},
        margin={"l": 90, "r": 30, "b": 130},
    )
    # Month over year on two lines: large labels never rotate or overlap on a narrow chart. The
    # ticks are our own words in the page's language (pipelines.presentation.charts.date_axis).
    ticks = figure.layout.xaxis.ticktext
    if ticks:
        figure.update_xaxes(ticktext=["<br>".join(t.rpartition(" ")[::2]) for t in ticks])
    figure.update_xaxes(tickfont={"size": BOARD_FONT}, nticks=8, tickformat="%b<br>%Y", tickangle=0)
    figure.update_yaxes(tickfont={"size": BOARD_FONT}, nticks=6, title_font={"size": BOARD_FONT})
    figure.update_annotations(font_size=20)
    return figure
