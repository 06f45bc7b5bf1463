"""The board's presentation mode in a real browser at 1920x1080 (Debian's chromium, the real
Streamlit server on a private copy of the demo store): every story of the default deck shows its
headline, chart, finding and actions inside the viewport with no scrollbar and no sidebar, and
the arrow keys and a clicker's PageUp/PageDown move between stories."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dashboard_helpers import CHROMIUM, CHROMIUM_ARGS, demo_store, write_config
from test_browser_upload import app_folder, streamlit_server

from pipelines.board.story import default_deck
from pipelines.catalogue import load_catalogue
from pipelines.store import read_connection

pytestmark = pytest.mark.browser

LOAD_MS = 120_000
SETTLED = (
    "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
    "[data-test-script-state='notRunning']"
)
WIDTH, HEIGHT = 1920, 1080
# Elements that scroll although their content fits (a fraction of a pixel of rounding).
SCROLLING = """() => [...document.querySelectorAll('*')].filter(e => {
  const s = getComputedStyle(e);
  return ['auto', 'scroll'].includes(s.overflowY) && e.scrollHeight > e.clientHeight + 1;
}).map(e => e.tagName + ' ' + e.scrollHeight + '>' + e.clientHeight)"""
BOTTOM = "e => e.getBoundingClientRect().bottom"


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    copy = tmp_path_factory.mktemp("board_browser") / "store" / "demo.duckdb"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(demo_store(tmp_path_factory), copy)
    from pipelines import read_models

    con = read_connection(copy)
    try:
        names = [load_catalogue()[i].name for i in default_deck(read_models.concern_register(con))]
    finally:
        con.close()
    return copy, names


@pytest.fixture(scope="module")
def server(deck: tuple[Path, list[str]], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    root = tmp_path_factory.mktemp("board_viewer")
    config = write_config(root, local_mode_role="viewer")
    env = {"DASHBOARD_DB": str(deck[0]), "DASHBOARD_CONFIG": str(config)}
    with streamlit_server(app_folder(root), env) as base:
        yield base


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, base_url=server)
        tab = context.new_page()
        tab.set_default_timeout(LOAD_MS)
        try:
            yield tab
        finally:
            browser.close()


def settle(page: Any) -> None:
    page.wait_for_selector(SETTLED, timeout=LOAD_MS)
    page.wait_for_timeout(800)


def title(page: Any) -> str:
    return page.locator("h1").first.inner_text()


def test_every_story_fits_the_screen_and_the_keys_move_between_them(
    page: Any, deck: tuple[Path, list[str]], tmp_path: Path
) -> None:
    _, names = deck
    page.goto("/board-view?present=1")
    settle(page)
    page.keyboard.press("Escape")  # Streamlit's "Page not found" notice on a deep link (#9992)
    assert page.locator("[data-testid='stSidebar']").count() == 0, "no sidebar when presenting"
    seen = []
    for number, name in enumerate(names, start=1):
        assert title(page) == name, f"story {number}"
        seen.append(name)
        assert page.evaluate(SCROLLING) == [], f"story {number} scrolls"
        headline = page.locator(".board-headline")
        chart = page.locator(".js-plotly-plot").first
        finding = page.locator(".board-side h3", has_text="What the inspectors found")
        actions = page.locator(".board-side h3", has_text="Actions")
        for part in (headline, chart, finding, actions):
            part.wait_for()
            assert part.evaluate(BOTTOM) <= HEIGHT, f"story {number}: below the screen"
        assert page.locator(".board-side").evaluate(BOTTOM) <= HEIGHT
        assert re.search(
            r"Story \d+ of \d+ .* synthetic demonstration data", page.inner_text("body")
        )
        if number <= 2:
            page.screenshot(path=str(tmp_path / f"story-{number}.png"))
        page.keyboard.press("ArrowRight" if number % 2 else "PageDown")
        page.wait_for_function(
            "name => document.querySelector('h1') && document.querySelector('h1').innerText !== name",
            arg=name,
        )
        settle(page)
    assert title(page) == names[0], "after the last story, the first"
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("name => document.querySelector('h1').innerText === name", arg=names[-1])
    page.keyboard.press("PageUp")
    page.wait_for_function("name => document.querySelector('h1').innerText === name", arg=names[-2])
    assert seen == names and names[0] == "IAA backlog: contacts awaiting a decision"


def test_axis_labels_are_legible_across_the_room(page: Any) -> None:
    page.goto("/board-view?present=1")
    settle(page)
    page.locator(".js-plotly-plot .xtick text").first.wait_for()
    sizes = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot .xtick text, "
        ".js-plotly-plot .ytick text')].map(t => parseFloat(getComputedStyle(t).fontSize))"
    )
    assert sizes and min(sizes) >= 20, sizes
