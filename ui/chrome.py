"""The shared chrome every page gets: the banner saying what the store holds (synthetic demo data,
real data, or a mix of both), "data as at" and the filters."""

from __future__ import annotations

import streamlit as st

from pipelines.indicators.build import SERIES_VERSION
from pipelines.presentation.i18n import N_, _, date_long
from ui import data
from ui.filters import draw_filters

SYNTHETIC_BANNER = N_(
    "**Synthetic demonstration data.** Every figure here comes from a fictional council "
    "(Cwm Arian County Borough Council) made by the demo generator. No real child, family or "
    "worker appears anywhere."
)
MIXED_BANNER = N_(
    "**Synthetic and real data mixed.** This store holds the synthetic demonstration council's "
    "data and real imports together, so every figure adds the two and describes no real council. "
    "Withdraw the imports of one kind (Import history), or use a store of its own for each."
)


def draw_chrome(
    *, presenting: bool = False, store_optional: bool = False
) -> dict[str, object] | None:
    """Draw the banner, data-as-at and filters; return the store summary (None: no store yet).

    ``presenting`` (the board's presentation mode): nothing in the sidebar, and the synthetic
    banner left to the board, which says "synthetic demonstration data" on every story in one
    line; the mixed-data and rebuild warnings are still drawn. ``store_optional`` (the upload
    page): with no store yet, say that its first commit makes one instead of warning."""
    if not data.store_exists() and store_optional:
        st.info(
            _(
                "There is no data store yet: the first extract you commit here creates it. Start "
                "with the extracts the front door and assessments need (contacts, assessments), "
                "then the others in any order."
            ),
            icon=":material/info:",
        )
        return None
    if not data.store_exists():
        st.warning(
            _(
                "There is no data store yet. Run `make run` (which builds the synthetic demo "
                "store) or import an extract with `python -m pipelines import FILE`."
            )
        )
        return None
    data.begin_run()
    summary = data.load("store_summary")
    if summary["synthetic_imports"] and summary["real_imports"]:
        st.warning(_(MIXED_BANNER), icon=":material/warning:")
    elif summary["synthetic_imports"] and not presenting:
        st.info(_(SYNTHETIC_BANNER), icon=":material/science:")
    meta = data.load("series_meta")
    if meta and meta.get("series_version") != SERIES_VERSION:
        st.warning(
            _(
                "These figures were built by an older version of the dashboard and may lack "
                "signals or explanations. An analyst should rebuild them: "
                "`python -m pipelines build`."
            ),
            icon=":material/update:",
        )
    if presenting:
        return summary
    as_at = meta.get("data_as_at")
    st.sidebar.markdown(
        _("**Data as at {date}**", date=date_long(as_at)) if as_at else _("**No data yet**")
    )
    draw_filters(meta)
    return summary
