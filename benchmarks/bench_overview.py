"""How long the overview takes to compute on the server, on a million-contact store against the demo.

What is timed, side by side in one run, alternating between a store holding ``--contacts`` contacts
(and proportionate assessments, workers, allocations and service referrals over six years, from
``bigdata.py``) and the demo store (``build_demo_store`` with end date 2025-03-30):

- ``page``: the whole overview as a user's first visit runs it: ``dashboard.py`` through Streamlit's
  AppTest (page config, access check, chrome, filters, then ``pages/overview.py``: the series of
  every catalogue indicator, "What changed", the tiles with their sparklines), with Streamlit's
  caches cleared before every run, so the store is attached afresh and every query runs.
- ``pipeline``: the same reads and computations without Streamlit: a fresh ``read_connection``,
  ``store_summary``, ``series_meta`` and ``teams`` (what the chrome and filters read), then
  ``read_models.chart_rows`` for all catalogue ids, ``crop``, ``changes_this_period`` and
  ``build_tiles``; timed per step as well, so a step that grows with the store is named.

Goal: big / demo median ratio <= 1.3 (the overview reads precomputed series, so its cost should
hardly grow with the extracts). The machine is shared and noisy: each figure is the median (and the
best) of several runs, the order of the two stores alternates between rounds, and one untimed
warm-up run per store and measure comes first.

Both stores are cached under ``benchmarks/out/``; the big one is built on first use (a few
minutes). Run from the project root:
``.venv/bin/python benchmarks/bench_overview.py [--contacts 1000000] [--repeats 7]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import logging
import os
import shlex
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bigdata  # noqa: E402

from pipelines import read_models  # noqa: E402
from pipelines.catalogue import load_catalogue  # noqa: E402
from pipelines.overview import build_tiles, changes_this_period, crop  # noqa: E402
from pipelines.store.reader import first_row, read_connection  # noqa: E402

DEMO_END = dt.date(2025, 3, 30)
GOAL_RATIO = 1.3
PERIOD = "week"


# --- the stores -----------------------------------------------------------------------------------


def _own_big_store(contacts: int, seed: int) -> Path:
    """Fallback when no shared builder exists: import bigdata's files into a cached store."""
    from pipelines.ingest import prepare
    from pipelines.store.writer import import_many

    path = bigdata.OUT_DIR / f"overview-store-n{contacts}-seed{seed}-v{bigdata.GENERATOR_VERSION}"
    path = path.with_suffix(".duckdb")
    if path.exists():
        return path
    files = bigdata.generate(contacts, seed=seed)
    prepared = [prepare(csv, kind, today=bigdata.END_DATE) for kind, csv in files.items()]
    import_many(path, prepared, imported_by="benchmark", synthetic=True)
    return path


def _own_demo_store() -> Path:
    from pipelines.demo_store import build_demo_store

    path = bigdata.OUT_DIR / f"overview-demo-end{DEMO_END:%Y%m%d}.duckdb"
    if not path.exists():
        build_demo_store(
            path, end_date=DEMO_END, out_dir=bigdata.OUT_DIR / "demo-extracts", out=io.StringIO()
        )
    return path


def store_builders() -> tuple[Callable[[int, int], Path], Callable[[], Path], str]:
    """The cached store builders: bigdata's if it has them, else bench_build's, else our own."""
    if hasattr(bigdata, "big_store") and hasattr(bigdata, "demo_store"):
        return bigdata.big_store, bigdata.demo_store, "bigdata.py"
    try:
        import bench_build

        return bench_build.big_store, bench_build.demo_store, "bench_build.py"
    except (ImportError, AttributeError):
        return _own_big_store, _own_demo_store, "bench_overview.py"


def describe(path: Path) -> str:
    con = read_connection(path)
    try:
        contacts = first_row(con, "SELECT count(*) FROM contacts")[0]
        series = first_row(con, "SELECT count(*) FROM indicator_series")[0]
    finally:
        con.close()
    size = path.stat().st_size / 1e6
    return f"{contacts:,} contacts, {series:,} series rows, {size:,.1f} MB"


# --- the measurements -----------------------------------------------------------------------------


def _day(value: object) -> dt.date | None:
    """The filters' default date range is made of dates (the sidebar's date input)."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def time_pipeline(path: Path) -> dict[str, float]:
    """The overview's reads and computations on a fresh connection, without Streamlit: seconds
    per step and in total."""
    ids = tuple(load_catalogue())
    steps: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        steps[step] = now - clock
        clock = now

    con = read_connection(path)
    try:
        lap("attach")
        read_models.store_summary(con)
        lap("store_summary")
        meta = read_models.series_meta(con)
        read_models.teams(con)
        lap("series_meta + teams")
        first, last = (_day(meta.get(k)) for k in ("data_from", "data_as_at"))
        rows = crop(read_models.chart_rows(con, ids, PERIOD), first, last)
        lap("chart_rows (all ids)")
        changes_this_period(rows)
        for tile in build_tiles(rows, rows, None):
            _ = tile.latest, tile.change
        lap("changes + tiles")
    finally:
        con.close()
    steps["total"] = sum(steps.values())
    return steps


def _fresh_app(path: Path) -> Any:
    """An AppTest of dashboard.py reading ``path``, with Streamlit's caches cleared (untimed).

    Outside a script run Streamlit warns that there is no runtime or script context, which is
    expected here: those warnings are silenced while the app is prepared.
    """
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["DASHBOARD_DB"] = str(path)
    logging.disable(logging.WARNING)
    try:
        st.cache_data.clear()
        st.cache_resource.clear()
        return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    finally:
        logging.disable(logging.NOTSET)


def time_page(path: Path) -> dict[str, float]:
    """One run of dashboard.py's default page (the overview) through AppTest, caches cleared."""
    app = _fresh_app(path)
    started = time.perf_counter()
    app.run()
    elapsed = time.perf_counter() - started
    if app.exception:
        raise RuntimeError(f"the overview raised: {[e.message for e in app.exception]}")
    if [t.value for t in app.title] != ["Overview"] or not app.metric:
        raise RuntimeError("the run did not draw the overview with its tiles")
    return {"total": elapsed}


MEASURES: dict[str, Callable[[Path], dict[str, float]]] = {
    "page": time_page,
    "pipeline": time_pipeline,
}
Times = dict[tuple[str, str, str], list[float]]  # (measure, step, store) -> seconds per run


def measure(stores: dict[str, Path], repeats: int) -> Times:
    times: Times = {}
    for measure_name, function in MEASURES.items():
        for path in stores.values():
            function(path)  # warm-up: imports, the OS file cache, Plotly's template
        for round_index in range(repeats):
            order = list(stores.items())
            if round_index % 2:
                order.reverse()  # alternate which store goes first, so drift falls on both
            for store_name, path in order:
                for step, seconds in function(path).items():
                    times.setdefault((measure_name, step, store_name), []).append(seconds)
    return times


def summarise(times: Times, repeats: int) -> str:
    """Medians (best, worst) per measure and step for both stores, and the big / demo ratio."""
    header = (
        f"{'measure / step':<32} {'big: median (best-worst)':>26} {'demo: median (best-worst)':>28}"
    )
    lines = [f"{repeats} runs per store, milliseconds", header, "-" * (len(header) + 14)]
    steps = dict.fromkeys((m, s) for m, s, _ in times)
    verdicts = []
    for measure_name, step in steps:
        figures = {}
        for store_name in ("big", "demo"):
            values = [v * 1e3 for v in times[(measure_name, step, store_name)]]
            figures[store_name] = (statistics.median(values), min(values), max(values))
        ratio = figures["big"][0] / figures["demo"][0]
        label = measure_name if step == "total" else f"  {measure_name}: {step}"
        big, demo = figures["big"], figures["demo"]
        lines.append(
            f"{label:<32} {big[0]:>9.1f} ({big[1]:>6.1f}-{big[2]:>7.1f}) "
            f"{demo[0]:>10.1f} ({demo[1]:>6.1f}-{demo[2]:>7.1f})   ratio {ratio:.2f}"
        )
        if step == "total":
            verdict = "meets" if ratio <= GOAL_RATIO else "MISSES"
            verdicts.append(
                f"ratio big / demo, {measure_name}: {ratio:.2f} ({verdict} the goal <= {GOAL_RATIO})"
            )
    return "\n".join([*lines, "", *verdicts])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=bigdata.DEFAULT_SEED)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    os.environ.pop("DASHBOARD_CONFIG", None)

    command = shlex.join([Path(sys.executable).name, *sys.argv])
    print(f"command: {command}")
    big_store, demo_store, source = store_builders()
    stores = {"big": big_store(args.contacts, args.seed), "demo": demo_store()}
    print(f"stores (builders from {source}):")
    for name, path in stores.items():
        print(f"  {name:<5} {path.relative_to(ROOT)}: {describe(path)}")
    started = time.perf_counter()
    times = measure(stores, args.repeats)
    print(summarise(times, args.repeats))
    print(f"(measured in {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
