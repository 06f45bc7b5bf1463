"""Many viewers reading while analysts import: nobody sees an error or a mix of two states.

Ten simulated viewers (threads) loop: pin the store as published now, then read several tables
inside that one pinned version: the number of current contacts, the number of import batches and
the sum of every ``fd_contacts_received`` value in ``indicator_series``. Meanwhile three imports
of three different contacts files commit (three threads; the store's lock serialises them). Every
triple a viewer reads must be one of the states that actually existed: before, after the first
commit, after the second, after the third (in the order the lock let them through, read back from
the import history). The triples of those states are computed independently, by importing the same
files one after another into private copies before the concurrent run.

Loops are bounded by a number of rounds and a deadline; nothing asserts how long anything takes.
"""

from __future__ import annotations

import shutil
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from conftest import run_cli
from upload_helpers import contacts_csv, write_text

from pipelines.ingest import Prepared, prepare
from pipelines.store import StoreReader, import_prepared, read_connection

VIEWERS = 10
MAX_ROUNDS = 400  # per viewer: the loop ends well before this once the imports are done
DEADLINE_SECONDS = 240
PAUSE_SECONDS = 0.02  # between a viewer's rounds: viewers pace themselves, leaving CPU to writers  # a hang fails the test instead of blocking the suite
BASE_CONTACTS = 280
FILE_CONTACTS = {"north.csv": 40, "south.csv": 55, "west.csv": 70}

Triple = tuple[int, int, int]


def read_triple(con: duckdb.DuckDBPyConnection) -> Triple:
    """Three reads from three tables on one connection (so one published version)."""
    contacts = con.execute("SELECT count(*) FROM contacts").fetchone()[0]  # type: ignore[index]
    batches = con.execute("SELECT count(*) FROM import_batches").fetchone()[0]  # type: ignore[index]
    received = con.execute(
        "SELECT coalesce(sum(value), 0) FROM indicator_series "
        "WHERE indicator_id = 'fd_contacts_received'"
    ).fetchone()[0]  # type: ignore[index]
    return (int(contacts), int(batches), int(received))


def published_triple(store: Path) -> Triple:
    con = read_connection(store)
    try:
        return read_triple(con)
    finally:
        con.close()


@dataclass
class Scenario:
    base: Path  # the published store before any of the files (never modified)
    files: dict[str, Prepared]
    paths: dict[str, Path]  # the same files on disk, for the command line
    states: dict[frozenset[str], Triple] = field(default_factory=dict)  # by set of files imported


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    folder = tmp_path_factory.mktemp("concurrency")
    base = folder / "base" / "dashboard.duckdb"
    import_prepared(base, prepare(write_text(folder / "base.csv", contacts_csv(0, BASE_CONTACTS))))
    files, paths = {}, {}
    for index, (name, count) in enumerate(FILE_CONTACTS.items(), start=1):
        paths[name] = write_text(
            folder / name, contacts_csv(index * 10_000, count, team=f"T{index}")
        )
        files[name] = prepare(paths[name])
    result = Scenario(base, files, paths)
    result.states[frozenset()] = published_triple(base)
    # Every set of files, built one import after another in a private copy of the base store.
    names = list(files)
    for chain in (names, names[1:], [names[2], names[0]]):
        copy = folder / f"serial-{'-'.join(chain)}" / "dashboard.duckdb"
        copy.parent.mkdir()
        shutil.copyfile(base, copy)
        done: set[str] = set()
        for name in chain:
            import_prepared(copy, files[name])
            done.add(name)
            result.states[frozenset(done)] = published_triple(copy)
    assert len(result.states) == 8
    return result


def test_the_expected_states_are_what_the_files_add(scenario: Scenario) -> None:
    """The independent computation agrees with simple arithmetic where arithmetic is possible."""
    contacts, batches, received = scenario.states[frozenset()]
    assert (contacts, batches) == (BASE_CONTACTS, 1)
    for subset, triple in scenario.states.items():
        added = sum(FILE_CONTACTS[name] for name in subset)
        assert triple[:2] == (contacts + added, batches + len(subset))
        assert triple[2] > received or not subset
    assert len(set(scenario.states.values())) == 8


def copy_of_base(scenario: Scenario, folder: Path) -> Path:
    store = folder / "store" / "dashboard.duckdb"
    store.parent.mkdir(parents=True)
    shutil.copyfile(scenario.base, store)
    return store


@dataclass
class Observation:
    viewer: int
    round: int
    triple: Triple


class Viewers:
    """Viewer threads that read until told to stop; errors are collected, never raised in a thread."""

    def __init__(self, store: Path, count: int, start: threading.Barrier | None = None):
        self.store = store
        self.reader = StoreReader(
            store
        )  # shared, as the dashboard shares one: a connection per thread
        self.stop = threading.Event()
        self.start_barrier = start
        self.observations: list[Observation] = []
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._run, args=(n,), name=f"viewer-{n}") for n in range(count)
        ]

    def _pinned(self) -> Triple:
        """A page run: pin, then read; the version must not move while the page reads."""
        version = self.reader.refresh()
        con = self.reader.connection()
        first = read_triple(con)
        time.sleep(0)  # let a writer run between the reads
        second = read_triple(con)
        assert self.reader.version == version, "the pinned version moved during a page run"
        assert first == second, f"one pinned version read two states: {first} then {second}"
        return first

    def _fresh(self) -> Triple:
        """A one-off reader: its own new connection."""
        con = read_connection(self.store)
        try:
            first = read_triple(con)
            time.sleep(0)
            second = read_triple(con)
            assert first == second, f"one connection read two states: {first} then {second}"
            return first
        finally:
            con.close()

    def _run(self, viewer: int) -> None:
        read: Callable[[], Triple] = self._pinned if viewer % 2 == 0 else self._fresh
        deadline = time.monotonic() + DEADLINE_SECONDS
        extra_rounds = 3  # rounds after the stop signal, so every viewer sees the final state
        try:
            for round_ in range(MAX_ROUNDS):
                if round_ == 1 and self.start_barrier is not None:
                    # Every viewer has read the state before any import is let go.
                    self.start_barrier.wait(timeout=DEADLINE_SECONDS)
                if time.monotonic() > deadline:
                    self._fail(viewer, "deadline passed")
                    return
                triple = read()
                with self._lock:
                    self.observations.append(Observation(viewer, round_, triple))
                if self.stop.is_set():
                    extra_rounds -= 1
                    if extra_rounds == 0:
                        return
                time.sleep(PAUSE_SECONDS)
        except Exception:
            self._fail(viewer, traceback.format_exc())
            if self.start_barrier is not None:
                self.start_barrier.abort()  # release the writers: the test has failed already

    def _fail(self, viewer: int, message: str) -> None:
        with self._lock:
            self.errors.append(f"viewer {viewer}: {message}")

    def begin(self) -> None:
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=DEADLINE_SECONDS)
            assert not thread.is_alive(), f"{thread.name} did not finish"


def commit_order(store: Path) -> list[str]:
    con = read_connection(store)
    try:
        rows = con.execute(
            "SELECT file_name FROM import_batches WHERE import_id > 1 ORDER BY import_id"
        ).fetchall()
    finally:
        con.close()
    return [row[0] for row in rows]


def test_ten_viewers_see_only_whole_states_while_three_imports_commit(
    scenario: Scenario, tmp_path: Path
) -> None:
    store = copy_of_base(scenario, tmp_path)
    start = threading.Barrier(VIEWERS + len(scenario.files))
    viewers = Viewers(store, VIEWERS, start)
    write_errors: list[str] = []

    def write(name: str) -> None:
        try:
            start.wait(timeout=DEADLINE_SECONDS)
            outcome = import_prepared(store, scenario.files[name], imported_by=f"analyst {name}")
            assert not outcome.already_imported
        except Exception:
            write_errors.append(f"{name}: {traceback.format_exc()}")

    writers = [threading.Thread(target=write, args=(name,)) for name in scenario.files]
    viewers.begin()
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=DEADLINE_SECONDS)
        assert not writer.is_alive(), "an import did not finish"
    viewers.finish()

    assert write_errors == []
    assert viewers.errors == []
    order = commit_order(store)
    assert sorted(order) == sorted(scenario.files)
    existed = [scenario.states[frozenset(order[:k])] for k in range(len(order) + 1)]
    assert published_triple(store) == existed[-1]
    seen_states: set[int] = set()
    last_state = {n: 0 for n in range(VIEWERS)}
    for obs in sorted(viewers.observations, key=lambda o: (o.viewer, o.round)):
        assert obs.triple in existed, f"viewer {obs.viewer} read a state that never existed: {obs}"
        state = existed.index(obs.triple)
        # The published file only moves forward: a viewer never goes back to an older state.
        assert state >= last_state[obs.viewer], obs
        last_state[obs.viewer] = state
        seen_states.add(state)
    assert {0, len(order)} <= seen_states  # the readers ran before and after the imports
    assert set(last_state.values()) == {len(order)}
    assert not list(store.parent.glob(store.name + ".next-*"))


def test_an_import_from_another_process_while_a_reader_holds_a_connection(
    scenario: Scenario, tmp_path: Path
) -> None:
    store = copy_of_base(scenario, tmp_path)
    before = scenario.states[frozenset()]
    after = scenario.states[frozenset({"west.csv"})]
    file = scenario.paths["west.csv"]

    held = read_connection(store)  # a page run that started before the import
    pinned = StoreReader(store)
    pinned.refresh()
    viewers = Viewers(store, 4)
    try:
        assert read_triple(held) == before
        viewers.begin()
        result = run_cli("import", str(file), "--db", str(store), "--by", "analyst in a shell")
        viewers.finish()
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Imported west.csv" in result.stdout
        # The held connection finishes on the figures it started with…
        assert read_triple(held) == before
        assert read_triple(pinned.connection()) == before
        # …and the next page run sees the new ones.
        pinned.refresh()
        assert read_triple(pinned.connection()) == after
        assert published_triple(store) == after
    finally:
        held.close()
    assert viewers.errors == []
    assert {o.triple for o in viewers.observations} <= {before, after}
    assert after in {o.triple for o in viewers.observations}
    assert not list(store.parent.glob(store.name + ".next-*"))


@pytest.mark.parametrize("repeat", range(2))
def test_withdrawals_and_imports_interleaved_with_readers(
    scenario: Scenario, tmp_path: Path, repeat: int
) -> None:
    """An import and a withdrawal racing each other, readers throughout: still only whole states."""
    from pipelines.store import withdraw_import

    store = copy_of_base(scenario, tmp_path)
    first = import_prepared(store, scenario.files["north.csv"])
    viewers = Viewers(store, 6)
    errors: list[str] = []

    def run(action: Callable[[], object]) -> None:
        try:
            action()
        except Exception:
            errors.append(traceback.format_exc())

    jobs = [
        threading.Thread(target=run, args=(lambda: withdraw_import(store, first.import_id),)),
        threading.Thread(
            target=run, args=(lambda: import_prepared(store, scenario.files["south.csv"]),)
        ),
    ]
    viewers.begin()
    for job in jobs:
        job.start()
    for job in jobs:
        job.join(timeout=DEADLINE_SECONDS)
    viewers.finish()
    assert errors == []
    assert viewers.errors == []
    north, south = (
        scenario.states[frozenset({"north.csv"})],
        scenario.states[frozenset({"south.csv"})],
    )
    both = scenario.states[frozenset({"north.csv", "south.csv"})]
    # Withdrawn: the current contacts and the series read as without north.csv; the batch stays.
    base = scenario.states[frozenset()]
    withdrawn_only = (base[0], base[1] + 1, base[2])
    south_after_withdrawal = (south[0], south[1] + 1, south[2])
    possible = {north, both, withdrawn_only, south_after_withdrawal}
    assert {o.triple for o in viewers.observations} <= possible
    assert published_triple(store) == south_after_withdrawal
