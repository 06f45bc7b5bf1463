"""Lineage in the store: append-only imports, exact withdrawal, no-op re-imports, atomic writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pytest
from conftest import csv_text, dump_store, file_sha256, valid_row, write_csv

from pipelines.extracts import EXTRACT_TYPES
from pipelines.ingest import Prepared, RejectedFile, prepare
from pipelines.store import (
    StoreError,
    import_prepared,
    list_imports,
    read_connection,
    withdraw_import,
    write_transaction,
)
from pipelines.store import writer as store_writer
from pipelines.store.reader import StoreMissing

# Rebuild timestamps differ between two writes of the same data; nothing else may.
VOLATILE = ("built_at",)
# Lineage only grows: these keep every row ever written (the imports view derives a status).
APPEND_ONLY = {"import_batches", "import_withdrawals", "import_warnings", "imports"} | {
    f"raw_{name}" for name in EXTRACT_TYPES
}

HEADER = "Contact ID,Child ID,Received At,Source,Decision At,Outcome,Team\r\n"


def contact_lines(first: int, last: int) -> str:
    """Decided contacts a week apart from January 2024, enough for weekly series to exist."""
    lines = []
    for n in range(first, last + 1):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=7 * n)
        when = day.strftime("%d/%m/%Y")
        lines.append(f"C{n},K{n},{when} 10:00,Health,{when} 15:00,Early help,Tîm Gogledd\r\n")
    return "".join(lines)


CONTACTS_V1 = (
    HEADER
    + (
        "C1,K1,01/03/2024 09:00,Police,,,Tîm Gogledd\r\n"
        "C2,K2,01/03/2024 10:00,Health,01/03/2024 15:00,Early help,Tîm Gogledd\r\n"
        "C3,K3,02/03/2024 11:00,Education,04/03/2024 09:30,Assessment,Tîm De\r\n"
    )
    + contact_lines(10, 20)
)
# The next week's export: C1 decided, C3 moved team, C4 new; C2 dropped out of the export.
CONTACTS_V2 = (
    HEADER
    + (
        "C1,K1,01/03/2024 09:00,Police,01/03/2024 12:00,No further action,Tîm Gogledd\r\n"
        "C3,K3,02/03/2024 11:00,Education,04/03/2024 09:30,Assessment,Tîm Gŵyr\r\n"
        "C4,K4,05/03/2024 08:00,Self/family,,,Tîm De\r\n"
    )
    + contact_lines(10, 24)
)


def prepared(tmp_path: Path, name: str, text: str) -> Prepared:
    return prepare(write_csv(tmp_path, name, text))


def current(store: Path, view: str = "contacts") -> list[tuple]:
    con = read_connection(store)
    try:
        key = ", ".join(EXTRACT_TYPES[view].key)
        return con.execute(f"SELECT * EXCLUDE (_import_id) FROM {view} ORDER BY {key}").fetchall()
    finally:
        con.close()


def assert_reads_as(after: dict[str, list[tuple]], before: dict[str, list[tuple]]) -> None:
    """Every current view and derived table equal; lineage tables only gained rows."""
    assert set(after) == set(before)
    for name, rows in before.items():
        if name in APPEND_ONLY:
            if name != "imports":
                assert set(rows) <= set(after[name]), name
        else:
            assert after[name] == rows, name


def no_drafts_left(store: Path) -> bool:
    return not list(store.parent.glob(store.name + ".next-*"))


# ---------------------------------------------------------------- importing


def test_first_import_creates_the_store(tmp_path: Path, tmp_store: Path) -> None:
    outcome = import_prepared(tmp_store, prepared(tmp_path, "contacts.csv", CONTACTS_V1))
    assert (outcome.import_id, outcome.extract_type, outcome.rows, outcome.already_imported) == (
        1,
        "contacts",
        14,
        False,
    )
    assert [r[0] for r in current(tmp_store)][:4] == ["C1", "C10", "C11", "C12"]
    history = list_imports(tmp_store)
    assert history.select("import_id", "file_name", "row_count", "status").rows() == [
        (1, "contacts.csv", 14, "active")
    ]
    assert history["sha256"][0] == file_sha256(tmp_path / "contacts.csv")
    assert no_drafts_left(tmp_store)


def test_rows_keep_their_excel_row_numbers_in_the_store(tmp_path: Path, tmp_store: Path) -> None:
    text = CONTACTS_V1.replace("\r\nC2", "\r\n,,,,,,\r\nC2")
    import_prepared(tmp_store, prepared(tmp_path, "c.csv", text))
    con = read_connection(tmp_store)
    rows = con.execute("SELECT contact_id, _row FROM raw_contacts ORDER BY _row").fetchall()
    assert rows[:4] == [("C1", 2), ("C2", 4), ("C3", 5), ("C10", 6)]
    assert con.execute("SELECT import_id, rule FROM import_warnings").fetchall() == [
        (1, "blank_rows_skipped")
    ]
    assert con.execute("SELECT warning_count FROM import_batches").fetchall() == [(1,)]


def test_same_file_again_is_a_no_op(tmp_path: Path, tmp_store: Path) -> None:
    first = import_prepared(tmp_store, prepared(tmp_path, "contacts.csv", CONTACTS_V1))
    sha, before = file_sha256(tmp_store), dump_store(tmp_store)
    again = import_prepared(tmp_store, prepared(tmp_path, "contacts.csv", CONTACTS_V1))
    renamed = import_prepared(tmp_store, prepared(tmp_path, "copy of contacts.csv", CONTACTS_V1))
    for outcome in (again, renamed):
        assert outcome.import_id == first.import_id
        assert outcome.already_imported
        assert (outcome.extract_type, outcome.rows) == ("contacts", 14)
    assert file_sha256(tmp_store) == sha
    assert dump_store(tmp_store) == before
    assert len(before["import_batches"]) == 1


def test_changed_file_becomes_current_and_withdrawing_it_restores_the_earlier_version(
    tmp_path: Path, tmp_store: Path
) -> None:
    v1 = import_prepared(tmp_store, prepared(tmp_path, "week1.csv", CONTACTS_V1))
    after_v1 = dump_store(tmp_store, leave_out=VOLATILE)
    assert after_v1["indicator_series"], "the data should be long enough for some series"
    v2 = import_prepared(tmp_store, prepared(tmp_path, "week2.csv", CONTACTS_V2))
    assert v2.import_id == v1.import_id + 1
    latest = {r[0]: r for r in current(tmp_store)}
    assert set(latest) == {"C1", "C2", "C3", "C4"} | {f"C{n}" for n in range(10, 25)}
    assert latest["C1"][4:] == (dt.datetime(2024, 3, 1, 12), "no_further_action", "Tîm Gogledd")
    assert latest["C2"][6] == "Tîm Gogledd"  # not in the later export: the earlier version stays
    assert latest["C3"][6] == "Tîm Gŵyr"
    assert latest["C4"][4:] == (None, None, "Tîm De")
    after_v2 = dump_store(tmp_store, leave_out=VOLATILE)
    assert after_v2["indicator_series"] != after_v1["indicator_series"]

    withdraw_import(tmp_store, v2.import_id, withdrawn_by="tester", reason="wrong week")
    after_withdrawal = dump_store(tmp_store, leave_out=VOLATILE)
    assert_reads_as(after_withdrawal, after_v1)
    for name in ("contacts", "indicator_series", "series_meta"):
        assert after_withdrawal[name] == after_v1[name], name
    history = list_imports(tmp_store)
    assert history.select("import_id", "status", "withdrawn_by", "withdrawal_reason").rows() == [
        (1, "active", None, None),
        (2, "withdrawn", "tester", "wrong week"),
    ]


def test_withdrawing_the_only_import_empties_every_view(tmp_path: Path, tmp_store: Path) -> None:
    outcome = import_prepared(tmp_store, prepared(tmp_path, "c.csv", CONTACTS_V1))
    withdraw_import(tmp_store, outcome.import_id)
    for name in EXTRACT_TYPES:
        assert current(tmp_store, name) == [], name


def test_withdrawing_an_earlier_import_reads_as_if_it_was_never_made(
    tmp_path: Path, tmp_store: Path
) -> None:
    only_v2 = tmp_path / "only_v2" / "store.duckdb"
    import_prepared(only_v2, prepared(tmp_path, "week2.csv", CONTACTS_V2))
    v1 = import_prepared(tmp_store, prepared(tmp_path, "week1.csv", CONTACTS_V1))
    import_prepared(tmp_store, prepared(tmp_path, "week2.csv", CONTACTS_V2))
    withdraw_import(tmp_store, v1.import_id)
    expected = dump_store(only_v2, leave_out=VOLATILE)
    got = dump_store(tmp_store, leave_out=VOLATILE)
    assert set(got) == set(expected)
    for name in got:
        if name in EXTRACT_TYPES:  # the record versions differ only in their import ids
            assert current(tmp_store, name) == current(only_v2, name), name
        elif name not in APPEND_ONLY:
            assert got[name] == expected[name], name


def test_reimporting_a_withdrawn_file_makes_a_new_import(tmp_path: Path, tmp_store: Path) -> None:
    first = import_prepared(tmp_store, prepared(tmp_path, "c.csv", CONTACTS_V1))
    contacts = current(tmp_store)
    withdraw_import(tmp_store, first.import_id)
    again = import_prepared(tmp_store, prepared(tmp_path, "c.csv", CONTACTS_V1))
    assert (again.import_id, again.already_imported) == (2, False)
    assert current(tmp_store) == contacts
    assert list_imports(tmp_store)["status"].to_list() == ["withdrawn", "active"]


def test_extract_types_are_independent(tmp_path: Path, tmp_store: Path) -> None:
    import_prepared(tmp_store, prepared(tmp_path, "c.csv", CONTACTS_V1))
    contacts = current(tmp_store)
    workers = import_prepared(
        tmp_store,
        prepared(tmp_path, "w.csv", csv_text("workers", [valid_row("workers", n) for n in (1, 2)])),
    )
    assert workers.import_id == 2
    assert len(current(tmp_store, "workers")) == 2
    withdraw_import(tmp_store, workers.import_id)
    assert current(tmp_store, "workers") == []
    assert current(tmp_store) == contacts


def test_indicator_values_with_a_blank_breakdown_are_one_record(
    tmp_path: Path, tmp_store: Path
) -> None:
    row = valid_row("indicator_values") | {"breakdown": "", "value": "5"}
    import_prepared(tmp_store, prepared(tmp_path, "a.csv", csv_text("indicator_values", [row])))
    later = prepared(tmp_path, "b.csv", csv_text("indicator_values", [row | {"value": "6"}]))
    import_prepared(tmp_store, later)
    values = current(tmp_store, "indicator_values")
    assert [(r[0], r[3], r[6]) for r in values] == [(row["indicator_id"], 6.0, None)]


# ---------------------------------------------------------------- refusals and failures


def test_rejected_file_leaves_every_table_as_it_was(tmp_path: Path, tmp_store: Path) -> None:
    import_prepared(tmp_store, prepared(tmp_path, "c.csv", CONTACTS_V1))
    sha, before, files = (
        file_sha256(tmp_store),
        dump_store(tmp_store),
        sorted(tmp_store.parent.iterdir()),
    )
    bad = CONTACTS_V2.replace("05/03/2024 08:00", "05/13/2024 08:00")
    with pytest.raises(RejectedFile):
        import_prepared(tmp_store, prepared(tmp_path, "bad.csv", bad))
    assert file_sha256(tmp_store) == sha
    assert dump_store(tmp_store) == before
    assert sorted(tmp_store.parent.iterdir()) == files


def broken(prepared_file: Prepared) -> Prepared:
    """A prepared file whose rows the database refuses, after its import batch row is written."""
    bad = prepared_file.frame.with_columns(pl.lit("not a time").alias("received_at"))
    return dataclasses.replace(prepared_file, frame=bad)


def test_a_failure_inside_the_write_changes_nothing(tmp_path: Path, tmp_store: Path) -> None:
    import_prepared(tmp_store, prepared(tmp_path, "c.csv", CONTACTS_V1))
    sha, before = file_sha256(tmp_store), dump_store(tmp_store)
    with pytest.raises(duckdb.Error):
        import_prepared(tmp_store, broken(prepared(tmp_path, "week2.csv", CONTACTS_V2)))
    assert file_sha256(tmp_store) == sha
    assert dump_store(tmp_store) == before
    assert no_drafts_left(tmp_store)


def test_a_failing_rebuild_publishes_nothing(tmp_path: Path, tmp_store: Path) -> None:
    import_prepared(tmp_store, prepared(tmp_path, "c.csv", CONTACTS_V1))
    sha = file_sha256(tmp_store)

    def rebuild(con: duckdb.DuckDBPyConnection) -> None:
        raise RuntimeError("rebuild failed")

    with (
        pytest.raises(RuntimeError, match="rebuild failed"),
        write_transaction(tmp_store, rebuild=rebuild) as con,
    ):
        con.execute("INSERT INTO store_meta VALUES ('note', 'should vanish')")
    assert file_sha256(tmp_store) == sha
    assert no_drafts_left(tmp_store)


def test_a_failed_first_import_creates_no_store(tmp_path: Path, tmp_store: Path) -> None:
    with pytest.raises(duckdb.Error):
        import_prepared(tmp_store, broken(prepared(tmp_path, "c.csv", CONTACTS_V1)))
    assert not tmp_store.exists()
    assert no_drafts_left(tmp_store)


def test_withdraw_refusals_change_nothing(tmp_path: Path, tmp_store: Path) -> None:
    with pytest.raises(StoreError, match="there is no store"):
        withdraw_import(tmp_store, 1)
    assert not tmp_store.exists()
    outcome = import_prepared(tmp_store, prepared(tmp_path, "c.csv", CONTACTS_V1))
    sha = file_sha256(tmp_store)
    with pytest.raises(StoreError, match="there is no import 99"):
        withdraw_import(tmp_store, 99)
    assert file_sha256(tmp_store) == sha
    withdraw_import(tmp_store, outcome.import_id)
    sha = file_sha256(tmp_store)
    with pytest.raises(StoreError, match=f"import {outcome.import_id} is already withdrawn"):
        withdraw_import(tmp_store, outcome.import_id)
    assert file_sha256(tmp_store) == sha


def test_reading_a_missing_store(tmp_store: Path) -> None:
    assert list_imports(tmp_store).is_empty()
    with pytest.raises(StoreMissing):
        read_connection(tmp_store)


def test_readers_cannot_write(tmp_path: Path, tmp_store: Path) -> None:
    import_prepared(tmp_store, prepared(tmp_path, "c.csv", CONTACTS_V1))
    sha = file_sha256(tmp_store)
    con = read_connection(tmp_store)
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM import_batches")
    con.close()
    assert file_sha256(tmp_store) == sha


def test_many_files_in_one_write(tmp_path: Path, tmp_store: Path) -> None:
    files = [
        prepared(tmp_path, "c.csv", CONTACTS_V1),
        prepared(tmp_path, "w.csv", csv_text("workers", [valid_row("workers")])),
    ]
    outcomes = store_writer.import_many(tmp_store, files)
    assert [(o.import_id, o.extract_type, o.already_imported) for o in outcomes] == [
        (1, "contacts", False),
        (2, "workers", False),
    ]
    sha = file_sha256(tmp_store)
    again = store_writer.import_many(tmp_store, files)
    assert [(o.import_id, o.already_imported) for o in again] == [(1, True), (2, True)]
    assert file_sha256(tmp_store) == sha
