"""The shared filters (period type, date range, team) drawn once in the sidebar by dashboard.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from pipelines.periods import OTHER_YEARS
from pipelines.presentation.i18n import N_, _, in_this_language
from ui import data

PERIOD_CHOICES = {
    "week": N_("Weeks"),
    "month": N_("Months"),
    "quarter": N_("Quarters"),
    "year": N_("Financial years (April–March)"),
    # Published figures' own years (pipelines.periods.OTHER_YEARS), each charted on its own.
    **{kind: words for kind, (_period, words) in OTHER_YEARS.items()},
}
ALL_TEAMS = "All teams"  # the option's value; shown translated
N_("All teams")
CURRENT = "_filters"
PERIOD_FROM_URL = "_period_from_url"


@dataclass(frozen=True)
class Filters:
    period_type: str
    start: dt.date | None
    end: dt.date | None
    team: str | None  # None = all teams


def draw_filters(meta: dict[str, object]) -> Filters:
    st.sidebar.header(_("Filters"))
    # A shared link (?period=month) sets the one period control, so the sidebar and the page it
    # opens can never disagree; later changes in the sidebar win until the link changes.
    wanted = st.query_params.get("period")
    if wanted in PERIOD_CHOICES and st.session_state.get(PERIOD_FROM_URL) != wanted:
        st.session_state["period"] = wanted
    st.session_state[PERIOD_FROM_URL] = wanted
    # The publishers' other years are offered once some figure uses them.
    held = set(data.load("period_types")) if meta.get("built_at") else set()
    offered = [p for p in PERIOD_CHOICES if p not in OTHER_YEARS or p in held]
    if st.session_state.get("period") not in offered:
        st.session_state.pop("period", None)
    period = st.sidebar.selectbox(
        _("Period"), offered, format_func=in_this_language(period_label), key="period"
    )
    first, last = meta.get("data_from"), meta.get("data_as_at")
    start = end = None
    if isinstance(first, dt.date) and isinstance(last, dt.date):
        chosen = st.sidebar.date_input(
            _("Show periods ending between"),
            value=(first, last),
            min_value=first,
            max_value=last,
            format="DD/MM/YYYY",
            # Keyed by the data's span: after an import the range starts again from the whole
            # span, so the new week is in view.
            key=f"date_range:{first}:{last}",
            help=_("Limits are always those of the whole history; this only narrows the view."),
        )
        if isinstance(chosen, tuple) and len(chosen) == 2:
            start, end = chosen
    teams = data.load("teams")
    team = st.sidebar.selectbox(
        _("Team"),
        [ALL_TEAMS, *teams],
        key="team",
        # Team names are data (never translated); only the "all teams" choice is ours.
        format_func=in_this_language(lambda t: _(ALL_TEAMS) if t == ALL_TEAMS else t),
    )
    return Filters(period, start, end, None if team == ALL_TEAMS else team)


def period_label(period_type: str) -> str:
    """'Weeks' / 'Wythnosau': a period choice in the current language."""
    return _(PERIOD_CHOICES[period_type])


def current() -> Filters:
    """The filters as the sidebar last set them (defaults before it is drawn)."""
    state = st.session_state
    chosen = state.get("date_range")
    start, end = chosen if isinstance(chosen, tuple) and len(chosen) == 2 else (None, None)
    team = state.get("team", ALL_TEAMS)
    return Filters(state.get("period", "week"), start, end, None if team == ALL_TEAMS else team)
