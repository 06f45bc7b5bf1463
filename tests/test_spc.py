"""Tests for pipelines.spc: hand-worked XmR limits, each special-cause rule, and the icons.

Most rule tests share one baseline: 9, 11, 9, 11, ... (12 points) fixed with `fix_after=12`.
By hand: mean = 10; every moving range is 2, so amr = 2 (no range reaches 3.267 * 2 = 6.534);
process limits = 10 -/+ 2.66 * 2 = 4.68 and 15.32; near limits = 10 -/+ (2/3) * 5.32 = 6.4533 and
13.5467. The baseline alone fires nothing: sides and steps alternate and no point is near a limit.
Points appended after it are judged against those fixed limits.
"""

from __future__ import annotations

import io
import math
import random

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.spc import (
    LIMIT_CONSTANT,
    MR_SCREEN_CONSTANT,
    NEAR_LIMIT_FRACTION,
    SpcOptions,
    SpcResult,
    compute_spc,
    lag1_autocorrelation,
)
from pipelines.spc_cli import run_spc_cli

BASELINE = [9.0, 11.0] * 6


def spc(values: list[float | None], **options: object) -> SpcResult:
    """Chart `values` over periods 1, 2, 3, ..."""
    return compute_spc(list(range(1, len(values) + 1)), values, SpcOptions(**options))  # type: ignore[arg-type]


def after_baseline(tail: list[float | None], **options: object) -> SpcResult:
    return spc([*BASELINE, *tail], fix_after=12, **options)


def rules(result: SpcResult) -> list[str]:
    return [p.rule for p in result.points]


def tail_rules(result: SpcResult, n: int) -> list[str]:
    return rules(result)[-n:]


# --- Limits -----------------------------------------------------------------------------------


def test_constants() -> None:
    assert LIMIT_CONSTANT == 2.66
    assert MR_SCREEN_CONSTANT == 3.267
    near_width = NEAR_LIMIT_FRACTION * LIMIT_CONSTANT
    assert near_width == pytest.approx(1.7733333)


# Hand-worked: x = 10, 12, 10, 12, 10, 12, 10, 34
#   mean = (4 * 10 + 3 * 12 + 34) / 8 = 110 / 8 = 13.75
#   moving ranges = 2, 2, 2, 2, 2, 2, 24; amr = 36 / 7 = 5.142857
#   screening: 3.267 * 5.142857 = 16.80, so 24 is dropped; amr = 12 / 6 = 2
#     limits = 13.75 -/+ 5.32 = 8.43, 19.07; near = 13.75 -/+ 3.546667 = 10.203333, 17.296667
#   unscreened: limits = 13.75 -/+ 2.66 * 36 / 7 = 13.75 -/+ 13.68 = 0.07, 27.43
#     near = 13.75 -/+ 9.12 = 4.63, 22.87
SCREEN_EXAMPLE = [10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 34.0]


def test_limits_screened_by_hand() -> None:
    p = spc(SCREEN_EXAMPLE).points[0]
    assert p.mean == pytest.approx(13.75)
    assert (p.lower, p.upper) == (pytest.approx(8.43), pytest.approx(19.07))
    assert (p.near_lower, p.near_upper) == (pytest.approx(10.203333), pytest.approx(17.296667))


def test_limits_unscreened_by_hand() -> None:
    p = spc(SCREEN_EXAMPLE, screen_moving_ranges=False).points[0]
    assert p.mean == pytest.approx(13.75)
    assert (p.lower, p.upper) == (pytest.approx(0.07), pytest.approx(27.43))
    assert (p.near_lower, p.near_upper) == (pytest.approx(4.63), pytest.approx(22.87))


def test_limits_match_nhsrplotthedots_snapshot() -> None:
    # NHSRplotthedots tests/testthat/_snaps/ptd_spc_standard.md: set.seed(123); y = rnorm(20)
    # gives mean 0.142, lpl -3.01, upl 3.29 (screened; no moving range is large enough to drop).
    y = [-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621,
         -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272,
         -0.55584113, 1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141]  # fmt: skip
    result = spc(y)
    p = result.points[0]
    assert (p.mean, p.lower, p.upper) == (
        pytest.approx(0.142, abs=0.0005),
        pytest.approx(-3.01, abs=0.005),
        pytest.approx(3.29, abs=0.005),
    )
    assert set(rules(result)) == {""}


# --- Rules ------------------------------------------------------------------------------------


def test_baseline_alone_is_common_cause() -> None:
    result = spc(BASELINE, fix_after=12)
    p = result.points[0]
    assert (p.mean, p.lower, p.upper) == (10, pytest.approx(4.68), pytest.approx(15.32))
    assert (p.near_lower, p.near_upper) == (pytest.approx(6.453333), pytest.approx(13.546667))
    assert {q.point_type for q in result.points} == {"common_cause"}


def test_outside_limits_fires_high_and_low() -> None:
    result = after_baseline([16.0, 10.0, 4.0], direction="increase")
    assert tail_rules(result, 3) == ["outside_limits", "", "outside_limits"]
    assert [p.direction for p in result.points[-3:]] == ["high", "", "low"]
    types = [p.point_type for p in result.points[-3:]]
    assert types == ["special_cause_improvement", "common_cause", "special_cause_concern"]
    assert result.variation == "concern_low"


def test_point_exactly_on_the_limit_is_not_outside() -> None:
    # 10 + 2.66 * 2 is 15.32 in floating point too.
    assert tail_rules(after_baseline([10 + 2.66 * 2]), 1) == [""]


def test_trend_flags_all_seven_points() -> None:
    up = after_baseline([7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0])
    assert tail_rules(up, 8) == [""] + ["trend"] * 7
    assert {p.direction for p in up.points[-7:]} == {"high"}
    down = after_baseline([13.0, 12.0, 11.0, 10.0, 9.0, 8.0, 7.0])
    assert tail_rules(down, 7) == ["trend"] * 7
    # the direction comes from the steps, not the side of the mean
    assert {p.direction for p in down.points[-7:]} == {"low"}


def test_six_rising_points_are_not_a_trend() -> None:
    assert set(rules(after_baseline([7.0, 8.0, 9.0, 10.0, 11.0, 12.0]))) == {""}


def test_equal_values_break_a_trend() -> None:
    result = after_baseline([7.0, 8.0, 9.0, 10.0, 10.0, 11.0, 12.0, 13.0])
    assert set(rules(result)) == {""}


def test_shift_flags_the_run_and_its_continuation() -> None:
    # After a point on the mean, 8 points above it, none near a limit.
    result = after_baseline([10.0] + [10.5, 11.0] * 4)
    assert tail_rules(result, 9) == [""] + ["shift"] * 8
    assert {p.direction for p in result.points[-8:]} == {"high"}
    assert set(rules(after_baseline([10.0] + [10.5, 11.0] * 3))) == {""}  # 6 are not enough


def test_point_on_the_mean_breaks_a_shift() -> None:
    result = after_baseline([11.0, 11.5, 11.0, 10.0, 11.0, 11.5, 11.0])
    assert set(rules(result)) == {""}


def test_two_in_three_flags_only_the_near_points() -> None:
    result = after_baseline([14.0, 11.0, 14.0])
    assert tail_rules(result, 3) == ["two_in_three", "", "two_in_three"]
    assert result.points[-1].direction == "high"


def test_two_in_three_low_side() -> None:
    assert tail_rules(after_baseline([6.0, 6.0, 9.0]), 3) == ["two_in_three", "two_in_three", ""]


def test_near_points_on_opposite_sides_are_not_two_in_three() -> None:
    assert tail_rules(after_baseline([14.0, 6.0, 14.0]), 3) == ["", "", ""]


def test_opposite_sides_nhsrplotthedots_issue_143() -> None:
    # NHSRplotthedots test "only reports special cause for 2 of 3 points close to limits when they
    # are on the same side of the mean": 1, -1 alternating (16 points), then 5.5 and -5.5 last.
    # By hand: mean 0; ranges 2 (x13), 6.5, 11; amr 43.5 / 15 = 2.9; 11 >= 9.47 is screened out;
    # amr = 32.5 / 14; near limit 4.12 < 5.5 < 6.17 = process limit.
    values = [1.0, -1.0] * 7 + [5.5, -5.5]
    result = spc(values)
    p = result.points[-1]
    assert p.near_upper < 5.5 < p.upper  # type: ignore[operator]
    assert [q.point_type for q in result.points[-2:]] == ["common_cause", "common_cause"]


def test_beyond_the_process_limit_does_not_count_for_two_in_three_by_default() -> None:
    default = after_baseline([14.0, 16.0, 11.0])
    assert tail_rules(default, 3) == ["", "outside_limits", ""]
    mdc_2023 = after_baseline([14.0, 16.0, 11.0], two_in_three_includes_beyond_limits=True)
    assert tail_rules(mdc_2023, 3) == ["two_in_three", "outside_limits", ""]


def test_precedence_outside_limits_over_shift() -> None:
    result = after_baseline([11.0, 11.0, 11.0, 16.0, 11.0, 11.0, 11.0])
    assert tail_rules(result, 7) == ["shift"] * 3 + ["outside_limits"] + ["shift"] * 3


def test_precedence_trend_over_two_in_three_and_shift() -> None:
    # 13.6 and 13.8 are near the upper limit and above the mean, but they also end a rising trend.
    result = after_baseline([10.5, 11.0, 12.0, 12.5, 13.0, 13.6, 13.8])
    assert tail_rules(result, 7) == ["trend"] * 7


# --- Edge cases -------------------------------------------------------------------------------


def test_zero_variation() -> None:
    result = spc([0.1] * 15, direction="increase", target=0.1)
    p = result.points[0]
    assert p.mean == p.lower == p.upper == p.near_lower == p.near_upper == 0.1
    assert {q.point_type for q in result.points} == {"common_cause"}
    assert result.variation == "common_cause"
    # Every value meets the target (it equals it): consistently met, not "hit and miss".
    assert result.assurance == "consistently_pass"
    assert spc([0.1] * 15, direction="increase", target=0.2).assurance == "consistently_fail"


@pytest.mark.parametrize(
    ("direction", "value", "target", "expected"),
    [
        # Children awaiting allocation: 0 every week, target 0, lower is better (issue 8).
        ("decrease", 0.0, 0.0, "consistently_pass"),
        ("decrease", 0.0, 5.0, "consistently_pass"),
        ("decrease", 3.0, 0.0, "consistently_fail"),
        ("increase", 100.0, 100.0, "consistently_pass"),
        ("increase", 90.0, 95.0, "consistently_fail"),
        ("neutral", 0.0, 0.0, None),
    ],
)
def test_zero_variation_assurance_follows_the_value(
    direction: str, value: float, target: float, expected: str | None
) -> None:
    assert spc([value] * 20, direction=direction, target=target).assurance == expected


def test_zero_variation_baseline_then_a_change_is_outside() -> None:
    result = spc([5.0] * 12 + [5.0, 6.0], fix_after=12)
    assert tail_rules(result, 2) == ["", "outside_limits"]


def test_screening_never_leaves_a_varying_series_with_zero_width_limits() -> None:
    # Ranges 0 (x13) and 4: amr = 4/14; screening drops the 4 and would leave amr 0, so the
    # unscreened amr is kept: limits 79/15 -/+ 2.66 * 4/14; only the jump is outside.
    result = spc([5.0] * 14 + [9.0])
    p = result.points[0]
    assert p.upper == pytest.approx(79 / 15 + 2.66 * 4 / 14)
    assert p.upper == spc([5.0] * 14 + [9.0], screen_moving_ranges=False).points[0].upper
    assert [q.rule for q in result.points].count("outside_limits") == 1
    assert result.points[-1].rule == "outside_limits"


def test_fewer_than_13_points_are_trial_with_no_icons() -> None:
    values = [5.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 9.0, 5.0, 30.0]
    result = spc(values, direction="increase", target=100.0)
    assert all(p.trial for p in result.points)
    assert result.variation is None and result.assurance is None
    assert result.points[-1].upper is not None  # limits are still computed
    assert "trend" in rules(result) and result.points[-1].rule == "outside_limits"
    full = spc([*values, 6.0], direction="increase", target=100.0)
    assert not any(p.trial for p in full.points)
    assert full.variation == "common_cause" and full.assurance == "consistently_fail"


def test_missing_values() -> None:
    # By hand: mean = (10 + 12 + 16 + 14) / 4 = 13; moving ranges 2 and 2 (none across the gap,
    # which would be |16 - 12| = 4), so amr = 2 and the limits are 13 -/+ 5.32.
    result = spc([10.0, 12.0, None, 16.0, 14.0])
    gap = result.points[2]
    assert gap.value is None and gap.point_type is None and gap.rule == ""
    assert gap.mean == 13 and gap.upper == pytest.approx(18.32)
    assert result.to_polars()["value"].null_count() == 1
    assert spc([10.0, 12.0, math.nan, 16.0, 14.0]).points[2].upper == gap.upper


def test_runs_continue_over_missing_values() -> None:
    result = after_baseline([7.0, 8.0, 9.0, None, 10.0, 11.0, 12.0, 13.0])
    assert tail_rules(result, 8) == ["trend"] * 3 + [""] + ["trend"] * 4


def test_icons_use_the_last_non_missing_point() -> None:
    result = after_baseline([16.0, None], direction="decrease")
    assert result.points[-1].point_type is None
    assert result.variation == "concern_high"


def test_no_moving_ranges_gives_no_limits() -> None:
    result = spc([5.0, None, 7.0])
    assert result.points[0].mean == 6 and result.points[0].upper is None
    assert set(rules(result)) == {""}


def test_rebasing_gives_each_segment_its_own_limits_and_rules() -> None:
    # Segment 0: 11, 9 (x5), 10, 11, 12: mean 133/13.
    # Segment 1: 13, 14, 15, 14, 16 (x5): mean 192/13.
    # Across the boundary 9, 10, ..., 15 rise 6 times and segment 0 lies below the overall mean,
    # so without the rebase a trend and a shift fire; with it neither segment has 7 in a row.
    values = [11.0, 9.0] * 5 + [10.0, 11.0, 12.0] + [13.0, 14.0, 15.0] + [14.0, 16.0] * 5
    rebased = spc(values, rebase_at=(14,))
    assert [p.segment for p in rebased.points] == [0] * 13 + [1] * 13
    assert rebased.points[0].mean == pytest.approx(133 / 13)
    assert rebased.points[-1].mean == pytest.approx(192 / 13)
    assert set(rules(rebased)) == {""}
    assert {"trend", "shift"} <= set(rules(spc(values)))
    # a rebase period between two periods, or at the first, behaves as expected
    assert rebased.points == spc(values, rebase_at=(13.5,)).points
    assert {p.segment for p in spc(values, rebase_at=(0, 1)).points} == {0}


def test_fix_after_freezes_the_limits() -> None:
    fixed = after_baseline([16.0, 16.0, 16.0])
    assert fixed.points[-1].mean == 10 and fixed.points[-1].upper == pytest.approx(15.32)
    free = spc([*BASELINE, 16.0, 16.0, 16.0])
    assert free.points[-1].mean == pytest.approx(168 / 15)
    with pytest.raises(ValueError, match="at least 12"):
        SpcOptions(fix_after=11)


def test_input_validation() -> None:
    with pytest.raises(ValueError, match="direction"):
        SpcOptions(direction="up")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="duplicate"):
        compute_spc([1, 2, 2], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="2 periods but 3 values"):
        compute_spc([1, 2], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="finite"):
        compute_spc([1, 2], [1.0, math.inf])
    assert compute_spc([], []).points == ()


def test_periods_are_sorted() -> None:
    result = compute_spc(["2024-03", "2024-01", "2024-02"], [3.0, 1.0, 2.0])
    assert [p.period for p in result.points] == ["2024-01", "2024-02", "2024-03"]
    assert [p.value for p in result.points] == [1.0, 2.0, 3.0]


@settings(deadline=None, max_examples=200)
@given(
    st.lists(st.one_of(st.none(), st.integers(-20, 20).map(float)), min_size=1, max_size=40),
    st.randoms(use_true_random=False),
)
def test_invariants(values: list[float | None], rng: random.Random) -> None:
    options = SpcOptions(direction="increase")
    result = compute_spc(range(len(values)), values, options)
    pairs = list(enumerate(values))
    rng.shuffle(pairs)
    shuffled = compute_spc([p for p, _ in pairs], [v for _, v in pairs], options)
    assert shuffled == result  # the input order does not matter
    for p in result.points:
        assert (p.rule == "") == (p.direction == "") == (p.point_type in ("common_cause", None))
        assert (p.point_type is None) == (p.value is None)
        if p.upper is not None:
            assert p.lower <= p.near_lower <= p.mean <= p.near_upper <= p.upper  # type: ignore[operator]


# --- Scale bounds -------------------------------------------------------------------------------

# Hand-worked: 0, 3, 0, 3, ... (14 points): mean 1.5, every moving range 3, limits 1.5 -/+ 7.98 =
# -6.48 and 9.48, near limits 1.5 -/+ 5.32 = -3.82 and 6.82. A count cannot be below 0.
COUNTS = [0.0, 3.0] * 7


def test_count_limits_are_floored_at_zero() -> None:
    unbounded = spc(COUNTS).points[0]
    assert unbounded.lower == pytest.approx(-6.48) and unbounded.near_lower < 0  # type: ignore[operator]
    p = spc(COUNTS, lower_bound=0.0).points[0]
    assert (p.lower, p.near_lower) == (0, 0)
    assert (p.upper, p.near_upper) == (pytest.approx(9.48), pytest.approx(6.82))
    assert p.mean == 1.5


def test_percentage_limits_stay_within_0_and_100() -> None:
    values = [100.0, 60.0] * 7  # mean 80, ranges 40: limits 80 -/+ 106.4
    p = spc(values, lower_bound=0.0, upper_bound=100.0).points[0]
    assert (p.lower, p.upper, p.near_lower, p.near_upper) == (
        0,
        100,
        pytest.approx(80 - 70.933333),
        100,
    )


@settings(deadline=None, max_examples=150)
@given(st.lists(st.integers(0, 100).map(float), min_size=2, max_size=40))
def test_clipping_to_the_scale_never_changes_a_flag(values: list[float]) -> None:
    plain = spc(values, direction="decrease")
    bounded = spc(values, direction="decrease", lower_bound=0.0, upper_bound=100.0)
    assert [(p.point_type, p.rule) for p in plain.points] == [
        (p.point_type, p.rule) for p in bounded.points
    ]
    for p in bounded.points:
        if p.lower is not None:
            assert 0 <= p.lower <= p.near_lower <= p.mean <= p.near_upper <= p.upper <= 100  # type: ignore[operator]


def test_bounds_are_checked() -> None:
    with pytest.raises(ValueError, match="lower_bound"):
        SpcOptions(lower_bound=5.0, upper_bound=1.0)
    with pytest.raises(ValueError, match="max_autocorrelation"):
        SpcOptions(max_autocorrelation=1.5)


# --- Autocorrelation ----------------------------------------------------------------------------


def test_lag1_autocorrelation_by_hand() -> None:
    # 1..5: mean 3, deviations -2 -1 0 1 2, squares sum 10, products 2 + 0 + 0 + 2 = 4.
    assert lag1_autocorrelation([1.0, 2.0, 3.0, 4.0, 5.0]) == pytest.approx(0.4)
    # A gap: no product spans it. 1, 2, _, 4, 5: mean 3, squares 10, products 2 + 2.
    assert lag1_autocorrelation([1.0, 2.0, None, 4.0, 5.0]) == pytest.approx(0.4)
    assert lag1_autocorrelation([1.0, -1.0] * 5) == pytest.approx(-0.9)
    assert lag1_autocorrelation([2.0, 2.0, 2.0]) is None  # no variation
    assert lag1_autocorrelation([1.0, None, 2.0]) is None  # too few values


def ar1(n: int, phi: float, seed: int) -> list[float]:
    """A stationary AR(1) series (mean 20, sd 1): what a slowly moving weekly stock looks like."""
    rng = random.Random(seed)
    x = [20.0 + rng.gauss(0, 1)]
    for _ in range(n - 1):
        x.append(20 + phi * (x[-1] - 20) + rng.gauss(0, math.sqrt(1 - phi**2)))
    return x


def test_each_point_carries_its_segments_autocorrelation() -> None:
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 5.0, 1.0, 5.0, 1.0, 5.0]
    result = spc(values, rebase_at=(6,))
    first, second = result.points[0], result.points[-1]
    assert first.autocorrelation == pytest.approx(0.4)
    assert second.autocorrelation == pytest.approx(lag1_autocorrelation(values[5:]))
    assert result.autocorrelation == second.autocorrelation


def test_an_autocorrelated_latest_segment_withholds_the_icons() -> None:
    values = ar1(80, 0.9, seed=1)
    options = {"direction": "decrease", "target": 25.0}
    pure = spc(values, **options)
    assert pure.autocorrelation > 0.7 and pure.withheld is None  # type: ignore[operator]
    assert pure.variation is not None and pure.assurance == "consistently_pass"
    judged = spc(values, **options, max_autocorrelation=0.5)
    assert judged.withheld == "autocorrelated"
    assert judged.variation is None and judged.assurance is None
    assert judged.points == pure.points  # the maths and the flags are unchanged


def test_an_independent_series_keeps_its_icons() -> None:
    rng = random.Random(7)
    values = [20 + rng.gauss(0, 1) for _ in range(80)]
    result = spc(values, direction="decrease", max_autocorrelation=0.5)
    assert abs(result.autocorrelation) < 0.3  # type: ignore[arg-type]
    assert result.withheld is None and result.variation is not None


def test_trial_limits_say_so() -> None:
    assert spc([1.0, 2.0, 3.0]).withheld == "trial"
    assert spc([None, None]).withheld == "no_values"


# --- Icons ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "target", "expected"),
    [
        ("increase", 16.0, "consistently_fail"),  # limits 4.68 to 15.32
        ("increase", 4.0, "consistently_pass"),
        ("increase", 12.0, "inconsistent"),
        ("decrease", 16.0, "consistently_pass"),
        ("decrease", 4.0, "consistently_fail"),
        ("decrease", 12.0, "inconsistent"),
        ("neutral", 16.0, None),
        ("increase", None, None),
    ],
)
def test_assurance(direction: str, target: float | None, expected: str | None) -> None:
    result = spc([*BASELINE, 9.0, 11.0], direction=direction, target=target)
    assert result.assurance == expected


@pytest.mark.parametrize(
    ("direction", "last", "point_type", "variation"),
    [
        ("increase", 16.0, "special_cause_improvement", "improvement_high"),
        ("increase", 4.0, "special_cause_concern", "concern_low"),
        ("decrease", 16.0, "special_cause_concern", "concern_high"),
        ("decrease", 4.0, "special_cause_improvement", "improvement_low"),
        ("neutral", 16.0, "special_cause_neutral_high", "neutral_high"),
        ("neutral", 4.0, "special_cause_neutral_low", "neutral_low"),
        ("neutral", 10.0, "common_cause", "common_cause"),
    ],
)
def test_point_types_and_variation(
    direction: str, last: float, point_type: str, variation: str
) -> None:
    result = after_baseline([last], direction=direction)
    assert result.points[-1].point_type == point_type
    assert result.variation == variation


def test_to_polars() -> None:
    df = after_baseline([16.0]).to_polars()
    assert df.columns == [
        "period", "value", "segment", "mean", "lower", "upper", "near_lower", "near_upper",
        "trial", "point_type", "rule", "direction", "autocorrelation",
    ]  # fmt: skip
    assert df.height == 13
    assert df.schema["trial"] == pl.Boolean and df.schema["upper"] == pl.Float64
    assert df.row(-1, named=True)["rule"] == "outside_limits"


# --- Command line -----------------------------------------------------------------------------


def cli(argv: list[str], text: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_spc_cli(argv, io.StringIO(text), out, err)
    return code, out.getvalue(), err.getvalue()


def month(n: int) -> str:
    """The n-th month from January 2024 (1 = 2024-01), written yyyy-mm."""
    return f"{2024 + (n - 1) // 12}-{(n - 1) % 12 + 1:02d}"


def months(values: list[str]) -> str:
    rows = [f"{month(n)},{v}" for n, v in enumerate(values, start=1)]
    return "period,value\n" + "\n".join(reversed(rows)) + "\n"  # deliberately out of order


def test_cli_end_to_end() -> None:
    values = [str(v) for v in BASELINE] + ["", "16"]
    argv = ["--direction", "increase", "--target", "20", "--fix-after", "12"]
    code, out, err = cli(argv, months(values))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "period,value,mean,lower,upper,near_lower,near_upper,point_type,rule"
    assert lines[1] == "2024-01,9,10,4.68,15.32,6.453333,13.546667,common_cause,"
    assert lines[13] == "2025-01,,10,4.68,15.32,6.453333,13.546667,,"
    assert (
        lines[14]
        == "2025-02,16,10,4.68,15.32,6.453333,13.546667,special_cause_improvement,outside_limits"
    )
    assert "Variation: special cause improvement (high values)" in err
    assert "outside limits" in err
    assert "Assurance: the target 20 is consistently missed" in err


def test_cli_rebase_and_no_screen() -> None:
    code, out, err = cli(["--no-screen", "--rebase", "2024-05"], months(["1", "2", "3", "4", "5"]))
    assert code == 0
    assert out.splitlines()[5].startswith("2024-05,5,5,,")  # a one-point segment has no limits
    assert "trial limits" in err and "Assurance: not shown" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("period,value\n2024-01,1\n2024-02,x\n", "line 3: value 'x' is not a finite number"),
        ("period,value\n2024-01,1\n2024-01,2\n", "line 3: period '2024-01' already appeared"),
        ("period,value\n2024-01,1,2\n", "line 2: expected 2 fields"),
        ("month,count\n2024-01,1\n", "line 1: the header must be 'period,value'"),
        ("period,value\n", "no data rows"),
        ("", "line 1"),
    ],
)
def test_cli_bad_input(text: str, message: str) -> None:
    code, out, err = cli([], text)
    assert code == 1
    assert message in err
    assert out == ""


@pytest.mark.parametrize(
    "argv", [["--direction", "sideways"], ["--fix-after", "5"], ["--target", "abc"], ["--oops"]]
)
def test_cli_usage_errors(argv: list[str]) -> None:
    code, _, err = cli(argv, months(["1"]))
    assert code == 2
    assert "usage: spc" in err


def test_cli_help() -> None:
    code, out, _ = cli(["--help"], "")
    assert code == 0 and "--fix-after" in out


# --- Command line: periods are dates (issue 8) -----------------------------------------------


RNORM_20 = [-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499,
            0.46091621, -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383,
            0.40077145, 0.11068272, -0.55584113, 1.78691314, 0.49785048, -1.96661716,
            0.70135590, -0.47279141]  # fmt: skip


def test_cli_sorts_dd_mm_yyyy_periods_as_dates() -> None:
    # NHSRplotthedots' snapshot series (mean 0.142, limits -3.01 and 3.29), monthly from January
    # 2023, written dd/mm/yyyy and shuffled. As text, 01/02/2023 would sort before 15/01/2023.
    rows = [f"01/{(n % 12) + 1:02d}/{2023 + n // 12},{v}" for n, v in enumerate(RNORM_20)]
    shuffled = rows[1::2] + rows[::2]
    code, out, err = cli([], "period,value\n" + "\n".join(shuffled) + "\n")
    assert code == 0, err
    lines = out.splitlines()[1:]
    assert [line.split(",")[0] for line in lines] == [r.split(",")[0] for r in rows]
    first = lines[0].split(",")
    assert first[0] == "01/01/2023"
    assert (float(first[2]), float(first[3]), float(first[4])) == (
        pytest.approx(0.142, abs=0.0005),
        pytest.approx(-3.01, abs=0.005),
        pytest.approx(3.29, abs=0.005),
    )
    assert "Gaps" not in err


def test_cli_sorts_months_numerically() -> None:
    text = "period,value\n2024-10,10\n2024-2,2\n2024-1,1\n2024-3,3\n2024-11,11\n2024-12,12\n"
    text += "".join(f"2024-{m},{m}\n" for m in range(4, 10))
    code, out, err = cli([], text)
    assert code == 0, err
    assert [line.split(",")[1] for line in out.splitlines()[1:]] == [str(m) for m in range(1, 13)]


def test_cli_yyyy_mm_dd_and_rebase_as_a_date() -> None:
    text = "period,value\n" + "".join(
        f"2024-{m:02d}-01,{v}\n" for m, v in zip(range(1, 7), [1, 2, 3, 4, 5, 6], strict=True)
    )
    code, out, _ = cli(["--rebase", "01/04/2024"], text)
    assert code == 0
    means = [line.split(",")[2] for line in out.splitlines()[1:]]
    assert means == ["2", "2", "2", "5", "5", "5"]


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2024/01", "'2024/01' is not a period: periods must be dates written dd/mm/yyyy"),
        ("Jan 2024", "'Jan 2024' is not a period"),
        ("31/02/2024", "'31/02/2024' is not a real date"),
        ("2024-13", "'2024-13' is not a real date"),
        ("1/2/2024", "'1/2/2024' is not a period"),
        ("45292", "'45292' is not a period"),
    ],
)
def test_cli_rejects_other_periods(period: str, message: str) -> None:
    code, out, err = cli([], f"period,value\n2024-01,1\n{period},2\n")
    assert code == 1 and out == ""
    assert f"line 3: {message}" in err


def test_cli_rejects_mixed_period_styles() -> None:
    code, _, err = cli([], "period,value\n2024-01,1\n01/02/2024,2\n")
    assert code == 1
    assert "line 3: period '01/02/2024' is written dd/mm/yyyy, but line 2 is written yyyy-mm" in err


def test_cli_treats_a_missing_month_as_a_gap() -> None:
    # 10, 12, (March missing), 16, 14: mean 13, moving ranges 2 and 2 (none across the gap,
    # which would be |16 - 12| = 4): limits 13 -/+ 5.32.
    code, out, err = cli([], "period,value\n2024-01,10\n2024-02,12\n2024-04,16\n2024-05,14\n")
    assert code == 0
    assert out.splitlines()[1] == "2024-01,10,13,7.68,18.32,9.453333,16.546667,common_cause,"
    assert len(out.splitlines()) == 5  # the gap is not written
    assert "Gaps: 1 missing period(s) (2024-03)" in err


def test_cli_treats_a_missing_week_as_a_gap() -> None:
    weeks = ["07/01/2024", "14/01/2024", "28/01/2024", "04/02/2024"]
    text = "period,value\n" + "".join(
        f"{w},{v}\n" for w, v in zip(weeks, [10, 12, 16, 14], strict=True)
    )
    code, out, err = cli([], text)
    assert code == 0
    assert out.splitlines()[1].startswith("07/01/2024,10,13,7.68,18.32,")
    assert "(21/01/2024)" in err


def test_cli_says_when_autocorrelation_withholds_the_icons() -> None:
    rows = "".join(f"{month(n)},{v:.4f}\n" for n, v in enumerate(ar1(60, 0.9, 3), start=1))
    code, out, err = cli(["--direction", "decrease"], "period,value\n" + rows)
    assert code == 0
    assert "Autocorrelation: lag-1 r = 0." in err
    assert "Variation: not shown: consecutive values move together" in err
    # The chart itself is unchanged: the CSV still has the rules' flags.
    assert "special_cause" in out
