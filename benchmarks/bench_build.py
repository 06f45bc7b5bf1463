"""How long the indicator-series rebuild and a chart's series read take on a million-contact store.

What is timed, side by side in one run, alternating between a store holding ``--contacts`` contacts
(and proportionate assessments, workers, allocations and service referrals over six years, from
``bigdata.py``) and the demo store (``build_demo_store`` with end date 2025-03-30):

- the full rebuild every import and withdrawal does: ``write_transaction(path, rebuild=None)`` around
  ``rebuild_series(con)``; reported per SQL family, SPC, the rest of ``rebuild_series`` (data range,
  periods, filling gaps, writing the table), the transaction around it (draft copy, commit,
  checkpoint, fsync, rename) and the total. Goal: total < 10 s at 1,000,000 contacts.
- one chart's series read: ``read_models.series(con, 'fd_iaa_backlog', 'week', 'total')`` on a fresh
  ``read_connection`` (cold: attach the file, query, close) and on an open connection (warm, as the
  dashboard does once a page has its connection). Goal: < 50 ms.

Both stores are cached under ``benchmarks/out/`` (the big one is imported once with ``import_many``,
which takes a while). One untimed warm-up rebuild runs first on the demo store so that imports and
caches are not charged to the first measured round. The machine is shared and noisy: each figure is
the best and median of several runs, with the spread, and ratios are big / demo.

Run from the project root: ``.venv/bin/python benchmarks/bench_build.py [--contacts 1000000]``.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bigdata  # noqa: E402

from pipelines import read_models  # noqa: E402
from pipelines.indicators.build import rebuild_series  # noqa: E402
from pipelines.ingest import prepare  # noqa: E402
from pipelines.store.ddl import SCHEMA_VERSION  # noqa: E402
from pipelines.store.reader import first_row, read_connection  # noqa: E402
from pipelines.store.writer import import_many, write_transaction  # noqa: E402

DEMO_END = dt.date(2025, 3, 30)
REBUILD_GOAL_S = 10.0
READ_GOAL_MS = 50.0
SERIES = ("fd_iaa_backlog", "week", "total")


# --- the stores -----------------------------------------------------------------------------------


def _store_is_current(path: Path) -> bool:
    if not path.exists():
        return False
    con = read_connection(path)
    try:
        row = first_row(con, "SELECT value FROM store_meta WHERE key = 'schema_version'")
        return row is not None and row[0] == SCHEMA_VERSION
    finally:
        con.close()


def big_store(contacts: int, seed: int) -> Path:
    """The cached store holding ``contacts`` contacts and proportionate other extracts."""
    path = bigdata.OUT_DIR / (
        f"store-n{contacts}-seed{seed}-end{bigdata.END_DATE:%Y%m%d}-v{bigdata.GENERATOR_VERSION}"
        ".duckdb"
    )
    if _store_is_current(path):
        return path
    path.unlink(missing_ok=True)
    files = bigdata.generate(contacts, seed=seed)
    started = time.perf_counter()
    prepared = []
    for kind, csv in files.items():
        prepared.append(prepare(csv, kind, today=bigdata.END_DATE))
        print(f"prepared {kind}: {prepared[-1].rows:,} rows", flush=True)
    prepared_at = time.perf_counter()
    import_many(path, prepared, imported_by="benchmark", synthetic=True)
    print(
        f"built {bigdata.shown(path)}: prepare {prepared_at - started:.1f} s, import_many "
        f"(insert + rebuild) {time.perf_counter() - prepared_at:.1f} s",
        flush=True,
    )
    return path


def demo_store() -> Path:
    """The cached demo store (the demo generator's own data, end date 2025-03-30)."""
    from pipelines.demo_store import build_demo_store

    path = bigdata.OUT_DIR / f"demo-end{DEMO_END:%Y%m%d}.duckdb"
    if _store_is_current(path):
        return path
    path.unlink(missing_ok=True)
    with open(os.devnull, "w", encoding="utf-8") as quiet:
        build_demo_store(
            path, end_date=DEMO_END, out_dir=bigdata.OUT_DIR / "demo-extracts", out=quiet
        )
    print(f"built {bigdata.shown(path)}", flush=True)
    return path


def store_counts(path: Path) -> dict[str, int]:
    con = read_connection(path)
    try:
        names = (*bigdata.KINDS, *bigdata.CP_KINDS, *bigdata.LAC_KINDS)
        counts = {n: first_row(con, f"SELECT count(*) FROM {n}")[0] for n in names}
        counts["indicator_series"] = first_row(con, "SELECT count(*) FROM indicator_series")[0]
        return counts
    finally:
        con.close()


# --- the measurements -----------------------------------------------------------------------------


def overlay_sql(before_dir: Path, work: Path) -> Path:
    """A copy of the current family SQL with the files of ``before_dir`` laid over it."""
    from pipelines.indicators import build

    merged = work / "sql"
    shutil.rmtree(merged, ignore_errors=True)
    shutil.copytree(build.SQL_DIR, merged)
    for sql in before_dir.glob("*.sql"):
        shutil.copyfile(sql, merged / sql.name)
    return merged


@contextlib.contextmanager
def family_sql_from(sql_dir: Path | None) -> Iterator[None]:
    """Run the rebuild with the family SQL read from ``sql_dir`` (None: the current SQL)."""
    from pipelines.indicators import build

    current = build.SQL_DIR
    if sql_dir is not None:
        build.SQL_DIR = sql_dir
        build.family_sql.cache_clear()
    try:
        yield
    finally:
        if sql_dir is not None:
            build.SQL_DIR = current
            build.family_sql.cache_clear()


def time_rebuild(path: Path, sql_dir: Path | None = None) -> dict[str, float]:
    """One full rebuild in a write transaction: seconds per part."""
    started = time.perf_counter()
    cpu_started = time.process_time()
    with family_sql_from(sql_dir), write_transaction(path, rebuild=None) as con:
        inner = time.perf_counter()
        parts = rebuild_series(con)
        rebuilt = time.perf_counter()
    finished = time.perf_counter()
    figures = {f"family:{k}" if k != "spc" else "spc": v for k, v in parts.items()}
    figures["rebuild_series"] = rebuilt - inner
    figures["rest of rebuild_series"] = rebuilt - inner - sum(parts.values())
    figures["transaction (copy, commit, publish)"] = finished - started - (rebuilt - inner)
    figures["total"] = finished - started
    figures["total CPU (all threads)"] = time.process_time() - cpu_started
    return figures


def time_cold_read(path: Path) -> float:
    started = time.perf_counter()
    con = read_connection(path)
    try:
        frame = read_models.series(con, *SERIES)
    finally:
        con.close()
    elapsed = time.perf_counter() - started
    assert frame.height > 0
    return elapsed


def time_warm_reads(path: Path, count: int) -> list[float]:
    con = read_connection(path)
    try:
        read_models.series(con, *SERIES)  # the page's first query on its connection
        times = []
        for _ in range(count):
            started = time.perf_counter()
            read_models.series(con, *SERIES)
            times.append(time.perf_counter() - started)
        return times
    finally:
        con.close()


def profile_rebuild(path: Path) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    time_rebuild(path)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("cumulative").print_stats(25)
    return text.getvalue()


def family_explain(path: Path, family: str) -> str:
    """EXPLAIN ANALYZE of one family's SQL on the store (inside a rolled-back transaction)."""
    from pipelines.indicators import build

    with write_transaction(path, rebuild=None) as con:
        span = build.data_range(con)
        assert span is not None
        build._prepare_inputs(con, span[0], span[1])
        sql = build.family_sql(family)
        params = {"as_at": span[1], "caseload_threshold": 20.0}
        used = {k: v for k, v in params.items() if f"${k}" in sql}
        rows = con.execute("EXPLAIN ANALYZE " + sql, used or None).fetchall()
        raise _Rollback(rows[0][1])


class _Rollback(Exception):
    pass


def compare_sql(store: Path, before_dir: Path) -> str:
    """Rebuild ``store``'s series with the family SQL in ``before_dir`` and with the current SQL
    (each in a private copy of the store) and say whether ``indicator_series`` is identical.

    ``before_dir`` needs only the files that differ: the others come from the current SQL.

    Why: a change to pipelines/sql/indicators/ made for speed must not change a single figure.
    """
    import duckdb

    work = Path(tempfile.mkdtemp(prefix="compare-sql-", dir=bigdata.OUT_DIR))
    try:
        merged = overlay_sql(before_dir, work)
        copies = {"before": work / "before.duckdb", "after": work / "after.duckdb"}
        for label, sql_dir in (("before", merged), ("after", None)):
            shutil.copyfile(store, copies[label])
            with family_sql_from(sql_dir), write_transaction(copies[label], rebuild=None) as con:
                rebuild_series(con)
        con = duckdb.connect()
        try:
            for label, path in copies.items():
                con.execute(f"ATTACH '{path}' AS {label} (READ_ONLY)")
            counts = [
                first_row(con, f"SELECT count(*) FROM {label}.indicator_series")[0]
                for label in copies
            ]
            missing = first_row(
                con,
                "SELECT count(*) FROM (SELECT * FROM before.indicator_series EXCEPT ALL "
                "SELECT * FROM after.indicator_series)",
            )[0]
            extra = first_row(
                con,
                "SELECT count(*) FROM (SELECT * FROM after.indicator_series EXCEPT ALL "
                "SELECT * FROM before.indicator_series)",
            )[0]
            schemas = [
                con.execute(f"DESCRIBE {label}.indicator_series").fetchall() for label in copies
            ]
        finally:
            con.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    same = missing == 0 and extra == 0 and schemas[0] == schemas[1]
    return (
        f"indicator_series on {store.name}: {counts[0]:,} rows with the SQL in {before_dir}, "
        f"{counts[1]:,} with the current SQL; {missing:,} rows only before, {extra:,} only after, "
        f"columns {'identical' if schemas[0] == schemas[1] else 'DIFFERENT'}: "
        + ("IDENTICAL" if same else "DIFFERENT")
    )


# --- the summary ----------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "meets the goal" if ok else "MISSES the goal"


def load_average() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def _stats(values: list[float], scale: float = 1.0) -> tuple[float, float, float]:
    v = [x * scale for x in values]
    return min(v), statistics.median(v), max(v) - min(v)


def summarise(
    rebuilds: dict[str, list[dict[str, float]]],
    cold: dict[str, list[float]],
    warm: dict[str, list[float]],
    counts: dict[str, dict[str, int]],
    names: dict[str, str],
    load_before: str,
) -> str:
    lines: list[str] = []
    big, demo = "big", "demo"
    lines.append("")
    lines.append(f"Build benchmark, {dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs")
    lines.append(f"  {load_before} before, {load_average()} after (other work on the machine)")
    for key in (big, demo):
        c = counts[key]
        lines.append(
            f"  {key:<5} {names[key]}: {c['contacts']:,} contacts, {c['assessments']:,} "
            f"assessments, {c['workers']:,} workers, {c['allocations']:,} allocations, "
            f"{c['service_referrals']:,} service referrals; {c['indicator_series']:,} series rows"
        )
        lines.append(
            f"        child protection: {c['strategy_discussions']:,} strategy discussions, "
            f"{c['cp_registrations']:,} registrations, {c['cp_conferences']:,} conferences, "
            f"{c['cp_core_groups']:,} core groups, {c['cp_visits']:,} visits"
        )
        lines.append(
            f"        looked after: {c['lac_episodes']:,} care episodes, "
            f"{c['lac_placements']:,} placements, {c['lac_visits']:,} visits, "
            f"{c['lac_reviews']:,} reviews, {c['lac_health_checks']:,} GP registrations, "
            f"{c['missing_episodes']:,} missing episodes"
        )
    rounds = len(rebuilds[big])
    lines.append("")
    lines.append(f"Full rebuild, seconds ({rounds} rounds; best / median / spread = max - min)")
    header = (
        f"{'part':<38} {'big best':>9} {'median':>8} {'spread':>7}   {'demo med':>8} {'ratio':>7}"
    )
    lines.append(header)
    lines.append("-" * len(header))
    keys = list(rebuilds[big][0])
    ordered = [k for k in keys if k.startswith("family:")] + [
        "spc",
        "rest of rebuild_series",
        "rebuild_series",
        "transaction (copy, commit, publish)",
        "total",
        "total CPU (all threads)",
    ]
    for key in ordered:
        b = _stats([r.get(key, 0.0) for r in rebuilds[big]])
        d = _stats([r.get(key, 0.0) for r in rebuilds[demo]])
        ratio = b[1] / d[1] if d[1] > 0 else float("nan")
        label = key.removeprefix("family:")
        label = f"  {label}" if key.startswith("family:") or key == "spc" else label
        lines.append(f"{label:<38} {b[0]:9.2f} {b[1]:8.2f} {b[2]:7.2f}   {d[1]:8.2f} {ratio:6.1f}x")
    totals = [r["total"] for r in rebuilds[big]]
    lines.append(
        f"Goal: total < {REBUILD_GOAL_S:.0f} s on the big store: best {min(totals):.2f} s "
        f"({_verdict(min(totals) < REBUILD_GOAL_S)}), median {statistics.median(totals):.2f} s "
        f"({_verdict(statistics.median(totals) < REBUILD_GOAL_S)})"
    )
    lines.append("")
    lines.append(f"Series read {SERIES}, milliseconds (best / median / p90 / spread)")
    header = f"{'read':<38} {'best':>8} {'median':>8} {'p90':>8} {'spread':>8}   {'ratio':>6}"
    lines.append(header)
    lines.append("-" * len(header))
    worst = 0.0
    for title, data in (
        ("cold: read_connection + series + close", cold),
        ("warm: on an open connection", warm),
    ):
        lines.append(title)
        medians = {}
        for key in (big, demo):
            values = sorted(x * 1000 for x in data[key])
            p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
            medians[key] = statistics.median(values)
            ratio = f"{medians[big] / medians[demo]:5.1f}x" if key == demo else ""
            lines.append(
                f"  {key + f' ({len(values)} reads)':<36} {values[0]:8.1f} {medians[key]:8.1f} "
                f"{p90:8.1f} {values[-1] - values[0]:8.1f}   {ratio}"
            )
        worst = max(worst, medians[big])
    lines.append(
        f"Goal: < {READ_GOAL_MS:.0f} ms: {_verdict(worst < READ_GOAL_MS)} "
        f"(slowest median on the big store {worst:.1f} ms; ratio = big median / demo median)"
    )
    lines.append("")
    lines.append("Command: .venv/bin/python benchmarks/bench_build.py " + shlex.join(sys.argv[1:]))
    return "\n".join(lines)


def baseline_summary(rebuilds: dict[str, list[dict[str, float]]], baseline: Path) -> str:
    """The big store's rebuild with the baseline SQL next to the current SQL (same rounds)."""
    lines = ["", f"Big store: current SQL against the SQL in {baseline} (medians, seconds)"]
    header = f"{'part':<38} {'baseline':>9} {'current':>8} {'current/baseline':>17}"
    lines += [header, "-" * len(header)]
    keys = [k for k in rebuilds["big"][0] if k.startswith("family:")]
    keys += ["spc", "rebuild_series", "total", "total CPU (all threads)"]
    for key in keys:
        before = statistics.median([r.get(key, 0.0) for r in rebuilds["baseline"]])
        after = statistics.median([r.get(key, 0.0) for r in rebuilds["big"]])
        ratio = after / before if before > 0 else float("nan")
        lines.append(f"{key.removeprefix('family:'):<38} {before:9.2f} {after:8.2f} {ratio:16.2f}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=bigdata.DEFAULT_SEED)
    parser.add_argument("--repeats", type=int, default=3, help="rebuild rounds per store")
    parser.add_argument("--reads", type=int, default=20, help="cold reads per store")
    parser.add_argument("--warm-reads", type=int, default=50, help="warm reads per store")
    parser.add_argument("--profile", action="store_true", help="cProfile one big rebuild")
    parser.add_argument(
        "--explain", action="append", default=[], help="EXPLAIN ANALYZE a family on the big store"
    )
    parser.add_argument("--json", type=Path, help="also write every run's figures here")
    parser.add_argument(
        "--compare-sql",
        type=Path,
        metavar="DIR",
        help="only check that the family SQL in DIR and the current SQL give identical "
        "indicator_series on the demo store (and the big store with --compare-big)",
    )
    parser.add_argument("--compare-big", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--baseline-sql",
        type=Path,
        metavar="DIR",
        help="also time the big store's rebuild with the family SQL in DIR (e.g. an older "
        "version), alternating with the current SQL, and print the ratio",
    )
    args = parser.parse_args(argv)

    bigdata.OUT_DIR.mkdir(parents=True, exist_ok=True)
    if args.compare_sql:
        print(compare_sql(demo_store(), args.compare_sql.resolve()))
        if args.compare_big:
            print(compare_sql(big_store(args.contacts, args.seed), args.compare_sql.resolve()))
        return 0
    stores = {"big": big_store(args.contacts, args.seed), "demo": demo_store()}
    names = {k: bigdata.shown(p) for k, p in stores.items()}
    time_rebuild(stores["demo"])  # warm-up, not measured
    load_before = load_average()

    rebuilds: dict[str, list[dict[str, float]]] = {"big": [], "demo": []}
    cold: dict[str, list[float]] = {"big": [], "demo": []}
    warm: dict[str, list[float]] = {}
    variants = ["big", "demo"]
    sql_dirs: dict[str, Path | None] = {"big": None, "demo": None}
    work = Path(tempfile.mkdtemp(prefix="bench-build-", dir=bigdata.OUT_DIR))
    if args.baseline_sql:
        variants.append("baseline")
        sql_dirs["baseline"] = overlay_sql(args.baseline_sql.resolve(), work)
        rebuilds["baseline"] = []
    try:
        for round_number in range(args.repeats):
            shift = round_number % len(variants)
            for key in variants[shift:] + variants[:shift]:
                path = stores["demo" if key == "demo" else "big"]
                figures = time_rebuild(path, sql_dirs[key])
                rebuilds[key].append(figures)
                print(
                    f"round {round_number + 1}/{args.repeats} rebuild {key:<8} "
                    f"{figures['total']:6.2f} s (rebuild_series {figures['rebuild_series']:.2f} s)",
                    flush=True,
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    counts = {k: store_counts(p) for k, p in stores.items()}  # after the rebuilds
    for i in range(args.reads):
        for key in ("big", "demo") if i % 2 == 0 else ("demo", "big"):
            cold[key].append(time_cold_read(stores[key]))
    for key in ("big", "demo"):
        warm[key] = time_warm_reads(stores[key], args.warm_reads)
    print(summarise(rebuilds, cold, warm, counts, names, load_before))
    if args.baseline_sql:
        print(baseline_summary(rebuilds, args.baseline_sql))
    if args.profile:
        print("\ncProfile of one big rebuild (cumulative):")
        print(profile_rebuild(stores["big"]))
    for family in args.explain:
        try:
            family_explain(stores["big"], family)
        except _Rollback as plan:
            print(f"\nEXPLAIN ANALYZE {family} (big store):\n{plan.args[0]}")
    if args.json:
        args.json.write_text(
            json.dumps({"rebuilds": rebuilds, "cold": cold, "warm": warm, "counts": counts}),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
