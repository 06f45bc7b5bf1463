"""How each chart is judged (pipelines/indicators/judgement.py), on hand-made charts and on the demo.

Issue 8's defects, each with the test that failed before the change:
- weekly snapshots of slow stocks flagged almost every point (the demo share test below);
- counts had negative lower limits and percentages limits beyond 0-100;
- the total's target was applied to every breakdown slice; zero variation that always meets the
  target read "hit and miss"; a team that holds no cases read "0.0, target consistently met";
- an uploaded series with a missing year got a moving range across the gap.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

import polars as pl
import pytest
from indicator_helpers import demo_series_frame, demo_store_path, figure, import_text, series

from pipelines.catalogue import load_catalogue
from pipelines.indicators.judgement import (
    NOT_JUDGED,
    apply_warm_up,
    chart_spc,
    event_steps,
    event_steps_expr,
    fill_gaps,
    is_month_end_week,
)
from pipelines.spc import SpcOptions, compute_spc
from pipelines.store import read_connection
from pipelines.store.process_changes import active_changes

CATALOGUE = load_catalogue()
SPECIAL = ("special_cause_improvement", "special_cause_concern", "special_cause_neutral_high")
SPECIAL += ("special_cause_neutral_low",)


def weekly(
    indicator_id: str,
    values: list[float | None],
    *,
    breakdown: str = "total",
    value: str = "All",
    numerators: list[float | None] | None = None,
    first_end: dt.date = dt.date(2023, 4, 2),
) -> pl.DataFrame:
    """A weekly chart as the build hands it to chart_spc (weeks ending on Sundays)."""
    ends = [first_end + dt.timedelta(weeks=k) for k in range(len(values))]
    n = len(values)
    return pl.DataFrame(
        {
            "indicator_id": [indicator_id] * n,
            "period_type": ["week"] * n,
            "period_start": [e - dt.timedelta(days=6) for e in ends],
            "period_end": ends,
            "breakdown": [breakdown] * n,
            "breakdown_value": [value] * n,
            "numerator": numerators if numerators is not None else values,
            "denominator": [None] * n,
            "value": values,
        },
        schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64, "value": pl.Float64},
    )


def judged(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("point_type") != NOT_JUDGED)


# ------------------------------------------------------------------ month-end judging


def test_month_end_weeks() -> None:
    assert is_month_end_week(dt.date(2025, 3, 30))  # the next Sunday is 6 April
    assert not is_month_end_week(dt.date(2025, 3, 23))
    assert is_month_end_week(dt.date(2025, 2, 23))  # 2 March is in the next month


def test_one_events_step_is_the_same_for_every_chart_at_once_as_for_one() -> None:
    # 50 % of 8 moves by 12.5 points per event; a count of 3 by 1; no step without a whole
    # count above 0 or without a value (the rebuild's frame version must agree with the list one).
    values = [50.0, 3.0, -6.0, 2.5, None, 7.0, 7.0, 1.0, 4.0]
    numerators = [4.0, 3.0, 2.0, 2.5, 3.0, None, 0.0, 1.0 + 1e-12, float("nan")]
    expected = [12.5, 1.0, 3.0, None, None, None, None, 1.0 / (1.0 + 1e-12), None]
    assert event_steps(values, numerators) == expected
    frame = pl.DataFrame({"value": values, "numerator": numerators}, strict=False)
    assert frame.select(event_steps_expr())["value"].to_list() == expected


def test_a_slow_stock_is_judged_on_its_month_end_weeks() -> None:
    # Average caseload, 60 weeks from 2 April 2023: limits come from the last week of each month
    # (14 of them), and only those weeks carry a signal; the others are drawn, not judged.
    rng = random.Random(3)
    values = [16 + rng.gauss(0, 0.5) for _ in range(60)]
    out = chart_spc(weekly("wf_caseload_avg", values), CATALOGUE["wf_caseload_avg"])
    month_ends = [is_month_end_week(e) for e in out["period_end"]]
    assert out["judged_on"].unique().to_list() == ["month_end"]
    assert (out["point_type"] != NOT_JUDGED).to_list() == month_ends
    picked = [v for v, m in zip(values, month_ends, strict=True) if m]
    expected = compute_spc(list(range(len(picked))), picked, SpcOptions(lower_bound=0.0))
    assert out["mean"].unique().to_list() == pytest.approx([expected.points[0].mean])
    assert out["upper"].unique().to_list() == pytest.approx([expected.points[0].upper])
    # Every point of the chart is still there to be drawn.
    assert out["value"].to_list() == values


def test_a_flow_is_judged_every_week() -> None:
    rng = random.Random(1)
    values = [90 + rng.gauss(0, 2) for _ in range(20)]
    out = chart_spc(weekly("fd_decision_1wd_pct", values), CATALOGUE["fd_decision_1wd_pct"])
    assert out["judged_on"].unique().to_list() == ["each_period"]
    assert NOT_JUDGED not in out["point_type"].to_list()


# ------------------------------------------------------------------ scale, targets, slices


def test_count_limits_never_go_below_zero() -> None:
    # Hand-worked: 0, 3, 0, 3, ... mean 1.5, moving ranges 3: limits 1.5 -/+ 7.98 -> 0 and 9.48.
    out = chart_spc(weekly("fd_iaa_backlog", [0.0, 3.0] * 8), CATALOGUE["fd_iaa_backlog"])
    assert out["lower"].unique().to_list() == [0]
    assert out["near_lower"].unique().to_list() == [0]
    assert out["upper"].unique().to_list() == pytest.approx([9.48])


def test_percentage_limits_stay_within_0_and_100() -> None:
    out = chart_spc(
        weekly("fd_decision_1wd_pct", [100.0, 60.0] * 8), CATALOGUE["fd_decision_1wd_pct"]
    )
    assert (out["lower"].min(), out["upper"].max()) == (0, 100)


def test_the_totals_target_does_not_apply_to_a_slice() -> None:
    # The backlog's target (50) is set for the whole front door, not for each team.
    values = [40.0, 43.0, 41.0, 44.0, 42.0, 45.0, 40.0, 42.0] * 2
    total = chart_spc(weekly("fd_iaa_backlog", values), CATALOGUE["fd_iaa_backlog"])
    team = chart_spc(
        weekly("fd_iaa_backlog", values, breakdown="team", value="North"),
        CATALOGUE["fd_iaa_backlog"],
    )
    assert total["target"][0] == 50 and total["assurance"][0] == "consistently_pass"
    assert team["target"][0] is None and team["assurance"][0] is None


def test_a_target_set_per_breakdown_applies_to_the_slice() -> None:
    # The caseload target (18 per FTE) is held by every team (catalogue target_breakdowns).
    team = chart_spc(
        weekly("wf_caseload_avg", [15.0, 15.5] * 30, breakdown="team", value="North"),
        CATALOGUE["wf_caseload_avg"],
    )
    assert team["target"][0] == 18


def test_zero_children_awaiting_allocation_every_week_is_consistently_met() -> None:
    # 0 every week, limits 0-0, target 0, lower is better: "consistently met", not "hit and miss".
    out = chart_spc(
        weekly("wf_unallocated_children", [0.0] * 60), CATALOGUE["wf_unallocated_children"]
    )
    assert (out["lower"].max(), out["upper"].max()) == (0, 0)
    assert out["assurance"][0] == "consistently_pass"


def test_a_team_that_holds_no_cases_is_not_applicable() -> None:
    # IAA Hub: case-holding roles, but no child is ever allocated to them: 0 children per FTE is
    # not a caseload, so the slice has no value and no signal (not "0.0, target met").
    frame = weekly(
        "wf_caseload_avg", [0.0] * 30, breakdown="team", value="IAA Hub", numerators=[0.0] * 30
    )
    out = chart_spc(frame, CATALOGUE["wf_caseload_avg"])
    assert out["value"].null_count() == 30
    assert out["withheld"].unique().to_list() == ["not_applicable"]
    assert out["variation"][0] is None and out["assurance"][0] is None
    # The same numbers on the total (or a team that holds cases) are values.
    total = chart_spc(weekly("wf_caseload_avg", [0.0] * 30), CATALOGUE["wf_caseload_avg"])
    assert total["withheld"][0] != "not_applicable"


# ------------------------------------------------------------------ unreliable limits


def test_an_autocorrelated_latest_segment_flags_nothing_and_says_why() -> None:
    # A slowly wandering share (AR(1), phi 0.95), judged on month-end weeks: those still move
    # together, so the icons are withheld and the latest segment's points are not judged.
    rng = random.Random(11)
    x = [0.0]
    for _ in range(160):
        x.append(0.95 * x[-1] + rng.gauss(0, math.sqrt(1 - 0.95**2)))
    values = [20 + 2 * v for v in x]
    out = chart_spc(weekly("wf_agency_sw_pct", values), CATALOGUE["wf_agency_sw_pct"])
    assert out["withheld"][0] == "autocorrelated"
    assert out["variation"][0] is None
    assert set(out["point_type"]) == {NOT_JUDGED}
    assert out["autocorrelation"][-1] > 0.5
    assert out["upper"][-1] is not None  # the limits are still drawn


def test_a_series_stepping_by_more_than_its_spread_is_coarse() -> None:
    # The oldest waiting contact: whole working days, nearly always 4 or 5. Runs of 4s sit below
    # a mean of 4.3 by chance; the step (1) exceeds the spread, so no signal is drawn.
    rng = random.Random(5)
    values = [4.0 + (rng.random() < 0.3) for _ in range(80)]
    out = chart_spc(
        weekly("fd_iaa_backlog_oldest_wd", values), CATALOGUE["fd_iaa_backlog_oldest_wd"]
    )
    assert out["withheld"][0] == "coarse"
    assert set(out["point_type"]) == {NOT_JUDGED}


def test_earlier_segments_keep_their_flags() -> None:
    # A real change (a jump) before a process change is still flagged in its own segment.
    before = [10.0, 13.0, 11.0, 14.0, 12.0] * 4 + [40.0]
    after = [20.0, 23.0, 21.0, 24.0, 22.0] * 4
    frame = weekly("fd_contacts_received", before + after)
    rebase = frame["period_end"][len(before)]
    out = chart_spc(frame, CATALOGUE["fd_contacts_received"], (rebase,))
    assert out["segment"].unique().sort().to_list() == [0, 1]
    assert out["rule"][len(before) - 1] == "outside_limits"


def test_a_percentage_of_few_events_is_coarse_in_every_segment() -> None:
    # Re-registrations: 0 or 1 of about 9 registrations a week. Every 0 sat below a mean of 1.6 %
    # and was "special cause improvement", in the closed segment before the process change too.
    # One registration moves the value by 100 / 9 = 11 points, far more than the spread of the
    # moving ranges, so no segment is judged, whatever the written step of the values.
    rng = random.Random(11)
    denominators = [float(rng.randint(7, 12)) for _ in range(60)]
    numerators = [float(rng.random() < 0.12) for _ in range(60)]
    values = [100 * n / d for n, d in zip(numerators, denominators, strict=True)]
    frame = weekly("wb_cpr_reregistration_pct", values, numerators=numerators)
    rebase = frame["period_end"][30]
    out = chart_spc(frame, CATALOGUE["wb_cpr_reregistration_pct"], (rebase,))
    assert out["withheld"][0] == "coarse"
    assert set(out["point_type"].drop_nulls()) == {NOT_JUDGED}
    # A hundred times the registrations: one moves the value by 0.11 points, and it is judged.
    many = [float(sum(rng.random() < 0.12 for _ in range(900))) for _ in range(60)]
    fine = weekly("wb_cpr_reregistration_pct", [100 * n / 900 for n in many], numerators=many)
    judged = chart_spc(fine, CATALOGUE["wb_cpr_reregistration_pct"], (rebase,))
    assert judged["withheld"][0] is None
    assert judged["variation"][0] is not None


# ------------------------------------------------------------------ a planted shift is still seen


def planted(seed: int, start: int, n: int = 104) -> list[float]:
    """Independent weekly noise (mean 90, sd 2) with a 1.5 sd shift for 8 weeks from ``start``."""
    rng = random.Random(seed)
    values = [90 + rng.gauss(0, 2) for _ in range(n)]
    return [v + (3.0 if start <= k < start + 8 else 0.0) for k, v in enumerate(values)]


@pytest.mark.parametrize(("seed", "start"), [(1, 96), (2, 96), (3, 40), (4, 60)])
def test_a_planted_shift_of_one_and_a_half_sd_for_8_weeks_is_flagged(seed: int, start: int) -> None:
    indicator = CATALOGUE["fd_decision_1wd_pct"]  # a weekly flow, higher is better
    out = chart_spc(weekly(indicator.id, planted(seed, start)), indicator)
    shifted = out[start : start + 8]
    assert (shifted["point_type"] == "special_cause_improvement").any()
    assert out["withheld"][0] is None  # the shift does not make the limits "unreliable"
    if start + 8 == out.height:  # at the end: the tile's icon shows it
        assert out["variation"][0] == "improvement_high"


def test_the_judgement_never_hides_what_the_rules_find_on_a_weekly_flow() -> None:
    # Over many planted shifts, the dashboard's judgement (autocorrelation and coarseness checks)
    # flags exactly what the plain NHSRplotthedots rules flag.
    indicator = CATALOGUE["fd_decision_1wd_pct"]
    for seed in range(40):
        values = planted(seed, 96)
        out = chart_spc(weekly(indicator.id, values), indicator)
        pure = compute_spc(list(range(len(values))), values, SpcOptions(direction="increase"))
        assert out["point_type"].to_list() == [p.point_type for p in pure.points], seed


# ------------------------------------------------------------------ warm-up and gaps


def test_warm_up_drops_the_periods_before_it() -> None:
    frame = pl.concat(
        [
            weekly("fd_rereferral_12m_pct", [20.0] * 60, first_end=dt.date(2022, 4, 3)),
            weekly("pe_assessments_overdue", [3.0] * 10, first_end=dt.date(2022, 4, 3)),
        ]
    )
    first = {"contacts": dt.date(2022, 3, 28), "assessments": dt.date(2022, 3, 28)}
    kept = apply_warm_up(frame, CATALOGUE, first)
    repeats = kept.filter(pl.col("indicator_id") == "fd_rereferral_12m_pct")
    # A flow: the first week starting on or after 28/03/2023 (365 days on).
    assert repeats["period_start"].min() == dt.date(2023, 3, 27) + dt.timedelta(days=7)
    overdue = kept.filter(pl.col("indicator_id") == "pe_assessments_overdue")
    # A snapshot: the first week ending on or after 30/05/2022 (42 working days on).
    assert overdue["period_end"].min() == dt.date(2022, 6, 5)


def test_fill_gaps_inserts_the_missing_months() -> None:
    months = [dt.date(2021, m, 1) for m in range(1, 13)] + [dt.date(2023, 1, 1)]
    frame = pl.DataFrame(
        {
            "indicator_id": ["fd_referrer_feedback_pct"] * 13,
            "period_type": ["month"] * 13,
            "period_start": months,
            "period_end": [
                (m + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1) for m in months
            ],
            "breakdown": ["total"] * 13,
            "breakdown_value": ["All"] * 13,
            "numerator": [None] * 13,
            "denominator": [None] * 13,
            "value": [5.0] * 13,
        },
        schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64},
    )
    filled = fill_gaps(frame, 7).sort("period_end")
    assert filled.height == 25
    assert filled.filter(pl.col("period_end").dt.year() == 2022)["value"].null_count() == 12


VALUES_HEADER = (
    "Indicator ID,Period Start,Period End,Value,Numerator,Denominator,Breakdown,Source Note"
)


def _month_row(year: int, month: int, value: float) -> str:
    start = dt.date(year, month, 1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return f"fd_referrer_feedback_pct,{start:%d/%m/%Y},{end:%d/%m/%Y},{value},,,,survey"


def test_an_uploaded_series_with_a_missing_year_has_no_moving_range_across_it(
    tmp_path: Path,
) -> None:
    # 2021: 4, 6, 4, 6, ... (12 months); 2022 missing; 2023: 14, 16, 14, ... (12 months).
    # By hand: mean 10; moving ranges 2 within each year (22 of them); across the gap the range
    # would be |14 - 6| = 8 and raise the average moving range to (44 + 8) / 23. Without it:
    # limits 10 -/+ 2.66 * 2 = 4.68 and 15.32.
    rows = [_month_row(2021, m, 4.0 if m % 2 else 6.0) for m in range(1, 13)]
    rows += [_month_row(2023, m, 14.0 if m % 2 else 16.0) for m in range(1, 13)]
    store = tmp_path / "store.duckdb"
    import_text(store, tmp_path, "indicator_values.csv", "\n".join([VALUES_HEADER, *rows]))
    chart = series(store, "fd_referrer_feedback_pct").filter(pl.col("period_type") == "month")
    assert chart.height == 36  # the twelve months of 2022 are rows with no value: a gap
    assert chart.filter(pl.col("period_end").dt.year() == 2022)["value"].null_count() == 12
    assert chart["mean"].unique().to_list() == [10]
    assert chart["upper"].unique().to_list() == pytest.approx([15.32])
    assert figure(store, "fd_referrer_feedback_pct", "31/01/2023", period_type="month") == 14


# ------------------------------------------------------------------ the demo store


@pytest.fixture(scope="module")
def demo_series(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    return demo_series_frame(tmp_path_factory)


@pytest.fixture(scope="module")
def last_change(tmp_path_factory: pytest.TempPathFactory) -> dt.date:
    con = read_connection(demo_store_path(tmp_path_factory))
    try:
        changes = active_changes(con)
    finally:
        con.close()
    assert changes, "the demo store records its process change"
    return max(c.change_date for c in changes)


WEEKLY_SNAPSHOTS = sorted(
    i.id for i in CATALOGUE.values() if i.measure_type == "snapshot" and i.computed
)


@pytest.mark.parametrize("indicator_id", WEEKLY_SNAPSHOTS)
def test_no_weekly_snapshot_chart_flags_more_than_a_tenth_of_its_points(
    indicator_id: str, demo_series: pl.DataFrame, last_change: dt.date
) -> None:
    # Since the demo's last process change (1 April 2023) the generator plants no change in the
    # front door, assessments and waiting lists, and only gradual workforce drift; before issue 8
    # caseload flagged 85 % of its weeks, agency 94 %, first-year CP/PLO cases 100 %, the early
    # help list 75 %. Checked over every week since the change (a stricter test than only the
    # weeks with no planted change).
    weeks = demo_series.filter(
        (pl.col("indicator_id") == indicator_id)
        & (pl.col("period_type") == "week")
        & (pl.col("breakdown") == "total")
        & (pl.col("period_end") >= last_change)
        & pl.col("value").is_not_null()
    )
    assert weeks.height > 100
    share = weeks["point_type"].is_in(SPECIAL).mean()
    assert share <= 0.10, f"{indicator_id}: {share:.0%} of weeks flagged"


@pytest.mark.parametrize(
    "indicator_id", ["wf_caseload_avg", "pv_eh_waiting_count", "pe_assessments_overdue"]
)
def test_the_2022_crisis_is_still_flagged_in_the_stocks_judged_at_month_end(
    indicator_id: str, demo_series: pl.DataFrame
) -> None:
    # Judging slow stocks on month-end weeks removes the noise, not the story: every month end
    # from March to September 2022 is a special cause of concern.
    weeks = demo_series.filter(
        (pl.col("indicator_id") == indicator_id)
        & (pl.col("period_type") == "week")
        & (pl.col("breakdown") == "total")
        & pl.col("period_end").is_between(dt.date(2022, 3, 1), dt.date(2022, 9, 30))
    )
    month_ends = weeks.filter(pl.col("period_end").map_elements(is_month_end_week, pl.Boolean))
    assert month_ends.height == 7
    assert set(month_ends["point_type"]) == {"special_cause_concern"}
    assert set(weeks["judged_on"]) == {"month_end"}


def test_no_stored_limit_leaves_the_scale(demo_series: pl.DataFrame) -> None:
    units = pl.DataFrame(
        {"indicator_id": list(CATALOGUE), "unit": [i.unit for i in CATALOGUE.values()]}
    )
    rows = demo_series.join(units, on="indicator_id")
    limits = ["lower", "upper", "near_lower", "near_upper"]
    assert rows.select(pl.min_horizontal(limits).min()).item() >= 0
    pct = rows.filter(pl.col("unit") == "pct")
    assert pct.select(pl.max_horizontal(limits).max()).item() <= 100
    assert pct.select(pl.min_horizontal(limits).min()).item() >= 0


def test_no_demo_chart_shows_warm_up_artefacts(demo_series: pl.DataFrame) -> None:
    # The first weeks of the demo used to show repeat contacts 0 %, child seen alone 0 % and no
    # overdue assessment; now each series starts once its look-back is complete.
    start = dt.date(2020, 4, 6)
    first = (
        demo_series.filter(pl.col("breakdown") == "total")
        .group_by("indicator_id")
        .agg(pl.col("period_end").min())
    )
    starts = dict(first.iter_rows())
    assert starts["fd_rereferral_12m_pct"] >= start + dt.timedelta(days=365)
    assert starts["pe_assessments_overdue"] >= dt.date(2020, 6, 1)
    assert starts["pe_child_seen_alone_pct"] >= dt.date(2020, 6, 1)
    assert starts["fd_contacts_received"] < dt.date(2020, 4, 20)  # no warm-up, no delay
