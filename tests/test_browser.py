"""The dashboard end to end in a real browser: the real Streamlit server (local mode, no sign-in
configured) on the synthetic demo store, Debian's chromium driven by Playwright.

- The overview loads; a tile's "Open the chart: <indicator>" button opens the detail page with the
  choices in the URL; the SPC chart renders with its inspection markers and process change.
- Every registered page opens by its URL with no exception shown.
- axe finds no serious or critical accessibility violation on any page, apart from one known
  defect in Streamlit's own sidebar navigation markup (see ``STREAMLIT_OWN``).
- A keyboard-only walk of the overview: Tab reaches "What changed", the summary table and every
  tile's button in reading order, each with a visible focus ring of at least 3:1, and Enter opens
  the chart.
- At 1366x768 the overview shows figures without scrolling; there is no Deploy button.

The server listens on 127.0.0.1 only, on a free port, and is stopped by the fixture. Timeouts are
generous: the first page load can take ten seconds or more on a small shared machine.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlparse

import pytest
from dashboard_helpers import CHROMIUM, CHROMIUM_ARGS, PROJECT_ROOT, demo_store

from pipelines.catalogue import headline_indicators, load_catalogue
from pipelines.config import CONFIG_FILE, load_settings
from ui.registry import PAGES, PageSpec, pages_for

pytestmark = pytest.mark.browser

SERVER_START_SECONDS = 90
LOAD_MS = 90_000  # a page's first load, its script run and its charts
DETAIL = next(p for p in PAGES if p.path == "pages/indicator.py")
OVERVIEW = next(p for p in PAGES if p.default)
TILE_BUTTON = "Open the chart: "
EXCEPTION = "[data-testid='stException']"
SETTLED = "[data-testid='stApp'][data-test-connection-state='CONNECTED'][data-test-script-state='notRunning']"
SERIOUS = ("serious", "critical")
# Violations that come from Streamlit's own markup, which we cannot change without CSS or scripts
# aimed at Streamlit internals: rule id -> the Streamlit element every reported node must be in.
# Streamlit's sidebar navigation with sections (st.navigation given a dict) renders
# <ul data-testid="stSidebarNavItems"> whose children are one <div> per section, each holding a
# <header> and the section's <li> items: the <ul> has non-<li> children ("list") and the <li> have
# a <div>, not a list, as parent ("listitem"). Only nodes inside the navigation are excused; the
# same rules still apply everywhere else on the page.
STREAMLIT_OWN = {
    "list": "[data-testid='stSidebarNav']",
    "listitem": "[data-testid='stSidebarNav']",
}


# --- the server and the browser -------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    return CHROMIUM


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    pytest.fail(f"streamlit did not answer within {SERVER_START_SECONDS} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def server(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard served on 127.0.0.1 from the demo store; yields its base URL."""
    store = demo_store(tmp_path_factory)
    port = free_port()
    env = {**os.environ, "DASHBOARD_DB": str(store)}
    env.pop("DASHBOARD_CONFIG", None)  # the project's config.toml
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard.py",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # Other work may save project files while the test runs: no reloads mid-test.
        "--server.fileWatcherType",
        "none",
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_healthy(base, process, log)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=server)
    tab = context.new_page()
    tab.set_default_timeout(LOAD_MS)
    try:
        yield tab
    finally:
        context.close()


# --- helpers --------------------------------------------------------------------------------------


def settle(page: Any) -> None:
    """Wait until the session is connected and its script run has finished, and for any fade."""
    page.wait_for_selector(SETTLED, timeout=LOAD_MS)
    page.wait_for_timeout(500)


def open_page(page: Any, url: str, heading: str | re.Pattern[str] | None = None) -> None:
    page.goto(url)
    title = page.locator("h1").first
    title.wait_for()
    if heading is not None:
        page.get_by_role("heading", level=1, name=heading).wait_for()
    settle(page)


def open_overview(page: Any) -> None:
    open_page(page, "/", OVERVIEW.title)
    tile_buttons(page).first.wait_for()
    settle(page)


def label_of(text: str) -> str:
    """A button's words without its icon (Streamlit draws the icon as a ligature word first)."""
    return text.strip().splitlines()[-1].strip() if text.strip() else ""


def tile_buttons(page: Any) -> Any:
    return page.get_by_role("button", name=re.compile(rf"^{re.escape(TILE_BUTTON)}"))


def assert_no_exception(page: Any, where: str) -> None:
    shown = page.locator(EXCEPTION)
    assert shown.count() == 0, f"{where}: {shown.first.inner_text()[:2000]}"


def query(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(url).query).items()}


def wait_for_chart(page: Any) -> None:
    page.locator(".js-plotly-plot .main-svg").first.wait_for()
    settle(page)


# --- the tests ------------------------------------------------------------------------------------


def test_a_tile_opens_its_chart_and_definition(page: Any) -> None:
    open_overview(page)
    assert_no_exception(page, "overview")
    button = tile_buttons(page).first
    name = label_of(button.inner_text()).removeprefix(TILE_BUTTON)
    indicator = next(i for i in load_catalogue().values() if i.name == name)

    button.click()
    page.wait_for_url(re.compile(rf"/{re.escape(DETAIL.url_path)}\?"), timeout=LOAD_MS)
    page.get_by_role("heading", level=1, name=indicator.name).wait_for()
    wait_for_chart(page)
    assert query(page.url) == {
        "id": indicator.id,
        "period": "week",
        "breakdown": "total",
        "value": "All",
    }
    assert page.locator(".js-plotly-plot").count() >= 1
    assert page.locator(".js-plotly-plot .main-svg").first.is_visible()
    markers = page.locator(".js-plotly-plot .annotation-text")
    markers.filter(has_text=re.compile("inspection", re.IGNORECASE)).first.wait_for()
    markers.filter(has_text="Process change: Managed care team period ends").first.wait_for()
    page.get_by_role("heading", name="Definition").wait_for()
    assert page.get_by_text("What it measures", exact=True).count() == 1
    # The icons beside the chart are images with their meaning as alt text.
    assert page.locator("[data-testid='stHtml'] img[alt]").count() >= 1
    assert_no_exception(page, "detail page")


def local_pages() -> tuple[PageSpec, ...]:
    """The pages local mode registers with the project's config (the server's settings)."""
    return pages_for(str(load_settings(CONFIG_FILE).access.get("local_mode_role", "admin")))


def not_found_notice(page: Any) -> Any:
    return page.get_by_role("dialog").filter(has_text="Page not found")


def test_a_link_to_a_page_opens_it_without_a_page_not_found_notice(
    browser: Any, server: str
) -> None:
    # A new session (a board member's link, a bookmark) at a page's own address: Streamlit's
    # first run says "Page not found" over the right page unless we close it; a mistyped
    # address keeps the notice and shows the home page.
    for path, expect_notice in ((f"/{DETAIL.url_path}", False), ("/no-such-page", True)):
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=server)
        tab = context.new_page()
        tab.set_default_timeout(LOAD_MS)
        try:
            tab.goto(path)
            tab.locator("h1").first.wait_for()
            settle(tab)
            tab.wait_for_timeout(1500)  # the script closes the notice within 4 s
            assert (not_found_notice(tab).count() > 0) is expect_notice, path
        finally:
            context.close()


def serious_violations(page: Any, where: str) -> list[str]:
    """axe's serious and critical violations, printed in full, less those of Streamlit's own
    markup listed in ``STREAMLIT_OWN`` (only where every node is inside that element)."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    problems = []
    for violation in result.response["violations"]:
        nodes = violation["nodes"]
        print(f"axe {where}: {violation['id']} ({violation['impact']}) {violation['help']}")
        for node in nodes:
            print(f"    {node['target']}: {node['html'][:160]}")
        if violation["impact"] not in SERIOUS:
            continue
        container = STREAMLIT_OWN.get(violation["id"])
        if container and all(_inside(page, node["target"], container) for node in nodes):
            print(f"    (Streamlit's own markup, inside {container}: excused)")
            continue
        problems.append(f"{where}: {violation['id']} on {[n['target'] for n in nodes]}")
    return problems


def _inside(page: Any, target: list[str], container: str) -> bool:
    if len(target) != 1:  # a node in a frame or shadow root: not Streamlit's navigation
        return False
    return bool(
        page.evaluate(
            "([selector, container]) => {"
            " const node = document.querySelector(selector);"
            " return node !== null && node.closest(container) !== null; }",
            [target[0], container],
        )
    )


def test_every_page_opens_by_its_url_with_no_exception_and_no_serious_accessibility_violation(
    page: Any,
) -> None:
    # One walk of every page (each page's load is the slow part): opened by its address, it is
    # the page asked for, titled as registered, and axe finds nothing serious on it.
    open_overview(page)  # a session that has run the entry point, as a user's would have
    names = {i.name for i in load_catalogue().values()}
    problems: list[str] = []
    for spec in local_pages():
        open_page(page, f"/{spec.url_path}")
        current = page.locator(
            "[data-testid='stSidebarNavLink'][aria-current='page'] [data-testid='stMarkdownContainer']"
        )
        assert current.inner_text().strip() == spec.title, f"/{spec.url_path} opened another page"
        heading = page.locator("h1").first.inner_text().strip()
        # Titled as registered, or (detail page, board view) with the indicator shown.
        assert heading in {spec.title} | names, f"/{spec.url_path} shows {heading!r}"
        assert page.get_by_text("open the dashboard").count() == 0, f"/{spec.url_path}: guard"
        assert_no_exception(page, f"/{spec.url_path}")
        if page.locator(".js-plotly-plot").count():
            wait_for_chart(page)
        problems += serious_violations(page, f"/{spec.url_path}")
    open_page(
        page,
        f"/{DETAIL.url_path}?id=wf_caseload_avg&period=week&breakdown=team&value=IAA+Hub",
        load_catalogue()["wf_caseload_avg"].name,
    )
    problems += serious_violations(page, "detail page, a slice that is not applicable")
    assert not problems, "\n".join(problems)


def _focused(page: Any) -> dict[str, Any]:
    """What has the keyboard focus: its role, text and focus ring."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return {tag: 'body', text: '', ring: ''};
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(),
                text: (el.innerText || el.getAttribute('aria-label') || '').trim(),
                ring: style.boxShadow,
                outline: style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor,
                inMain: !!el.closest('[data-testid="stMain"]'),
            };
        }"""
    )


def _ring_contrast(ring: str) -> float:
    """Contrast on white of a 'rgba(r, g, b, a) 0px 0px 0px 3px' focus ring, composited."""
    match = re.search(r"rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)", ring)
    assert match, ring
    r, g, b = (int(x) for x in match.groups()[:3])
    alpha = float(match.group(4) or 1)
    blended = [alpha * c + (1 - alpha) * 255 for c in (r, g, b)]

    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * linear(blended[0]) + 0.7152 * linear(blended[1]) + 0.0722 * linear(blended[2])
    return 1.05 / (lum + 0.05)


def test_a_keyboard_only_walk_of_the_overview(page: Any) -> None:
    open_overview(page)
    page.locator("h1").first.click()  # start reading at the title, as a keyboard user would
    seen: list[dict[str, Any]] = []
    for _ in range(120):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if focused["inMain"]:
            seen.append(focused)
        done = [f for f in seen if label_of(f["text"]).startswith(TILE_BUTTON)]
        if len(done) == len(headline_names()):
            break
    for focused in seen:
        focused["text"] = label_of(focused["text"])
    texts = [f["text"] for f in seen]
    opened = [t for t in texts if t.startswith(TILE_BUTTON)]
    assert [t.removeprefix(TILE_BUTTON) for t in opened] == headline_names(), texts
    # The summary table's entries come before the tiles, each named after its indicator.
    table = [t for t in texts if any(t.startswith(f"{n}: ") for n in headline_names())]
    assert len(table) == len(headline_names())
    assert texts.index(table[0]) < texts.index(opened[0])
    # Every button shows where the focus is: a ring of at least 3:1 against the white page.
    for focused in seen:
        if focused["tag"] == "button":
            assert focused["ring"] not in ("", "none"), focused
            assert _ring_contrast(focused["ring"]) >= 3, focused
    # Enter on the focused tile button opens its chart.
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/{re.escape(DETAIL.url_path)}\?"), timeout=LOAD_MS)
    name = opened[-1].removeprefix(TILE_BUTTON)
    page.get_by_role("heading", level=1, name=name).wait_for()


def headline_names() -> list[str]:
    return [i.name for i in headline_indicators_in_tile_order()]


def headline_indicators_in_tile_order() -> list[Any]:
    """Tiles are drawn by theme (in order of first appearance), each theme in catalogue order,
    three to a row; Streamlit's columns sit side by side in the page, so the reading (and Tab)
    order runs down the first column's tiles, then the second's, then the third's."""
    themes: dict[str, list[Any]] = {}
    for indicator in headline_indicators():
        themes.setdefault(indicator.theme, []).append(indicator)
    ordered = []
    for tiles in themes.values():
        for column in range(3):
            ordered += tiles[column::3]
    return ordered


def test_at_1366_by_768_figures_show_without_scrolling(browser: Any, server: str) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, base_url=server)
    small = context.new_page()
    small.set_default_timeout(LOAD_MS)
    try:
        open_overview(small)
        figures = small.get_by_role("button", name=re.compile(r": \d"))
        visible = [
            box
            for box in (figures.nth(k).bounding_box() for k in range(figures.count()))
            if box is not None and box["y"] + box["height"] <= 768
        ]
        assert visible, "no figure is on the first screen"
        assert small.locator("[data-testid='stAppDeployButton']").count() == 0
    finally:
        context.close()


# --- hostile links and outside hosts (issue 9, items 17, 18 and 23) -------------------------------

PHISHING = "[Your session expired - sign in here](https://evil.example/login)"


def test_no_outside_host_is_fetched_and_a_hostile_url_draws_no_link(page: Any, server: str) -> None:
    """Every request a page load makes goes to the dashboard itself (the page icon and fonts are
    served locally: a council network may block outside hosts, and they would learn who looks);
    a markdown link or a bad date in the URL is shown as text, with no traceback."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_overview(page)
    open_page(page, f"/{DETAIL.url_path}?id={quote(PHISHING)}&rebase=not-a-date")
    wait_for_chart(page)
    assert_no_exception(page, "detail page with a hostile URL")
    links = page.locator("a[href*='evil.example']")
    assert links.count() == 0, [
        links.nth(n).evaluate("e => e.outerHTML") for n in range(links.count())
    ]
    assert page.locator("img[src*='evil.example']").count() == 0
    page.get_by_text("Your session expired - sign in here", exact=False).first.wait_for()
    page.get_by_text("is not a date (YYYY-MM-DD)", exact=False).first.wait_for()
    outside = [url for url in requested if not url.startswith((server, "data:", "blob:", "about:"))]
    assert not outside, f"requests to outside hosts: {sorted(set(outside))}"
    icons = page.locator("link[rel~='icon']")
    assert icons.count() >= 1
    for n in range(icons.count()):
        href = icons.nth(n).get_attribute("href") or ""
        assert not href.startswith(("http://", "https://")) or href.startswith(server), href
