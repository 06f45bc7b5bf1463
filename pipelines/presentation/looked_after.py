"""The looked-after children page's own figures: children looked after over time with the periods
of care starting and ending, the placement mix, and the two lists as a manager reads them (the
coming-due visits and reviews; children missing now or back with no return interview offered).
Figures and words only; the page displays them."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl

from pipelines.presentation.charts import date_axis, hover_dates
from pipelines.presentation.formatting import format_number
from pipelines.presentation.i18n import (
    N_,
    _,
    date_long,
    format_count,
    in_this_language,
    month_year,
    ngettext,
)
from pipelines.presentation.theme import DARK_BLUE, ORANGE, TURQUOISE, register_template
from pipelines.timescales import add_months

DUE_SOON_DAYS = 7  # "due within 7 days" on the coming-due list (visits are weekly at the least)
TREND = ("pv_lac_rate", "pv_lac_starts", "pv_lac_ceased")
INHOUSE_FOSTER = "In-house foster care"  # a placement value of the data
# The statuses our own SQL writes (records/missing_now.sql), translated where they are shown.
MISSING_STATUS = {"missing now": N_("Missing now"),
                  "back, no return interview offered": N_("Back, no return interview offered")}  # fmt: skip


def _year_before(day: dt.date) -> dt.date:
    """The same day a year before, a month end for a month end (28 February 2025 -> 29 February
    2024, where "12 months before" clamps to the 28th and would pick January's end)."""
    if (day + dt.timedelta(days=1)).day == 1:
        return add_months(day.replace(day=1), -11) - dt.timedelta(days=1)
    return add_months(day, -12)


def _series(monthly: pl.DataFrame, indicator_id: str, column: str = "value") -> pl.DataFrame:
    return (
        monthly.filter(pl.col("indicator_id") == indicator_id)
        .sort("period_end")
        .select("period_end", pl.col(column).alias(indicator_id))
    )


def trend_frame(monthly: pl.DataFrame) -> pl.DataFrame:
    """Month ends with children looked after (the count), starts and ceases."""
    looked_after = _series(monthly, "pv_lac_rate", "numerator")
    for indicator_id in TREND[1:]:
        looked_after = looked_after.join(
            _series(monthly, indicator_id), on="period_end", how="left"
        )
    return looked_after.rename(
        {"pv_lac_rate": "looked_after", "pv_lac_starts": "starts", "pv_lac_ceased": "ceased"}
    )


def trend_figure(trend: pl.DataFrame) -> go.Figure:
    """Children looked after at each month end (a line, left axis) with the periods of care that
    started and ended in the month (bars, right axis), each named in the legend and on hover."""
    register_template()
    months = trend["period_end"].to_list()
    # Hover: the trace's name, then the month (bars) or the day (the line), in this language.
    hover = "%{fullData.name}<br>%{text}: %{y:,.0f}<extra></extra>"
    in_month = [month_year(d) for d in months]
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=months,
            y=trend["starts"].to_list(),
            name=_("Started to be looked after"),
            marker={"color": TURQUOISE},
            yaxis="y2",
            text=in_month,
            hovertemplate=hover,
        )
    )
    figure.add_trace(
        go.Bar(
            x=months,
            y=trend["ceased"].to_list(),
            name=_("Ceased to be looked after"),
            marker={"color": ORANGE, "pattern": {"shape": "/"}},
            yaxis="y2",
            text=in_month,
            hovertemplate=hover,
        )
    )
    figure.add_trace(
        go.Scatter(
            x=months,
            y=trend["looked_after"].to_list(),
            name=_("Looked after at month end"),
            mode="lines+markers",
            line={"color": DARK_BLUE, "width": 3},
            text=hover_dates(months),
            hovertemplate=hover,
        )
    )
    figure.update_layout(
        height=420,
        title=_("Children looked after, and periods of care starting and ending each month"),
        barmode="group",
        xaxis=date_axis(months),
        yaxis={"title": {"text": _("Looked after")}, "tickformat": ",.0f", "rangemode": "tozero"},
        yaxis2={
            "title": {"text": _("Starts and ceases"), "standoff": 8},
            "automargin": True,  # room for the ticks and the title beside them
            "overlaying": "y",
            "side": "right",
            "tickformat": ",.0f",
            "rangemode": "tozero",
            "showgrid": False,
        },
        legend={"orientation": "h", "y": -0.15},
    )
    return figure


def _months_sum(trend: pl.DataFrame, column: str, first: dt.date, last: dt.date) -> int | None:
    rows = trend.filter(pl.col("period_end").is_between(first, last))
    if rows.height < 12 or rows[column].null_count():
        return None
    return int(rows[column].sum())


def trend_summary(trend: pl.DataFrame) -> str:
    known = trend.filter(pl.col("looked_after").is_not_null())
    if known.is_empty():
        return _("No child has been looked after in the data yet.")
    last = known["period_end"].max()
    now = int(known.filter(pl.col("period_end") == last)["looked_after"][0])
    words = ngettext(
        "On {date}, {n} child was looked after.",
        "On {date}, {n} children were looked after.",
        now,
        date=date_long(last),
    )
    year_before = known.filter(pl.col("period_end") <= _year_before(last))
    if not year_before.is_empty():
        then_end = year_before["period_end"].max()
        then = int(year_before.filter(pl.col("period_end") == then_end)["looked_after"][0])
        words += " " + _(
            "A year before ({date}) there were {count}.",
            date=date_long(then_end),
            count=format_count(then),
        )
    first = add_months(last.replace(day=1), -11)
    starts = _months_sum(trend, "starts", first, last)
    ceased = _months_sum(trend, "ceased", first, last)
    if starts is not None and ceased is not None:
        words += " " + ngettext(
            "In the 12 months to {month}, {n} period of care started and {ended} ended.",
            "In the 12 months to {month}, {n} periods of care started and {ended} ended.",
            starts,
            month=month_year(last),
            ended=format_count(ceased),
        )
    return words


def mix_summary(by_mix: pl.DataFrame) -> str:
    """The placement mix at the latest period end, largest first, and a year before."""
    if by_mix.is_empty():
        return _("No placements in the data yet.")
    latest = by_mix["period_end"].max()
    now = by_mix.filter((pl.col("period_end") == latest) & (pl.col("numerator") > 0)).sort(
        "numerator", descending=True
    )
    total = now["numerator"].sum()
    parts = [
        _(
            "{placement} {count}",
            placement=row["breakdown_value"].lower(),  # the data's words, never translated
            count=format_number(row["numerator"], "count"),
        )
        for row in now.iter_rows(named=True)
    ]
    words = ngettext(
        "On {date}, of {n} child looked after: {placements}.",
        "On {date}, of {n} children looked after: {placements}.",
        int(total),
        date=date_long(latest),
        placements=", ".join(parts),
    )
    before = by_mix.filter(pl.col("period_end") <= _year_before(latest))["period_end"].max()
    if before is not None:
        then = by_mix.filter(pl.col("period_end") == before)
        inhouse = then.filter(pl.col("breakdown_value") == INHOUSE_FOSTER)["numerator"]
        inhouse_now = now.filter(pl.col("breakdown_value") == INHOUSE_FOSTER)["numerator"]
        if inhouse.len() and inhouse_now.len():
            words += " " + _(
                "{placement}: {now}, against {then} a year before ({date}).",
                placement=INHOUSE_FOSTER,  # the data's words, as in the chart's legend
                now=format_number(inhouse_now[0], "count"),
                then=format_number(inhouse[0], "count"),
                date=date_long(before),
            )
    return words


def _days(days: int | None, due: dt.date | None) -> str:
    if due is None or days is None:
        return "–"
    if days < 0:
        return ngettext("overdue ({n} day)", "overdue ({n} days)", -days)
    if days == 0:
        return _("due today")
    return ngettext("in {n} day", "in {n} days", days)


def coming_due_rows(due: pl.DataFrame) -> pl.DataFrame:
    """Looked-after children with a visit or review overdue or due within 7 days, most urgent
    first, as the list shows them (case-system ids; no names exist to show)."""
    soon = due.filter(pl.col("soonest_days_left") <= DUE_SOON_DAYS).sort(
        "soonest_days_left", "team", "child_id"
    )

    def date(column: str) -> pl.Expr:
        return pl.col(column).dt.strftime("%d/%m/%Y")

    def when(item: str) -> pl.Expr:
        # Polars may call this from another thread: the words keep this run's language.
        words = in_this_language(lambda row: _days(row[f"{item}_days_left"], row[f"{item}_due"]))
        return pl.struct(f"{item}_days_left", f"{item}_due").map_elements(
            words, return_dtype=pl.String
        )

    return soon.select(
        pl.col("child_id").alias(_("Child ID")),
        pl.col("team").alias(_("Team")),
        pl.col("placement").alias(_("Placement")),
        date("placement_start").alias(_("Placed")),
        date("last_seen").alias(_("Last seen")),
        date("visit_due").alias(_("Visit due")),
        when("visit").alias(_("Visit")),
        date("review_due").alias(_("Review due")),
        when("review").alias(_("Review")),
    )


def coming_due_summary(due: pl.DataFrame, as_at: dt.date | None) -> str:
    if as_at is None or due.is_empty():
        return _("No child with a placement is looked after in the data.")
    overdue = due.filter(pl.col("soonest_days_left") < 0).height
    soon = due.filter(pl.col("soonest_days_left").is_between(0, DUE_SOON_DAYS)).height
    return ngettext(
        "As at {date} (the data's last day), {n} looked-after child has a placement recorded: "
        "{overdue} with a visit or review overdue, and {soon} more with one due within {days} "
        "days.",
        "As at {date} (the data's last day), {n} looked-after children have a placement "
        "recorded: {overdue} with a visit or review overdue, and {soon} more with one due within "
        "{days} days.",
        due.height,
        date=date_long(as_at),
        overdue=format_count(overdue),
        soon=format_count(soon),
        days=DUE_SOON_DAYS,
    )


def missing_rows(missing: pl.DataFrame) -> pl.DataFrame:
    """Children missing now, then those back with no return interview offered."""

    def moment(column: str) -> pl.Expr:
        return pl.col(column).dt.strftime("%d/%m/%Y %H:%M").fill_null("–")

    statuses = {value: _(words) for value, words in MISSING_STATUS.items()}
    return missing.select(
        pl.col("child_id").alias(_("Child ID")),
        pl.col("team").alias(_("Team")),
        pl.when(pl.col("looked_after")).then(pl.lit(_("Yes"))).otherwise(pl.lit(_("No")))
        .alias(_("Looked after")),
        pl.col("status").replace(statuses).alias(_("Status")),
        moment("started_at").alias(_("Went missing")),
        moment("ended_at").alias(_("Returned")),
        pl.col("hours_since").alias(_("Hours since (return, or going missing)")),
    )  # fmt: skip


def missing_summary(missing: pl.DataFrame, as_at: dt.date | None) -> str:
    if as_at is None:
        return _("No missing episodes in the data.")
    now = missing.filter(pl.col("ended_at").is_null()).height
    back = missing.height - now
    return ngettext(
        "As at the end of {date} (the data's last day): {n} child missing, and {back} back in "
        "the last 28 days with no return interview offered.",
        "As at the end of {date} (the data's last day): {n} children missing, and {back} back in "
        "the last 28 days with no return interview offered.",
        now,
        date=date_long(as_at),
        back=format_count(back),
    )
