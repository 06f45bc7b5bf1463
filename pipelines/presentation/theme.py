"""One Plotly template, built on the UK Government Analysis Function palette (afcharts), which
passes 3:1 contrast on white. SPC point styles pair each colour with a marker shape and a legend
word, so no meaning is carried by colour alone."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio
from afcharts.af_colours import get_af_colours
from babel import Locale

from pipelines.presentation.i18n import N_, _, current_language, locale

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


# Plotly's own words (the toolbar's button titles and its notices), keyed by Plotly's English, for
# its locale dictionary: without one the toolbar speaks English on a Welsh page. Streamlit's two
# buttons of its own in the toolbar ("Download plot as a PNG", "Fullscreen") are not Plotly's and
# stay English.
PLOTLY_WORDS = {
    "Zoom": N_("Zoom"),
    "Pan": N_("Pan"),
    "Zoom in": N_("Zoom in"),
    "Zoom out": N_("Zoom out"),
    "Autoscale": N_("Autoscale"),
    "Reset axes": N_("Reset axes"),
    "Reset view": N_("Reset view"),
    "Download plot as a png": N_("Download plot as a png"),
    "Download plot": N_("Download plot"),
    "Toggle Spike Lines": N_("Toggle Spike Lines"),
    "Show closest data on hover": N_("Show closest data on hover"),
    "Compare data on hover": N_("Compare data on hover"),
    "Double-click to zoom back out": N_("Double-click to zoom back out"),
    "Taking snapshot - this may take a few seconds": N_(
        "Taking snapshot - this may take a few seconds"
    ),
    "Snapshot succeeded": N_("Snapshot succeeded"),
    "Sorry, there was a problem downloading your snapshot!": N_(
        "Sorry, there was a problem downloading your snapshot!"
    ),
}


def plot_config() -> dict[str, object]:
    """The charts' Plotly config in the current language: no logo, no selection tools, and (in
    Welsh) a locale of our own for the toolbar's words and Plotly's date and number formats."""
    config: dict[str, object] = {
        "displaylogo": False,
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    }
    language = current_language()
    if language == "en":
        return config
    cldr = Locale.parse(locale())
    months = [cldr.months["format"]["wide"][m] for m in range(1, 13)]
    short_months = [cldr.months["format"]["abbreviated"][m] for m in range(1, 13)]
    days = [cldr.days["format"]["wide"][d] for d in (6, 0, 1, 2, 3, 4, 5)]  # Sunday first
    short_days = [cldr.days["format"]["abbreviated"][d] for d in (6, 0, 1, 2, 3, 4, 5)]
    config["locale"] = language
    config["locales"] = {
        language: {
            "dictionary": {english: _(words) for english, words in PLOTLY_WORDS.items()},
            "format": {
                "days": days,
                "shortDays": short_days,
                "months": months,
                "shortMonths": short_months,
                "date": "%d/%m/%Y",
                "decimal": ".",
                "thousands": ",",
            },
        }
    }
    return config
