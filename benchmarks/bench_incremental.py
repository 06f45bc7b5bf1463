"""The analyst's weekly import into a large store, next to the same file into an empty store, and
proof that the incremental rebuild it does gives the figures of a full rebuild (issue 10).

The store holds ``--contacts`` contacts (``bigdata.py``, six years to 30 March 2025, with every
other extract in proportion) without the last week of contacts; the week's contacts (received in
the seven days to 30 March 2025) are one file. Timed side by side in one run, alternating, the
order rotating between rounds, each on a fresh copy of the store (the copy is not timed):

- **weekly**: ``prepare`` + ``import_prepared`` of the week into the big store: the import rebuilds
  only the families that read contacts (and any whose cutoff moved), with their SPC.
- **weekly, full rebuild**: the same, with the rebuild forced to recompute everything (what every
  import did before issue 10), for the gain.
- **empty**: the same file into an empty store.

Goal: weekly / empty <= 1.5 (per round; median and range printed).

Then, once, the comparison: the big store after the weekly import, and after withdrawing that
import again, each against a full rebuild of a copy of it: the series (every row, SPC columns
included), the data range, the families' cutoffs and the record tables must be identical.

Run from the project root: ``.venv/bin/python benchmarks/bench_incremental.py [--contacts N]
[--repeats 3]``. Stores are cached under ``benchmarks/out/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bigdata  # noqa: E402
import polars as pl  # noqa: E402
from polars.testing import assert_frame_equal  # noqa: E402

from pipelines.indicators import build  # noqa: E402
from pipelines.ingest import prepare  # noqa: E402
from pipelines.store.reader import first_row, read_connection  # noqa: E402
from pipelines.store.writer import (  # noqa: E402
    import_many,
    import_prepared,
    withdraw_import,
    write_transaction,
)

GOAL = 1.5
WEEK_DAYS = 7
STORE_VERSION = 1  # raise when the way the base store is made changes


def load_average() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def split_week(contacts: Path, folder: Path) -> tuple[Path, Path]:
    """The contacts file as two: all but the last week, and the last week (by received date)."""
    frame = pl.read_csv(contacts, infer_schema=False)
    received = pl.col("Received At").str.slice(0, 10).str.to_date("%d/%m/%Y")
    first_of_week = bigdata.END_DATE - dt.timedelta(days=WEEK_DAYS - 1)
    in_week = received >= first_of_week
    base, week = folder / "contacts-base.csv", folder / "contacts-week.csv"
    if not (base.exists() and week.exists()):
        frame.filter(~in_week).write_csv(base)
        frame.filter(in_week).write_csv(week)
    return base, week


def base_store(contacts: int, seed: int) -> tuple[Path, Path]:
    """The cached big store without the last week of contacts, and the week's file."""
    files = bigdata.generate(contacts, seed=seed)
    folder = bigdata.OUT_DIR / (
        f"weekly-n{contacts}-seed{seed}-v{bigdata.GENERATOR_VERSION}-{STORE_VERSION}"
    )
    folder.mkdir(parents=True, exist_ok=True)
    base_contacts, week = split_week(files["contacts"], folder)
    path = folder / "store.duckdb"
    if path.exists():
        con = read_connection(path)
        try:
            current = build.stored_build(con, build.definitions_fingerprint()) is not None
        finally:
            con.close()
        if not current:  # built by other code: bring its series up to date (untimed)
            with write_transaction(path, rebuild=None) as con:
                build.rebuild_series(con)
        return path, week
    started = time.perf_counter()
    prepared = [
        prepare(base_contacts if kind == "contacts" else csv, kind, today=bigdata.END_DATE)
        for kind, csv in files.items()
    ]
    import_many(path, prepared, imported_by="benchmark", synthetic=True)
    print(f"built {bigdata.shown(path)} in {time.perf_counter() - started:.1f} s", flush=True)
    return path, week


def timed(run: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def weekly(week: Path, store: Path) -> None:
    import_prepared(store, prepare(week, "contacts", today=bigdata.END_DATE), synthetic=True)


def weekly_full(week: Path, store: Path) -> None:
    stored_build = build.stored_build
    build.stored_build = lambda con, definitions: None  # type: ignore[assignment]
    try:
        weekly(week, store)
    finally:
        build.stored_build = stored_build  # type: ignore[assignment]


def derived(path: Path) -> dict[str, pl.DataFrame]:
    con = read_connection(path)
    try:
        return build.derived_tables(con)
    finally:
        con.close()


def same_as_full_rebuild(store: Path, work: Path) -> str:
    """'identical' when the store's derived tables equal a full rebuild's, else what differs."""
    copy = work / "full.duckdb"
    shutil.copyfile(store, copy)
    with write_transaction(copy, rebuild=None) as con:
        build.rebuild_series(con)
    ours, full = derived(store), derived(copy)
    copy.unlink()
    if list(ours) != list(full):
        return f"DIFFERENT tables: {list(ours)} vs {list(full)}"
    for name, frame in full.items():
        try:
            assert_frame_equal(ours[name], frame, check_exact=True)
        except AssertionError as error:
            return f"DIFFERENT {name}: {str(error).splitlines()[0]}"
    rows = full[build.SERIES_TABLE].height
    return f"identical ({rows:,} series rows, {len(full)} tables)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=bigdata.DEFAULT_SEED)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    store, week = base_store(args.contacts, args.seed)
    con = read_connection(store)
    try:
        held = first_row(con, "SELECT count(*) FROM contacts")[0]
    finally:
        con.close()
    week_rows = pl.read_csv(week, infer_schema=False).height
    print(f"store: {held:,} contacts; week file: {week_rows:,} contacts", flush=True)
    before = load_average()
    variants: dict[str, Callable[[Path, Path], None]] = {
        "weekly": lambda work, copy: weekly(week, copy),
        "weekly, full rebuild": lambda work, copy: weekly_full(week, copy),
        "empty": lambda work, copy: weekly(week, work / "empty.duckdb"),
    }
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory(prefix="bench-incremental-") as name:
        work = Path(name)
        warm = work / "warm.duckdb"
        weekly(week, warm)  # untimed: imports and caches
        warm.unlink()
        names = list(variants)
        for round_ in range(args.repeats):
            for variant in names[round_ % len(names) :] + names[: round_ % len(names)]:
                copy = work / "copy.duckdb"
                shutil.copyfile(store, copy)
                (work / "empty.duckdb").unlink(missing_ok=True)
                times[variant].append(timed(lambda v=variant, c=copy: variants[v](work, c)))
                print(f"round {round_ + 1} {variant}: {times[variant][-1][0]:.2f} s", flush=True)
        after = load_average()

        copy = work / "copy.duckdb"
        shutil.copyfile(store, copy)
        weekly(week, copy)
        after_import = same_as_full_rebuild(copy, work)
        con = read_connection(copy)
        try:
            last = first_row(con, "SELECT max(import_id) FROM import_batches")[0]
        finally:
            con.close()
        withdraw_import(copy, last, withdrawn_by="benchmark", reason="benchmark")
        after_withdrawal = same_as_full_rebuild(copy, work)

    print(f"\n{before} before, {after} after ({os.cpu_count()} CPUs)")
    print("\n| Variant | best s | median s | CPU s (median) |\n|---|---:|---:|---:|")
    for variant, runs in times.items():
        walls = [w for w, _ in runs]
        cpus = [c for _, c in runs]
        print(
            f"| {variant} | {min(walls):.2f} | {statistics.median(walls):.2f} | "
            f"{statistics.median(cpus):.2f} |"
        )
    print("\n| Ratio (per round) | median | range | goal |\n|---|---:|---:|---|")
    for variant in ("weekly", "weekly, full rebuild"):
        ratios = [a[0] / b[0] for a, b in zip(times[variant], times["empty"], strict=True)]
        median = statistics.median(ratios)
        goal = f"<= {GOAL}: {'met' if median <= GOAL else 'MISSED'}" if variant == "weekly" else ""
        print(
            f"| {variant} / empty | {median:.2f}x | {min(ratios):.2f}-{max(ratios):.2f} | {goal} |"
        )
    print(f"\nIncremental after the weekly import vs a full rebuild: {after_import}")
    print(f"Incremental after withdrawing it vs a full rebuild: {after_withdrawal}")
    return 0 if "identical" in after_import and "identical" in after_withdrawal else 1


if __name__ == "__main__":
    raise SystemExit(main())
