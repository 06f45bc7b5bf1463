"""Chart builders: the XmR (SPC) chart and the tile sparkline. Figures only; pages display them."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go
import polars as pl

from pipelines.catalogue import Indicator
from pipelines.presentation.formatting import d3_format, format_value
from pipelines.presentation.i18n import N_, _, date_short, month_short
from pipelines.presentation.icons import assurance_svg, data_uri, variation_svg
from pipelines.presentation.status import rule_words, withheld_short
from pipelines.presentation.theme import DARK_BLUE, DARK_GREY, POINT_STYLES, register_template
from pipelines.published.symbols import gap_words, reason_words
from pipelines.signals import Signal

LIMIT_COLOUR = "#505A5F"
TARGET_COLOUR = "#801650"
MARKER_COLOUR = "#28A197"
CHANGE_COLOUR = "#0B0C0C"
UNRELIABLE = ("autocorrelated", "coarse")


@dataclass(frozen=True)
class EventMarker:
    """A vertical marker, e.g. an inspection, with the text shown on hover."""

    date: dt.date
    label: str
    hover: str


def change_markers(history: pl.DataFrame, indicator_id: str) -> tuple[EventMarker, ...]:
    """A line for each process change in force that affects this indicator (from the store's
    ``process_change_history``); the hover gives its date and reason."""
    if history.is_empty():
        return ()
    markers = []
    for row in history.filter(pl.col("status") == "active").iter_rows(named=True):
        ids = row["indicator_ids"]
        if ids and indicator_id not in ids:
            continue
        markers.append(
            EventMarker(
                row["change_date"],
                _("Process change: {label}", label=row["label"]),
                f"{date_short(row['change_date'])}: {row['reason']}",
            )
        )
    return tuple(markers)


def spc_figure(
    frame: pl.DataFrame,
    indicator: Indicator,
    *,
    title: str | None = None,
    markers: tuple[EventMarker, ...] = (),
    changes: tuple[EventMarker, ...] = (),
    signal: Signal | None = None,
    height: int = 460,
) -> go.Figure:
    """An XmR chart for one series (rows of one chart, any order): the values, the centre line
    and process limits of each segment, the target that applies to this chart, a marker for each
    judged point (shape and words by type; weeks not judged are line only), inspection markers,
    a line for each process change, and the MDC icons of ``signal`` in the top right corner."""
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
            text=hover_dates(x),
            hovertemplate=f"%{{text}}: %{{y:{fmt}}}<extra></extra>",
            showlegend=False,
        )
    )
    for column, name, dash in (
        ("mean", _("Average"), "solid"),
        ("upper", _("Process limits"), "dash"),
        ("lower", _("Process limits"), "dash"),
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
    target = _chart_target(data, indicator)
    if target is not None:
        figure.add_trace(
            go.Scatter(
                x=[x[0], x[-1]] if x else [],
                y=[target, target] if x else [],
                mode="lines",
                name=_("Target ({value})", value=format_value(target, indicator.unit)),
                line={"color": TARGET_COLOUR, "dash": "dot", "width": 2},
                hoverinfo="skip",
            )
        )
    for point_type, style in POINT_STYLES.items():
        points = data.filter(pl.col("point_type") == point_type)  # "not_judged": line only
        if points.is_empty():
            continue
        rules = [rule_words(r) for r in points["rule"].to_list()]
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
                text=hover_dates(points["period_end"].to_list()),
                hovertemplate=(
                    f"%{{text}}: %{{y:{fmt}}}<br>{style.label}"
                    + ("<br>%{customdata}" if point_type != "common_cause" else "")
                    + "<extra></extra>"
                ),
            )
        )
    _draw_changes(figure, changes, x)
    _draw_gaps(figure, with_gap_reasons(data))
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
    if signal is not None:
        _draw_icons(figure, signal, height)
    figure.update_layout(
        title=title,
        height=height,
        yaxis={"tickformat": fmt, "title": {"text": axis_title(indicator)}},
        xaxis=date_axis(x),
        hovermode="closest",
    )
    return figure


def with_gap_reasons(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with a ``gap_reason`` column (null throughout when it has none)."""
    if "gap_reason" in frame.columns:
        return frame
    return frame.with_columns(pl.lit(None, dtype=pl.String).alias("gap_reason"))


def _draw_gaps(figure: go.Figure, data: pl.DataFrame) -> None:
    """A labelled mark at the foot of the chart for each period whose figure was not published:
    the line breaks there (no value), and the mark says why (never colour alone: a word)."""
    gaps = data.filter(pl.col("value").is_null() & pl.col("gap_reason").is_not_null())
    for end, reason in gaps.select("period_end", "gap_reason").iter_rows():
        figure.add_vline(x=end, line={"color": DARK_GREY, "width": 1, "dash": "dot"})
        figure.add_annotation(
            x=end,
            y=0,
            yref="paper",
            text=chart_text(reason_words(reason).split(" (")[0], 40),
            showarrow=False,
            textangle=-90,
            xanchor="right",
            yanchor="bottom",
            font={"size": 12, "color": "#0B0C0C"},
            bgcolor="rgba(255,255,255,0.85)",
            hovertext=chart_text(gap_words(reason), 200),
        )


def hover_dates(days: list) -> list[str]:
    """Each period end as hover text, in the current language ('30 Maw 2025')."""
    return [date_short(d) if isinstance(d, dt.date) else "" for d in days]


def date_axis(days: list, most: int = 8) -> dict[str, object]:
    """Month ticks labelled in the current language (Plotly's own month names are English
    only): at most ``most`` ticks, on the first of every n-th month in the span."""
    days = sorted(d for d in days if isinstance(d, dt.date))
    if not days:
        return {}
    months = (days[-1].year - days[0].year) * 12 + days[-1].month - days[0].month + 1
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60, 120, 1200) if months / s <= most)
    first = dt.date(days[0].year, days[0].month, 1)
    ticks = []
    index = first.year * 12 + first.month - 1
    index += -index % step  # months aligned to the step (quarters on Jan/Apr/Jul/Oct)
    while True:
        tick = dt.date(index // 12, index % 12 + 1, 1)
        if tick > days[-1]:
            break
        if tick >= days[0]:
            ticks.append(tick)
        index += step
    return {
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": [month_short(t) for t in ticks],
    }


def _chart_target(data: pl.DataFrame, indicator: Indicator) -> float | None:
    """The target this chart is held to (stored with the chart; the total's for old stores)."""
    if "target" in data.columns:
        targets = data["target"].drop_nulls()
        return float(targets[0]) if targets.len() else None
    breakdown = (
        str(data["breakdown"][0]) if data.height and "breakdown" in data.columns else "total"
    )
    return indicator.target_for(breakdown)


def _draw_changes(figure: go.Figure, changes: tuple[EventMarker, ...], x: list) -> None:
    """A solid line and a label at the foot of the chart for each process change in view."""
    shown = [c for c in changes if not x or x[0] <= c.date <= x[-1]]
    for index, change in enumerate(shown):
        figure.add_vline(x=change.date, line={"color": CHANGE_COLOUR, "width": 2})
        figure.add_annotation(
            x=change.date,
            y=0.02 + 0.08 * (index % 2),
            yref="paper",
            text=escape(change.label),
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"size": 13, "color": CHANGE_COLOUR},
            bgcolor="rgba(255,255,255,0.85)",
            hovertext=escape(change.hover),
        )


def _draw_icons(figure: go.Figure, signal: Signal, height: int) -> None:
    """The variation and assurance icons above the plot's top right corner (in a widened top
    margin), and a note when the latest segment's limits are not reliable."""
    plot = max(height - 220, 120)  # the plot area's height in pixels, roughly
    icons = [variation_svg(signal.variation if signal.withheld is None else None)]
    assurance = assurance_svg(signal.assurance if signal.withheld is None else None)
    if assurance is not None:
        icons.append(assurance)
    for index, svg in enumerate(reversed(icons)):
        figure.add_layout_image(
            source=data_uri(svg),
            xref="paper",
            yref="paper",
            x=1 - 0.07 * index,
            y=1 + 80 / plot,
            sizex=0.06,
            sizey=60 / plot,
            xanchor="right",
            yanchor="top",
            sizing="contain",
        )
    if signal.withheld in UNRELIABLE:
        figure.add_annotation(
            x=0,
            y=1 + 30 / plot,
            xref="paper",
            yref="paper",
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            align="left",
            text=_(
                "No SPC signal since the last process change: {reason}",
                reason=withheld_short(signal.withheld),
            ),
            font={"size": 13, "color": "#0B0C0C"},
        )
    figure.update_layout(margin={"t": 95})


AXIS_TITLES = {
    "pct": N_("Per cent"),
    "count": N_("Number"),
    "weeks": N_("Weeks"),
    "working_days": N_("Working days"),
    "ratio": N_("Ratio"),
    "days": N_("Days"),
    "days_per_fte": N_("Days per FTE"),
    "rate_per_10k": N_("Rate per 10,000"),
}


def axis_title(indicator: Indicator) -> str:
    if indicator.unit == "ratio" and indicator.id == "wf_caseload_avg":
        return _("Children per FTE")
    if indicator.unit in AXIS_TITLES:
        return _(AXIS_TITLES[indicator.unit])
    return indicator.unit.replace("_", " ").capitalize()


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
    valued = data.filter(pl.col("value").is_not_null())
    if not valued.is_empty():
        last = valued.row(-1, named=True)
        style = POINT_STYLES.get(last["point_type"] or "", POINT_STYLES["common_cause"])
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
    "team": N_("team"),
    "source": N_("source of contact"),
    "service": N_("service"),
    "age_band": N_("age (working days waiting)"),
    "category": N_("category of abuse"),
    "agency": N_("partner agency"),
    "timing": N_("how it was timed"),
    "experience": N_("experience"),
    "grade": N_("audit grade"),
    "practice_area": N_("practice area"),
    "placement": N_("placement"),
    "legal_status": N_("legal status"),
    "looked_after": N_("whether looked after"),
    "episode_type": N_("missing or absent"),
    "leaving_reason": N_("reason for leaving"),
}


# Breakdown values our own SQL writes (the rest, such as team names, are data: never translated).
BREAKDOWN_VALUES = {
    v: v
    for v in (
        N_("0-1 working days"),
        N_("2-5 working days"),
        N_("6-10 working days"),
        N_("over 10 working days"),
        N_("Date and time recorded (24 hours)"),
        N_("Dates only (same or next working day, a proxy)"),
        # experience_band() (workforce_inputs.sql) and missing.sql
        N_("Not recorded"),
        N_("First year"),
        N_("1 to 3 years"),
        N_("More than 3 years"),
        N_("Looked after"),
        N_("Not looked after"),
        # the labels of the workforce extracts' codes (pipelines/extracts/workforce.py)
        N_("Assessment"),
        N_("Care and support plan"),
        N_("Child protection"),
        N_("Front door (IAA)"),
        N_("Other practice area"),
        N_("Outstanding"),
        N_("Good"),
        N_("Requires improvement"),
        N_("Inadequate"),
    )
}


def breakdown_value_words(value: object) -> str:
    """A breakdown value as shown: ours in the current language, the data's as it is."""
    text = str(value)
    return _(BREAKDOWN_VALUES[text]) if text in BREAKDOWN_VALUES else text


def breakdown_words(breakdown: str) -> str:
    """A breakdown's name in words, in the current language."""
    return _(BREAKDOWN_WORDS[breakdown]) if breakdown in BREAKDOWN_WORDS else breakdown


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
        name = chart_text(breakdown_value_words(key[0]))
        group = group.sort("period_end")
        figure.add_trace(
            go.Scatter(
                x=group["period_end"].to_list(),
                y=group["value"].to_list(),
                mode="lines+markers",
                name=name,
                marker={"symbol": symbols[index % len(symbols)], "size": 6},
                text=hover_dates(group["period_end"].to_list()),
                hovertemplate=f"%{{fullData.name}}<br>%{{text}}: %{{y:{fmt}}}<extra></extra>",
            )
        )
    figure.update_layout(
        height=height,
        title=_("By {breakdown}", breakdown=breakdown_words(breakdown)),
        yaxis={"tickformat": fmt, "title": {"text": axis_title(indicator)}},
        xaxis=date_axis(ends),
        legend={"orientation": "v", "y": 1, "x": 1.02, "yanchor": "top"},
        margin={"r": 10},
    )
    return figure


def breakdown_summary(rows: pl.DataFrame, indicator: Indicator, breakdown: str) -> str:
    """The latest value of each breakdown value, largest first, in one sentence."""
    if rows.is_empty():
        return _("No breakdown by {breakdown}.", breakdown=breakdown_words(breakdown))
    latest_end = rows["period_end"].max()
    latest = rows.filter(pl.col("period_end") == latest_end).sort(
        "value", descending=True, nulls_last=True
    )
    parts = [
        f"{breakdown_value_words(row['breakdown_value'])} {format_value(row['value'], indicator.unit)}"
        for row in latest.iter_rows(named=True)
    ]
    return _(
        "By {breakdown}, period ending {date}: {values}.",
        breakdown=breakdown_words(breakdown),
        date=date_short(latest_end),
        values="; ".join(parts),
    )
