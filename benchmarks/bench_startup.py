"""What ``python -m pipelines import`` spends before it reads the file: the start-up of a process
that loads the command line (issue 10).

Timed side by side, alternating, each a fresh Python process (wall time of the whole process):

- **ours**: ``import pipelines.cli`` (everything the import command loads before it opens the
  file: polars, DuckDB, pandera's polars backend, the contracts, the store).
- **ours with pandas**: the same after ``import pandas``: what it cost before pandera was imported
  without pandas (``pipelines/extracts/pandera_polars.py``), and what it still costs in a process
  that has pandas already.
- **floor**: ``import polars, duckdb``, the libraries no import can do without.
- **python**: an empty interpreter.

Run from the project root: ``.venv/bin/python benchmarks/bench_startup.py [--repeats 7]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = {
    "ours": "import pipelines.cli",
    "ours with pandas": "import pandas; import pipelines.cli",
    "floor": "import polars, duckdb",
    "python": "pass",
}


def run(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    before = "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    names = list(VARIANTS)
    times: dict[str, list[float]] = {name: [] for name in names}
    run(VARIANTS["ours"])  # untimed: bytecode caches
    for round_ in range(args.repeats):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            times[name].append(run(VARIANTS[name]))
    after = "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    print(f"{before} before, {after} after ({os.cpu_count()} CPUs), {args.repeats} rounds\n")
    print("| Process | best s | median s |\n|---|---:|---:|")
    for name in names:
        print(
            f"| {name} (`{VARIANTS[name]}`) | {min(times[name]):.2f} | "
            f"{statistics.median(times[name]):.2f} |"
        )
    print("\n| Ratio (per round) | median | range |\n|---|---:|---:|")
    for a, b in (("ours", "ours with pandas"), ("ours", "floor")):
        ratios = [x / y for x, y in zip(times[a], times[b], strict=True)]
        print(
            f"| {a} / {b} | {statistics.median(ratios):.2f}x | "
            f"{min(ratios):.2f}-{max(ratios):.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
