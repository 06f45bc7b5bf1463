"""The benchmark chart: the council's series against Wales (and England, when published) and its
comparator group's median. Each line has its own colour, dash and marker shape and a legend
word, so nothing is told by colour alone; a period with no figure is a break in the line."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from pipelines.catalogue import Indicator
from pipelines.presentation.charts import axis_title, chart_text, date_axis, hover_dates
from pipelines.presentation.formatting import d3_format
from pipelines.presentation.i18n import N_, _
from pipelines.presentation.theme import DARK_BLUE, DARK_GREY, ORANGE, TURQUOISE, register_template
from pipelines.published.benchmark import rank_words

LINES = (
    # column, legend, colour, dash, marker
    ("council", N_("This council"), DARK_BLUE, "solid", "circle"),
    ("wales", N_("Wales"), DARK_GREY, "dash", "diamond"),
    ("group_median", N_("{group} median"), ORANGE, "dot", "square"),
    ("england", N_("England"), TURQUOISE, "dashdot", "triangle-up"),
)


def benchmark_figure(
    table: pl.DataFrame, indicator: Indicator, group_name: str, height: int = 420
) -> go.Figure:
    """Lines for the council, Wales, the comparator group median and England (those with any
    figure); the council's hover text gives its rank and quartile."""
    register_template()
    data = table.sort("period_end")
    x = data["period_end"].to_list()
    fmt = d3_format(indicator.unit)
    figure = go.Figure()
    ranks = [
        rank_words(r, n, q, indicator.direction)
        for r, n, q in data.select("rank", "councils", "quartile").iter_rows()
    ]
    for column, legend, colour, dash, symbol in LINES:
        values = data[column].to_list()
        if all(v is None for v in values):
            continue
        name = chart_text(_(legend, group=group_name), 80)
        extra = "<br>" + _("Rank:") + " %{customdata}" if column == "council" else ""
        figure.add_trace(
            go.Scatter(
                x=x,
                y=values,
                mode="lines+markers",
                name=name,
                line={"color": colour, "dash": dash, "width": 2.5 if column == "council" else 2},
                marker={"symbol": symbol, "size": 9, "color": colour},
                customdata=ranks if column == "council" else None,
                text=hover_dates(x),
                hovertemplate=f"{name}<br>%{{text}}: %{{y:{fmt}}}{extra}<extra></extra>",
                connectgaps=False,
            )
        )
    figure.update_layout(
        height=height,
        xaxis=date_axis(x),
        yaxis={"tickformat": fmt, "title": {"text": axis_title(indicator)}},
        legend={"orientation": "h", "y": -0.18},
        hovermode="closest",
        margin={"t": 30},
    )
    return figure
