"""What a file would change, worked out before it is committed (pipelines.preview).

Record counts come from comparing the file with the published store by record key; the headline
before → after comes from a dry run in a throwaway copy. The published store must be left
byte-for-byte as it was, and the dry run's "after" must be what the real import then produces.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from conftest import csv_text, file_sha256, valid_row, write_csv
from upload_helpers import CONTACT_HEADER, contacts_csv, latest_week_value, write_text

from pipelines.ingest import Prepared, prepare
from pipelines.preview import compare, date_range, preview
from pipelines.store import import_prepared, withdraw_import
from pipelines.store.reader import query_frame, read_connection

STORED = CONTACT_HEADER + (
    "\r\nC1,K1,01/03/2024 09:00,Police,,,Tîm A"
    "\r\nC2,K2,01/03/2024 10:00,Health,01/03/2024 15:00,Early help,Tîm A"
    "\r\nC3,K3,02/03/2024 11:00,Education,04/03/2024 09:30,Assessment,Tîm B"
    "\r\nC4,K4,03/03/2024 11:00,Education,04/03/2024 09:30,Assessment,Tîm B\r\n"
)
# C1 the same (blank decision and outcome), C2 decided differently, C3 moved team, C5 and C6 new;
# C4 is not in the file.
INCOMING = CONTACT_HEADER + (
    "\r\nC1,K1,01/03/2024 09:00,Police,,,Tîm A"
    "\r\nC2,K2,01/03/2024 10:00,Health,01/03/2024 15:00,Assessment,Tîm A"
    "\r\nC3,K3,02/03/2024 11:00,Education,04/03/2024 09:30,Assessment,Tîm C"
    "\r\nC5,K5,28/02/2024 08:00,Self/family,,,Tîm A"
    "\r\nC6,K6,05/03/2024 08:00,Police,05/04/2024 16:00,No further action,Tîm A\r\n"
)


def prepared(folder: Path, name: str, text: str) -> Prepared:
    return prepare(write_text(folder / "files" / name, text))


def counts(store: Path, file: Prepared) -> tuple[int, int, int, int]:
    if store.exists():
        con = read_connection(store)
        try:
            columns = ", ".join(f'"{c}"' for c in file.extract.columns)
            current = query_frame(con, f"SELECT {columns} FROM {file.extract.name}")
        finally:
            con.close()
    else:
        current = pl.DataFrame()
    return compare(current, file)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store" / "dashboard.duckdb"
    import_prepared(path, prepared(tmp_path, "stored.csv", STORED))
    return path


# --- new / changed / unchanged / absent -----------------------------------------------------------


def test_counts_new_changed_unchanged_and_absent(tmp_path: Path, store: Path) -> None:
    result = preview(store, prepared(tmp_path, "incoming.csv", INCOMING))
    assert (result.new, result.changed, result.unchanged, result.absent) == (2, 2, 1, 1)


def test_the_same_file_again_is_all_unchanged(tmp_path: Path, store: Path) -> None:
    assert counts(store, prepared(tmp_path, "again.csv", STORED)) == (0, 0, 4, 0)


def test_without_a_store_everything_is_new_and_no_store_is_made(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "dashboard.duckdb"
    result = preview(missing, prepared(tmp_path, "incoming.csv", INCOMING))
    assert (result.new, result.changed, result.unchanged, result.absent) == (5, 0, 0, 0)
    assert result.headline["before"].null_count() == result.headline.height
    assert not missing.exists()
    assert not missing.parent.exists()


def test_a_store_without_this_extract_type(tmp_path: Path) -> None:
    store = tmp_path / "store" / "dashboard.duckdb"
    import_prepared(
        store, prepare(write_csv(tmp_path, "w.csv", csv_text("workers", [valid_row("workers")])))
    )
    assert counts(store, prepared(tmp_path, "incoming.csv", INCOMING)) == (5, 0, 0, 0)


def test_withdrawn_records_do_not_count_as_in_the_store(tmp_path: Path, store: Path) -> None:
    extra = CONTACT_HEADER + "\r\nC7,K7,06/03/2024 08:00,Police,,,Tîm A\r\n"
    outcome = import_prepared(store, prepared(tmp_path, "extra.csv", extra))
    assert counts(store, prepared(tmp_path, "incoming.csv", INCOMING)) == (2, 2, 1, 2)
    withdraw_import(store, outcome.import_id)
    assert counts(store, prepared(tmp_path, "incoming.csv", INCOMING)) == (2, 2, 1, 1)


def test_the_latest_version_of_a_record_is_what_the_file_is_compared_with(
    tmp_path: Path, store: Path
) -> None:
    import_prepared(store, prepared(tmp_path, "incoming.csv", INCOMING))
    # C1..C6 are now as in INCOMING (C4 as stored): INCOMING again changes nothing.
    assert counts(store, prepared(tmp_path, "again.csv", INCOMING)) == (0, 0, 5, 1)
    # …and the first export now differs in C2 and C3.
    assert counts(store, prepared(tmp_path, "old.csv", STORED)) == (0, 2, 2, 2)


def test_a_composite_key_with_a_blank_part_matches(tmp_path: Path) -> None:
    def row(n: int, value: str, breakdown: str) -> dict[str, str]:
        values = valid_row("indicator_values", n)
        values.update(value=value, numerator="", denominator="", breakdown=breakdown)
        return values

    store = tmp_path / "store" / "dashboard.duckdb"
    stored = [row(1, "10", ""), row(1, "11", "Tîm A"), row(1, "12", "Tîm B")]
    import_prepared(
        store, prepare(write_csv(tmp_path, "iv.csv", csv_text("indicator_values", stored)))
    )
    incoming = [row(1, "10", ""), row(1, "99", "Tîm A"), row(1, "5", "Tîm C")]
    file = prepare(write_csv(tmp_path, "iv2.csv", csv_text("indicator_values", incoming)))
    assert counts(store, file) == (1, 1, 1, 1)


# --- the file's date range ------------------------------------------------------------------------


def test_date_range_spans_every_date_column(tmp_path: Path) -> None:
    # The earliest date is a receipt (28 Feb), the latest a decision (5 April).
    assert date_range(prepared(tmp_path, "incoming.csv", INCOMING)) == (
        dt.date(2024, 2, 28),
        dt.date(2024, 4, 5),
    )


def test_date_range_of_date_only_columns(tmp_path: Path) -> None:
    header = "Assessment ID,Child ID,Referral Date,Start Date,Completed Date,Outcome,Team"
    text = (
        f"{header}\r\nA1,K1,02/01/2024,03/01/2024,,,Tîm A"
        "\r\nA2,K2,10/01/2024,11/01/2024,20/02/2024,Early help,Tîm A\r\n"
    )
    assert date_range(prepared(tmp_path, "a.csv", text)) == (
        dt.date(2024, 1, 2),
        dt.date(2024, 2, 20),
    )


def test_date_range_shown_by_preview(tmp_path: Path, store: Path) -> None:
    result = preview(store, prepared(tmp_path, "incoming.csv", INCOMING))
    assert (result.first_date, result.last_date) == (dt.date(2024, 2, 28), dt.date(2024, 4, 5))


# --- headline before → after, from a dry run ------------------------------------------------------

# One decided contact a day for 20 weeks from Monday 1 January 2024: the last week ends on Sunday
# 19 May 2024 with 7 contacts received, none awaiting a decision.
LAST_WEEK_END = dt.date(2024, 5, 19)


@pytest.fixture
def weekly_store(tmp_path: Path) -> Path:
    path = tmp_path / "weekly" / "dashboard.duckdb"
    import_prepared(path, prepared(tmp_path, "base.csv", contacts_csv(0, 140, days=140)))
    return path


def five_more_in_the_last_week(tmp_path: Path) -> Prepared:
    text = contacts_csv(1000, 5, start=dt.date(2024, 5, 13), days=5, decided=False)
    return prepared(tmp_path, "five_more.csv", text)


def test_headline_before_and_after_come_from_the_dry_run(
    tmp_path: Path, weekly_store: Path
) -> None:
    file = five_more_in_the_last_week(tmp_path)
    headline = preview(weekly_store, file).headline
    received = headline.row(
        by_predicate=pl.col("indicator_id") == "fd_contacts_received", named=True
    )
    assert received["name"] == "Contacts received (children)"
    assert received["unit"] == "count"
    assert (received["before_period"], received["before"]) == (LAST_WEEK_END, 7)
    assert (received["after_period"], received["after"]) == (LAST_WEEK_END, 12)
    assert latest_week_value(weekly_store, "fd_contacts_received") == (LAST_WEEK_END, 7)


def test_the_dry_run_predicts_what_the_import_produces(tmp_path: Path, weekly_store: Path) -> None:
    file = five_more_in_the_last_week(tmp_path)
    headline = preview(weekly_store, file).headline
    import_prepared(weekly_store, file)
    for row in headline.filter(headline["after"].is_not_null()).iter_rows(named=True):
        assert latest_week_value(weekly_store, row["indicator_id"]) == (
            row["after_period"],
            row["after"],
        ), row["indicator_id"]
    backlog = headline.row(by_predicate=pl.col("indicator_id") == "fd_iaa_backlog", named=True)
    assert backlog["after"] > (backlog["before"] or 0)


def test_headline_lists_every_headline_indicator(tmp_path: Path, weekly_store: Path) -> None:
    from pipelines.catalogue import headline_indicators

    headline = preview(weekly_store, five_more_in_the_last_week(tmp_path)).headline
    assert headline["indicator_id"].to_list() == [i.id for i in headline_indicators()]
    # No workforce or assessment data in this store: those rows stay empty, before and after.
    empty = headline.filter(headline["indicator_id"].str.starts_with("wf_"))
    assert empty["before"].null_count() == empty["after"].null_count() == empty.height


def test_preview_leaves_the_published_store_byte_identical(
    tmp_path: Path, weekly_store: Path
) -> None:
    files_before = sorted(p.name for p in weekly_store.parent.iterdir())
    sha = file_sha256(weekly_store)
    stat = weekly_store.stat()
    preview(weekly_store, five_more_in_the_last_week(tmp_path))
    preview(weekly_store, prepared(tmp_path, "incoming.csv", INCOMING))
    assert file_sha256(weekly_store) == sha
    assert weekly_store.stat().st_ino == stat.st_ino  # not replaced either
    assert weekly_store.stat().st_mtime_ns == stat.st_mtime_ns
    assert sorted(p.name for p in weekly_store.parent.iterdir()) == files_before
