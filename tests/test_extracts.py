"""Every rule of every extract contract, each with a passing and a failing example.

The cases are generated from ``pipelines.extracts.EXTRACT_TYPES`` wherever the registry says enough
(required, unique, allowed values, bounds, yes/no, future dates); cross-field rules need hand-made
rows, and ``test_every_rule_has_cases`` fails when a rule is added without them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from child_protection_cases import CP_RULE_CASES, YES_NO_CELLS
from conftest import BLANK_NEEDS, csv_text, valid_row, write_csv
from looked_after_cases import LAC_RULE_CASES, LAC_YES_NO_CELLS, ONE_OF_OPTIONAL
from workforce_cases import WF_RULE_CASES

from pipelines.catalogue_ids import computed_ids, percentage_ids
from pipelines.config import load_settings
from pipelines.extracts import EXTRACT_TYPES
from pipelines.extracts import fields as f
from pipelines.ingest import Prepared, RejectedFile, prepare
from pipelines.presentation.i18n import use_language

TODAY = dt.date(2024, 6, 1)  # fixed, so the future-date checks do not depend on the clock
TOLERANCE = load_settings().future_date_tolerance_days


def prepare_rows(
    tmp_path: Path, extract_name: str, rows: list[dict[str, str]], *, today: dt.date = TODAY
) -> Prepared:
    path = write_csv(tmp_path, f"{extract_name}.csv", csv_text(extract_name, rows))
    return prepare(path, extract_name, today=today)


def errors_of(tmp_path: Path, extract_name: str, rows: list[dict[str, str]]) -> pl.DataFrame:
    with pytest.raises(RejectedFile) as info:
        prepare_rows(tmp_path, extract_name, rows)
    assert info.value.extract_type == extract_name
    return info.value.errors


def row_with(extract_name: str, n: int = 1, **cells: str) -> dict[str, str]:
    return valid_row(extract_name, n) | cells


def label(extract_name: str, column: str) -> str:
    return EXTRACT_TYPES[extract_name].header_label(column)


def columns_of_kind(*kinds: str) -> list[tuple[str, str]]:
    return [
        (e.name, c)
        for e in EXTRACT_TYPES.values()
        for c in e.columns
        if f.field_kind(e.column(c)) in kinds
    ]


# ---------------------------------------------------------------- a valid file of every type


@pytest.mark.parametrize("extract_name", EXTRACT_TYPES)
def test_valid_rows_pass_and_are_typed(tmp_path: Path, extract_name: str) -> None:
    prepared = prepare_rows(
        tmp_path, extract_name, [valid_row(extract_name, 1), valid_row(extract_name, 2)]
    )
    extract = EXTRACT_TYPES[extract_name]
    assert prepared.extract is extract
    assert prepared.rows == 2
    assert prepared.warnings.is_empty()
    assert prepared.frame.get_column("_row").to_list() == [2, 3]
    schema = prepared.frame.drop("_row").schema
    assert list(schema) == extract.columns
    for name, dtype in schema.items():
        assert dtype == extract.column(name).dtype.type, name


@pytest.mark.parametrize("extract_name", EXTRACT_TYPES)
def test_type_is_detected_from_the_headers(tmp_path: Path, extract_name: str) -> None:
    path = write_csv(tmp_path, "x.csv", csv_text(extract_name, [valid_row(extract_name)]))
    assert prepare(path, today=TODAY).extract.name == extract_name


# ---------------------------------------------------------------- cross-field rules


@dataclass(frozen=True)
class RuleCase:
    extract: str
    failing: tuple[dict[str, str], ...]
    passing: tuple[dict[str, str], ...]


KNOWN_IDS = sorted(f.field_labels(EXTRACT_TYPES["indicator_values"].column("indicator_id")))
PCT_ID = sorted(percentage_ids() - computed_ids())[0]
OTHER_ID = sorted(set(KNOWN_IDS) - percentage_ids() - computed_ids())[0]
COMPUTED_ID = sorted(computed_ids())[0]

RULE_CASES: dict[str, RuleCase] = {
    "indicator_not_computed": RuleCase(
        "indicator_values",
        ({"indicator_id": COMPUTED_ID},),
        ({"indicator_id": PCT_ID},),
    ),
    "decision_not_before_receipt": RuleCase(
        "contacts",
        (
            {"received_at": "02/04/2024 09:00", "decision_at": "01/04/2024 17:00"},
            {"received_at": "01/04/2024 09:30", "decision_at": "01/04/2024 09:29"},
        ),
        (
            {"received_at": "01/04/2024 09:00", "decision_at": "01/04/2024 09:00"},
            {"received_at": "01/04/2024 09:00", "decision_at": "03/04/2024 16:00"},
        ),
    ),
    "outcome_only_when_decided": RuleCase(
        "contacts",
        (
            {"decision_at": "", "outcome": "Early help"},
            {"decision_at": "01/04/2024 10:00", "outcome": ""},
        ),
        (
            {"decision_at": "", "outcome": ""},
            {"decision_at": "01/04/2024 10:00", "outcome": "Strategy discussion"},
        ),
    ),
    "start_not_before_referral": RuleCase(
        "assessments",
        (
            {
                "referral_date": "02/04/2024",
                "start_date": "01/04/2024",
                "completed_date": "03/04/2024",
            },
        ),
        (
            {
                "referral_date": "01/04/2024",
                "start_date": "02/04/2024",
                "completed_date": "03/04/2024",
            },
        ),
    ),
    "completion_not_before_start": RuleCase(
        "assessments",
        (
            {
                "referral_date": "01/04/2024",
                "start_date": "03/04/2024",
                "completed_date": "02/04/2024",
            },
        ),
        (
            {
                "referral_date": "01/04/2024",
                "start_date": "03/04/2024",
                "completed_date": "03/04/2024",
            },
        ),
    ),
    "completion_not_before_referral": RuleCase(
        "assessments",
        (
            {
                "referral_date": "05/04/2024",
                "start_date": "01/04/2024",
                "completed_date": "02/04/2024",
            },
        ),
        (
            {
                "referral_date": "01/04/2024",
                "start_date": "01/04/2024",
                "completed_date": "29/05/2024",
            },
        ),
    ),
    "outcome_only_when_completed": RuleCase(
        "assessments",
        (
            {"completed_date": "", "outcome": "Child protection"},
            {"completed_date": "02/04/2024", "outcome": ""},
        ),
        (
            {"completed_date": "", "outcome": ""},
            {"completed_date": "02/04/2024", "outcome": "Care and support plan"},
        ),
    ),
    "seen_alone_needs_seen": RuleCase(
        "assessments",
        (
            {"child_seen": "No", "child_seen_alone": "Yes"},
            {"child_seen": "", "child_seen_alone": "Yes"},
        ),
        (
            {"child_seen": "Yes", "child_seen_alone": "Yes"},
            {"child_seen": "Yes", "child_seen_alone": "No"},
            {"child_seen": "No", "child_seen_alone": "No"},
            {"child_seen": "", "child_seen_alone": ""},
        ),
    ),
    "leaving_not_before_start": RuleCase(
        "workers",
        ({"start_date": "02/04/2024", "leaving_date": "01/04/2024"},),
        (
            {"start_date": "02/04/2024", "leaving_date": ""},
            {"start_date": "02/04/2024", "leaving_date": "02/04/2024"},
        ),
    ),
    "allocation_end_not_before_start": RuleCase(
        "allocations",
        ({"allocated_from": "10/04/2024", "allocated_to": "09/04/2024"},),
        (
            {"allocated_from": "10/04/2024", "allocated_to": ""},
            {"allocated_from": "10/04/2024", "allocated_to": "10/05/2024"},
        ),
    ),
    "allocated_not_before_referred": RuleCase(
        "service_referrals",
        ({"referred_date": "02/04/2024", "allocated_date": "01/04/2024"},),
        (
            {"referred_date": "02/04/2024", "allocated_date": "02/04/2024"},
            {"referred_date": "02/04/2024", "allocated_date": ""},
        ),
    ),
    "closed_not_before_referred": RuleCase(
        "service_referrals",
        ({"referred_date": "02/04/2024", "allocated_date": "", "closed_date": "01/04/2024"},),
        ({"referred_date": "02/04/2024", "allocated_date": "", "closed_date": "03/04/2024"},),
    ),
    "not_both_allocated_and_closed": RuleCase(
        "service_referrals",
        (
            {
                "referred_date": "02/04/2024",
                "allocated_date": "03/04/2024",
                "closed_date": "04/04/2024",
            },
        ),
        (
            {"referred_date": "02/04/2024", "allocated_date": "", "closed_date": "04/04/2024"},
            {"referred_date": "02/04/2024", "allocated_date": "", "closed_date": ""},
        ),
    ),
    "period_end_not_before_start": RuleCase(
        "indicator_values",
        ({"period_start": "01/04/2024", "period_end": "31/03/2024"},),
        ({"period_start": "01/04/2024", "period_end": "30/04/2024"},),
    ),
    "numerator_not_above_denominator": RuleCase(
        "indicator_values",
        (
            {"indicator_id": PCT_ID, "numerator": "6", "denominator": "5"},
            {"indicator_id": PCT_ID, "numerator": "5.01", "denominator": "5"},
        ),
        (
            {"indicator_id": PCT_ID, "numerator": "5", "denominator": "5"},
            {"indicator_id": PCT_ID, "numerator": "5", "denominator": ""},
            {"indicator_id": PCT_ID, "numerator": "", "denominator": "5"},
            # Only a percentage's numerator is bounded by its denominator (e.g. not a ratio).
            {"indicator_id": OTHER_ID, "numerator": "6", "denominator": "5"},
        ),
    ),
    "percentage_within_0_100": RuleCase(
        "indicator_values",
        (
            {"indicator_id": PCT_ID, "value": "150"},
            {"indicator_id": PCT_ID, "value": "-20"},
            {"indicator_id": PCT_ID, "value": "100.01"},
        ),
        (
            {"indicator_id": PCT_ID, "value": "0"},
            {"indicator_id": PCT_ID, "value": "100"},
            # Only a percentage is bounded (e.g. not a rate per 10,000 children).
            {"indicator_id": OTHER_ID, "value": "150"},
        ),
    ),
    "value_or_reason": RuleCase(
        "indicator_values",
        ({"value": "", "status": ""},),
        (
            {"value": "", "status": "Suppressed"},
            {"value": "", "status": "not_available"},
            {"value": "*", "status": ""},  # StatsWales: suppressed
            {"value": "c", "status": ""},  # Explore Education Statistics: confidential
            {"value": "..", "status": ""},  # StatsWales: not available
            {"value": "0", "status": ""},  # a real zero is a figure
        ),
    ),
    "value_and_reason": RuleCase(
        "indicator_values",
        ({"value": "12", "status": "Suppressed"}, {"value": "0", "status": "low"}),
        ({"value": "12", "status": ""}, {"value": "", "status": "Low"}),
    ),
    "geography_known": RuleCase(
        "indicator_values",
        (
            {"geography": "E06000001"},  # an English council
            {"geography": "W06000007"},  # no such Welsh council (the code was never used)
            {"geography": "Atlantis"},
        ),
        (
            {"geography": ""},
            {"geography": "W06000013"},
            {"geography": "W92000004"},
            {"geography": "Bridgend"},  # a Welsh area by name is read as its code
            {"geography": "Vale of Glamorgan "},  # as StatsWales writes it, with a space
        ),
    ),
    "publication_not_before_inspection": RuleCase(
        "inspection_concerns",
        ({"inspection_date": "10/04/2024", "publication_date": "09/04/2024"},),
        ({"inspection_date": "10/04/2024", "publication_date": "20/05/2024"},),
    ),
    "indicator_ids_known": RuleCase(
        "inspection_concerns",
        (
            {"indicator_ids": "not_an_indicator"},
            {"indicator_ids": f"{KNOWN_IDS[0]};not_an_indicator"},
        ),
        ({"indicator_ids": KNOWN_IDS[0]}, {"indicator_ids": f"{KNOWN_IDS[0]}; {KNOWN_IDS[1]}"}),
    ),
    "action_indicator_ids_known": RuleCase(
        "action_plan",
        ({"indicator_ids": "not_an_indicator"}, {"indicator_ids": f"{KNOWN_IDS[0]};nope"}),
        ({"indicator_ids": KNOWN_IDS[0]}, {"indicator_ids": ""}),
    ),
}

RULE_CASES |= {name: RuleCase(*case) for name, case in CP_RULE_CASES.items()}
RULE_CASES |= {name: RuleCase(*case) for name, case in LAC_RULE_CASES.items()}
RULE_CASES |= {name: RuleCase(*case) for name, case in WF_RULE_CASES.items()}

ALL_RULES = {rule.name: (e.name, rule) for e in EXTRACT_TYPES.values() for rule in e.rules}


def test_every_rule_has_cases() -> None:
    missing = sorted(set(ALL_RULES) - set(RULE_CASES))
    stale = sorted(set(RULE_CASES) - set(ALL_RULES))
    assert not missing, f"add passing and failing rows to RULE_CASES for {missing}"
    assert not stale, f"RULE_CASES names rules that no longer exist: {stale}"
    for name, case in RULE_CASES.items():
        assert case.extract == ALL_RULES[name][0], name
        assert case.failing and case.passing, name


def test_every_rule_is_a_dataframe_check_of_its_model() -> None:
    for extract in EXTRACT_TYPES.values():
        checks = {c.name for c in extract.schema.checks}
        assert {r.name for r in extract.rules} <= checks, extract.name


@pytest.mark.parametrize(
    ("rule_name", "cells"),
    [(name, cells) for name, case in RULE_CASES.items() for cells in case.failing],
)
def test_rule_rejects(tmp_path: Path, rule_name: str, cells: dict[str, str]) -> None:
    extract_name, rule = ALL_RULES[rule_name]
    # The broken row is the second data row (Excel row 3), after a good one.
    errors = errors_of(
        tmp_path, extract_name, [valid_row(extract_name, 1), row_with(extract_name, 2, **cells)]
    )
    hits = errors.filter(pl.col("rule") == rule_name)
    assert hits.height == 1, errors
    hit = hits.row(0, named=True)
    assert hit["row"] == 3
    assert hit["column"] == label(extract_name, rule.column)
    assert hit["value"] == (cells.get(rule.column) or None)
    assert hit["reason"].startswith(rule.reason)
    assert hit["fix"] == rule.fix
    assert "None" not in hit["reason"]


@pytest.mark.parametrize(
    ("rule_name", "cells"),
    [(name, cells) for name, case in RULE_CASES.items() for cells in case.passing],
)
def test_rule_accepts(tmp_path: Path, rule_name: str, cells: dict[str, str]) -> None:
    extract_name, _ = ALL_RULES[rule_name]
    prepared = prepare_rows(tmp_path, extract_name, [row_with(extract_name, 1, **cells)])
    assert prepared.rows == 1


def test_rule_message_names_the_other_column_and_its_value(tmp_path: Path) -> None:
    cells = {"received_at": "02/04/2024 09:00", "decision_at": "01/04/2024 17:00"}
    errors = errors_of(tmp_path, "contacts", [row_with("contacts", **cells)])
    assert errors["reason"].to_list() == [
        "the decision is recorded before the contact was received (Received At is '02/04/2024 09:00')"
    ]


def test_rule_message_says_blank_for_a_blank_other_cell(tmp_path: Path) -> None:
    errors = errors_of(
        tmp_path, "assessments", [row_with("assessments", child_seen="", child_seen_alone="Yes")]
    )
    assert errors["reason"].to_list() == [
        "the child is recorded as seen alone but not as seen (Child Seen is blank)"
    ]


# ---------------------------------------------------------------- required columns

REQUIRED = [(e.name, c) for e in EXTRACT_TYPES.values() for c in e.required_columns]
OPTIONAL = [
    (e.name, c) for e in EXTRACT_TYPES.values() for c in e.columns if c not in e.required_columns
]


@pytest.mark.parametrize(("extract_name", "column"), REQUIRED)
def test_required_cell_blank_is_rejected(tmp_path: Path, extract_name: str, column: str) -> None:
    errors = errors_of(
        tmp_path,
        extract_name,
        [valid_row(extract_name, 1), row_with(extract_name, 2, **{column: ""})],
    )
    header = label(extract_name, column)
    assert errors.select("row", "column", "value", "rule").rows() == [
        (3, header, None, "not_nullable")
    ]
    assert errors["reason"][0] == f"'{header}' is required but this cell is blank"


@pytest.mark.parametrize(("extract_name", "column"), REQUIRED)
def test_required_cell_of_spaces_is_blank(tmp_path: Path, extract_name: str, column: str) -> None:
    errors = errors_of(tmp_path, extract_name, [row_with(extract_name, **{column: "   "})])
    assert errors.select("row", "rule").rows() == [(2, "not_nullable")]


@pytest.mark.parametrize(("extract_name", "column"), REQUIRED)
def test_required_column_missing_from_the_file(
    tmp_path: Path, extract_name: str, column: str
) -> None:
    row = valid_row(extract_name)
    del row[column]
    errors = errors_of(tmp_path, extract_name, [row])
    header = label(extract_name, column)
    assert errors.select("row", "column", "rule").rows() == [(1, header, "missing_column")]
    assert f"'{header}' is missing" in errors["reason"][0]


@pytest.mark.parametrize("extract_name", EXTRACT_TYPES)
def test_optional_cells_may_be_blank(tmp_path: Path, extract_name: str) -> None:
    optional = [
        c for e, c in OPTIONAL if e == extract_name and c != ONE_OF_OPTIONAL.get(extract_name)
    ]
    # A blank that needs a reason (a figure not published) gets one; the reason is not blank.
    reasons = dict(
        BLANK_NEEDS[(extract_name, c)] for c in optional if (extract_name, c) in BLANK_NEEDS
    )
    optional = [c for c in optional if c not in reasons]
    cells = {**dict.fromkeys(optional, ""), **reasons}
    prepared = prepare_rows(tmp_path, extract_name, [row_with(extract_name, **cells)])
    for column in optional:
        assert prepared.frame[column].to_list() == [None], column


@pytest.mark.parametrize("extract_name", EXTRACT_TYPES)
def test_optional_columns_may_be_left_out(tmp_path: Path, extract_name: str) -> None:
    # A column whose blank needs a reason stays (a file of figures without its figures is not one)
    optional = [
        c
        for e, c in OPTIONAL
        if e == extract_name
        and c != ONE_OF_OPTIONAL.get(extract_name)
        and (extract_name, c) not in BLANK_NEEDS
    ]
    row = {k: v for k, v in valid_row(extract_name).items() if k not in optional}
    prepared = prepare_rows(tmp_path, extract_name, [row])
    assert prepared.frame.columns == ["_row", *EXTRACT_TYPES[extract_name].columns]
    for column in optional:
        assert prepared.frame[column].to_list() == [None], column


# ---------------------------------------------------------------- uniqueness

UNIQUE = [
    (e.name, (c,)) for e in EXTRACT_TYPES.values() for c in e.columns if e.column(c).unique
] + [(e.name, tuple(e.schema.unique)) for e in EXTRACT_TYPES.values() if e.schema.unique]


def test_every_record_key_is_checked_for_uniqueness() -> None:
    assert {name: key for name, key in UNIQUE} == {e.name: e.key for e in EXTRACT_TYPES.values()}


@pytest.mark.parametrize(("extract_name", "key"), UNIQUE)
def test_duplicate_key_reports_both_rows(
    tmp_path: Path, extract_name: str, key: tuple[str, ...]
) -> None:
    first = valid_row(extract_name, 1)
    repeat = valid_row(extract_name, 2) | {c: first[c] for c in key}
    errors = errors_of(tmp_path, extract_name, [first, valid_row(extract_name, 3), repeat])
    header = label(extract_name, key[0])
    assert errors.select("row", "column", "value").rows() == [
        (2, header, first[key[0]]),
        (4, header, first[key[0]]),
    ]
    assert set(errors["rule"]) <= {"field_uniqueness", "multiple_fields_uniqueness"}
    assert all(label(extract_name, key[0]) in reason for reason in errors["reason"])


@pytest.mark.parametrize(("extract_name", "key"), UNIQUE)
def test_distinct_keys_pass(tmp_path: Path, extract_name: str, key: tuple[str, ...]) -> None:
    rows = [valid_row(extract_name, n) for n in (1, 2, 3)]
    assert len({tuple(r[c] for c in key) for r in rows}) == 3
    assert prepare_rows(tmp_path, extract_name, rows).rows == 3


def test_indicator_values_differing_only_by_breakdown_pass(tmp_path: Path) -> None:
    rows = [
        row_with("indicator_values", 1, breakdown="Tîm Gogledd"),
        row_with("indicator_values", 2, breakdown=""),
    ]
    rows[1] |= {c: rows[0][c] for c in ("indicator_id", "period_start", "period_end")}
    assert prepare_rows(tmp_path, "indicator_values", rows).rows == 2


def test_indicator_values_with_blank_breakdown_twice_are_duplicates(tmp_path: Path) -> None:
    rows = [row_with("indicator_values", n, breakdown="") for n in (1, 2)]
    errors = errors_of(tmp_path, "indicator_values", rows)
    assert errors.select("row", "rule").rows() == [
        (2, "multiple_fields_uniqueness"),
        (3, "multiple_fields_uniqueness"),
    ]


# ---------------------------------------------------------------- allowed values

ENUMS = columns_of_kind(f.ENUM)


def spellings(text: str) -> list[str]:
    variants = [text, text.lower(), text.upper(), text.title(), f"  {text}  "]
    if " " in text:
        variants.append(text.replace(" ", "  "))
    return list(dict.fromkeys(variants))


@pytest.mark.parametrize(("extract_name", "column"), ENUMS)
def test_codes_and_labels_accepted_in_any_case(
    tmp_path: Path, extract_name: str, column: str
) -> None:
    labels = f.field_labels(EXTRACT_TYPES[extract_name].column(column))
    if (extract_name, column) == ("indicator_values", "indicator_id"):
        # Computed indicators are refused by a rule of their own (indicator_not_computed).
        labels = {code: text for code, text in labels.items() if code not in computed_ids()}
    written = [
        (code, spelling)
        for code, text in labels.items()
        for spelling in {*spellings(code), *spellings(text)}
    ]
    # A reason for a missing figure comes with no figure (value_and_reason).
    extra = {"value": ""} if (extract_name, column) == ("indicator_values", "status") else {}
    rows = [
        row_with(extract_name, n, **{column: spelling}, **extra)
        for n, (_, spelling) in enumerate(written)
    ]
    prepared = prepare_rows(tmp_path, extract_name, rows)
    assert prepared.frame[column].to_list() == [code for code, _ in written]


@pytest.mark.parametrize(("extract_name", "column"), ENUMS)
def test_unknown_value_is_rejected(tmp_path: Path, extract_name: str, column: str) -> None:
    # A reason for a missing figure comes with no figure (value_and_reason).
    extra = {"value": ""} if (extract_name, column) == ("indicator_values", "status") else {}
    errors = errors_of(
        tmp_path, extract_name, [row_with(extract_name, **{column: "Something Else"}, **extra)]
    )
    header = label(extract_name, column)
    assert errors.select("row", "column", "value", "rule").rows() == [
        (2, header, "Something Else", "isin")
    ]
    labels = f.field_labels(EXTRACT_TYPES[extract_name].column(column))
    if (extract_name, column) == ("indicator_values", "indicator_id"):
        assert errors["reason"][0] == "this is not an indicator id in the catalogue"
    else:
        assert errors["reason"][0] == "this is not one of the allowed values"
        assert errors["fix"][0] == "use one of: " + ", ".join(labels.values())


def test_label_with_a_typo_is_not_guessed(tmp_path: Path) -> None:
    errors = errors_of(tmp_path, "workers", [row_with("workers", role="Social workers")])
    assert errors.select("column", "value", "rule").rows() == [("Role", "Social workers", "isin")]


# ---------------------------------------------------------------- numeric bounds

NUMBERS = columns_of_kind(f.NUMBER)


def bound_cases() -> list[tuple[str, str, str, float, float, float]]:
    """(extract, column, check, limit, a failing value, a passing value) for every bound."""
    cases = []
    for extract in EXTRACT_TYPES.values():
        for column in extract.describe()["columns"]:
            for check in column["checks"]:
                name = check["check"]
                limit = float(check.get("min_value", check.get("max_value", "nan")))
                fail, ok = {
                    "greater_than": (limit, limit + 0.01),
                    "greater_than_or_equal_to": (limit - 1, limit),
                    "less_than_or_equal_to": (limit + 0.5, limit),
                    "less_than": (limit, limit - 0.5),
                }[name]  # a KeyError here means a new kind of check needs a case
                cases.append((extract.name, column["name"], name, limit, fail, ok))
    return cases


BOUNDS = bound_cases()


def test_bounds_include_fte() -> None:
    assert {(e, c, n) for e, c, n, *_ in BOUNDS} >= {
        ("workers", "fte", "greater_than"),
        ("workers", "fte", "less_than_or_equal_to"),
    }


def number_text(value: float) -> str:
    return f"{value:g}"


@pytest.mark.parametrize(("extract_name", "column", "check", "limit", "fail", "ok"), BOUNDS)
def test_bound_rejects(
    tmp_path: Path, extract_name: str, column: str, check: str, limit: float, fail: float, ok: float
) -> None:
    others = {
        c: ""
        for e, c in NUMBERS
        if e == extract_name
        and c != column
        and c not in EXTRACT_TYPES[e].required_columns
        and (e, c) not in BLANK_NEEDS  # a figure left blank needs a reason
    }
    errors = errors_of(
        tmp_path, extract_name, [row_with(extract_name, **others, **{column: number_text(fail)})]
    )
    assert errors.select("row", "column", "value").rows() == [
        (2, label(extract_name, column), number_text(fail))
    ]
    assert errors["rule"][0] == f"{check}({limit:g})"
    assert errors["reason"][0].startswith("this must be ")
    assert errors["reason"][0].endswith(f" {limit:g}")


@pytest.mark.parametrize(("extract_name", "column", "check", "limit", "fail", "ok"), BOUNDS)
def test_bound_accepts(
    tmp_path: Path, extract_name: str, column: str, check: str, limit: float, fail: float, ok: float
) -> None:
    others = {
        c: ""
        for e, c in NUMBERS
        if e == extract_name
        and c != column
        and c not in EXTRACT_TYPES[e].required_columns
        and (e, c) not in BLANK_NEEDS  # a figure left blank needs a reason
    }
    prepared = prepare_rows(
        tmp_path, extract_name, [row_with(extract_name, **others, **{column: number_text(ok)})]
    )
    assert prepared.frame[column].to_list() == [pytest.approx(ok)]


@pytest.mark.parametrize(
    ("fte", "reason"),
    [
        ("1.5", "this must be at most 1"),
        ("0", "this must be more than 0"),
        ("-0.5", "this must be more than 0"),
    ],
)
def test_fte_out_of_range(tmp_path: Path, fte: str, reason: str) -> None:
    errors = errors_of(tmp_path, "workers", [row_with("workers", fte=fte)])
    assert errors.select("row", "column", "value", "reason").rows() == [(2, "FTE", fte, reason)]


@pytest.mark.parametrize(
    ("fte", "expected"), [("1", 1.0), ("0.5", 0.5), (".6", 0.6), ("0.01", 0.01), (" 0.8 ", 0.8)]
)
def test_fte_in_range(tmp_path: Path, fte: str, expected: float) -> None:
    prepared = prepare_rows(tmp_path, "workers", [row_with("workers", fte=fte)])
    assert prepared.frame["fte"].to_list() == [expected]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1,234", "this number has a comma (a thousands separator or decimal comma)"),
        ("0,5", "this number has a comma (a thousands separator or decimal comma)"),
        ("45%", "percentages must be numbers without the % sign"),
        ("1e3", "this is not a number"),
        ("£5", "this is not a number"),
        ("five", "this is not a number"),
        ("1.2.3", "this is not a number"),
    ],
)
@pytest.mark.parametrize(("extract_name", "column"), NUMBERS)
def test_number_cells_that_are_not_plain_numbers(
    tmp_path: Path, extract_name: str, column: str, text: str, reason: str
) -> None:
    errors = errors_of(tmp_path, extract_name, [row_with(extract_name, **{column: text})])
    assert errors.select("row", "column", "value", "rule", "reason").rows() == [
        (2, label(extract_name, column), text, "cell_format", reason)
    ]


# ---------------------------------------------------------------- yes/no

YES_NOS = columns_of_kind(f.YES_NO)


def all_yes_no(extract_name: str, text: str) -> dict[str, str]:
    """Every yes/no column of the extract set alike, so 'seen alone needs seen' always holds (and
    a strategy discussion's enquiry left open, so 'Section 47 = No' holds too)."""
    cells = YES_NO_CELLS.get(extract_name, {}) | LAC_YES_NO_CELLS.get(extract_name, {})
    return {c: text for e, c in YES_NOS if e == extract_name} | cells


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yes", True),
        ("yes", True),
        ("YES", True),
        ("Y", True),
        ("true", True),
        ("TRUE", True),
        ("No", False),
        ("no", False),
        ("N", False),
        ("n", False),
        ("False", False),
        (" No ", False),
    ],
)
@pytest.mark.parametrize(("extract_name", "column"), YES_NOS)
def test_yes_no_parsing(
    tmp_path: Path, extract_name: str, column: str, text: str, expected: bool
) -> None:
    prepared = prepare_rows(
        tmp_path, extract_name, [row_with(extract_name, **all_yes_no(extract_name, text))]
    )
    assert prepared.frame[column].to_list() == [expected]


@pytest.mark.parametrize("text", ["Maybe", "1", "0", "Ydw", "x"])
@pytest.mark.parametrize(("extract_name", "column"), YES_NOS)
def test_yes_no_other_text_is_rejected(
    tmp_path: Path, extract_name: str, column: str, text: str
) -> None:
    errors = errors_of(tmp_path, extract_name, [row_with(extract_name, **{column: text})])
    assert errors.select("row", "column", "value", "rule", "reason").rows() == [
        (2, label(extract_name, column), text, "cell_format", "this is not Yes or No")
    ]


@pytest.mark.parametrize(("extract_name", "column"), YES_NOS)
def test_yes_no_blank(tmp_path: Path, extract_name: str, column: str) -> None:
    row = row_with(extract_name, **all_yes_no(extract_name, ""))
    if column in EXTRACT_TYPES[extract_name].required_columns:
        errors = errors_of(tmp_path, extract_name, [row])
        assert (2, label(extract_name, column), "not_nullable") in errors.select(
            "row", "column", "rule"
        ).rows()
    else:
        # Other required yes/no columns keep their valid value (a placement's Out Of Area).
        required = EXTRACT_TYPES[extract_name].required_columns
        row |= {c: valid_row(extract_name)[c] for e, c in YES_NOS if e == extract_name
                and c in required}  # fmt: skip
        assert prepare_rows(tmp_path, extract_name, [row]).frame[column].to_list() == [None]


# ---------------------------------------------------------------- text, id lists

TEXTS = columns_of_kind(f.TEXT, f.ENUM)


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://example.invalid","x")', "=1+1", "+cmd", "-cmd", "@SUM(A1)"]
)
@pytest.mark.parametrize(("extract_name", "column"), TEXTS)
def test_text_that_looks_like_a_formula_is_rejected(
    tmp_path: Path, extract_name: str, column: str, text: str
) -> None:
    errors = errors_of(tmp_path, extract_name, [row_with(extract_name, **{column: text})])
    hits = errors.filter(pl.col("rule") == "cell_format")
    assert hits.select("row", "column", "value", "reason").rows() == [
        (2, label(extract_name, column), text, "this cell starts like a spreadsheet formula")
    ]


@pytest.mark.parametrize("text", ["Tîm Gogledd - Pen-y-bont", "Team (east) = A", "Tîm @ Hwb"])
def test_text_with_signs_inside_is_fine(tmp_path: Path, text: str) -> None:
    prepared = prepare_rows(tmp_path, "contacts", [row_with("contacts", team=text)])
    assert prepared.frame["team"].to_list() == [text]


@pytest.mark.parametrize("text", ["-5 Tîm", "+44 team", "-2+3+cmd|' /C calc'!A0", "@1+SUM(1)"])
def test_text_starting_with_a_sign_is_rejected_even_before_digits(
    tmp_path: Path, text: str
) -> None:
    """Excel runs "-2+3+cmd|…" as a formula: a sign before digits is no safer (issue 9, 16)."""
    errors = errors_of(tmp_path, "contacts", [row_with("contacts", team=text)])
    assert errors.select("row", "column", "value", "reason").rows() == [
        (2, "Team", text, "this cell starts like a spreadsheet formula")
    ]


def test_id_list_is_tidied(tmp_path: Path) -> None:
    ids = f" {KNOWN_IDS[0]} ;{KNOWN_IDS[1]}"
    prepared = prepare_rows(
        tmp_path, "inspection_concerns", [row_with("inspection_concerns", indicator_ids=ids)]
    )
    assert prepared.frame["indicator_ids"].to_list() == [f"{KNOWN_IDS[0]};{KNOWN_IDS[1]}"]


def test_id_list_with_an_empty_item_is_rejected(tmp_path: Path) -> None:
    ids = f"{KNOWN_IDS[0]};;{KNOWN_IDS[1]}"
    errors = errors_of(
        tmp_path, "inspection_concerns", [row_with("inspection_concerns", indicator_ids=ids)]
    )
    assert errors.select("row", "column", "value", "reason").rows() == [
        (2, "Indicator IDs", ids, "the list has an empty item")
    ]


# ---------------------------------------------------------------- dates in the future

FUTURE_COLUMNS = [
    (e.name, c)
    for e in EXTRACT_TYPES.values()
    for c in e.columns
    if f.field_kind(e.column(c)) in (f.DATE, f.DATETIME)
]
FUTURE_ALLOWED = [
    (e, c) for e, c in FUTURE_COLUMNS if f.field_future_allowed(EXTRACT_TYPES[e].column(c))
]


def test_the_columns_that_may_hold_future_dates() -> None:
    """Only planned ends and a starter's first day may be in the future; events may not."""
    assert set(FUTURE_ALLOWED) == {
        ("workers", "start_date"),
        ("workers", "leaving_date"),
        ("allocations", "allocated_to"),
        ("action_plan", "due_date"),  # an action is due in the future
        ("establishment", "funded_to"),
        ("training_completions", "expiry_date"),
    }


def dated_row(extract_name: str, column: str, day: dt.date) -> dict[str, str]:
    """A valid row with ``column`` on ``day``; other dates moved with it so every rule holds."""
    row = valid_row(extract_name)
    temporal = {c for e, c in FUTURE_COLUMNS if e == extract_name}
    was_blank = row[column] == ""
    required = EXTRACT_TYPES[extract_name].required_columns
    for name in temporal:
        kind = f.field_kind(EXTRACT_TYPES[extract_name].column(name))
        text = day.strftime("%d/%m/%Y") + (" 09:00" if kind == f.DATETIME else "")
        if name == column or (row[name] and not (was_blank and name not in required)):
            row[name] = text
        else:
            row[name] = ""
    return row


def future_errors(tmp_path: Path, extract_name: str, column: str, day: dt.date) -> pl.DataFrame:
    row = dated_row(extract_name, column, day)
    try:
        prepare_rows(tmp_path, extract_name, [row])
    except RejectedFile as error:
        return error.errors.filter(pl.col("column") == label(extract_name, column))
    return pl.DataFrame(schema={"row": pl.Int64, "rule": pl.String})


@pytest.mark.parametrize(("extract_name", "column"), FUTURE_COLUMNS)
def test_date_beyond_tolerance_is_an_error_unless_the_column_allows_it(
    tmp_path: Path, extract_name: str, column: str
) -> None:
    day = TODAY + dt.timedelta(days=TOLERANCE + 1)
    errors = future_errors(tmp_path, extract_name, column, day)
    if (extract_name, column) in FUTURE_ALLOWED:
        assert errors.is_empty()
    else:
        assert errors.select("row", "rule").rows() == [(2, "future_date")]
        assert errors["reason"][0].startswith(f"this date is {TOLERANCE + 1} days after today")
        assert errors["value"][0].startswith(day.strftime("%d/%m/%Y"))


@pytest.mark.parametrize(("extract_name", "column"), FUTURE_COLUMNS)
def test_date_within_tolerance_is_accepted(tmp_path: Path, extract_name: str, column: str) -> None:
    day = TODAY + dt.timedelta(days=TOLERANCE)
    assert future_errors(tmp_path, extract_name, column, day).is_empty()


HISTORY = {
    (e, c) for e, c in FUTURE_COLUMNS if f.field_earliest(EXTRACT_TYPES[e].column(c)) is not None
}


def test_the_history_columns() -> None:
    """Dates no working-day measure counts may predate the calendar (long service, old cases)."""
    assert {
        ("workers", "qualified_date"),
        ("workers", "start_date"),
        ("allocations", "allocated_from"),
        ("lac_episodes", "start_date"),  # children looked after for years
        ("lac_episodes", "date_of_birth"),
        ("lac_placements", "start_date"),
        ("establishment", "funded_from"),
    } == HISTORY


@pytest.mark.parametrize(("extract_name", "column"), FUTURE_COLUMNS)
@pytest.mark.parametrize("late", [False, True])
def test_date_outside_the_calendar_is_an_error_in_every_column(
    tmp_path: Path, extract_name: str, column: str, late: bool
) -> None:
    history = (extract_name, column) in HISTORY
    early = dt.date(1949, 12, 31) if history else dt.date(2004, 12, 31)
    day = dt.date(2036, 1, 1) if late else early
    errors = future_errors(tmp_path, extract_name, column, day)
    if late and (extract_name, column) not in FUTURE_ALLOWED:
        # An event in 2036 is first of all in the future, and said so.
        assert errors.select("row", "rule").rows() == [(2, "future_date")]
        return
    assert errors.select("row", "rule").rows() == [(2, "outside_calendar")]
    window = "01/01/1950 to 31/12/2035" if history else "01/01/2005 to 31/12/2035"
    assert window in errors["reason"][0]
    if history and not late:
        assert future_errors(tmp_path, extract_name, column, dt.date(1950, 1, 1)).is_empty()


# ---------------------------------------------------------------- one cause, one message


@pytest.mark.parametrize(
    ("extract_name", "cells", "column"),
    [
        ("contacts", {"decision_at": "after lunch", "outcome": "Early help"}, "Decision At"),
        ("contacts", {"received_at": "02/04/24 09:00"}, "Received At"),
        ("assessments", {"child_seen": "Maybe", "child_seen_alone": "Yes"}, "Child Seen"),
        (
            "assessments",
            {"completed_date": "31/04/2024", "outcome": "Early help"},
            "Completed Date",
        ),
        ("indicator_values", {"numerator": "5%", "denominator": "4"}, "Numerator"),
    ],
)
def test_an_unreadable_cell_is_not_reported_again_by_the_rules_that_read_it(
    tmp_path: Path, extract_name: str, cells: dict[str, str], column: str
) -> None:
    errors = errors_of(tmp_path, extract_name, [row_with(extract_name, **cells)])
    assert errors.select("row", "column", "rule").rows() == [(2, column, "cell_format")]


def test_every_cross_field_rule_speaks_welsh_and_the_schema_keeps_the_english() -> None:
    """A rule added without N_() (or without its Welsh) shows English on a Welsh page: this names
    it. The data the words quote (the publishers' symbols, the agency codes) is unchanged."""
    english_only = []
    for extract in EXTRACT_TYPES.values():
        for rule in extract.rules:
            with use_language("en"):
                english = (rule.reason, rule.fix)
            with use_language("cy"):
                welsh = (rule.reason, rule.fix)
                described = rule.describe()
            if welsh[0] == english[0] or welsh[1] == english[1]:
                english_only.append(f"{extract.name}.{rule.name}")
            assert (described["reason"], described["fix"]) == english
            for name, value in rule.values:
                assert value in welsh[1], (rule.name, name)
    assert english_only == []
    with use_language("cy"):
        (value_or_reason,) = [
            r for r in EXTRACT_TYPES["indicator_values"].rules if r.name == "value_or_reason"
        ]
        assert value_or_reason.fix.startswith("ysgrifennwch y ffigur; os na chafodd ei gyhoeddi")
        assert "symbol y cyhoeddwr (* . .. c x z u low :) yn 'Value'" in value_or_reason.fix
