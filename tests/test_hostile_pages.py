"""Every registered page, driven with hostile query parameters and hostile store values, renders
no link, image, HTML, markdown directive or traceback from them (issue 9, items 17 and 18).

The store is a copy of the synthetic demo store with hostile values written straight into it
(not through the import, whose rules would refuse some of them: a store written by an older
version, or by hand, may hold anything): team and service names, an inspection finding, its report
and inspectorate, a file name and who imported it. Each page runs through ``dashboard.py`` with
the hostile values in its URL and the team filter set to a hostile team. Every string a page hands
to something that renders markdown (markdown, captions, titles, headers, alerts, expander, metric
and widget labels) must hold the hostile text only escaped: none of the raw markers below may
appear, and no value may run on for thousands of characters.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dashboard_helpers import DEMO_END, PROJECT_ROOT, demo_store, write_config
from streamlit.testing.v1 import AppTest

from pipelines.store import read_connection, write_transaction
from ui.chrome import MIXED_BANNER
from ui.registry import PAGES, PageSpec

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")
TIMEOUT = 90

LINK = "[Your session expired - sign in here](https://evil.example/login)"
IMAGE = "![pixel](https://evil.example/pixel.png)"
HTML = (
    '<img src="https://evil.example/x.png" onerror="alert(1)"><a href="https://evil.example">x</a>'
)
FORMULA = '=HYPERLINK("https://evil.example","open")'
DIRECTIVE = ":red[**URGENT**] :material/warning: $x^2$"
LONG = "W" * 5000 + LINK
HOSTILE_TEAMS = (LINK, IMAGE, HTML, FORMULA, DIRECTIVE, LONG)
# Raw (unescaped) text that would render as a link, an image, HTML, a colour or icon directive,
# or maths; a backslash before the character means markdown shows it literally.
MARKERS = {
    "a link or image": re.compile(r"(?<!\\)\]\("),
    "an <img> tag": re.compile(r"(?<!\\)<img"),
    "an <a> tag": re.compile(r"(?<!\\)<a\s"),
    "a colour directive": re.compile(r"(?<!\\):red\["),
    "an icon directive": re.compile(r"(?<!\\):material/"),
    "maths": re.compile(r"(?<!\\)\$x\^2"),
}
# GitHub-flavoured markdown links bare URLs and emails even when their punctuation is escaped, so
# these are looked for in the text as markdown reads it (escapes removed).
BARE_LINKS = re.compile(r"(?i)(https?|ftp)://|www\.|[\w.+-]+@[\w-]+\.")
# st.html bodies are our own markup (icons are <img> tags with data: URIs) and are not read as
# markdown; in them a hostile value is live only as markup of its own: a tag or an attribute
# pointing outside, or an event handler.
HTML_MARKERS = {
    "a live outside link or image": re.compile(r"(?i)(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//"),
    "an event handler": re.compile(r"(?i)<[^>]*\son\w+\s*="),
    "a hostile tag": re.compile(r"(?i)<(?:a|script|iframe|object|embed|form)\b"),
}
WIDGETS = {"selectbox", "multiselect", "radio", "checkbox", "text_input", "date_input", "button"}
TOO_LONG = "W" * 2001

HOSTILE_QUERY = {
    "id": LINK,
    "period": HTML,
    "breakdown": IMAGE,
    "value": LINK,
    "rebase": "not-a-date",
}


def _insert_hostile_values(store: Path) -> None:
    day = dt.datetime.combine(DEMO_END - dt.timedelta(days=5), dt.time(9))
    with write_transaction(store) as con:
        con.execute(
            "INSERT INTO import_batches VALUES (?, 'contacts', ?, ?, ?, 0, ?, ?, true)",
            [901, LINK + HTML, "f" * 64, len(HOSTILE_TEAMS), dt.datetime(2025, 3, 30), IMAGE],
        )
        for n, team in enumerate(HOSTILE_TEAMS):
            con.execute(
                "INSERT INTO raw_contacts VALUES (?, ?, ?, 'police', NULL, NULL, ?, 901, ?)",
                [f"HOSTILE{n}", f"HK{n}", day + dt.timedelta(hours=n), team, n + 2],
            )
        con.execute(
            "INSERT INTO import_batches VALUES (902, 'inspection_concerns', 'r.csv', ?, 1, 0, "
            "?, 'x', false)",
            ["e" * 64, dt.datetime(2025, 3, 30)],
        )
        con.execute(
            "INSERT INTO raw_inspection_concerns VALUES (?, ?, ?, DATE '2024-01-10', "
            "DATE '2024-03-01', 'people', ?, 'fd_iaa_backlog', 902, 2)",
            [LINK, HTML, IMAGE, LONG + DIRECTIVE],
        )
        con.execute(
            "INSERT INTO import_batches VALUES (903, 'service_referrals', 's.csv', ?, 1, 0, "
            "?, 'x', true)",
            ["d" * 64, dt.datetime(2025, 3, 30)],
        )
        con.execute(
            "INSERT INTO raw_service_referrals VALUES ('HR1', 'HK1', ?, DATE '2025-03-03', NULL, "
            "NULL, 903, 2)",
            [LINK + IMAGE],
        )


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile_store")
    store = folder / "dashboard.duckdb"
    shutil.copyfile(demo_store(tmp_path_factory), store)
    _insert_hostile_values(store)
    con = read_connection(store)
    try:
        teams = {r[0] for r in con.execute("SELECT DISTINCT team FROM contacts").fetchall()}
    finally:
        con.close()
    assert set(HOSTILE_TEAMS) <= teams
    return store


@pytest.fixture
def app(hostile_store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[AppTest]:
    monkeypatch.setenv("DASHBOARD_DB", str(hostile_store))
    monkeypatch.setenv("DASHBOARD_CONFIG", str(write_config(tmp_path, local_mode_role="admin")))
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    yield at


def walk(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def rendered_strings(at: AppTest) -> list[tuple[str, str]]:
    """(element type, text) for every string an element renders as markdown: bodies and labels
    (table cells and select-box options are drawn as plain text by Streamlit)."""
    found = []
    for root in (at.main, at.sidebar):
        for node in walk(root):
            kind = getattr(node, "type", type(node).__name__)
            if kind in ("dataframe", "arrow_data_frame", "plotly_chart"):
                continue
            attributes = ("label", "help", "placeholder")
            if kind not in WIDGETS:  # a widget's value is drawn as plain text
                attributes = ("value", "body", *attributes)
            for attribute in attributes:
                try:
                    text = getattr(node, attribute, None)
                except Exception:  # some elements compute these from widget state
                    continue
                if isinstance(text, str) and text:
                    found.append((f"{kind}.{attribute}", text))
    return found


def assert_nothing_live(at: AppTest, where: str) -> None:
    assert not at.exception, f"{where}: {[e.message for e in at.exception]}"
    problems = []
    for kind, text in rendered_strings(at):
        # st.html is our own markup, st.text plain text: neither reads markdown, and plain text
        # cannot hold markup at all.
        as_html = kind.startswith(("html.", "text."))
        markers = {} if kind.startswith("text.") else HTML_MARKERS if as_html else MARKERS
        for name, marker in markers.items():
            if marker.search(text):
                problems.append(f"{kind} holds {name}: {text[:160]!r}")
        if not as_html and BARE_LINKS.search(re.sub(r"\\(.)", r"\1", text)):
            problems.append(f"{kind} holds a bare link: {text[:160]!r}")
        if TOO_LONG in text:
            problems.append(f"{kind} runs on for {len(text):,} characters")
    assert not problems, f"{where}:\n" + "\n".join(problems)


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_with_hostile_values_renders_them_as_plain_text(
    spec: PageSpec, app: AppTest
) -> None:
    app.session_state["team"] = LINK  # the sidebar's team filter, on a hostile team
    app.query_params.update(HOSTILE_QUERY)
    app.switch_page(spec.path).run()
    assert_nothing_live(app, spec.url_path)
    assert app.title, f"{spec.url_path} drew no title"


@pytest.mark.parametrize(
    "team", HOSTILE_TEAMS, ids=["link", "image", "html", "formula", "md", "long"]
)
def test_the_detail_page_on_a_hostile_team(team: str, app: AppTest) -> None:
    detail = next(p for p in PAGES if p.url_path == "indicator-detail")
    app.query_params.update(
        {"id": "fd_iaa_backlog", "period": "week", "breakdown": "team", "value": team}
    )
    app.switch_page(detail.path).run()
    assert_nothing_live(app, f"detail page, team {team[:20]!r}")
    assert [s.value for s in app.selectbox if s.label == "Which"] == [team]


def test_a_bad_rebase_date_in_the_url_gets_a_plain_message(app: AppTest) -> None:
    detail = next(p for p in PAGES if p.url_path == "indicator-detail")
    app.query_params.update({"id": "fd_iaa_backlog", "rebase": "not-a-date"})
    app.switch_page(detail.path).run()
    assert not app.exception
    assert any("is not a date (YYYY-MM-DD)" in w.value for w in app.warning)


def test_a_store_with_synthetic_and_real_data_says_it_is_mixed(
    hostile_store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from dashboard_helpers import real_contacts_csv

    from pipelines.ingest import prepare
    from pipelines.store import import_prepared

    store = tmp_path / "mixed.duckdb"
    shutil.copyfile(hostile_store, store)
    prepared = prepare(real_contacts_csv(tmp_path / "real.csv", 20), "contacts", today=DEMO_END)
    import_prepared(store, prepared, imported_by="test", mix_with_synthetic=True)
    monkeypatch.setenv("DASHBOARD_DB", str(store))
    config = write_config(tmp_path, local_mode_role="admin", allow_local_mode_with_real_data=True)
    monkeypatch.setenv("DASHBOARD_CONFIG", str(config))
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert MIXED_BANNER in [w.value for w in at.warning]
    assert not at.info or all("Synthetic demonstration data" not in i.value for i in at.info)
