"""An analyst's upload, end to end in a real browser: the real Streamlit server in local mode (no
sign-in configured), Debian's chromium driven by Playwright, a CSV chosen through the page's real
file input, the preview, "Commit this import", and the overview showing the new week.

The store is a synthetic demo store ending on Sunday 30 March 2025; the upload adds the contacts of
the following week (Monday 31 March to Sunday 6 April 2025), so the overview's tiles must move on to
"period ending 06 Apr 2025".

Local mode serves a store only while it holds synthetic data (see pipelines/access.py): the upload
is real data, so the test's config copy sets ``access.allow_local_mode_with_real_data = true``;
with the shipped config the dashboard would, correctly, lock itself after the commit. Adding real
data to the synthetic store is refused unless asked for, so the test ticks that box first.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_helpers import CHROMIUM, CHROMIUM_ARGS
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from pipelines.demo_store import build_demo_store

pytestmark = pytest.mark.browser

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_END = dt.date(2025, 3, 30)  # a Sunday: the demo store's last week ends here
NEW_WEEK = [DEMO_END + dt.timedelta(days=d) for d in range(1, 8)]  # Mon 31/03 … Sun 06/04/2025
CONTACTS = 294  # 42 a day
SERVER_START_SECONDS = 90
FIRST_LOAD_MS = 60_000
COMMIT_MS = 120_000

SOURCES = ("Police", "Health", "Education", "Self/family", "Local authority", "Other")
OUTCOMES = (
    "No further action",
    "Information and advice",
    "Early help",
    "Assessment",
    "Strategy discussion",
)


def new_week_contacts_csv() -> str:
    """Contacts received in the week after the demo store's last one, most of them decided.

    Ids start with N so they cannot clash with the demo's C0000001-style contact ids; the last
    contact of each day is still awaiting screening (blank decision and outcome).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["Contact ID", "Child ID", "Received At", "Source", "Decision At", "Outcome", "Team"]
    )
    per_day = CONTACTS // len(NEW_WEEK)
    for n in range(CONTACTS):
        day = NEW_WEEK[n // per_day]
        received = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(minutes=13 * (n % per_day))
        awaiting = n % per_day == per_day - 1
        decided = received + dt.timedelta(minutes=30 + 7 * (n % 30))  # the same day
        writer.writerow(
            [
                f"N{n + 1:07d}",
                f"NCH{n % 250 + 1:06d}",
                f"{received:%d/%m/%Y %H:%M}",
                SOURCES[n % len(SOURCES)],
                "" if awaiting else f"{decided:%d/%m/%Y %H:%M}",
                "" if awaiting else OUTCOMES[n % len(OUTCOMES)],
                "IAA Hub",
            ]
        )
    return out.getvalue()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate, wait, and kill if it does not stop in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


def wait_for_health(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited ({process.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"streamlit did not answer {url} in time:\n{log.read_text()}")


def demo_store(root: Path) -> Path:
    """A small synthetic demo store (weeks up to Sunday 30 March 2025) under ``root``."""
    store = root / "store" / "dashboard.duckdb"
    build_demo_store(store, end_date=DEMO_END, out_dir=root / "demo-csv", out=io.StringIO())
    return store


def app_folder(root: Path) -> Path:
    """A working directory for the server with the project's .streamlit/config.toml.

    Streamlit reads .streamlit/ (config and secrets) from its working directory, so the tests
    never run it from the project root, where a developer's own secrets.toml may be.
    """
    workdir = root / "app"
    (workdir / ".streamlit").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / ".streamlit" / "config.toml", workdir / ".streamlit" / "config.toml")
    return workdir


@contextlib.contextmanager
def streamlit_server(
    workdir: Path, env: dict[str, str], *, port: int | None = None, secrets: Path | None = None
) -> Iterator[str]:
    """``streamlit run dashboard.py`` on 127.0.0.1 from ``workdir``; yields the base URL and
    stops the server on exit. ``secrets``: the secrets file, else one that does not exist."""
    port = port or free_port()
    secrets = secrets or workdir / ".streamlit" / "no-secrets.toml"
    log = workdir / "streamlit.log"
    with log.open("wb") as log_handle:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(PROJECT_ROOT / "dashboard.py"),
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
                "--secrets.files",
                str(secrets),
            ],
            cwd=workdir,
            env={**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **env},
            stdout=log_handle,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_health(f"{base}/_stcore/health", process, log)
        yield base
    finally:
        stop_process(process)


@pytest.fixture(scope="module")
def local_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard in local mode on a small demo store of its own; yields its base URL."""
    root = tmp_path_factory.mktemp("browser-upload")
    store = demo_store(root)
    config = root / "config.toml"
    text = (PROJECT_ROOT / "config.toml").read_text(encoding="utf-8")
    assert "allow_local_mode_with_real_data = false" in text
    config.write_text(
        text.replace(
            "allow_local_mode_with_real_data = false", "allow_local_mode_with_real_data = true"
        ),
        encoding="utf-8",
    )
    env = {"DASHBOARD_DB": str(store), "DASHBOARD_CONFIG": str(config)}
    with streamlit_server(app_folder(root), env) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium through Playwright (Playwright's own browser download does not work)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def tile(page: Page, name: str) -> Locator:
    """The overview tile whose heading is ``name``: the block nearest around the heading."""
    return page.get_by_role("heading", name=name, exact=True).locator(
        "xpath=ancestor::div[@data-testid='stVerticalBlock'][1]"
    )


def test_upload_a_new_week_through_the_browser(
    local_server: str, browser: Browser, tmp_path: Path
) -> None:
    extract = tmp_path / "contacts_2025-04-06.csv"
    extract.write_text(new_week_contacts_csv(), encoding="utf-8", newline="")

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(local_server)
        expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=FIRST_LOAD_MS)
        backlog = tile(page, "IAA backlog: contacts awaiting a decision")
        expect(backlog).to_contain_text("In the week ending 30 March 2025", timeout=FIRST_LOAD_MS)
        backlog_before = int(backlog.locator("[data-tile-value]").inner_text())

        page.get_by_role("link", name="Upload an extract").click()
        expect(page.get_by_role("heading", name="Upload an extract")).to_be_visible(
            timeout=FIRST_LOAD_MS
        )
        page.set_input_files("[data-testid='stFileUploaderDropzoneInput']", str(extract))
        expect(page.get_by_text(f"{extract.name} passed every check")).to_be_visible(
            timeout=COMMIT_MS
        )
        expect(page.get_by_role("heading", name="What this import would change")).to_be_visible(
            timeout=COMMIT_MS
        )
        new_records = page.get_by_test_id("stMetric").filter(has_text="New records")
        expect(new_records).to_contain_text(f"{CONTACTS}")
        expect(page.get_by_text("The file covers 31 March 2025 to 06 April 2025")).to_be_visible()

        # The demo store is synthetic: adding a real file to it must be asked for (issue 9).
        commit = page.get_by_role("button", name="Commit this import")
        expect(commit).to_be_disabled()
        page.get_by_text("Add this real file to the synthetic demo data anyway").click()
        expect(commit).to_be_enabled(timeout=COMMIT_MS)
        commit.click()
        expect(page.get_by_text("The dashboard now shows the new figures")).to_be_visible(
            timeout=COMMIT_MS
        )
        expect(page.get_by_text(f"{CONTACTS} rows", exact=False)).to_be_visible()

        # The same session moves on to the new data as at date at once...
        page.get_by_role("link", name="Overview").click()
        expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=FIRST_LOAD_MS)
        expect(page.get_by_text("Data as at 06 April 2025")).to_be_visible(timeout=FIRST_LOAD_MS)
        # ...but its sidebar date range (session state, key "date_range" in ui/filters.py) still
        # ends on 30/03/2025, which crops the new week out of the tiles: so the tiles are checked
        # in a new session, as a leader opening the dashboard after the import would see them.
        page.reload()
        expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=FIRST_LOAD_MS)
        expect(page.get_by_text("In the week ending 06 April 2025").first).to_be_visible(
            timeout=FIRST_LOAD_MS
        )
        received = tile(page, "Contacts received (children)")
        expect(received).to_contain_text("In the week ending 06 April 2025")
        expect(received.locator("[data-tile-value]")).to_have_text(f"{CONTACTS}")
        backlog = tile(page, "IAA backlog: contacts awaiting a decision")
        expect(backlog).to_contain_text("In the week ending 06 April 2025")
        # One contact a day is left awaiting screening; the demo's open contacts stay open.
        expect(backlog.locator("[data-tile-value]")).to_have_text(
            f"{backlog_before + len(NEW_WEEK)}"
        )
        expect(page.get_by_text("Data as at 06 April 2025")).to_be_visible()
    finally:
        context.close()
