"""The looked-after children page's own figures: children looked after over time with the periods
of care starting and ending, the placement mix, and the two lists as a manager reads them (the
coming-due visits and reviews; children missing now or back with no return interview offered).
Figures and words only; the page displays them."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl

from pipelines.presentation.formatting import format_number
from pipelines.presentation.theme import DARK_BLUE, ORANGE, TURQUOISE, register_template
from pipelines.timescales import add_months

DUE_SOON_DAYS = 7  # "due within 7 days" on the coming-due list (visits are weekly at the least)
TREND = ("pv_lac_rate", "pv_lac_starts", "pv_lac_ceased")


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
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=months,
            y=trend["starts"].to_list(),
            name="Started to be looked after",
            marker={"color": TURQUOISE},
            yaxis="y2",
            hovertemplate="Started in %{x|%B %Y}: %{y:,.0f}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Bar(
            x=months,
            y=trend["ceased"].to_list(),
            name="Ceased to be looked after",
            marker={"color": ORANGE, "pattern": {"shape": "/"}},
            yaxis="y2",
            hovertemplate="Ceased in %{x|%B %Y}: %{y:,.0f}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=months,
            y=trend["looked_after"].to_list(),
            name="Looked after at month end",
            mode="lines+markers",
            line={"color": DARK_BLUE, "width": 3},
            hovertemplate="%{x|%d %b %Y}: %{y:,.0f} looked after<extra></extra>",
        )
    )
    figure.update_layout(
        height=420,
        title="Children looked after, and periods of care starting and ending each month",
        barmode="group",
        yaxis={"title": {"text": "Looked after"}, "tickformat": ",.0f", "rangemode": "tozero"},
        yaxis2={
            "title": {"text": "Starts and ceases"},
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
        return "No child has been looked after in the data yet."
    last = known["period_end"].max()
    now = int(known.filter(pl.col("period_end") == last)["looked_after"][0])
    words = f"On {last:%d %B %Y}, {now:,} children were looked after."
    year_before = known.filter(pl.col("period_end") <= _year_before(last))
    if not year_before.is_empty():
        then_end = year_before["period_end"].max()
        then = int(year_before.filter(pl.col("period_end") == then_end)["looked_after"][0])
        words += f" A year before ({then_end:%d %B %Y}) there were {then:,}."
    first = add_months(last.replace(day=1), -11)
    starts = _months_sum(trend, "starts", first, last)
    ceased = _months_sum(trend, "ceased", first, last)
    if starts is not None and ceased is not None:
        words += (
            f" In the 12 months to {last:%B %Y}, {starts:,} periods of care started and "
            f"{ceased:,} ended."
        )
    return words


def mix_summary(by_mix: pl.DataFrame) -> str:
    """The placement mix at the latest period end, largest first, and a year before."""
    if by_mix.is_empty():
        return "No placements in the data yet."
    latest = by_mix["period_end"].max()
    now = by_mix.filter((pl.col("period_end") == latest) & (pl.col("numerator") > 0)).sort(
        "numerator", descending=True
    )
    total = now["numerator"].sum()
    parts = [
        f"{row['breakdown_value'].lower()} {format_number(row['numerator'], 'count')}"
        for row in now.iter_rows(named=True)
    ]
    words = f"On {latest:%d %B %Y}, of {format_number(total, 'count')} children looked after: "
    words += ", ".join(parts) + "."
    before = by_mix.filter(pl.col("period_end") <= _year_before(latest))["period_end"].max()
    if before is not None:
        then = by_mix.filter(pl.col("period_end") == before)
        inhouse = then.filter(pl.col("breakdown_value") == "In-house foster care")["numerator"]
        inhouse_now = now.filter(pl.col("breakdown_value") == "In-house foster care")["numerator"]
        if inhouse.len() and inhouse_now.len():
            words += (
                f" In-house foster care: {format_number(inhouse_now[0], 'count')}, against "
                f"{format_number(inhouse[0], 'count')} a year before ({before:%d %B %Y})."
            )
    return words


def _days(days: int | None, due: dt.date | None) -> str:
    if due is None or days is None:
        return "–"
    if days < 0:
        return f"overdue ({-days} day{'s' if days != -1 else ''})"
    if days == 0:
        return "due today"
    return f"in {days} day{'s' if days != 1 else ''}"


def coming_due_rows(due: pl.DataFrame) -> pl.DataFrame:
    """Looked-after children with a visit or review overdue or due within 7 days, most urgent
    first, as the list shows them (case-system ids; no names exist to show)."""
    soon = due.filter(pl.col("soonest_days_left") <= DUE_SOON_DAYS).sort(
        "soonest_days_left", "team", "child_id"
    )

    def date(column: str) -> pl.Expr:
        return pl.col(column).dt.strftime("%d/%m/%Y")

    def when(item: str) -> pl.Expr:
        return pl.struct(f"{item}_days_left", f"{item}_due").map_elements(
            lambda row: _days(row[f"{item}_days_left"], row[f"{item}_due"]),
            return_dtype=pl.String,
        )

    return soon.select(
        pl.col("child_id").alias("Child ID"),
        pl.col("team").alias("Team"),
        pl.col("placement").alias("Placement"),
        date("placement_start").alias("Placed"),
        date("last_seen").alias("Last seen"),
        date("visit_due").alias("Visit due"),
        when("visit").alias("Visit"),
        date("review_due").alias("Review due"),
        when("review").alias("Review"),
    )


def coming_due_summary(due: pl.DataFrame, as_at: dt.date | None) -> str:
    if as_at is None or due.is_empty():
        return "No child with a placement is looked after in the data."
    overdue = due.filter(pl.col("soonest_days_left") < 0).height
    soon = due.filter(pl.col("soonest_days_left").is_between(0, DUE_SOON_DAYS)).height
    return (
        f"As at {as_at:%d %B %Y} (the data's last day), {due.height:,} looked-after children "
        f"have a placement recorded: {overdue:,} with a visit or review overdue, and {soon:,} "
        f"more with one due within {DUE_SOON_DAYS} days."
    )


def missing_rows(missing: pl.DataFrame) -> pl.DataFrame:
    """Children missing now, then those back with no return interview offered."""

    def moment(column: str) -> pl.Expr:
        return pl.col(column).dt.strftime("%d/%m/%Y %H:%M").fill_null("–")

    return missing.select(
        pl.col("child_id").alias("Child ID"),
        pl.col("team").alias("Team"),
        pl.when(pl.col("looked_after")).then(pl.lit("Yes")).otherwise(pl.lit("No"))
        .alias("Looked after"),
        (pl.col("status").str.slice(0, 1).str.to_uppercase() + pl.col("status").str.slice(1))
        .alias("Status"),
        moment("started_at").alias("Went missing"),
        moment("ended_at").alias("Returned"),
        pl.col("hours_since").alias("Hours since (return, or going missing)"),
    )  # fmt: skip


def missing_summary(missing: pl.DataFrame, as_at: dt.date | None) -> str:
    if as_at is None:
        return "No missing episodes in the data."
    now = missing.filter(pl.col("ended_at").is_null()).height
    back = missing.height - now
    return (
        f"As at the end of {as_at:%d %B %Y} (the data's last day): {now:,} "
        f"child{'ren' if now != 1 else ''} missing, and {back:,} back in the last 28 days with "
        "no return interview offered."
    )
