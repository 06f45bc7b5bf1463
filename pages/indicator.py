"""Indicator detail: the XmR chart against the inspections, the definition from the catalogue, the
numbers, and a CSV download. The URL carries the choices (?id=…&period=…&breakdown=…&value=…
&rebase=YYYY-MM-DD), so a view can be shared."""

import datetime as dt

import streamlit as st

from pipelines.catalogue import load_catalogue
from pipelines.concerns import inspection_markers
from pipelines.indicators.build import rebased
from pipelines.overview import crop
from pipelines.presentation.exports import safe_csv
from pipelines.presentation.formatting import format_value
from pipelines.presentation.plain import plain
from ui import data, filters
from ui.components import numbers_table, spc_block
from ui.filters import PERIOD_CHOICES
from ui.guard import require_router

require_router()

catalogue = load_catalogue()
params = st.query_params
chosen = filters.current()

ids = list(catalogue)
indicator_id = params.get("id", "fd_iaa_backlog")
if indicator_id not in catalogue:
    st.error(f"There is no indicator '{plain(indicator_id, 80)}'. Choose one below.")
    indicator_id = "fd_iaa_backlog"
indicator_id = st.selectbox(
    "Indicator", ids, index=ids.index(indicator_id), format_func=lambda i: catalogue[i].name
)
indicator = catalogue[indicator_id]

left, middle, right = st.columns(3)
period = params.get("period", chosen.period_type)
periods = list(PERIOD_CHOICES)
period = left.selectbox(
    "Period",
    periods,
    index=periods.index(period) if period in periods else 0,
    format_func=PERIOD_CHOICES.__getitem__,
    key="detail_period",
)
available = data.load("breakdowns", indicator_id, period) or ["total"]
breakdown = params.get("breakdown", "total")
breakdown = middle.selectbox(
    "Breakdown",
    available,
    index=available.index(breakdown) if breakdown in available else 0,
    format_func=lambda b: "All (total)" if b == "total" else b.replace("_", " ").capitalize(),
)
rows_all = data.load("breakdown_rows", indicator_id, period, breakdown)
values = sorted(rows_all["breakdown_value"].unique().to_list()) if rows_all.height else ["All"]
value = params.get("value", values[0])
if breakdown == "total":
    # No "Which" choice for the total: a disabled select box's label is drawn too faint to read
    # (axe color-contrast, 2.7:1), so the control is left out rather than greyed out.
    value = values[0]
else:
    value = right.selectbox("Which", values, index=values.index(value) if value in values else 0)
rebase_text = params.get("rebase", "")
rebase_from_url: dt.date | None = None
if rebase_text:
    try:
        rebase_from_url = dt.date.fromisoformat(rebase_text)
    except ValueError:
        st.warning(
            f"The rebase date in the address, '{plain(rebase_text, 40)}', is not a date "
            "(YYYY-MM-DD), so the limits are not rebased."
        )
        rebase_text = ""
rebase_on = st.checkbox(
    "Recalculate the limits from a date (rebase), e.g. when a change to the service began",
    value=bool(rebase_text),
)
rebase_date: dt.date | None = None
if rebase_on:
    default = rebase_from_url or dt.date(2022, 8, 1)
    rebase_date = st.date_input("Rebase from", value=default, format="DD/MM/YYYY")

st.query_params.from_dict(
    {
        "id": indicator_id,
        "period": period,
        "breakdown": breakdown,
        "value": value,
        **({"rebase": rebase_date.isoformat()} if rebase_date else {}),
    }
)

st.title(indicator.name)
chart = rows_all.filter(rows_all["breakdown_value"] == value)
if rebase_date is not None and chart.height:
    chart = rebased(chart, indicator, (rebase_date,))
chart = crop(chart, chosen.start, chosen.end)
scope = "" if breakdown == "total" else f" ({value})"
register = data.load("concern_register")
if chart.is_empty():
    st.warning("No figures for this indicator, period and breakdown yet.")
else:
    spc_block(
        chart,
        indicator,
        key="detail",
        scope=scope,
        markers=inspection_markers(register, indicator_id),
        height=520,
    )

st.header("Definition")
facts = {
    "What it measures": indicator.definition,
    "How it is counted": indicator.counting_rule,
    "Statutory timescale": indicator.timescale or "None",
    "Clock": f"{indicator.clock_start} → {indicator.clock_stop}" if indicator.clock_start else "—",
    "Better when": {"higher": "higher", "lower": "lower", "neutral": "neither (a volume)"}[
        indicator.polarity
    ],
    "Local target": (
        f"{format_value(indicator.target, indicator.unit)}"
        + (
            f" (tolerance {format_value(indicator.tolerance, indicator.unit)})"
            if indicator.tolerance is not None
            else ""
        )
        if indicator.target is not None
        else "None set"
    ),
    "Standard and source": indicator.standard_and_source,
    "Evidence in the inspection reports": indicator.seed_evidence,
    "Built from": ", ".join(indicator.extracts),
}
for label, text in facts.items():
    st.markdown(f"**{label}:** {plain(text, 2000)}")

st.header("The numbers")
if not chart.is_empty():
    numbers_table(chart, indicator, periods=chart.height)
    st.download_button(
        "Download this series as CSV",
        safe_csv(chart),
        file_name=f"{indicator_id}_{period}_{breakdown}.csv",
        mime="text/csv",
    )
