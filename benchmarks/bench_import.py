"""How long a million-row contacts import takes, next to DuckDB's bare CSV load, and its peak memory.

What is timed, side by side in one run, alternating, each run in a fresh subprocess:

- ``ours``: the whole import an analyst runs: ``prepare`` (read + parse + Pandera validation) and
  ``import_prepared`` into a fresh store file (copy-on-write draft, insert, the series rebuild every
  import does, commit, checkpoint, fsync, atomic rename);
- ``ours-norebuild``: the same ``prepare`` and the same insert inside
  ``write_transaction(path, rebuild=None)``, so the cost of the rebuild is visible;
- ``duckdb``: ``CREATE TABLE t AS SELECT * FROM read_csv('file')`` into a fresh database file
  (DuckDB's own sniffing, no checks at all): the floor for reading and storing the same bytes.

Goals: ours / duckdb <= 2.0; our peak memory (max RSS of the process) < 1.5 GB. The machine is shared
and noisy, so each variant runs ``--repeats`` times; the table shows best, median and spread, and the
ratio is taken per round (same conditions) and reported as the median with its range. ``--profile``
adds one cProfile run of ``ours`` and prints where the time goes.

Run from the project root: ``.venv/bin/python benchmarks/bench_import.py [--rows 1000000]``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import functools
import importlib
import io
import json
import os
import pstats
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bigdata  # noqa: E402

VARIANTS = ("ours", "ours-norebuild", "duckdb")
BASELINE = "baseline"  # ours, with the family SQL and/or parse module of an older version
RATIO_GOAL = 2.0
MEMORY_GOAL_GB = 1.5
# Steps of our import, in order; each is timed by wrapping the function that does it.
STEPS = (
    ("digest", "SHA-256 of the file"),
    ("utf8_check", "check the bytes are UTF-8"),
    ("read_csv", "polars read_csv (all cells as text)"),
    ("short_rows", "check for rows with too few cells"),
    ("tidy", "strip spaces, blanks to null, Excel row numbers"),
    ("headers", "match headers to an extract type"),
    ("parse", "parse text cells to typed values"),
    ("validate", "Pandera contract (checks + cross-field rules)"),
    ("future", "future-date warnings"),
    ("store", "write: draft copy, insert, commit, checkpoint, publish"),
    ("rebuild", "indicator series rebuild (SQL families + SPC)"),
)


# --- the child processes: one measured run each ---------------------------------------------------


class StepTimer:
    """Accumulates wall time per step by wrapping module attributes (the code is not changed)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.results: dict[str, Any] = {}

    def wrap(self, module: Any, name: str, step: str) -> None:
        original: Callable[..., Any] = getattr(module, name)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started, cpu_started = time.perf_counter(), time.process_time()
            try:
                result = original(*args, **kwargs)
            finally:
                self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - started
                self.cpu[step] = self.cpu.get(step, 0.0) + time.process_time() - cpu_started
            self.results[step] = result
            return result

        setattr(module, name, timed)


def _instrument() -> StepTimer:
    import pipelines.indicators.build as build
    import pipelines.ingest as ingest
    import pipelines.ingest.reader as reader

    timer = StepTimer()
    timer.wrap(reader, "file_digest", "digest")
    timer.wrap(reader, "_decode_csv", "utf8_check")
    timer.wrap(reader, "_read_csv", "_read_csv")
    timer.wrap(reader, "_short_rows", "short_rows")
    timer.wrap(reader, "_tidy", "tidy")
    timer.wrap(ingest, "read_table", "read")
    timer.wrap(ingest, "choose_extract", "headers")
    timer.wrap(ingest, "parse_cells", "parse")
    timer.wrap(ingest, "validate_frame", "validate")
    timer.wrap(ingest, "future_date_warnings", "future")
    timer.wrap(build, "rebuild_series", "rebuild")
    return timer


def _run_ours(csv_path: Path, store: Path, rebuild: bool) -> dict[str, Any]:
    from pipelines.ingest import prepare
    from pipelines.store import import_prepared, writer
    from pipelines.store.writer import write_transaction

    insert_batch = getattr(writer, "insert_batch", None) or writer._insert_batch  # type: ignore[attr-defined]

    timer = _instrument()
    started = time.perf_counter()
    prepared = prepare(csv_path)
    prepared_at, prepared_cpu = time.perf_counter(), time.process_time()
    if rebuild:
        import_prepared(store, prepared, imported_by="benchmark", synthetic=True)
    else:
        with write_transaction(store, rebuild=None) as con:
            insert_batch(con, prepared, "benchmark", True, dt.datetime.now())
    finished, finished_cpu = time.perf_counter(), time.process_time()
    split = {}
    for kind, times, store_time in (
        ("steps", dict(timer.seconds), finished - prepared_at),
        ("steps_cpu", dict(timer.cpu), finished_cpu - prepared_cpu),
    ):
        times["read_csv"] = (
            times.pop("_read_csv") - times.get("short_rows", 0.0) - times.get("tidy", 0.0)
        )
        times.pop("read")
        times["store"] = store_time - times.get("rebuild", 0.0)
        split[kind] = times
    return {
        "seconds": finished - started,
        "prepare": prepared_at - started,
        "rows": prepared.rows,
        **split,
        "families": timer.results.get("rebuild") or {},
    }


def _run_duckdb(csv_path: Path, store: Path) -> dict[str, Any]:
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect(str(store))
    literal = str(csv_path).replace("'", "''")
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{literal}')")
    rows = con.execute("SELECT count(*) FROM t").fetchall()[0][0]
    con.close()
    return {"seconds": time.perf_counter() - started, "rows": rows}


def _use_baseline(sql_dir: Path | None, parse_file: Path | None) -> None:
    """Make this process import with an older version's family SQL and/or parse module."""
    import importlib.util

    import pipelines.indicators.build as build
    import pipelines.ingest as ingest

    if sql_dir is not None:
        build.SQL_DIR = sql_dir
        build.family_sql.cache_clear()
    if parse_file is not None:
        spec = importlib.util.spec_from_file_location("baseline_parse", parse_file)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        ingest.parse_cells = module.parse_cells  # type: ignore[attr-defined]


def child(
    variant: str,
    csv_path: Path,
    store: Path,
    result: Path,
    profile: bool,
    baseline: tuple[Path | None, Path | None] = (None, None),
) -> int:
    """One measured run; writes its figures as JSON to ``result``."""
    for module in ("pipelines.indicators.build", "pipelines.ingest", "pipelines.store"):
        importlib.import_module(module)  # imports are not part of the timing
    if variant == BASELINE:
        _use_baseline(*baseline)

    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    cpu_started = time.process_time()
    if variant == "duckdb":
        figures = _run_duckdb(csv_path, store)
    else:
        figures = _run_ours(csv_path, store, rebuild=variant in ("ours", BASELINE))
    figures["cpu"] = time.process_time() - cpu_started  # all threads of the process
    if profiler:
        profiler.disable()
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text).strip_dirs()
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(20)
        figures["profile"] = text.getvalue()
    result.write_text(json.dumps(figures), encoding="utf-8")
    return 0


# --- the parent: alternate the variants, collect, summarise ---------------------------------------


def measure(
    variant: str,
    csv_path: Path,
    work: Path,
    *,
    profile: bool = False,
    extra: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Run one variant in a fresh process on a fresh store; add its peak RSS (bytes)."""
    store = work / f"{variant}.duckdb"
    result = work / f"{variant}.json"
    for leftover in work.glob(f"{variant}.*"):
        leftover.unlink()
    command = [sys.executable, __file__, "--child", variant, "--csv", str(csv_path)]
    command += ["--store", str(store), "--result", str(result)] + (["--profile"] if profile else [])
    command += list(extra)
    process = subprocess.Popen(command, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{variant} run failed (exit {process.returncode}): {shlex.join(command)}")
    figures = json.loads(result.read_text(encoding="utf-8"))
    figures["peak_rss"] = usage.ru_maxrss * 1024  # Linux reports kilobytes
    figures["store_mb"] = sum(p.stat().st_size for p in work.glob(f"{variant}.duckdb*")) / 1e6
    for leftover in work.glob(f"{variant}.*"):
        leftover.unlink()
    return figures


def _warm_page_cache(path: Path) -> None:
    with path.open("rb") as handle:
        while handle.read(1 << 24):
            pass


def _fmt(values: list[float]) -> str:
    return f"{min(values):8.2f} {statistics.median(values):8.2f} {max(values) - min(values):8.2f}"


def load_average() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def summarise(runs: dict[str, list[dict[str, Any]]], csv: Path, load_before: str) -> str:
    lines: list[str] = []
    variants = list(runs)
    seconds = {v: [r["seconds"] for r in runs[v]] for v in variants}
    cpu = {v: [r["cpu"] for r in runs[v]] for v in variants}
    gb = {v: [r["peak_rss"] / 1e9 for r in runs[v]] for v in variants}
    rounds = len(seconds["duckdb"])
    rows = runs["ours"][0]["rows"]
    size = csv.stat().st_size / 1e6
    lines.append("")
    lines.append(f"Import benchmark: {rows:,} contacts ({size:,.0f} MB CSV), {rounds} rounds")
    lines.append(f"  file: {bigdata.shown(csv)}")
    lines.append(f"  machine: {os.cpu_count()} CPUs, {dt.datetime.now():%Y-%m-%d %H:%M}")
    lines.append(f"  {load_before} before, {load_average()} after (other work on the machine)")
    lines.append("")
    lines.append(
        "Wall seconds (best / median / spread = max - min), CPU seconds of all threads (median)"
    )
    header = (
        f"{'variant':<44} {'best s':>8} {'median':>8} {'spread':>8} {'cpu s':>7} "
        f"{'peak RSS GB':>12}"
    )
    lines.append(header)
    lines.append("-" * len(header))
    titles = {
        "ours": "ours: prepare + import_prepared (w/ rebuild)",
        "ours-norebuild": "ours: prepare + insert, rebuild=None",
        "duckdb": "duckdb: CREATE TABLE AS read_csv",
        BASELINE: "baseline: ours with the older SQL/parse",
    }
    for variant in variants:
        lines.append(
            f"{titles[variant]:<44} {_fmt(seconds[variant])} "
            f"{statistics.median(cpu[variant]):7.2f} {max(gb[variant]):12.2f}"
        )
    lines.append("")
    lines.append(
        f"Ratios to DuckDB, wall time per round (same conditions): median [min-max]; "
        f"goal <= {RATIO_GOAL}. Best-to-best and CPU-time ratios for reference:"
    )
    for variant in [v for v in variants if v != "duckdb"]:
        ratios = [o / d for o, d in zip(seconds[variant], seconds["duckdb"], strict=True)]
        median = statistics.median(ratios)
        best = min(seconds[variant]) / min(seconds["duckdb"])
        cpu_ratio = statistics.median(cpu[variant]) / statistics.median(cpu["duckdb"])
        ok = "meets" if median <= RATIO_GOAL else "MISSES"
        lines.append(
            f"  {variant:<16} {median:6.1f}x  [{min(ratios):.1f}-{max(ratios):.1f}]  {ok} the goal"
            f"   (best/best {best:.1f}x, cpu {cpu_ratio:.1f}x)"
        )
    if BASELINE in runs:
        ratios = [o / b for o, b in zip(seconds["ours"], seconds[BASELINE], strict=True)]
        lines.append(
            f"  ours / baseline  {statistics.median(ratios):6.2f}x  "
            f"[{min(ratios):.2f}-{max(ratios):.2f}]   (cpu "
            f"{statistics.median(cpu['ours']) / statistics.median(cpu[BASELINE]):.2f}x)"
        )
    peak = max(gb["ours"])
    lines.append(
        f"Peak memory of ours: {peak:.2f} GB (max over rounds), goal < {MEMORY_GOAL_GB} GB: "
        f"{'meets' if peak < MEMORY_GOAL_GB else 'MISSES'} the goal"
    )
    lines.append("")
    lines.append(
        "Where our time goes ('ours' rounds: median wall s, its share, median CPU s of all threads):"
    )
    total = statistics.median(seconds["ours"])
    for step, title in STEPS:
        value = statistics.median([r["steps"].get(step, 0.0) for r in runs["ours"]])
        value_cpu = statistics.median([r["steps_cpu"].get(step, 0.0) for r in runs["ours"]])
        lines.append(
            f"  {step:<11} {value:7.2f}  {100 * value / total:5.1f}%  {value_cpu:7.2f}  {title}"
        )
    other = statistics.median([r["seconds"] - sum(r["steps"].values()) for r in runs["ours"]])
    other_cpu = statistics.median([r["cpu"] - sum(r["steps_cpu"].values()) for r in runs["ours"]])
    lines.append(
        f"  {'other':<11} {other:7.2f}  {100 * other / total:5.1f}%  {other_cpu:7.2f}  "
        "the rest (settings, file head, Prepared); medians need not add up to the total"
    )
    families: dict[str, list[float]] = {}
    for r in runs["ours"]:
        for name, value in r["families"].items():
            families.setdefault(name, []).append(value)
    if families:
        parts = ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in families.items())
        lines.append(f"  rebuild by family (s): {parts}")
    lines.append("")
    command = ".venv/bin/python benchmarks/bench_import.py " + shlex.join(sys.argv[1:])
    lines.append(f"Command: {command.strip()}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="contacts (default 1,000,000)")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of each variant")
    parser.add_argument("--seed", type=int, default=bigdata.DEFAULT_SEED)
    parser.add_argument("--profile", action="store_true", help="add a cProfile run of ours")
    parser.add_argument("--json", type=Path, help="also write every run's figures here")
    parser.add_argument(
        "--baseline-sql",
        type=Path,
        metavar="DIR",
        help="add a 'baseline' variant: ours with the family SQL files in DIR laid over the "
        "current ones (e.g. from an older commit)",
    )
    parser.add_argument(
        "--baseline-parse",
        type=Path,
        metavar="FILE",
        help="add a 'baseline' variant: ours with parse_cells from FILE (an older parse.py)",
    )
    parser.add_argument("--child", choices=(*VARIANTS, BASELINE), help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--sql-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--parse-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(
            args.child,
            args.csv,
            args.store,
            args.result,
            args.profile,
            (args.sql_dir, args.parse_file),
        )

    csv_path = bigdata.generate(args.rows, seed=args.seed, kinds=("contacts",))["contacts"]
    _warm_page_cache(csv_path)
    load_before = load_average()
    bigdata.OUT_DIR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-import-", dir=bigdata.OUT_DIR))
    variants = list(VARIANTS)
    extra: dict[str, tuple[str, ...]] = {}
    if args.baseline_sql or args.baseline_parse:
        variants.append(BASELINE)
        options: list[str] = []
        if args.baseline_sql:
            from bench_build import overlay_sql

            options += ["--sql-dir", str(overlay_sql(args.baseline_sql.resolve(), work))]
        if args.baseline_parse:
            options += ["--parse-file", str(args.baseline_parse.resolve())]
        extra[BASELINE] = tuple(options)
    runs: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    try:
        for round_number in range(args.repeats):
            # Rotate the order so that no variant always runs first (or after the heaviest one).
            shift = round_number % len(variants)
            for variant in variants[shift:] + variants[:shift]:
                figures = measure(variant, csv_path, work, extra=extra.get(variant, ()))
                runs[variant].append(figures)
                print(
                    f"round {round_number + 1}/{args.repeats} {variant:<15} "
                    f"{figures['seconds']:7.2f} s  peak {figures['peak_rss'] / 1e9:5.2f} GB  "
                    f"store {figures['store_mb']:6.1f} MB",
                    flush=True,
                )
        print(summarise(runs, csv_path, load_before))
        if args.profile:
            profiled = measure("ours", csv_path, work, profile=True)
            print("\ncProfile of one 'ours' run (cumulative, then own time):")
            print(profiled["profile"])
        if args.json:
            args.json.write_text(json.dumps(runs, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
