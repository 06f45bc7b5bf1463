"""The sentences about signals (pipelines/presentation/narrative.py) never contradict themselves.

Issue 8 found "...fell to 15, the lowest in 6 weeks: special cause concern (above the upper process
limit)", "Sickness absence rose... special cause improvement (16 points below the average)" and an
unchanged value shown as a red up-arrow "↑ ±0.0 percentage points". The property test below builds
a signal for every polarity x movement x rule x side and checks the words: the label follows the
polarity and the side; the rule's words follow the side; the movement is stated as a fact in its
own words, or left out when a trend could not have had it; "no change" reads as no change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re

import pytest

from pipelines.catalogue import load_catalogue
from pipelines.presentation.formatting import format_change
from pipelines.presentation.narrative import (
    change_sentence,
    tile_change_words,
    what_changed,
)
from pipelines.signals import Signal

CATALOGUE = load_catalogue()
# One indicator of each polarity, with different units.
BY_POLARITY = {
    "higher": CATALOGUE["fd_decision_1wd_pct"],  # pct
    "lower": CATALOGUE["wf_caseload_avg"],  # ratio
    "neutral": CATALOGUE["fd_contacts_received"],  # count
}
MOVEMENTS = {"up": 1.0, "down": -1.0, "unchanged": 0.0, "none": None}
RULES = ("outside_limits", "trend", "two_in_three", "shift")
SIDES = ("high", "low")


def word(text: str, *words: str) -> bool:
    return any(re.search(rf"\b{re.escape(w)}\b", text) for w in words)


def make_signal(polarity: str, movement: str, rule: str, side: str) -> Signal:
    indicator = BY_POLARITY[polarity]
    better = {"higher": "high", "lower": "low"}.get(polarity)
    if better is None:
        point_type = f"special_cause_neutral_{side}"
    else:
        point_type = "special_cause_improvement" if side == better else "special_cause_concern"
    value = 20.0
    step = MOVEMENTS[movement]
    previous = None if step is None else value - step
    end = dt.date(2025, 3, 30)
    return Signal(
        indicator=indicator,
        period_type="week",
        breakdown="total",
        breakdown_value="All",
        value=value,
        period_end=end,
        previous_value=previous,
        judged_value=value,
        judged_period_end=end,
        previous_judged_value=previous,
        point_type=point_type,
        rule=rule,
        direction=side,
        run_length=8,
        variation=f"{point_type.removeprefix('special_cause_').split('_')[0]}_{side}",
        assurance=None,
        target=None,
        withheld=None,
        autocorrelation=0.1,
        judged_on="each_period",
        mean=18.0,
        lower=12.0,
        upper=24.0,
        trial=False,
    )


COMBINATIONS = list(itertools.product(BY_POLARITY, MOVEMENTS, RULES, SIDES))


def test_every_combination_is_covered() -> None:
    assert len(COMBINATIONS) == 3 * 4 * 4 * 2


@pytest.mark.parametrize(("polarity", "movement", "rule", "side"), COMBINATIONS)
def test_a_sentence_never_contradicts_itself(
    polarity: str, movement: str, rule: str, side: str
) -> None:
    signal = make_signal(polarity, movement, rule, side)
    change = what_changed(signal)
    assert change is not None
    text = change.sentence
    label, _, facts = text.partition(" — ")
    rule_words, _, value_words = facts.partition(". ")

    # The label follows the polarity and the side, and never both improvement and concern.
    better = {"higher": "high", "lower": "low"}.get(polarity)
    if better is None:
        assert f"unusually {side}" in label and not word(text, "improvement", "concern")
    elif side == better:
        assert "special cause improvement" in label and not word(text, "concern")
    else:
        assert "special cause concern" in label and not word(text, "improvement")

    # The rule is worded from its side only.
    high_words = ("above", "upper", "higher")
    low_words = ("below", "lower")
    own, other = (high_words, low_words) if side == "high" else (low_words, high_words)
    assert word(rule_words, *own), text
    assert not word(rule_words, *other), text

    # The movement is a separate fact in its own words.
    if movement == "up":
        expected_up = not (rule == "trend" and side == "low")
        assert word(value_words, "up") == expected_up and not word(value_words, "down"), text
    elif movement == "down":
        expected_down = not (rule == "trend" and side == "high")
        assert word(value_words, "down") == expected_down and not word(value_words, "up"), text
    elif movement == "unchanged":
        assert "unchanged" in value_words and not word(value_words, "up", "down"), text
    else:
        assert "no earlier figure" in value_words and not word(value_words, "up", "down")
    # No verb that reads as a judgement of its own.
    assert not word(text, "rose", "fell", "improved", "worsened")


def test_the_issue_examples_now_read_consistently() -> None:
    # A caseload that fell but is still above the upper limit: the fall is a fact, the concern
    # comes from where the value stands.
    signal = make_signal("lower", "down", "outside_limits", "high")
    assert change_sentence(signal) == (
        "Average caseload: special cause concern — above the upper process limit of 24.0. "
        "20.0 in the week ending 30 March 2025, down 1.0 on the week before."
    )
    # A value below the average for many weeks on a lower-is-better measure, having just risen.
    signal = make_signal("lower", "up", "shift", "low")
    assert change_sentence(signal) == (
        "Average caseload: special cause improvement — 8 weeks in a row below the average of "
        "18.0. 20.0 in the week ending 30 March 2025, up 1.0 on the week before."
    )


@pytest.mark.parametrize("polarity", list(BY_POLARITY))
def test_no_change_reads_as_no_change(polarity: str) -> None:
    signal = make_signal(polarity, "unchanged", "shift", "high")
    assert tile_change_words(signal) == "No change on the week before"
    signal = dataclasses.replace(signal, previous_value=None)
    assert tile_change_words(signal) == "No earlier figure to compare with"


def test_tile_change_words_in_the_units() -> None:
    pct = make_signal("higher", "down", "shift", "high")
    assert tile_change_words(pct) == "Down 1.0 percentage points on the week before"
    count = dataclasses.replace(make_signal("neutral", "up", "shift", "high"), previous_value=17.0)
    assert tile_change_words(count) == "Up 3 on the week before"


def test_a_judged_point_earlier_than_the_newest_names_its_period() -> None:
    signal = dataclasses.replace(
        make_signal("lower", "up", "shift", "high"),
        judged_on="month_end",
        judged_period_end=dt.date(2025, 2, 23),
        period_end=dt.date(2025, 3, 30),
        value=19.0,
    )
    text = change_sentence(signal, newest=dt.date(2025, 3, 30))
    assert "in the week ending 23 February 2025" in text
    assert "8 month-end weeks in a row above the average" in text
    assert "Judged on month-end weeks; the latest week (30 March 2025) was 19.0." in text
    flow = dataclasses.replace(
        make_signal("higher", "up", "shift", "high"),
        judged_period_end=dt.date(2025, 3, 23),
        period_end=dt.date(2025, 3, 23),
    )
    assert "These are its latest figures (others run to 30 March 2025)." in change_sentence(
        flow, newest=dt.date(2025, 3, 30)
    )


def test_common_cause_and_withheld_signals_are_not_changes() -> None:
    signal = make_signal("higher", "up", "shift", "high")
    assert what_changed(dataclasses.replace(signal, point_type="common_cause", rule="")) is None
    assert what_changed(dataclasses.replace(signal, withheld="autocorrelated")) is None


@pytest.mark.parametrize("polarity", list(BY_POLARITY))
def test_a_change_too_small_to_show_reads_as_no_change(polarity: str) -> None:
    # A caseload from 16.23 to 16.19 shows 16.2 twice: "down 0.0" would contradict the figures.
    signal = make_signal(polarity, "down", "shift", "high")
    tiny = dataclasses.replace(signal, previous_value=20.04, previous_judged_value=20.04)
    if polarity == "neutral":  # counts: a whole number either way
        tiny = dataclasses.replace(signal, previous_value=20.4, previous_judged_value=20.4)
    assert tile_change_words(tiny) == "No change on the week before"
    assert "unchanged on the week before" in change_sentence(tiny)
    assert not word(change_sentence(tiny), "up", "down")
    assert format_change(-0.04, "ratio") == "±0.0" and format_change(0.06, "ratio") == "+0.1"
