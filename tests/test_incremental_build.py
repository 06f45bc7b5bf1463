"""An import or withdrawal recomputes only the families whose extracts it changed, and the store
then reads exactly as after a full rebuild (issue 10).

The proof is a property test: random sequences of imports and withdrawals of the demo's extracts
(a short demo of seventeen months, and the same extracts exported four weeks later, so that imports
and withdrawals add and update records and move the data-as-at date and the families' cutoffs; and
files correcting the teams or sources of earlier records, which change an extract without moving a date), each step rebuilt incrementally as analysts' imports are, then compared with a full
rebuild of the same store: the series with their SPC columns, the data range, the cutoffs and the
record-level tables must be equal. The same comparison at 1,000,000 contacts is
``benchmarks/bench_incremental.py``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from pipelines.catalogue import load_catalogue
from pipelines.demo import generate_demo
from pipelines.demo_store import IMPORT_ORDER
from pipelines.indicators import build
from pipelines.indicators.build import (
    definitions_fingerprint,
    derived_tables,
    family_inputs,
    rebuild_series,
    stored_build,
)
from pipelines.ingest import Prepared, RejectedFile, prepare
from pipelines.store import read_connection, write_transaction
from pipelines.store.process_changes import ProcessChange, add_process_changes
from pipelines.store.writer import import_many, list_imports, withdraw_import

CORRECTED = ("Team", "Source", "Service", "Category")  # breakdowns a correction may move


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def _write(out: Path, header: list[str], rows: list[list[str]]) -> Path:
    with out.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])
    return out


def _received(row: list[str], header: list[str]) -> dt.date:
    return dt.datetime.strptime(row[header.index("Received At")][:10], "%d/%m/%Y").date()


def _corrected(path: Path, folder: Path, picked: slice = slice(None, None, 5)) -> Path | None:
    """A file of corrections: every fifth record of ``path`` (or those ``picked``) with its team
    (or source, service, category: the first of them that varies) moved to the next one's. No
    date moves, so only the extract's content changes."""
    header, rows = _read(path)
    picked = rows[picked]
    for name in (n for n in CORRECTED if n in header):
        column = header.index(name)
        values = [row[column] for row in picked]
        if len(set(values)) > 1:
            break
    else:
        return None
    for row, moved in zip(picked, values[1:] + values[:1], strict=True):
        row[column] = moved
    return _write(folder / f"{path.stem}_corrected_{len(picked)}.csv", header, picked)


def _late_week(path: Path, folder: Path) -> Path:
    """The contacts of ``path`` received in its last seven days: a file that changes only late
    periods (the weekly import)."""
    header, rows = _read(path)
    last = max(_received(row, header) for row in rows)
    week = [row for row in rows if _received(row, header) > last - dt.timedelta(days=7)]
    return _write(folder / "contacts_late_week.csv", header, week)


EARLIER = dt.date(2021, 8, 29)  # Sundays: seventeen months of demo data, then four weeks more
LATER = dt.date(2021, 9, 26)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Prepared]]:
    """A store holding the demo's extracts to ``EARLIER`` and a process change, and every file
    prepared for import: the same extracts to ``EARLIER`` and re-exported four weeks later (the
    analyst's refresh: later records, and earlier ones updated, e.g. decisions recorded)."""
    folder = tmp_path_factory.mktemp("incremental")
    earlier = generate_demo(folder / "earlier", end_date=EARLIER)
    later = generate_demo(folder / "later", end_date=LATER)
    base = [prepare(earlier[extract], extract) for extract in IMPORT_ORDER]
    refresh = [prepare(later[extract], extract) for extract in IMPORT_ORDER]
    corrections = [
        prepare(path, extract)
        for extract in IMPORT_ORDER
        if (path := _corrected(earlier[extract], folder)) is not None
    ]
    # The window cases: a week of late contacts only, and three of the earliest contacts
    # corrected (their team moved), which changes the periods from the first week on.
    window = [
        prepare(_late_week(later["contacts"], folder), "contacts"),
        prepare(_corrected(earlier["contacts"], folder, slice(0, 3)), "contacts"),  # type: ignore[arg-type]
    ]
    store = folder / "base.duckdb"
    import_many(store, base, imported_by="test", synthetic=True)
    change = ProcessChange(dt.date(2021, 1, 1), "New screening rota", "test")
    add_process_changes(store, [change], added_by="test", synthetic=True)
    return store, [*base, *refresh, *corrections, *window]


def _full_rebuild_equals(store: Path, folder: Path) -> None:
    """The store's derived tables equal those of a full rebuild of a copy of it."""
    copy = folder / "full.duckdb"
    shutil.copyfile(store, copy)
    with write_transaction(copy, rebuild=None) as con:
        rebuild_series(con)
    incremental, full = (_tables(path) for path in (store, copy))
    assert list(incremental) == list(full)
    for name, frame in full.items():
        assert_frame_equal(incremental[name], frame, check_exact=True)


def _tables(path: Path) -> dict:
    con = read_connection(path)
    try:
        return derived_tables(con)
    finally:
        con.close()


STEPS = st.lists(
    st.tuples(st.sampled_from(["import", "withdraw"]), st.integers(0, 1_000)),
    min_size=2,
    max_size=4,
)


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
# Found by CI: a withdrawal that rebuilt the supervision records without staff_in_post left
# social_work_role(), a macro of workforce_inputs, undefined (it ran only for its tables).
@example(steps=[("withdraw", 663), ("import", 0)])
def test_incremental_rebuild_equals_a_full_rebuild(
    demo: tuple[Path, list[Prepared]], steps: list[tuple[str, int]]
) -> None:
    base, files = demo
    with tempfile.TemporaryDirectory(prefix="h10-incremental-") as name:
        folder = Path(name)
        store = folder / "store.duckdb"
        shutil.copyfile(base, store)
        for action, pick in steps:
            imports = list_imports(store)
            active = imports.filter(imports["status"] == "active")
            if action == "import":  # a file the store does not hold (a later file at first)
                held = set(active["sha256"].to_list())
                candidates = [f for f in files if f.raw.sha256 not in held]
                # A rule between extracts may refuse it: then nothing changed.
                with contextlib.suppress(RejectedFile):
                    import_many(store, [candidates[pick % len(candidates)]], synthetic=True)
            else:
                ids = active["import_id"].to_list()
                withdraw_import(store, ids[pick % len(ids)], withdrawn_by="test")
        _full_rebuild_equals(store, folder)


def test_a_contacts_import_recomputes_only_the_families_that_read_contacts(
    demo: tuple[Path, list[Prepared]], tmp_path: Path
) -> None:
    base, files = demo
    store = tmp_path / "store.duckdb"
    shutil.copyfile(base, store)
    later_contacts = next(f for f in reversed(files) if f.extract.name == "contacts")
    with write_transaction(store, rebuild=None) as con:
        timings = rebuild_series(con, {"contacts"})
    assert {"front_door", "front_door_backlog"} <= set(timings)
    assert "waiting_lists" not in timings and "assessments" not in timings
    import_many(store, [later_contacts], synthetic=True)  # moves data-as-at: cutoffs follow
    _full_rebuild_equals(store, tmp_path)


def test_families_know_the_extracts_their_sql_reads() -> None:
    """The register families read the allocations (a registration's team) through the shared
    cp_register table although their catalogue rows do not list them: an allocations import must
    recompute them."""
    inputs = family_inputs(load_catalogue())
    assert "allocations" in inputs["child_protection_register"]
    assert "child_population" in inputs["child_protection_register"]
    assert inputs["front_door"] == {"contacts"}
    assert inputs["uploaded"] == {"indicator_values"}


def test_other_definitions_rebuild_everything(demo: tuple[Path, list[Prepared]]) -> None:
    """A store built from other definitions (catalogue, SQL, calendar, settings) is not patched
    incrementally: its stored fingerprint no longer matches."""
    base, _ = demo
    con = read_connection(base)
    try:
        assert stored_build(con, definitions_fingerprint()) is not None
        assert stored_build(con, "another catalogue") is None
    finally:
        con.close()


def test_withdrawing_the_demo_files_one_by_one_matches_a_full_rebuild(
    demo: tuple[Path, list[Prepared]], tmp_path: Path
) -> None:
    base, _ = demo
    store = tmp_path / "store.duckdb"
    shutil.copyfile(base, store)
    for import_id in list_imports(store)["import_id"].to_list()[:3]:  # workers, allocations...
        withdraw_import(store, import_id, withdrawn_by="test", reason="test")
    _full_rebuild_equals(store, tmp_path)


def test_a_correction_that_moves_no_date_changes_the_figures_as_a_full_rebuild_does(
    demo: tuple[Path, list[Prepared]], tmp_path: Path
) -> None:
    """Sources corrected on earlier contacts: no period is added, yet the source breakdowns of
    past weeks, months and years change, and so must their SPC (no stored chart is kept)."""
    base, files = demo
    store = tmp_path / "store.duckdb"
    shutil.copyfile(base, store)
    correction = next(f for f in files if f.raw.file_name.startswith("contacts_corrected_"))
    before = _tables(store)["indicator_series"]
    import_many(store, [correction], synthetic=True)
    after = _tables(store)["indicator_series"]
    assert not before.equals(after)
    _full_rebuild_equals(store, tmp_path)


def _front_door_runs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dt.date | None]]:
    """The front door families' runs (family, first period end recomputed) from now on."""
    runs: list[tuple[str, dt.date | None]] = []
    compute = build.compute_family

    def recording(con, computation, as_at, recompute_from=None):
        if computation.startswith("front_door"):
            runs.append((computation, recompute_from))
        return compute(con, computation, as_at, recompute_from)

    monkeypatch.setattr(build, "compute_family", recording)
    return runs


def _file(files: list[Prepared], name: str) -> Prepared:
    return next(f for f in files if f.raw.file_name == name)


def test_a_late_week_of_contacts_recomputes_only_the_periods_from_that_week(
    demo: tuple[Path, list[Prepared]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The weekly import: the front door families run only from the week's first day (the
    contacts' earliest date) or the day after their stored cutoff (the periods never stored),
    whichever is earlier, keep their stored earlier periods, and read as a full rebuild."""
    base, files = demo
    store = tmp_path / "store.duckdb"
    shutil.copyfile(base, store)
    week = _file(files, "contacts_late_week.csv")
    stored = _tables(store)["series_families"]
    cutoff = stored.filter(stored["computation"] == "front_door")["cutoff"].item()
    window = min(week.frame["received_at"].min().date(), cutoff + dt.timedelta(days=1))
    runs = _front_door_runs(monkeypatch)
    import_many(store, [week], synthetic=True)
    assert sorted(runs) == [("front_door", window), ("front_door_backlog", window)]
    assert window > EARLIER - dt.timedelta(days=60)  # late: more than a year is kept
    monkeypatch.undo()
    _full_rebuild_equals(store, tmp_path)


def test_a_correction_of_early_contacts_recomputes_from_their_date_and_its_withdrawal_too(
    demo: tuple[Path, list[Prepared]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three of the first contacts moved to another team: the window starts at their earliest
    date; withdrawing the correction restores the old versions, from the same date."""
    base, files = demo
    store = tmp_path / "store.duckdb"
    shutil.copyfile(base, store)
    correction = _file(files, "contacts_corrected_3.csv")
    first_day = correction.frame["received_at"].min().date()
    runs = _front_door_runs(monkeypatch)
    import_many(store, [correction], synthetic=True)
    assert ("front_door", first_day) in runs
    monkeypatch.undo()
    _full_rebuild_equals(store, tmp_path)
    last = list_imports(store)["import_id"].max()
    runs = _front_door_runs(monkeypatch)
    withdraw_import(store, last, withdrawn_by="test")
    assert ("front_door", first_day) in runs
    monkeypatch.undo()
    _full_rebuild_equals(store, tmp_path)


def test_withdrawing_the_older_contacts_file_after_newer_ones_matches_a_full_rebuild(
    demo: tuple[Path, list[Prepared]], tmp_path: Path
) -> None:
    """The later export and a late week imported, then the older contacts file withdrawn: its
    records' versions span every period, and the store reads as a full rebuild."""
    base, files = demo
    store = tmp_path / "store.duckdb"
    shutil.copyfile(base, store)
    refreshed = [f for f in files if f.extract.name == "contacts"][1]  # the later export
    import_many(store, [refreshed, _file(files, "contacts_late_week.csv")], synthetic=True)
    imports = list_imports(store)
    older = imports.filter(imports["extract_type"] == "contacts")["import_id"].min()
    withdraw_import(store, older, withdrawn_by="test")
    _full_rebuild_equals(store, tmp_path)
