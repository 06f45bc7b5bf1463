"""How each chart is judged by SPC, from the catalogue: which points carry a signal, what target
and scale apply, when a value is complete, and when a slice does not apply at all.

One chart is one indicator, period type, breakdown and breakdown value. :func:`chart_spc` turns its
rows into the SPC columns stored in ``indicator_series`` (see ``build.SPC_COLUMNS``):

- **Judged points.** ``judged_on = month_end`` (slow stocks): on a weekly chart only the last week
  ending in each month is judged; limits come from those points and apply to the whole segment;
  the other weeks are drawn with ``point_type = "not_judged"``. Other charts judge every point.
- **Rebasing** at the store's process changes for this indicator (plus any tried on the detail
  page): each segment has its own limits.
- **Scale**: limits are clipped to the unit's bounds (counts at 0, percentages at 0 and 100).
- **Target**: the catalogue's target on the total, and on the slices of ``target_breakdowns``;
  no target (so no assurance) on any other slice.
- **Unreliable limits**: when the judged points of the latest segment have a lag-1
  autocorrelation above ``spc.AUTOCORRELATION_LIMIT`` (``withheld = "autocorrelated"``), or step
  by more than their spread (``"coarse"``), their limits cannot be trusted: the icons are withheld
  and the segment's points are ``not_judged``, so the chart shows the values and the limits but
  flags no noise. Earlier segments keep their autocorrelation flags: they
  are the closed chapters a process change ended, and a real change itself raises the
  autocorrelation of a span that includes it. Coarseness is a property of the counts, not of a
  change, so every coarse segment's points are ``not_judged``.
- **Not applicable**: ``not_applicable_when = no_numerator`` and a slice whose numerator is never
  above 0: no values, no signal, ``withheld = "not_applicable"``.

:func:`apply_warm_up` drops the periods before an indicator's warm-up has passed, and
:func:`fill_gaps` gives uploaded series a row (with no value) for every missing period, so a
missing period is a gap that no moving range spans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from pipelines.catalogue import Indicator
from pipelines.periods import ALL_PERIOD_TYPES, period_table
from pipelines.spc import AUTOCORRELATION_LIMIT, COLUMN_TYPES, SpcOptions, spc_columns

NOT_JUDGED = "not_judged"
UNRELIABLE = ("autocorrelated", "coarse")  # the latest segment's limits cannot be trusted
REGULAR_PERIODS = ALL_PERIOD_TYPES
CHART_KEYS = ["indicator_id", "period_type", "breakdown", "breakdown_value"]
# The point columns of spc (a chart's rows keep their own period and value).
POINT_COLUMNS: dict[str, type[pl.DataType] | pl.DataType] = {
    c: t for c, t in COLUMN_TYPES.items() if c not in ("period", "value")
}
CHART_COLUMNS: dict[str, type[pl.DataType] | pl.DataType] = {
    "variation": pl.String,  # the chart's icon: the latest judged point's type (None: withheld)
    "assurance": pl.String,  # the chart's icon: target vs latest limits (None: not shown)
    "withheld": pl.String,  # why the icons are not shown: trial, autocorrelated, not_applicable...
    "judged_on": pl.String,  # each_period or month_end
    "target": pl.Float64,  # the target this chart is held to (None: none for this slice)
}


def chart_options(
    indicator: Indicator | None, breakdown: str, rebase_at: Sequence[dt.date] = ()
) -> SpcOptions:
    """The SPC options of one chart: polarity, the target for this breakdown, the unit's scale,
    the rebase dates, and the autocorrelation limit."""
    if indicator is None:
        return SpcOptions(rebase_at=tuple(sorted(set(rebase_at))))
    lower, upper = indicator.bounds
    return SpcOptions(
        direction=indicator.direction,  # type: ignore[arg-type]
        target=indicator.target_for(breakdown),
        rebase_at=tuple(sorted(set(rebase_at))),
        lower_bound=lower,
        upper_bound=upper,
        max_autocorrelation=AUTOCORRELATION_LIMIT,
        check_resolution=True,
    )


def is_month_end_week(end: dt.date) -> bool:
    """True for the last week that ends in its month (the next week ends in the next month)."""
    return (end + dt.timedelta(days=7)).month != end.month


def judged_mask(ends: Sequence[dt.date], period_type: str, judged_on: str) -> list[bool]:
    """Which points of a chart are judged."""
    if judged_on == "month_end" and period_type == "week":
        return [is_month_end_week(end) for end in ends]
    return [True] * len(ends)


def _segment_of(boundaries: Sequence[dt.date], day: dt.date) -> int:
    return sum(b <= day for b in boundaries)


def chart_spc(
    group: pl.DataFrame, indicator: Indicator | None, rebase_at: Sequence[dt.date] = ()
) -> pl.DataFrame:
    """One chart's rows (any order) sorted by period, with the SPC columns replaced."""
    rows = group.sort("period_end").drop(
        [c for c in (*POINT_COLUMNS, *CHART_COLUMNS) if c in group.columns]
    )
    if rows.is_empty():
        return _with_columns(rows, [], {})
    judged = judge_chart(
        rows["period_end"].to_list(),
        rows["value"].to_list(),
        rows["numerator"].to_list() if "numerator" in rows.columns else [None] * rows.height,
        str(rows["breakdown"][0]),
        str(rows["period_type"][0]),
        indicator,
        rebase_at,
    )
    if judged.not_applicable:
        rows = rows.with_columns(pl.lit(None, pl.Float64).alias("value"))
    return _with_columns(rows, judged.points, judged.chart)


@dataclass(frozen=True)
class JudgedChart:
    """The SPC columns of one chart: the point columns (one list per name in POINT_COLUMNS, in
    period order), the chart columns, and whether the slice does not apply (its values are then
    blanked)."""

    points: dict[str, list[object]]
    chart: dict[str, object]
    not_applicable: bool = False


def judge_chart(
    ends: list[dt.date],
    values: list[float | None],
    numerators: list[float | None],
    breakdown: str,
    period_type: str,
    indicator: Indicator | None,
    rebase_at: Sequence[dt.date] = (),
    steps: list[float | None] | None = None,
) -> JudgedChart:
    """The judgement of one chart from plain columns sorted by period end (what
    :func:`chart_spc` returns, without building a frame, so a rebuild can judge every chart in
    one pass and build one frame at the end). ``steps``: :func:`event_steps` of the values and
    numerators when the caller has them (:func:`event_steps_expr`, for every chart at once)."""
    catalogue_rule = indicator.judged_on if indicator is not None else "each_period"
    # Month-end judging only thins weekly charts; a monthly chart's points are month ends.
    judged_on = (
        "month_end" if catalogue_rule == "month_end" and period_type == "week" else ("each_period")
    )
    if _not_applicable(numerators, indicator, breakdown):
        chart = {"withheld": "not_applicable", "judged_on": judged_on}
        blank = {name: [None] * len(ends) for name in POINT_COLUMNS}
        return JudgedChart(blank, chart, not_applicable=True)

    options = chart_options(indicator, breakdown, rebase_at)
    mask = judged_mask(ends, period_type, judged_on)
    judged = [i for i, keep in enumerate(mask) if keep]
    if steps is None:
        steps = event_steps(values, numerators)
    spc = spc_columns(
        [ends[i] for i in judged],
        [values[i] for i in judged],
        options,
        [steps[i] for i in judged],
    )
    found = spc.columns
    own: list[bool] | None = None  # None: every row is judged, in order (most charts)
    if found["period"] == ends:
        points = {name: list(found[name]) for name in POINT_COLUMNS}
    else:
        # A row that is not judged takes the lines of its segment's first judged point.
        at = {end: i for i, end in enumerate(found["period"])}
        boundaries = options.rebase_at
        first_of_segment: dict[int, int] = {}
        for i, end in enumerate(found["period"]):
            first_of_segment.setdefault(_segment_of(boundaries, end), i)
        source = [at.get(end) for end in ends]
        own = [i is not None for i in source]
        source = [
            i if i is not None else first_of_segment.get(_segment_of(boundaries, end))
            for i, end in zip(source, ends, strict=True)
        ]
        points = {
            name: [found[name][i] if i is not None else None for i in source]
            for name in POINT_COLUMNS
        }
    latest_segment = found["segment"][-1] if found["segment"] else None
    unreliable = spc.withheld in UNRELIABLE
    point_type, rule, direction = points["point_type"], points["rule"], points["direction"]
    for row, (value, segment) in enumerate(zip(values, points["segment"], strict=True)):
        if value is None:
            point_type[row], rule[row], direction[row] = None, "", ""
        elif (
            (own is not None and not own[row])
            or (unreliable and segment == latest_segment)
            or segment in spc.coarse_segments
        ):
            point_type[row], rule[row], direction[row] = NOT_JUDGED, "", ""
    chart = {
        "variation": spc.variation,
        "assurance": spc.assurance,
        "withheld": spc.withheld,
        "judged_on": judged_on,
        "target": options.target,
    }
    return JudgedChart(points, chart)


def event_steps(
    values: Sequence[float | None], numerators: Sequence[float | None]
) -> list[float | None]:
    """How far one event moves each value: value / numerator where the numerator is a whole
    count above 0 (100 / denominator for a percentage, 1 for a count), else None. With small
    denominators this is what makes a percentage coarse: 0 % or 12.5 % of 8 referrals, nothing
    in between, even though the values are not written to a fixed step."""
    steps: list[float | None] = []
    for value, numerator in zip(values, numerators, strict=True):
        whole = numerator is not None and numerator > 0 and abs(numerator - round(numerator)) < 1e-9
        steps.append(abs(value) / numerator if whole and value is not None else None)
    return steps


def event_steps_expr() -> pl.Expr:
    """:func:`event_steps` as a Polars expression over ``value`` and ``numerator``: the same
    steps, for every chart of a rebuild at once."""
    numerator = pl.col("numerator")
    whole = (
        numerator.is_not_null()
        & numerator.is_not_nan()
        & (numerator > 0)
        & ((numerator - numerator.round()).abs() < 1e-9)
    )
    return pl.when(whole & pl.col("value").is_not_null()).then(pl.col("value").abs() / numerator)


def _not_applicable(
    numerators: Sequence[float | None], indicator: Indicator | None, breakdown: str
) -> bool:
    if indicator is None or indicator.not_applicable_when != "no_numerator":
        return False
    if breakdown == "total":
        return False
    # NaN counts as above 0, as in polars' comparison (the frame version of this check).
    return not any(n is not None and (n > 0 or n != n) for n in numerators)


def _with_columns(
    rows: pl.DataFrame, points: dict[str, list[object]] | list[object], chart: dict[str, object]
) -> pl.DataFrame:
    spc = (
        pl.DataFrame(points, schema=POINT_COLUMNS) if points else pl.DataFrame(schema=POINT_COLUMNS)
    )
    return pl.concat([rows, spc], how="horizontal").with_columns(
        [pl.lit(chart.get(name), dtype=dtype).alias(name) for name, dtype in CHART_COLUMNS.items()]
    )


def apply_warm_up(
    results: pl.DataFrame, catalogue: dict[str, Indicator], first_dates: dict[str, dt.date]
) -> pl.DataFrame:
    """Drop the periods before each indicator's warm-up has passed since the first date of its
    extracts (the latest of them): a flow's period must start on or after the end of the
    warm-up, a snapshot's must end on or after it."""
    ends = {}
    for indicator in catalogue.values():
        starts = [first_dates[e] for e in indicator.extracts if first_dates.get(e)]
        if indicator.warm_up is not None and starts:
            ends[indicator.id] = (indicator.warm_up.end(max(starts)), indicator.measure_type)
    if not ends or results.is_empty():
        return results
    table = pl.DataFrame(
        {
            "indicator_id": list(ends),
            "_warm_end": [end for end, _ in ends.values()],
            "_snapshot": [kind == "snapshot" for _, kind in ends.values()],
        },
        schema={"indicator_id": pl.String, "_warm_end": pl.Date, "_snapshot": pl.Boolean},
    )
    joined = results.join(table, on="indicator_id", how="left")
    complete = (
        pl.col("_warm_end").is_null()
        | (pl.col("_snapshot") & (pl.col("period_end") >= pl.col("_warm_end")))
        | (~pl.col("_snapshot") & (pl.col("period_start") >= pl.col("_warm_end")))
    )
    return joined.filter(complete).drop("_warm_end", "_snapshot")


def fill_gaps(frame: pl.DataFrame, week_ending_weekday: int) -> pl.DataFrame:
    """Every chart of a regular period type gets a row for each period between its first and
    last, with no value where none was supplied (a gap, not a moving range across it)."""
    regular = frame.filter(pl.col("period_type").is_in(REGULAR_PERIODS))
    if regular.is_empty():
        return frame
    spans = regular.group_by(CHART_KEYS).agg(
        pl.col("period_start").min().alias("_first"), pl.col("period_end").max().alias("_last")
    )
    periods = period_table(
        spans["_first"].min(), spans["_last"].max(), week_ending_weekday, ALL_PERIOD_TYPES
    )
    grid = (
        spans.join(periods.select("period_type", "period_start", "period_end"), on="period_type")
        .filter(
            (pl.col("period_start") >= pl.col("_first")) & (pl.col("period_end") <= pl.col("_last"))
        )
        .drop("_first", "_last")
    )
    filled = grid.join(regular, on=[*CHART_KEYS, "period_start", "period_end"], how="left").select(
        frame.columns
    )
    # A supplied period that is not one of ours (e.g. a week ending on another weekday) is kept.
    unmatched = regular.join(grid, on=[*CHART_KEYS, "period_start", "period_end"], how="anti")
    others = frame.filter(~pl.col("period_type").is_in(REGULAR_PERIODS))
    return pl.concat([filled, unmatched.select(frame.columns), others])
