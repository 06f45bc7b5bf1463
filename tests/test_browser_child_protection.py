"""A viewer on the child protection page, in a real browser (Debian's chromium, the real Streamlit
server in local mode with the viewer role, on a private copy of the demo store): whatever the URL
says and whatever is chosen in the sidebar, no child's id is ever sent to the browser (every
websocket frame the server sends is searched, not only what is drawn), the list says who may see
it, and nothing is written to the access log."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dashboard_helpers import CHROMIUM, CHROMIUM_ARGS, demo_store, write_config
from test_browser_upload import app_folder, streamlit_server

from pipelines.store.access_log import read_access_log

pytestmark = pytest.mark.browser

LOAD_MS = 120_000
SETTLED = (
    "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
    "[data-test-script-state='notRunning']"
)
CHILD_ID = re.compile(rb"CH\d{6}")
LOCKED = "shown to managers, analysts and administrators only"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("cp_browser") / "store" / "demo.duckdb"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(demo_store(tmp_path_factory), copy)
    return copy


@pytest.fixture(scope="module")
def viewer_server(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    root = tmp_path_factory.mktemp("cp_viewer")
    config = write_config(root, local_mode_role="viewer")
    env = {"DASHBOARD_DB": str(store), "DASHBOARD_CONFIG": str(config)}
    with streamlit_server(app_folder(root), env) as base:
        yield base


@pytest.fixture
def page(viewer_server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, base_url=viewer_server
        )
        tab = context.new_page()
        tab.set_default_timeout(LOAD_MS)
        try:
            yield tab
        finally:
            browser.close()


def settle(page: Any) -> None:
    page.wait_for_selector(SETTLED, timeout=LOAD_MS)
    page.wait_for_timeout(800)


def test_a_viewer_is_never_sent_a_child_id(page: Any, store: Path) -> None:
    received: list[bytes] = []

    def record(socket: Any) -> None:
        socket.on(
            "framereceived",
            lambda frame: received.append(frame if isinstance(frame, bytes) else frame.encode()),
        )

    page.on("websocket", record)
    page.goto("/")  # a session that has run the entry point, as a user's would have
    settle(page)
    page.goto("/child-protection?team=Safeguarding%20North&list=cp_coming_due&role=manager")
    page.get_by_role("heading", level=1, name="Child protection").wait_for()
    settle(page)
    page.keyboard.press("Escape")  # Streamlit's "Page not found" notice on a deep link (9992)
    settle(page)
    assert page.get_by_text(LOCKED).count() >= 1
    assert page.locator("[data-testid='stException']").count() == 0
    # Choose a team in the sidebar: the list stays closed.
    team = page.get_by_label("Team").first
    team.click()
    page.keyboard.type("Safeguarding South")
    page.keyboard.press("Enter")
    settle(page)
    assert team.input_value() == "Safeguarding South"
    assert page.get_by_text(LOCKED).count() >= 1
    assert received, "the page's data arrives over the websocket"
    leaked = [m.group() for frame in received for m in CHILD_ID.finditer(frame)]
    assert not leaked, f"child ids sent to a viewer: {leaked[:5]}"
    assert not CHILD_ID.search(page.inner_text("body").encode())
    assert read_access_log(store).is_empty()
