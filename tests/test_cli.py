"""The command line, run as analysts run it: ``python -m pipelines ...`` in a subprocess.

Exit codes: 0 success, 1 rejected input or refused request, 2 usage error. Every test names its own
store with --db or DASHBOARD_DB; none touches data/dashboard.duckdb.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import csv_text, file_sha256, run_cli, valid_row, write_csv

from pipelines.extracts import EXTRACT_TYPES
from pipelines.extracts import fields as f
from pipelines.extracts.dictionary import data_dictionary, schemas_json

HEADER = "Contact ID,Child ID,Received At,Source,Decision At,Outcome,Team\r\n"
CONTACTS = HEADER + (
    "C1,K1,01/03/2024 09:00,Police,,,Tîm Gogledd\r\n"
    "C2,K2,01/03/2024 10:00,Health,01/03/2024 15:00,Early help,Tîm Gŵyr\r\n"
)


@pytest.fixture
def contacts_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path, "contacts.csv", CONTACTS)


@pytest.fixture
def workers_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path, "workers.csv", csv_text("workers", [valid_row("workers")]))


def history(store: Path) -> list[list[str]]:
    result = run_cli("imports", "--db", str(store))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split("\t")[:3] == ["import_id", "extract_type", "file_name"]
    return [line.split("\t") for line in lines[1:]]


def test_import_list_and_withdraw(contacts_csv: Path, workers_csv: Path, tmp_store: Path) -> None:
    result = run_cli("import", str(contacts_csv), "--db", str(tmp_store))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "Imported contacts.csv as import 1: 2 contacts rows, 0 warning(s)."
    )
    result = run_cli(
        "import", str(workers_csv), "--type", "workers", "--by", "tester", "--db", str(tmp_store)
    )
    assert result.returncode == 0, result.stderr
    assert "as import 2: 1 workers rows" in result.stdout

    rows = history(tmp_store)
    assert [(r[0], r[1], r[2], r[3], r[6]) for r in rows] == [
        ("1", "contacts", "contacts.csv", "2", "active"),
        ("2", "workers", "workers.csv", "1", "active"),
    ]
    assert rows[1][5] == "tester"
    assert rows[0][7] == file_sha256(contacts_csv)

    result = run_cli("withdraw", "2", "--reason", "wrong file", "--db", str(tmp_store))
    assert result.returncode == 0, result.stderr
    assert "Withdrew import 2" in result.stdout
    assert [r[6] for r in history(tmp_store)] == ["active", "withdrawn"]


def test_same_file_twice_changes_nothing(contacts_csv: Path, tmp_store: Path) -> None:
    assert run_cli("import", str(contacts_csv), "--db", str(tmp_store)).returncode == 0
    sha = file_sha256(tmp_store)
    result = run_cli("import", str(contacts_csv), "--db", str(tmp_store))
    assert result.returncode == 0, result.stderr
    assert "already in the store as import 1 (contacts); nothing changed" in result.stdout
    assert file_sha256(tmp_store) == sha
    assert len(history(tmp_store)) == 1


def test_warnings_are_printed(tmp_path: Path, tmp_store: Path) -> None:
    path = write_csv(tmp_path, "c.csv", CONTACTS.replace("\r\nC2", "\r\n,,,,,,\r\nC2"))
    result = run_cli("import", str(path), "--db", str(tmp_store))
    assert result.returncode == 0, result.stderr
    assert "1 warning(s)" in result.stdout
    assert "  warning: 1 completely blank row was skipped." in result.stdout


def test_rejected_file_exits_1_and_names_row_column_and_value(
    tmp_path: Path, tmp_store: Path
) -> None:
    path = write_csv(tmp_path, "c.csv", CONTACTS.replace("Health", "The Postman"))
    result = run_cli("import", str(path), "--db", str(tmp_store))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "Rejected (contacts extract): 1 problem. Nothing was stored.",
        "  - Row 3, column 'Source', value 'The Postman': this is not one of the allowed values. "
        "Use one of: Police, Health, Education, Self/family, Local authority, Other.",
    ]
    assert not tmp_store.exists()


def test_db_from_the_environment(contacts_csv: Path, tmp_path: Path) -> None:
    env_store = tmp_path / "from_env.duckdb"
    option_store = tmp_path / "from_option.duckdb"
    env = os.environ | {"DASHBOARD_DB": str(env_store)}
    assert run_cli("import", str(contacts_csv), env=env).returncode == 0
    assert env_store.exists()
    assert run_cli("import", str(contacts_csv), "--db", str(option_store), env=env).returncode == 0
    assert option_store.exists()  # --db wins over the environment
    assert "contacts.csv" in run_cli("imports", env=env).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: command"),
        (["import"], "the following arguments are required: file"),
        (["import", "{missing}", "--db", "{store}"], "no such file:"),
        (["import", "{folder}", "--db", "{store}"], "no such file:"),
        (
            ["import", "{contacts}", "--type", "referrals", "--db", "{store}"],
            "invalid choice: 'referrals'",
        ),
        (["withdraw", "first", "--db", "{store}"], "invalid int value: 'first'"),
        (["imports", "--colour"], "unrecognized arguments: --colour"),
    ],
)
def test_usage_errors_exit_2(
    args: list[str], message: str, contacts_csv: Path, tmp_path: Path, tmp_store: Path
) -> None:
    names = {
        "missing": str(tmp_path / "no such file.csv"),
        "folder": str(tmp_path),
        "contacts": str(contacts_csv),
        "store": str(tmp_store),
    }
    result = run_cli(*[a.format(**names) for a in args])
    assert result.returncode == 2
    assert result.stderr.startswith("usage: python -m pipelines")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not tmp_store.exists()


def test_withdraw_refusals_exit_1(contacts_csv: Path, tmp_store: Path) -> None:
    result = run_cli("withdraw", "1", "--db", str(tmp_store))
    assert (result.returncode, result.stderr.strip()) == (
        1,
        f"error: there is no store at {tmp_store}",
    )
    assert not tmp_store.exists()
    assert run_cli("import", str(contacts_csv), "--db", str(tmp_store)).returncode == 0
    sha = file_sha256(tmp_store)
    result = run_cli("withdraw", "99", "--db", str(tmp_store))
    assert result.returncode == 1
    assert "there is no import 99" in result.stderr
    assert "python -m pipelines imports" in result.stderr
    assert run_cli("withdraw", "1", "--db", str(tmp_store)).returncode == 0
    result = run_cli("withdraw", "1", "--db", str(tmp_store))
    assert (result.returncode, result.stderr.strip()) == (1, "error: import 1 is already withdrawn")
    assert file_sha256(tmp_store) != sha  # only the successful withdrawal changed the store


def test_imports_without_a_store(tmp_store: Path) -> None:
    result = run_cli("imports", "--db", str(tmp_store))
    assert (result.returncode, result.stdout) == (0, "No imports yet.\n")
    assert not tmp_store.exists()


# ---------------------------------------------------------------- schemas


@pytest.fixture(scope="module")
def schemas() -> dict:
    result = run_cli("schemas", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_schemas_json_is_the_library_description(schemas: dict) -> None:
    assert schemas == json.loads(json.dumps(schemas_json()))


def test_schemas_json_lists_every_extract_type(schemas: dict) -> None:
    assert [e["name"] for e in schemas["extract_types"]] == list(EXTRACT_TYPES)
    for described in schemas["extract_types"]:
        extract = EXTRACT_TYPES[described["name"]]
        assert described["record_key"] == list(extract.key)
        assert [c["name"] for c in described["columns"]] == extract.columns
        assert [r["name"] for r in described["rules"]] == [r.name for r in extract.rules]
        for rule in described["rules"]:
            assert {"column", "reads", "reason", "fix"} <= set(rule)
        for column in described["columns"]:
            schema_column = extract.column(column["name"])
            assert column["kind"] == f.field_kind(schema_column)
            assert column["dtype"] == str(schema_column.dtype)
            assert column["required"] == (column["name"] in extract.required_columns)
            assert column["unique"] == bool(schema_column.unique)
            assert column["header"] == extract.header_label(column["name"])
            labels = f.field_labels(schema_column)
            if labels and extract.name != "indicator_values":
                assert column["allowed_values"] == [
                    {"code": k, "label": v} for k, v in labels.items()
                ]
            else:
                assert column["allowed_values"] is None


def test_schemas_json_spot_checks(schemas: dict) -> None:
    by_name = {e["name"]: e for e in schemas["extract_types"]}
    contacts = {c["name"]: c for c in by_name["contacts"]["columns"]}
    assert contacts["contact_id"] | {"description": ""} == contacts["contact_id"] | {
        "header": "Contact ID",
        "kind": "text",
        "required": True,
        "unique": True,
        "description": "",
    }
    assert {"code": "self_family", "label": "Self/family"} in contacts["source"]["allowed_values"]
    assert contacts["decision_at"]["required"] is False
    assert contacts["received_at"]["future_allowed"] is False
    assert contacts["received_at"]["earliest_date"] == "2005-01-01"
    assert contacts["received_at"]["latest_date"] == "2035-12-31"
    assert contacts["team"]["max_length"] == 120
    assert contacts["contact_id"]["max_length"] == 50
    workers = {c["name"]: c for c in by_name["workers"]["columns"]}
    assert workers["leaving_date"]["future_allowed"] is True
    assert workers["qualified_date"]["earliest_date"] == "1950-01-01"
    assert schemas["conventions"]["working_day_calendar"]["version"] == "ew-2026-12"
    assert schemas["conventions"]["limits"]["max_columns"] == 200
    fte = {c["name"]: c for c in by_name["workers"]["columns"]}["fte"]
    assert fte["checks"] == [
        {"check": "greater_than", "min_value": 0},
        {"check": "less_than_or_equal_to", "max_value": 1},
    ]
    assert by_name["indicator_values"]["record_key"] == [
        "indicator_id",
        "period_start",
        "period_end",
        "breakdown",
        "geography",
    ]
    assert schemas["conventions"]["future_date_tolerance_days"] == 7
    assert schemas["header_aliases"]["contacts"]["date received"] == "received_at"


def test_schemas_markdown_is_the_data_dictionary() -> None:
    result = run_cli("schemas", "--markdown")
    assert result.returncode == 0, result.stderr
    assert result.stdout == data_dictionary()
