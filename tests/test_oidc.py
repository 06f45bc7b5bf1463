"""Sign-in through the real OpenID Connect redirect, and the roles and session age that follow.

Everything is real except the identity provider: the Streamlit server (``streamlit run
dashboard.py``) with an ``[auth]`` section in its ``.streamlit/secrets.toml``, Streamlit's own
OIDC routes (``/auth/login``, ``/oauth2callback``) and Authlib, Debian's chromium driven by
Playwright, and a mock provider, ``tests/oidc/server.js`` (oauth2-mock-server on 127.0.0.1,
which approves every authorisation request at once). The provider adds the claims a test chooses
to the ID token it signs (its ``beforeTokenSigning`` hook reads them from a JSON file), so each
test decides who signs in next.

Streamlit (1.67, Starlette server) copies the ID token's claims into its signed user cookie and
so into ``st.user`` (Authlib's ``UserInfo`` keeps every claim, ``iat`` and ``groups`` included),
which is what ui/auth.py gives pipelines/access.py. So the session-age check works as written: a
token without ``iat`` would count as expired, and the analyst's fresh sign-in below would fail.

Needs Node.js and ``npm ci --prefix tests/oidc`` (``make test`` does both).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from test_browser_upload import (  # the live-server helpers, shared with the upload test
    PROJECT_ROOT,
    app_folder,
    browser,  # noqa: F401  (a fixture)
    demo_store,
    free_port,
    stop_process,
    streamlit_server,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("oidc")]

OIDC_DIR = PROJECT_ROOT / "tests" / "oidc"
PROVIDER_START_SECONDS = 30
LOAD_MS = 60_000  # a first page load builds caches: seconds, not milliseconds

ANALYST = {"sub": "user-analyst", "email": "analyst@example.org", "groups": ["analysts-group"]}
VIEWER = {
    "sub": "user-viewer",
    "email": "viewer@example.org",
    "email_verified": True,  # listed emails match only a verified email claim
    "groups": ["another-group"],
}
STRANGER = {"sub": "user-stranger", "email": "stranger@example.org", "groups": ["unlisted-group"]}


def as_shown(text: str) -> str:
    """``text`` as the page draws it: claims are shown through pipelines.presentation.plain, which
    puts an invisible word joiner after "@" so that an email is never made into a link."""
    return text.replace("@", "@\u2060")


@dataclass
class Provider:
    """The running mock provider, and the claims its next ID token will carry."""

    url: str
    claims_file: Path

    def next_user(self, claims: dict[str, object]) -> None:
        self.claims_file.write_text(json.dumps(claims), encoding="utf-8")


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed: `make test` installs it (target oidc-deps)")
    if not (OIDC_DIR / "node_modules" / "oauth2-mock-server").is_dir():
        pytest.fail("run `npm ci --prefix tests/oidc` first (`make test` does it)")
    root = tmp_path_factory.mktemp("oidc-provider")
    claims_file = root / "claims.json"
    claims_file.write_text("{}", encoding="utf-8")
    ready = root / "provider.out"
    log = root / "provider.log"
    with ready.open("wb") as out, log.open("wb") as err:
        process = subprocess.Popen(
            [node, str(OIDC_DIR / "server.js"), "0", str(claims_file)],
            stdout=out,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + PROVIDER_START_SECONDS
        while not ready.read_text().endswith("\n"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the mock provider did not start:\n{log.read_text()}")
            time.sleep(0.1)
        issuer = json.loads(ready.read_text())["issuer"]
        assert issuer.startswith("http://127.0.0.1:")
        yield Provider(issuer, claims_file)
    finally:
        stop_process(process)


@pytest.fixture(scope="module")
def app(provider: Provider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard with sign-in configured; yields its base URL."""
    root = tmp_path_factory.mktemp("oidc-app")
    store = demo_store(root)
    config = root / "config.toml"
    text = (PROJECT_ROOT / "config.toml").read_text(encoding="utf-8")
    # The shipped [access] defaults these tests rely on, and the two lists they fill in.
    for line in ('role_claim = "groups"', 'default_role = ""', "max_session_minutes = 480"):
        assert f"\n{line}\n" in text, f"config.toml's [access] no longer has {line!r}"
    for line, replacement in (
        ("analysts = []", 'analysts = ["analysts-group"]'),
        ("viewers = []", 'viewers = ["viewer@example.org"]'),
    ):
        assert f"\n{line}\n" in text, f"config.toml's [access] no longer has {line!r}"
        text = text.replace(f"\n{line}\n", f"\n{replacement}\n")
    config.write_text(text, encoding="utf-8")
    port = free_port()
    workdir = app_folder(root)
    secrets = workdir / ".streamlit" / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a cookie secret for the tests only, 0123456789abcdef"\n'
        'client_id = "dashboard-test-client"\n'
        'client_secret = "dashboard-test-secret"\n'
        f'server_metadata_url = "{provider.url}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    env = {"DASHBOARD_DB": str(store), "DASHBOARD_CONFIG": str(config)}
    with streamlit_server(workdir, env, port=port, secrets=secrets) as base:
        yield base


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:  # noqa: F811
    """A page in a new browser context: no cookies, so nobody is signed in yet."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        yield context.new_page()
    finally:
        context.close()


def expect_sign_in_screen(page: Page) -> None:
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible(timeout=LOAD_MS)
    expect(page.get_by_text("Sign in with your organisation account")).to_be_visible()
    expect_no_dashboard(page)


def expect_no_dashboard(page: Page) -> None:
    """Nothing of the dashboard: no data, no chrome, no page of its navigation, no uploader."""
    for text in ("Synthetic demonstration data", "Data as at", "Latest: period ending"):
        expect(page.get_by_text(text)).to_have_count(0)
    expect(page.get_by_role("heading", name="Overview")).to_have_count(0)
    for title in ("Overview", "Upload an extract", "Import history", "Data and imports"):
        expect(page.get_by_role("link", name=title, exact=True)).to_have_count(0)
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)


def sign_in(page: Page, app: str, provider: Provider, claims: dict[str, object]) -> list[str]:
    """Open the app, click "Sign in" and follow the redirects; return the URLs navigated."""
    provider.next_user(claims)
    navigated: list[str] = []
    page.on("request", lambda r: navigated.append(r.url) if r.is_navigation_request() else None)
    page.goto(app)
    expect_sign_in_screen(page)
    with page.expect_response(
        lambda response: response.url.startswith(f"{app}/oauth2callback?"), timeout=LOAD_MS
    ):
        page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"{app}/", timeout=LOAD_MS)
    return navigated


def test_sign_in_screen_shows_nothing_of_the_dashboard(app: str, page: Page) -> None:
    page.goto(app)
    expect_sign_in_screen(page)
    # A page's URL opened directly gets the sign-in screen too.
    for path in ("upload-extract", "data-and-imports"):
        page.goto(f"{app}/{path}")
        expect_sign_in_screen(page)
    # Before sign-in the sign-in screen is the only registered page (ui/auth.py registers it with
    # a hidden navigation), so the sidebar lists no page, not even the files in pages/.
    page.goto(app)
    expect_sign_in_screen(page)
    expect(page.get_by_test_id("stSidebarNavLink")).to_have_count(0)
    # A file in pages/ opened by its own name in this session shows the sign-in screen too (a
    # fresh session would get only ui/guard.py's link; tests/test_pages.py checks the guard).
    page.goto(f"{app}/upload")
    expect_sign_in_screen(page)
    expect_no_dashboard(page)


def test_analyst_group_signs_in_through_the_provider_and_can_upload(
    app: str, provider: Provider, page: Page
) -> None:
    navigated = sign_in(page, app, provider, ANALYST)
    # The real redirect: Streamlit's login route, the provider, and back to Streamlit's callback.
    hops = [url.split("?")[0] for url in navigated]
    assert f"{app}/auth/login" in hops
    assert f"{provider.url}/authorize" in hops
    assert f"{app}/oauth2callback" in hops
    assert hops.index(f"{app}/auth/login") < hops.index(f"{provider.url}/authorize")
    assert hops.index(f"{provider.url}/authorize") < hops.index(f"{app}/oauth2callback")

    # The email is listed nowhere: the role comes from the groups claim.
    expect(page.get_by_text(as_shown("Signed in as analyst@example.org (analyst)"))).to_be_visible(
        timeout=LOAD_MS
    )
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=LOAD_MS)
    upload = page.get_by_role("link", name="Upload an extract")
    expect(upload).to_be_visible()
    upload.click()
    expect(page.get_by_test_id("stFileUploader")).to_be_visible(timeout=LOAD_MS)

    page.get_by_role("button", name="Sign out").click()
    expect_sign_in_screen(page)


def test_listed_viewer_email_sees_the_dashboard_but_cannot_upload(
    app: str, provider: Provider, page: Page
) -> None:
    sign_in(page, app, provider, VIEWER)
    expect(page.get_by_text(as_shown("Signed in as viewer@example.org (viewer)"))).to_be_visible(
        timeout=LOAD_MS
    )
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=LOAD_MS)
    expect(page.get_by_text("In the week ending").first).to_be_visible(timeout=LOAD_MS)
    expect(page.get_by_role("link", name="Data and imports")).to_be_visible()
    for title in ("Upload an extract", "Import history"):
        expect(page.get_by_role("link", name=title)).to_have_count(0)

    # Not registered for a viewer, so the URL does not open it (the default page runs instead).
    page.goto(f"{app}/upload-extract")
    expect(page.get_by_text(as_shown("Signed in as viewer@example.org (viewer)"))).to_be_visible(
        timeout=LOAD_MS
    )
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=LOAD_MS)
    expect(page.get_by_role("heading", name="Upload an extract")).to_have_count(0)
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)


def test_user_in_no_list_has_no_role(app: str, provider: Provider, page: Page) -> None:
    sign_in(page, app, provider, STRANGER)
    expect(
        page.get_by_text(
            as_shown("stranger@example.org is signed in but has no role for this dashboard.")
        )
    ).to_be_visible(timeout=LOAD_MS)
    expect_no_dashboard(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_sign_in_older_than_the_maximum_session_age_must_be_renewed(
    app: str, provider: Provider, page: Page
) -> None:
    nine_hours_ago = int(time.time()) - 9 * 3600  # config: max_session_minutes = 480
    sign_in(page, app, provider, {**ANALYST, "iat": nine_hours_ago})
    expect(page.get_by_text("Your sign-in has expired. Please sign in again.")).to_be_visible(
        timeout=LOAD_MS
    )
    expect_no_dashboard(page)

    # Signing in again gets a new ID token (issued now), which is accepted.
    provider.next_user(ANALYST)
    page.get_by_role("button", name="Sign in again").click()
    expect_sign_in_screen(page)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text(as_shown("Signed in as analyst@example.org (analyst)"))).to_be_visible(
        timeout=LOAD_MS
    )
    expect(page.get_by_role("link", name="Upload an extract")).to_be_visible()
