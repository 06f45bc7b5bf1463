"""An import killed at any moment (SIGKILL: no clean-up code runs) leaves the published store whole.

One uninterrupted command-line import of a 100,000-contact file is timed first; it also gives the
"after" state. Then twenty imports of the same file into a fresh copy of the "before" store are
killed after random delays spread over that duration (seeded, so a failure can be replayed). After
each kill the store must open read-only, every table and view must read, and its contents must be
exactly the before state or exactly the after state: compared by a digest of every table's rows
(clock columns left out), never by timing. Finally a later import must succeed and remove the
killed imports' draft files.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from upload_helpers import PROJECT_ROOT, contacts_csv, store_digest, write_text

from pipelines.ingest import prepare
from pipelines.store import import_prepared

BIG_FILE_CONTACTS = 100_000
TRIALS = 20
SEED = 20250330
BY = "kill test"  # the same "imported by" in every run, so before/after digests are comparable


def import_command(file: Path, store: Path) -> list[str]:
    return [sys.executable, "-m", "pipelines", "import", str(file), "--db", str(store), "--by", BY]


@dataclass(frozen=True)
class Setup:
    folder: Path
    base: Path  # the before state (never modified)
    big_file: Path
    before: dict[str, tuple[int, int]]
    after: dict[str, tuple[int, int]]
    duration: float  # one uninterrupted import, start of the process to its end


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    folder = tmp_path_factory.mktemp("kill")
    base = folder / "base" / "dashboard.duckdb"
    import_prepared(
        base, prepare(write_text(folder / "base.csv", contacts_csv(0, 500))), imported_by=BY
    )
    big = write_text(
        folder / "big_contacts.csv", contacts_csv(1_000_000, BIG_FILE_CONTACTS, prefix="B")
    )
    reference = folder / "reference" / "dashboard.duckdb"
    reference.parent.mkdir()
    shutil.copyfile(base, reference)
    started = time.monotonic()
    result = subprocess.run(
        import_command(big, reference),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    duration = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr
    before, after = store_digest(base), store_digest(reference)
    assert before != after
    assert after["contacts"][0] == 500 + BIG_FILE_CONTACTS
    return Setup(folder, base, big, before, after, duration)


def fresh_before_state(setup: Setup, store: Path) -> None:
    """Publish a copy of the before state at ``store`` (atomically, as a write would)."""
    staging = store.with_name("staging.duckdb")
    shutil.copyfile(setup.base, staging)
    staging.replace(store)


def test_killed_imports_leave_the_store_before_or_after_never_between(setup: Setup) -> None:
    store = setup.folder / "trials" / "dashboard.duckdb"
    store.parent.mkdir()
    rng = random.Random(SEED)
    outcomes: list[tuple[float, bool, str]] = []  # delay, killed while running, state found
    for _ in range(TRIALS):
        fresh_before_state(setup, store)
        delay = rng.uniform(0, setup.duration)
        process = subprocess.Popen(
            import_command(setup.big_file, store),
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            time.sleep(delay)
            killed = process.poll() is None
            if killed:
                process.send_signal(signal.SIGKILL)
        finally:
            process.wait(timeout=300)
        assert process.returncode in (0, -signal.SIGKILL)
        # The store opens read-only and every table and view reads in full.
        digest = store_digest(store)
        if digest == setup.before:
            state = "before"
        elif digest == setup.after:
            state = "after"
        else:
            changed = sorted(name for name in digest if digest[name] != setup.before.get(name))
            pytest.fail(
                f"killed after {delay:.2f}s: the store is neither before nor after ({changed})"
            )
        outcomes.append((delay, killed, state))
        if not killed:
            assert state == "after", "an import that finished must have published"
    assert any(killed for _, killed, _ in outcomes), "no trial interrupted an import"

    # A later import succeeds (the lock died with the killed process) and removes stale drafts.
    small = write_text(setup.folder / "later.csv", contacts_csv(9_000_000, 10, prefix="L"))
    result = subprocess.run(
        import_command(small, store),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not list(store.parent.glob(store.name + ".next-*"))
    final = store_digest(store)
    assert final["import_batches"][0] == (2 if outcomes[-1][2] == "before" else 3)
    assert final["contacts"][0] == (
        500 + 10 + (BIG_FILE_CONTACTS if outcomes[-1][2] == "after" else 0)
    )


def test_a_stale_draft_from_a_killed_import_is_removed_by_the_next_write(
    setup: Setup, tmp_path: Path
) -> None:
    """Kill an import once its draft exists (watching the folder, not the clock), then import."""
    store = tmp_path / "dashboard.duckdb"
    shutil.copyfile(setup.base, store)
    process = subprocess.Popen(
        import_command(setup.big_file, store),
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while process.poll() is None and not list(tmp_path.glob("dashboard.duckdb.next-*")):
            time.sleep(0.005)
        draft_seen = process.poll() is None
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=300)
    if not draft_seen:
        pytest.skip("the import finished before its draft could be seen")
    assert list(tmp_path.glob("dashboard.duckdb.next-*")), "the killed import left its draft"
    assert store_digest(store) == setup.before
    small = write_text(tmp_path / "later.csv", contacts_csv(9_000_000, 10, prefix="L"))
    outcome = import_prepared(store, prepare(small), imported_by=BY)
    assert not outcome.already_imported
    assert not list(tmp_path.glob("dashboard.duckdb.next-*"))
    assert store_digest(store)["contacts"][0] == 510
