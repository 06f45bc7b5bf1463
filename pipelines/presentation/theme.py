"""One Plotly template, built on the UK Government Analysis Function palette (afcharts), which
passes 3:1 contrast on white. SPC point styles pair each colour with a marker shape and a legend
word, so no meaning is carried by colour alone."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio
from afcharts.af_colours import get_af_colours

from pipelines.presentation.i18n import N_, _

TEMPLATE_NAME = "cwm"
CATEGORICAL = get_af_colours("categorical", number_of_colours=6)  # dark blue, turquoise, ...
DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, DARK_GREY, LIGHT_PURPLE = CATEGORICAL
FONT = "Arial, Helvetica, sans-serif"


@dataclass(frozen=True)
class PointStyle:
    text: str  # the words shown in legends and hover text (English; shown through .label)
    colour: str
    symbol: str  # Plotly marker symbol
    icon: str  # a text symbol for tiles

    @property
    def label(self) -> str:
        return _(self.text)


# Making Data Count colours (improvement blue, concern orange, common cause grey), with shapes.
POINT_STYLES: dict[str, PointStyle] = {
    "special_cause_improvement": PointStyle(
        N_("Improvement (special cause)"), DARK_BLUE, "circle", "▲"
    ),
    "special_cause_concern": PointStyle(N_("Concern (special cause)"), ORANGE, "diamond", "◆"),
    "special_cause_neutral_high": PointStyle(
        N_("Unusually high (special cause)"), DARK_PINK, "triangle-up", "▲"
    ),
    "special_cause_neutral_low": PointStyle(
        N_("Unusually low (special cause)"), DARK_PINK, "triangle-down", "▼"
    ),
    "common_cause": PointStyle(N_("Common cause"), DARK_GREY, "circle-open", "●"),
}


def register_template() -> str:
    """Register the template and make it Plotly's default; return its name. Idempotent."""
    if TEMPLATE_NAME not in pio.templates:
        pio.templates[TEMPLATE_NAME] = go.layout.Template(
            layout=go.Layout(
                font={"family": FONT, "size": 16, "color": "#0B0C0C"},
                colorway=CATEGORICAL,
                paper_bgcolor="white",
                plot_bgcolor="white",
                margin={"l": 60, "r": 30, "t": 50, "b": 50},
                xaxis={"showgrid": False, "linecolor": "#0B0C0C", "ticks": "outside"},
                yaxis={"gridcolor": "#D6D6D6", "zeroline": False, "rangemode": "tozero"},
                legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
                hoverlabel={"font": {"family": FONT, "size": 15}},
                title={"font": {"size": 20}, "x": 0, "xanchor": "left"},
            )
        )
    pio.templates.default = TEMPLATE_NAME
    return TEMPLATE_NAME
