"""The indicator catalogue (data/reference/indicators.csv) and the code that computes it must agree.

Fails on drift: a catalogue row with an unknown polarity, unit or measure type; a computed
indicator without its SQL file; an indicator id emitted by a SQL family that the catalogue does not
know; a computed catalogue id that its family never emits (checked on the demo store, which has
every extract); breakdowns that differ between the catalogue and the SQL.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import polars as pl
import pytest
from indicator_helpers import demo_series_frame, demo_store_path

from pipelines.catalogue import POLARITY_DIRECTION, computed_indicators, load_catalogue
from pipelines.catalogue_ids import CATALOGUE_FILE, indicator_ids, percentage_ids
from pipelines.extracts import EXTRACT_TYPES
from pipelines.indicators import build
from pipelines.presentation.formatting import DECIMALS, SUFFIX
from pipelines.store import read_connection

# The vocabularies of the domain catalogue (shared/domain/indicators.csv and README section 5);
# "mixed" is the LAC review schedule (20 working days, then 3 months, then 6-monthly).
UNITS = {"count", "pct", "ratio", "weeks", "working_days", "days", "days_per_fte", "rate_per_10k"}
MEASURE_TYPES = {"flow", "snapshot", "survey", "audit"}
FREQUENCIES = {"weekly", "monthly", "quarterly"}
TIMESCALE_UNITS = {"", "working_days", "calendar_days", "weeks", "months", "hours", "mixed"}
# Helper SQL in the same folder that is not an indicator family.
NOT_FAMILIES = {
    "benchmarks",
    "changed_from",
    "child_protection_inputs",
    "looked_after_inputs",
    "workforce_inputs",
    "data_range",
    "extract_first_dates",
    "extract_last_dates",
    "period_days",
    "period_type",
    "population_periods",
    "uploaded",
}


def _raw_rows() -> list[dict[str, str]]:
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CATALOGUE = load_catalogue()
COMPUTED = computed_indicators()
FAMILIES = sorted({i.computation for i in COMPUTED})


# ------------------------------------------------------------------ every row is well formed


def test_ids_are_unique_snake_case() -> None:
    ids = [row["id"] for row in _raw_rows()]
    assert len(ids) == len(set(ids)), "duplicate ids in the catalogue"
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)
    assert set(ids) == set(CATALOGUE) == indicator_ids()


@pytest.mark.parametrize("indicator_id", list(CATALOGUE))
def test_row_is_valid(indicator_id: str) -> None:
    info = CATALOGUE[indicator_id]
    assert info.polarity in POLARITY_DIRECTION
    assert info.unit in UNITS
    assert info.unit in DECIMALS and info.unit in SUFFIX, "the dashboard cannot format this unit"
    assert info.measure_type in MEASURE_TYPES
    assert info.frequency in FREQUENCIES
    assert info.timescale_unit in TIMESCALE_UNITS
    if info.timescale_unit == "working_days" and info.computed:
        # The computed working-day indicators quote the counting convention they implement.
        assert "the clock-start day is day 0" in info.counting_rule
    assert info.name.strip() and info.definition.strip() and info.counting_rule.strip()
    assert info.extracts, "every indicator names the extract it comes from"
    assert set(info.extracts) <= set(EXTRACT_TYPES)
    if info.tolerance is not None:
        assert info.tolerance >= 0
    if info.unit == "pct" and info.target is not None:
        assert 0 <= info.target <= 100


def test_percentage_ids_are_the_pct_rows() -> None:
    assert percentage_ids() == {i for i, x in CATALOGUE.items() if x.unit == "pct"}


def test_uploaded_indicators_come_from_indicator_values() -> None:
    for info in CATALOGUE.values():
        if info.computation == "uploaded":
            assert info.extracts == ("indicator_values",), info.id
            assert not info.breakdowns, info.id
        else:
            assert "indicator_values" not in info.extracts, info.id


@pytest.mark.parametrize("family", FAMILIES)
def test_every_computed_family_has_its_sql_file(family: str) -> None:
    assert (build.SQL_DIR / f"{family}.sql").is_file()


def test_every_sql_file_is_a_family_or_a_helper() -> None:
    files = {p.stem for p in build.SQL_DIR.glob("*.sql")}
    assert files == set(FAMILIES) | NOT_FAMILIES


@pytest.mark.parametrize("family", FAMILIES)
def test_sql_names_exactly_its_catalogue_ids(family: str) -> None:
    # A quick, store-free drift check: the ids written as literals in the family's SQL.
    sql = build.family_sql(family)
    prefixes = "|".join(sorted({i.split("_")[0] for i in CATALOGUE}))
    written = set(re.findall(rf"'((?:{prefixes})_[a-z0-9_]+)'", sql))
    assert written == {i.id for i in COMPUTED if i.computation == family}


# ------------------------------------------------------------------ the demo store emits them all


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_store_path(tmp_path_factory)


@pytest.fixture(scope="session")
def demo_series(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    return demo_series_frame(tmp_path_factory)


@pytest.fixture(scope="module")
def emitted(demo_store: Path) -> dict[str, pl.DataFrame]:
    """Each family's own output on the demo store, run family by family."""
    con = read_connection(demo_store)
    try:
        span = build.data_range(con)
        assert span is not None
        build._prepare_inputs(con, *span)
        return {family: build.compute_family(con, family, span[1]) for family in FAMILIES}
    finally:
        con.close()


@pytest.mark.parametrize("family", FAMILIES)
def test_family_emits_exactly_its_catalogue_ids(
    family: str, emitted: dict[str, pl.DataFrame]
) -> None:
    ids = set(emitted[family]["indicator_id"])
    unknown = ids - set(CATALOGUE)
    assert not unknown, f"{family}.sql emits ids missing from the catalogue: {sorted(unknown)}"
    wrong_family = {i for i in ids if CATALOGUE[i].computation != family}
    assert not wrong_family, f"the catalogue says another family computes {sorted(wrong_family)}"
    missing = {i.id for i in COMPUTED if i.computation == family} - ids
    assert not missing, f"{family}.sql never emits {sorted(missing)} on the demo store"


@pytest.mark.parametrize("family", FAMILIES)
def test_family_breakdowns_match_the_catalogue(
    family: str, emitted: dict[str, pl.DataFrame]
) -> None:
    frame = emitted[family]
    for indicator_id in frame["indicator_id"].unique():
        kinds = set(frame.filter(pl.col("indicator_id") == indicator_id)["breakdown"])
        assert kinds == {"total", *CATALOGUE[indicator_id].breakdowns}, indicator_id


def test_series_hold_only_catalogue_ids(demo_series: pl.DataFrame) -> None:
    ids = set(demo_series["indicator_id"])
    assert ids <= set(CATALOGUE)
    assert {i.id for i in COMPUTED} <= ids


# ------------------------------------------------------------------ how each indicator is judged


@pytest.mark.parametrize("indicator_id", list(CATALOGUE))
def test_judgement_columns_are_consistent(indicator_id: str) -> None:
    info = CATALOGUE[indicator_id]
    if info.judged_on == "month_end":
        assert info.measure_type == "snapshot", "only a stock is judged on month-end points"
    assert set(info.target_breakdowns) <= set(info.breakdowns), "a target for a missing slice"
    if info.target_breakdowns:
        assert info.target is not None
    if info.not_applicable_when:
        assert info.breakdowns, "only a slice can be not applicable"
    if info.warm_up is not None:
        assert info.computed, "uploaded figures arrive complete"
    low, high = info.bounds
    assert low == 0 and (high == 100) == (info.unit == "pct")


def test_a_bad_judgement_column_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines import catalogue

    text = CATALOGUE_FILE.read_text(encoding="utf-8").splitlines()
    # Without the Welsh columns (the last four), which a catalogue may leave out.
    welsh = ",name_cy,definition_cy,counting_rule_cy,standard_and_source_cy"
    header = text[0].removesuffix(welsh)
    row = next(csv.reader([text[1]]))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(row[: len(row) - len(welsh.split(",")) + 1])
    first = buffer.getvalue()
    assert first.endswith(",each_period,,,")
    for bad, message in (
        (",weekly,,,", "judged_on must be one of"),
        (",each_period,a year,,", "warm_up 'a year' must be"),
        (",each_period,,,sometimes", "not_applicable_when must be"),
    ):
        path = tmp_path / "indicators.csv"
        path.write_text(
            f"{header}\n{first.removesuffix(',each_period,,,')}{bad}\n", encoding="utf-8"
        )
        monkeypatch.setattr(catalogue, "CATALOGUE_FILE", path)
        catalogue.load_catalogue.cache_clear()
        try:
            with pytest.raises(ValueError, match=message):
                catalogue.load_catalogue()
        finally:
            monkeypatch.undo()
            catalogue.load_catalogue.cache_clear()
