"""The child protection page's own figures: the journey from contact to registration (a funnel
with the conversion between steps), the register over time by category of abuse, and the
coming-due list as a manager reads it. Figures and words only; the page displays them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl

from pipelines.presentation.charts import date_axis, hover_dates
from pipelines.presentation.formatting import format_number
from pipelines.presentation.i18n import (
    N_,
    _,
    date_long,
    in_this_language,
    month_year,
    ngettext,
)
from pipelines.presentation.theme import CATEGORICAL, DARK_BLUE, register_template
from pipelines.timescales import add_months

# The journey, in order: (indicator id, step name). Each count is of events in the window.
JOURNEY = (
    ("fd_contacts_received", N_("Contacts received")),
    ("wb_cp_strategy_discussions", N_("Strategy discussions held")),
    ("wb_cp_s47_enquiries", N_("Section 47 enquiries started")),
    ("wb_cp_icpcs", N_("Initial conferences held")),
    ("wb_cpr_registrations", N_("Children placed on the register")),
)
DUE_SOON_WD = 5  # "due within 5 working days" on the coming-due list


@dataclass(frozen=True)
class Step:
    indicator_id: str
    name: str
    count: float | None  # events in the window (None: not every month of it has data)
    earlier: float | None  # the same, in the 12 months before
    of_previous: float | None  # per cent of the step before, in the same window


def journey(monthly: pl.DataFrame, end: dt.date, months: int = 12) -> tuple[list[Step], dt.date]:
    """The journey's counts in the ``months`` complete months ending on or before ``end``, from
    the monthly all-teams series (``monthly``: indicator_id, period_end, value); also returns the
    window's last month end. Conversion is between steps in the same window (counts of events,
    not a cohort followed through)."""
    ends = sorted(d for d in monthly["period_end"].unique().to_list() if d <= end)
    last = ends[-1] if ends else end
    start = add_months(last.replace(day=1), -months + 1)
    before = add_months(start, -months)

    def total(indicator_id: str, first: dt.date, final: dt.date) -> float | None:
        rows = monthly.filter(
            (pl.col("indicator_id") == indicator_id)
            & (pl.col("period_end") >= first)
            & (pl.col("period_end") <= final)
            & pl.col("value").is_not_null()
        )
        return float(rows["value"].sum()) if rows.height == months else None

    steps: list[Step] = []
    previous: float | None = None
    for indicator_id, name in JOURNEY:
        count = total(indicator_id, start, last)
        earlier = total(indicator_id, before, start - dt.timedelta(days=1))
        share = 100.0 * count / previous if count is not None and previous else None
        steps.append(Step(indicator_id, _(name), count, earlier, share))
        previous = count
    return steps, last


def journey_figure(steps: list[Step], last: dt.date) -> go.Figure:
    """A funnel of the steps, each bar labelled with its count and its share of the step before
    (the words carry the numbers; the bars one colour)."""
    register_template()
    shown = [s for s in steps if s.count is not None]
    labels = [
        _(
            "{count} ({share}% of the step before)",
            count=format_number(s.count, "count"),
            share=f"{s.of_previous:.0f}",
        )
        if s.of_previous is not None
        else format_number(s.count, "count")
        for s in shown
    ]
    figure = go.Figure(
        go.Funnel(
            y=[s.name for s in shown],
            x=[s.count for s in shown],
            text=labels,
            textinfo="text",
            textposition="outside",
            marker={"color": DARK_BLUE},
            connector={"line": {"color": "#B1B4B6"}},
            hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
            cliponaxis=False,
        )
    )
    figure.update_layout(
        height=380,
        title=_("The 12 months to {month}", month=month_year(last)),
        # The step names' margin grows to fit them (the Welsh names are longer than the English).
        margin={"l": 40, "r": 260, "t": 50, "b": 20},
        yaxis={"title": None, "automargin": True},
    )
    return figure


def _lower(name: str) -> str:
    """A step's name inside a sentence ("Section 47" keeps its capital)."""
    return name[:1].lower() + name[1:] if not name.startswith(("Section", "Adran")) else name


def journey_summary(steps: list[Step], last: dt.date) -> str:
    known = [s for s in steps if s.count is not None]
    if len(known) < len(steps):
        missing = ", ".join(_lower(s.name) for s in steps if s.count is None)
        lead = _(
            "Not every month of the 12 to {month} has data for: {missing}.",
            month=month_year(last),
            missing=missing,
        )
    else:
        lead = ""
    parts = [
        _("{count} {step}", count=format_number(s.count, "count"), step=_lower(s.name))
        for s in known
    ]
    words = (
        _("In the 12 months to {month}: {counts}.", month=month_year(last), counts="; ".join(parts))
        if parts
        else ""
    )
    conversions = [
        _(
            "{share}% as many {step} as the step before",
            share=f"{s.of_previous:.0f}",
            step=_lower(s.name),
        )
        for s in known
        if s.of_previous is not None and s.indicator_id != JOURNEY[1][0]
    ]
    if conversions:
        words += " " + _("That is {shares}.", shares=", ".join(conversions))
    text = f"{lead} {words}".strip()
    return text or _("No child protection activity in the data yet.")


def journey_table(steps: list[Step]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            _("Step"): [s.name for s in steps],
            _("Last 12 months"): [format_number(s.count, "count") for s in steps],
            _("Of the step before"): [
                "–" if s.of_previous is None else f"{s.of_previous:.1f}%" for s in steps
            ],
            _("The 12 months before"): [format_number(s.earlier, "count") for s in steps],
        }
    )


def register_figure(
    by_category: pl.DataFrame,
    title: str | None = None,
    y_title: str | None = None,
) -> go.Figure:
    """Children on the register at each period end, stacked by category of abuse (or any
    breakdown's numerators: the looked-after page stacks the placement mix), each band named in
    the legend and on hover (not by colour alone)."""
    register_template()
    title = title or _("Children on the register, by category of abuse")
    y_title = y_title or _("Children")
    data = by_category.sort("breakdown_value", "period_end")
    latest = data["period_end"].max()
    order = (
        data.filter(pl.col("period_end") == latest)
        .sort("numerator", descending=True, nulls_last=True)["breakdown_value"]
        .to_list()
    )
    figure = go.Figure()
    for index, category in enumerate(order):
        band = data.filter(pl.col("breakdown_value") == category).sort("period_end")
        figure.add_trace(
            go.Scatter(
                x=band["period_end"].to_list(),
                y=band["numerator"].fill_null(0).to_list(),
                name=str(category),
                mode="lines",
                stackgroup="register",
                line={"width": 1, "color": CATEGORICAL[index % len(CATEGORICAL)]},
                text=hover_dates(band["period_end"].to_list()),
                hovertemplate=f"{category}<br>%{{text}}: %{{y:,.0f}}<extra></extra>",
            )
        )
    figure.update_layout(
        height=420,
        title=title,
        yaxis={"title": {"text": y_title}, "tickformat": ",.0f"},
        xaxis=date_axis(data["period_end"].to_list()),
        legend={"orientation": "v", "y": 1, "x": 1.02, "yanchor": "top", "traceorder": "normal"},
        margin={"r": 10},
    )
    return figure


def year_earlier(day: dt.date) -> dt.date:
    """The same point a year before: a month end's is that month's end (28 February 2025 ->
    29 February 2024, not a date the month-end series never reaches)."""
    following = day + dt.timedelta(days=1)
    if following.day == 1:
        return add_months(following, -12) - dt.timedelta(days=1)
    return add_months(day, -12)


def register_summary(by_category: pl.DataFrame) -> str:
    if by_category.is_empty():
        return _("No one has been on the child protection register in the data.")
    latest = by_category["period_end"].max()
    now = by_category.filter(pl.col("period_end") == latest).sort(
        "numerator", descending=True, nulls_last=True
    )
    total = now["numerator"].fill_null(0).sum()
    parts = [
        f"{row['breakdown_value'].lower()} {format_number(row['numerator'], 'count')}"
        for row in now.iter_rows(named=True)
        if row["numerator"]
    ]
    year_before = by_category.filter(pl.col("period_end") <= year_earlier(latest))[
        "period_end"
    ].max()
    then = ""
    if year_before is not None:
        earlier = by_category.filter(pl.col("period_end") == year_before)["numerator"]
        then = " " + _(
            "A year before ({date}) there were {count}.",
            date=date_long(year_before),
            count=format_number(earlier.fill_null(0).sum(), "count"),
        )
    return (
        ngettext(
            "On {date}, {n} child was on the register: {categories}.",
            "On {date}, {n} children were on the register: {categories}.",
            int(total),
            date=date_long(latest),
            categories=", ".join(parts),
        )
        + then
    )


def _when(due: dt.date | None, wd_left: int | None, as_at: dt.date) -> str:
    """How soon, in words: working days left counted from the data-as-at date (a weekend
    as-at date counts from the next working day)."""
    if due is None or wd_left is None:
        return "–"
    if due < as_at:
        late = max(-wd_left, 0)
        if not late:
            return _("overdue")
        return ngettext("overdue ({n} working day)", "overdue ({n} working days)", late)
    if due == as_at:
        return _("due today")
    if wd_left == 0:
        return _("due on the next working day")
    return ngettext("in {n} working day", "in {n} working days", wd_left)


def coming_due_rows(due: pl.DataFrame) -> pl.DataFrame:
    """The children with a visit, core group or review overdue or due within 5 working days,
    most urgent first, as the list shows them (case-system ids; no names exist to show)."""
    soon = due.filter(pl.col("soonest_wd_left") <= DUE_SOON_WD).sort(
        "soonest_wd_left", "team", "child_id"
    )

    def date(column: str) -> pl.Expr:
        return pl.col(column).dt.strftime("%d/%m/%Y")

    def when(item: str) -> pl.Expr:
        parts = pl.struct(f"{item}_due", f"{item}_wd_left", "as_at")
        # Polars may call this from another thread: the words keep this run's language.
        words = in_this_language(
            lambda row: _when(row[f"{item}_due"], row[f"{item}_wd_left"], row["as_at"])
        )
        return parts.map_elements(words, return_dtype=pl.String)

    return soon.select(
        pl.col("child_id").alias(_("Child ID")),
        pl.col("team").alias(_("Team")),
        pl.col("category").alias(_("Category")),
        date("start_date").alias(_("Registered")),
        date("visit_due").alias(_("Visit due")),
        when("visit").alias(_("Visit")),
        date("core_group_due").alias(_("Core group due")),
        when("core_group").alias(_("Core group")),
        date("review_due").alias(_("Review due")),
        when("review").alias(_("Review")),
    )


def coming_due_summary(due: pl.DataFrame, as_at: dt.date | None) -> str:
    if as_at is None or due.is_empty():
        return _("No child is on the child protection register in the data.")
    overdue = due.filter(pl.col("soonest_wd_left") < 0).height
    soon = due.filter(pl.col("soonest_wd_left").is_between(0, DUE_SOON_WD)).height
    return ngettext(
        "As at {date} (the data's last day), {n} child is on the register: {overdue} with a "
        "visit, core group or review overdue, and {soon} more with one due within {days} "
        "working days.",
        "As at {date} (the data's last day), {n} children are on the register: {overdue} with "
        "a visit, core group or review overdue, and {soon} more with one due within {days} "
        "working days.",
        due.height,
        date=date_long(as_at),
        overdue=f"{overdue:,}",
        soon=f"{soon:,}",
        days=DUE_SOON_WD,
    )
