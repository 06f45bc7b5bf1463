"""Stores and settings shared by the dashboard tests (test_pages.py, test_browser.py).

- :func:`demo_store` builds the synthetic demo store once per test process (a few seconds) and
  hands every caller the same file, which tests only read.
- :func:`real_store` builds a small store from one non-synthetic contacts import, the smallest
  store that counts as "real data" for local mode.
- :func:`write_config` writes a private copy of config.toml with some settings changed, for
  ``DASHBOARD_CONFIG``.

Plain functions, not fixtures: each test module wraps them in its own fixtures.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import threading
from html import unescape
from pathlib import Path
from typing import Any

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_END = dt.date(2025, 3, 30)  # a Sunday: the demo's last complete week ends on it
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; `make test` installs it
# Root in a sandbox with no network: no sandbox, no GPU, no background calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

_demo_lock = threading.Lock()
_demo_path: Path | None = None


def demo_store(factory: pytest.TempPathFactory) -> Path:
    """The demo store (end date 30 March 2025), built once per test process; never modify it."""
    global _demo_path
    from pipelines.demo_store import build_demo_store

    with _demo_lock:
        if _demo_path is None:
            folder = factory.mktemp("dashboard_demo")
            store = folder / "demo.duckdb"
            build_demo_store(store, end_date=DEMO_END, out_dir=folder / "csv", out=io.StringIO())
            _demo_path = store
        return _demo_path


def real_contacts_csv(path: Path, count: int = 150) -> Path:
    """A contacts extract of made-up records spread over eleven weeks of early 2025, every contact
    decided, written the way an analyst exports it (header labels, dd/mm/yyyy HH:MM)."""
    sources = ("Police", "Health", "Education", "Self/family", "Local authority", "Other")
    outcomes = (
        "No further action",
        "Information and advice",
        "Early help",
        "Assessment",
        "Strategy discussion",
    )
    first = dt.datetime(2025, 1, 6, 9, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(
            ["Contact ID", "Child ID", "Received At", "Source", "Decision At", "Outcome", "Team"]
        )
        for n in range(count):
            received = first + dt.timedelta(hours=12 * n)
            decided = received + dt.timedelta(hours=2 + (7 * n) % 40)
            writer.writerow(
                [
                    f"R{n:05d}",
                    f"RK{n % 60:04d}",
                    f"{received:%d/%m/%Y %H:%M}",
                    sources[n % len(sources)],
                    f"{decided:%d/%m/%Y %H:%M}",
                    outcomes[n % len(outcomes)],
                    "IAA Hub" if n % 3 else "Duty Team",
                ]
            )
    return path


def real_store(folder: Path) -> Path:
    """A store whose only import is a contacts extract imported with ``synthetic=False``, through
    the same ``prepare`` + ``import_prepared`` path as an analyst's import."""
    from pipelines.ingest import prepare
    from pipelines.store import import_prepared

    extract = real_contacts_csv(folder / "contacts.csv")
    store = folder / "store" / "dashboard.duckdb"
    store.parent.mkdir(parents=True, exist_ok=True)
    prepared = prepare(extract, "contacts", today=DEMO_END)
    import_prepared(store, prepared, imported_by="test", synthetic=False)
    return store


def write_config(folder: Path, **settings: object) -> Path:
    """config.toml with the named settings replaced (each must be on exactly one line of the
    file), e.g. ``write_config(tmp_path, local_mode_role="viewer")``; returns the new file."""
    text = (PROJECT_ROOT / "config.toml").read_text(encoding="utf-8")
    for key, value in settings.items():
        if isinstance(value, bool):
            literal = "true" if value else "false"
        elif isinstance(value, str):
            literal = f'"{value}"'
        else:
            literal = str(value)
        text, found = re.subn(rf"(?m)^{re.escape(key)} = .*$", f"{key} = {literal}", text)
        assert found == 1, f"config.toml has no single line for {key}"
    path = folder / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# The overview tile's figures as ui/components.tile_html draws them (our own markup).
TILE = re.compile(
    r'<h3[^>]*>(?P<name>.*?)</h3><p data-tile-value style="[^"]*">(?P<value>.*?)</p>'
    r'<p style="margin:0 0 0.3rem 0">(?P<when>.*?)\. (?P<change>.*?)\.</p>'
)


def html_bodies(node: Any) -> list[str]:
    """The HTML of every st.html element under an AppTest node, in page order."""
    found = [node.proto.body] if getattr(node, "type", "") == "html" else []
    for child in getattr(node, "children", {}).values():
        found += html_bodies(child)
    return found


def overview_tiles(node: Any) -> dict[str, dict[str, str]]:
    """Each overview tile's figures (name, value, when, change) by its heading, from AppTest."""
    found = {}
    for body in html_bodies(node):
        match = TILE.match(body)
        if match:
            found[unescape(match["name"])] = {k: unescape(v) for k, v in match.groupdict().items()}
    return found


def page_runner(
    store: Path, monkeypatch: pytest.MonkeyPatch, folder: Path, page_path: str, timeout: int = 180
) -> Any:
    """``run(who, path=page_path, **query)``: the dashboard as ``who`` in local mode on ``store``,
    switched to a page with the query parameters set (AppTest), failing on any exception."""
    from streamlit.testing.v1 import AppTest

    def run(who: str, path: str = page_path, **query: str) -> AppTest:
        config = write_config(folder, local_mode_role=who)
        monkeypatch.setenv("DASHBOARD_DB", str(store))
        monkeypatch.setenv("DASHBOARD_CONFIG", str(config))
        at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=timeout)
        at.run()
        at.query_params.update(query)
        at.switch_page(path).run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    return run


def drawn_texts(at: Any) -> list[str]:
    """Every text the page drew: markdown, captions, info boxes, headers and every table cell."""
    found = [e.value for kind in ("markdown", "caption", "info", "header", "subheader")
             for e in getattr(at, kind)]  # fmt: skip
    for frame in at.dataframe:
        found += [str(v) for v in frame.value.to_numpy().ravel()] + list(frame.value.columns)
    return found
