"""Indicator detail: the XmR chart against the inspections and the process changes, the definition
in plain words, the numbers, and a CSV download. The URL carries the choices (?id=…&period=…
&breakdown=…&value=…&rebase=YYYY-MM-DD), so a view can be shared; the period is the sidebar's."""

import datetime as dt
from html import escape

import streamlit as st

from pipelines.catalogue import load_catalogue
from pipelines.concerns import inspection_markers
from pipelines.indicators.build import rebased
from pipelines.overview import crop
from pipelines.presentation.charts import breakdown_value_words, breakdown_words, change_markers
from pipelines.presentation.definitions import definition_facts
from pipelines.presentation.exports import series_csv
from pipelines.presentation.i18n import _, in_this_language
from pipelines.presentation.plain import plain
from pipelines.store.process_changes import changes_from_frame
from ui import data, filters
from ui.benchmarks import benchmark_block
from ui.commentary import draw_commentary
from ui.components import numbers_table, spc_block
from ui.guard import require_router

require_router()

catalogue = load_catalogue()
params = st.query_params
chosen = filters.current()

ids = list(catalogue)
indicator_id = params.get("id", "fd_iaa_backlog")
if indicator_id not in catalogue:
    st.error(_("There is no indicator '{id}'. Choose one below.", id=plain(indicator_id, 80)))
    indicator_id = "fd_iaa_backlog"
indicator_id = st.selectbox(
    _("Indicator"),
    ids,
    index=ids.index(indicator_id),
    format_func=in_this_language(lambda i: catalogue[i].name),
)
indicator = catalogue[indicator_id]
period = chosen.period_type

left, right = st.columns(2)
available = data.load("breakdowns", indicator_id, period) or ["total"]
breakdown = params.get("breakdown", "total")
breakdown = left.selectbox(
    _("Breakdown"),
    available,
    index=available.index(breakdown) if breakdown in available else 0,
    format_func=in_this_language(
        lambda b: (
            _("All (total)") if b == "total" else breakdown_words(b).replace("_", " ").capitalize()
        )
    ),
)
rows_all = data.load("breakdown_rows", indicator_id, period, breakdown)
values = sorted(rows_all["breakdown_value"].unique().to_list()) if rows_all.height else ["All"]
value = params.get("value", values[0])
if breakdown == "total":
    # No "Which" choice for the total: a disabled select box's label is drawn too faint to read
    # (axe color-contrast, 2.7:1), so the control is left out rather than greyed out.
    value = values[0]
else:
    value = right.selectbox(
        _("Which"),
        values,
        index=values.index(value) if value in values else 0,
        format_func=in_this_language(breakdown_value_words),
    )
history = data.load("process_changes")
changes = changes_from_frame(history)
rebase_text = params.get("rebase", "")
rebase_from_url: dt.date | None = None
if rebase_text:
    try:
        rebase_from_url = dt.date.fromisoformat(rebase_text)
    except ValueError:
        st.warning(
            _(
                "The rebase date in the address, '{text}', is not a date (YYYY-MM-DD), so the "
                "limits are not rebased.",
                text=plain(rebase_text, 40),
            )
        )
        rebase_text = ""
rebase_on = st.checkbox(
    _(
        "Try recalculating the limits from another date (this view only; administrators record "
        "lasting process changes on the Process changes page)"
    ),
    value=rebase_from_url is not None,
)
rebase_date: dt.date | None = None
if rebase_on:
    rebase_date = st.date_input(
        _("Recalculate from"), value=rebase_from_url or dt.date(2022, 8, 1), format="DD/MM/YYYY"
    )

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
    chart = rebased(chart, indicator, changes, (rebase_date,))
chart = crop(chart, chosen.start, chosen.end)
scope = "" if breakdown == "total" else " (" + breakdown_value_words(value) + ")"
register = data.load("concern_register")
if chart.is_empty():
    st.warning(_("No figures for this indicator, period and breakdown yet."))
else:
    spc_block(
        chart,
        indicator,
        key="detail",
        scope=scope,
        markers=inspection_markers(register, indicator_id),
        changes=change_markers(history, indicator_id),
        height=520,
    )
valued = chart.filter(chart["value"].is_not_null()) if chart.height else chart
draw_commentary(indicator, valued["period_end"].max() if valued.height else None, key="detail")

st.header(_("Compared with Wales and similar councils"))
if breakdown == "total":
    benchmark_block(indicator, period, chart)
else:
    st.caption(_("Published figures compare totals: choose 'All (total)' to see them."))

st.header(_("Definition"))
st.html(
    '<dl style="margin:0">'
    + "".join(
        f'<dt style="font-weight:700;margin-top:0.6rem">{escape(label)}</dt>'
        f'<dd style="margin:0.1rem 0 0 0">{escape(text)}</dd>'
        for label, text in definition_facts(indicator)
    )
    + "</dl>"
)

st.header(_("The numbers"))
if not chart.is_empty():
    numbers_table(chart, indicator, periods=chart.height)
    st.download_button(
        _("Download this series as CSV"),
        series_csv(chart, indicator),
        file_name=f"{indicator_id}_{period}_{breakdown}.csv",
        mime="text/csv",
    )
