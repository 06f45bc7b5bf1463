"""Chart builders: the XmR (SPC) chart and the tile sparkline. Figures only; pages display them."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl

from pipelines.catalogue import Indicator
from pipelines.presentation.formatting import d3_format, format_value
from pipelines.presentation.status import RULE_WORDS
from pipelines.presentation.theme import DARK_BLUE, DARK_GREY, POINT_STYLES, register_template

LIMIT_COLOUR = "#505A5F"
TARGET_COLOUR = "#801650"
MARKER_COLOUR = "#28A197"


@dataclass(frozen=True)
class EventMarker:
    """A vertical marker, e.g. an inspection, with the text shown on hover."""

    date: dt.date
    label: str
    hover: str


def spc_figure(
    frame: pl.DataFrame,
    indicator: Indicator,
    *,
    title: str | None = None,
    markers: tuple[EventMarker, ...] = (),
    height: int = 460,
) -> go.Figure:
    """An XmR chart for one series (rows of one chart, any order)."""
    register_template()
    data = frame.sort("period_end")
    x = data["period_end"].to_list()
    fmt = d3_format(indicator.unit)
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=x,
            y=data["value"].to_list(),
            mode="lines",
            name=indicator.name,
            line={"color": DARK_BLUE, "width": 2},
            hovertemplate=f"%{{x|%d %b %Y}}: %{{y:{fmt}}}<extra></extra>",
            showlegend=False,
        )
    )
    for column, name, dash in (
        ("mean", "Average", "solid"),
        ("upper", "Process limits", "dash"),
        ("lower", "Process limits", "dash"),
    ):
        figure.add_trace(
            go.Scatter(
                x=x,
                y=data[column].to_list(),
                mode="lines",
                name=name,
                line={
                    "color": LIMIT_COLOUR if column != "mean" else DARK_GREY,
                    "dash": dash,
                    "width": 1.5,
                    "shape": "hv",
                },
                hovertemplate=f"{name}: %{{y:{fmt}}}<extra></extra>",
                legendgroup=name,
                showlegend=column != "lower",
            )
        )
    if indicator.target is not None:
        figure.add_trace(
            go.Scatter(
                x=[x[0], x[-1]] if x else [],
                y=[indicator.target, indicator.target] if x else [],
                mode="lines",
                name=f"Target ({format_value(indicator.target, indicator.unit)})",
                line={"color": TARGET_COLOUR, "dash": "dot", "width": 2},
                hoverinfo="skip",
            )
        )
    for point_type, style in POINT_STYLES.items():
        points = data.filter(pl.col("point_type") == point_type)
        if points.is_empty():
            continue
        rules = [RULE_WORDS.get(r or "", "") for r in points["rule"].to_list()]
        figure.add_trace(
            go.Scatter(
                x=points["period_end"].to_list(),
                y=points["value"].to_list(),
                mode="markers",
                name=style.label,
                marker={
                    "color": style.colour,
                    "symbol": style.symbol,
                    "size": 9,
                    "line": {"width": 1.5, "color": style.colour},
                },
                customdata=rules,
                hovertemplate=(
                    f"%{{x|%d %b %Y}}: %{{y:{fmt}}}<br>{style.label}"
                    + ("<br>%{customdata}" if point_type != "common_cause" else "")
                    + "<extra></extra>"
                ),
            )
        )
    shown = [m for m in markers if not x or x[0] <= m.date <= x[-1]]
    for index, marker in enumerate(shown):
        figure.add_vline(x=marker.date, line={"color": MARKER_COLOUR, "width": 2, "dash": "dot"})
        figure.add_annotation(
            x=marker.date,
            y=1 - 0.08 * (index % 2),  # alternate heights so neighbouring labels never overlap
            yref="paper",
            text=chart_text(marker.label),
            showarrow=False,
            xanchor="left",
            yanchor="top",
            font={"size": 13, "color": "#0B0C0C"},
            bgcolor="rgba(255,255,255,0.8)",
            hovertext=chart_text(marker.hover, 400),
        )
    figure.update_layout(
        title=title,
        height=height,
        yaxis={"tickformat": fmt, "title": {"text": _axis_title(indicator)}},
        hovermode="closest",
    )
    return figure


def _axis_title(indicator: Indicator) -> str:
    return {
        "pct": "Per cent",
        "count": "Number",
        "weeks": "Weeks",
        "working_days": "Working days",
        "ratio": "Children per FTE" if indicator.id == "wf_caseload_avg" else "Ratio",
    }.get(indicator.unit, indicator.unit.replace("_", " ").capitalize())


def sparkline(frame: pl.DataFrame, indicator: Indicator, points: int = 26) -> go.Figure:
    """A small line of the latest points, with the latest point marked; no axes."""
    register_template()
    data = frame.sort("period_end").tail(points)
    figure = go.Figure(
        go.Scatter(
            x=data["period_end"].to_list(),
            y=data["value"].to_list(),
            mode="lines",
            line={"color": DARK_BLUE, "width": 2},
            hoverinfo="skip",
        )
    )
    if not data.is_empty():
        last = data.row(-1, named=True)
        style = POINT_STYLES.get(last["point_type"] or "common_cause", POINT_STYLES["common_cause"])
        figure.add_trace(
            go.Scatter(
                x=[last["period_end"]],
                y=[last["value"]],
                mode="markers",
                hoverinfo="skip",
                marker={"color": style.colour, "symbol": style.symbol, "size": 9},
            )
        )
    figure.update_layout(
        height=70,
        margin={"l": 0, "r": 0, "t": 4, "b": 4},
        showlegend=False,
        xaxis={"visible": False},
        yaxis={"visible": False, "rangemode": "normal"},
    )
    return figure


BREAKDOWN_WORDS = {
    "team": "team",
    "source": "source of contact",
    "service": "service",
    "age_band": "age (working days waiting)",
}


def chart_text(text: object, limit: int = 120) -> str:
    """A store value (a team, a report) as Plotly text: Plotly renders some HTML in labels
    (``<a href>``, ``<b>``), so ``<``, ``>`` and ``&`` are escaped and long values cut."""
    value = " ".join(str(text).split())
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return html.escape(value, quote=False)


def breakdown_figure(
    rows: pl.DataFrame, indicator: Indicator, breakdown: str, points: int = 52, height: int = 360
) -> go.Figure:
    """One line per breakdown value over the latest periods, each line with its own marker
    symbol and a direct label at its end, so series are told apart without colour."""
    register_template()
    symbols = ["circle", "square", "diamond", "triangle-up", "x", "star", "cross", "pentagon"]
    figure = go.Figure()
    fmt = d3_format(indicator.unit)
    ends = sorted(rows["period_end"].unique().to_list())[-points:]
    recent = rows.filter(pl.col("period_end").is_in(ends))
    for index, (key, group) in enumerate(
        recent.sort("breakdown_value", "period_end").group_by(
            "breakdown_value", maintain_order=True
        )
    ):
        name = chart_text(key[0])
        group = group.sort("period_end")
        figure.add_trace(
            go.Scatter(
                x=group["period_end"].to_list(),
                y=group["value"].to_list(),
                mode="lines+markers",
                name=name,
                marker={"symbol": symbols[index % len(symbols)], "size": 6},
                hovertemplate=f"%{{fullData.name}}<br>%{{x|%d %b %Y}}: %{{y:{fmt}}}<extra></extra>",
            )
        )
    figure.update_layout(
        height=height,
        title=f"By {BREAKDOWN_WORDS.get(breakdown, breakdown)}",
        yaxis={"tickformat": fmt, "title": {"text": _axis_title(indicator)}},
        legend={"orientation": "v", "y": 1, "x": 1.02, "yanchor": "top"},
        margin={"r": 10},
    )
    return figure


def breakdown_summary(rows: pl.DataFrame, indicator: Indicator, breakdown: str) -> str:
    """The latest value of each breakdown value, largest first, in one sentence."""
    if rows.is_empty():
        return f"No breakdown by {BREAKDOWN_WORDS.get(breakdown, breakdown)}."
    latest_end = rows["period_end"].max()
    latest = rows.filter(pl.col("period_end") == latest_end).sort(
        "value", descending=True, nulls_last=True
    )
    parts = [
        f"{row['breakdown_value']} {format_value(row['value'], indicator.unit)}"
        for row in latest.iter_rows(named=True)
    ]
    return (
        f"By {BREAKDOWN_WORDS.get(breakdown, breakdown)}, period ending {latest_end:%d %b %Y}: "
        + "; ".join(parts)
        + "."
    )
