"""Every page of the dashboard, run through Streamlit's AppTest against the synthetic demo store.

The page list comes from ``ui.registry.PAGES``, so a page added there is tested here without
editing this file. What the pages show is checked against the store read directly (not through
the page's own code): the overview's tiles against the series, "What changed" against the SPC
columns of ``indicator_series``, the concerns page against the register file, the detail page
against the catalogue. Access: the synthetic banner, local mode refusing a store with real data,
a viewer not reaching pages above their role, and page scripts run directly drawing only the
guard's link.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dashboard_helpers import PROJECT_ROOT, demo_store, real_store, write_config
from streamlit.testing.v1 import AppTest

from pipelines import read_models
from pipelines.access import allows
from pipelines.catalogue import headline_indicators, load_catalogue
from pipelines.config import REFERENCE_DIR
from pipelines.presentation.formatting import format_value
from pipelines.presentation.plain import plain
from pipelines.store import read_connection
from ui.chrome import SYNTHETIC_BANNER
from ui.registry import PAGES, PageSpec, pages_for

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")
TIMEOUT = 60  # seconds per script run: generous, the machine is small and shared
GUARD_LINK = "[open the dashboard](/)"
DETAIL = next(p for p in PAGES if p.path == "pages/indicator.py")
# A page is titled with its registry title, or (the detail page, the board view) with the name of
# the indicator it shows. Falling back to another page (e.g. the overview) matches neither.
INDICATOR_NAMES = {i.name for i in load_catalogue().values()}


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_store(tmp_path_factory)


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return real_store(tmp_path_factory.mktemp("real_store"))


@pytest.fixture
def use_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Any]:
    """``use_store(store, **settings)``: the dashboard reads ``store`` with a private copy of
    config.toml (settings changed as given; local mode as admin unless said otherwise)."""

    def use(store: Path, **settings: object) -> Path:
        settings.setdefault("local_mode_role", "admin")
        config = write_config(tmp_path, **settings)
        monkeypatch.setenv("DASHBOARD_DB", str(store))
        monkeypatch.setenv("DASHBOARD_CONFIG", str(config))
        return config

    yield use


# --- helpers --------------------------------------------------------------------------------------


def run_app(page: PageSpec | None = None, **query: str) -> AppTest:
    """Run dashboard.py, then (if given) switch to ``page`` with the query parameters."""
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    if page is not None:
        at.query_params.update(query)
        at.switch_page(page.path).run()
    return at


def walk(node: Any) -> Iterator[Any]:
    """Every node of an AppTest element tree, depth first, in page order."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def section(at: AppTest, header: str) -> list[str]:
    """The markdown texts drawn between the top-level header ``header`` and the next header."""
    texts: list[str] = []
    inside = False
    for node in at.main.children.values():
        if node.type == "header":
            if inside:
                break
            inside = node.value == header
        elif inside and node.type == "markdown":
            texts.append(node.value)
    assert inside or texts, f"no header {header!r} on the page"
    return texts


def tile_metrics(at: AppTest) -> dict[str, Any]:
    """The st.metric of every tile, by the indicator name in bold at the top of its tile."""
    found = {}
    for block in walk(at.main):
        children = list(getattr(block, "children", {}).values())
        metrics = [c for c in children if c.type == "metric"]
        if metrics:
            heading = next(c for c in children if c.type == "markdown").value
            found[heading.removeprefix("**").split("**")[0]] = metrics[0]
    return found


def latest_points(store: Path, indicator_ids: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """The latest valued weekly all-teams point of each indicator, read directly."""
    con = read_connection(store)
    try:
        rows = read_models.chart_rows(con, indicator_ids, "week")
    finally:
        con.close()
    latest = {}
    for row in rows.filter(rows["value"].is_not_null()).sort("period_end").iter_rows(named=True):
        latest[row["indicator_id"]] = row
    return latest


def assert_renders(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not any(GUARD_LINK in m.value for m in at.markdown), "the guard stopped the page"


# --- every page -----------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_every_registered_page_renders(spec: PageSpec, demo: Path, use_store: Any) -> None:
    use_store(demo)
    at = run_app(spec)
    assert_renders(at)
    titles = [t.value for t in at.title]
    assert len(titles) == 1, titles
    assert titles[0] in {spec.title} | INDICATOR_NAMES
    assert len(at.main.children) >= 3, "a title alone is not content"
    assert any(i.value == SYNTHETIC_BANNER for i in at.info)


# --- the overview ---------------------------------------------------------------------------------


def test_overview_tiles_show_the_series_values(demo: Path, use_store: Any) -> None:
    use_store(demo)
    at = run_app()
    assert_renders(at)
    assert [t.value for t in at.title] == ["Overview"]
    headline = headline_indicators()
    latest = latest_points(demo, tuple(i.id for i in headline))
    metrics = tile_metrics(at)
    with_data = [i for i in headline if i.id in latest]
    assert with_data, "the demo store should give the headline indicators weekly figures"
    assert sorted(metrics) == sorted(i.name for i in with_data)
    for indicator in with_data:
        point = latest[indicator.id]
        metric = metrics[indicator.name]
        assert metric.value == format_value(point["value"], indicator.unit), indicator.id
        assert metric.label == f"Latest: period ending {point['period_end']:%d %b %Y}"
    no_data = len(headline) - len(with_data)
    shown = [m for m in at.markdown if m.value == "No data for this period type."]
    assert len(shown) == no_data


def expected_special_cause(store: Path) -> set[str]:
    """Indicators whose latest weekly all-teams point is special cause (not trial limits) and
    falls in the latest period of all: computed here in SQL, independently of the page."""
    con = read_connection(store)
    try:
        rows = con.execute(
            """
            WITH valued AS (
                SELECT * FROM indicator_series
                WHERE period_type = 'week' AND breakdown = 'total' AND value IS NOT NULL
            ),
            last_point AS (
                SELECT indicator_id, max(period_end) AS period_end FROM valued GROUP BY ALL
            )
            SELECT valued.indicator_id
            FROM valued INNER JOIN last_point USING (indicator_id, period_end)
            WHERE valued.period_end = (SELECT max(period_end) FROM valued)
              AND valued.point_type IS NOT NULL
              AND valued.point_type <> 'common_cause'
              AND NOT valued.trial
            """
        ).fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


def bullet_indicator(bullet: str, names: dict[str, str]) -> str:
    """The indicator a "What changed" bullet is about (longest name it starts with)."""
    matches = [n for n in names if bullet.startswith(f"- {plain(n)} ")]
    assert matches, f"bullet names no indicator: {bullet}"
    return names[max(matches, key=len)]


def test_what_changed_lists_exactly_the_special_cause_indicators(
    demo: Path, use_store: Any
) -> None:
    use_store(demo)
    at = run_app()
    assert_renders(at)
    expected = expected_special_cause(demo)
    texts = section(at, "What changed")
    bullets = [t for t in texts if t.startswith("- ")]
    names = {i.name: i.id for i in load_catalogue().values()}
    listed = [bullet_indicator(b, names) for b in bullets]
    assert expected, "the demo store should show special cause somewhere, or this proves little"
    assert len(listed) == len(set(listed)), f"an indicator is listed twice: {listed}"
    assert set(listed) == expected
    assert len(bullets) == len(texts), "only bullets under What changed"


# --- the concerns page ----------------------------------------------------------------------------


def test_concerns_page_lists_every_finding_of_the_register(demo: Path, use_store: Any) -> None:
    use_store(demo)
    page = next(p for p in PAGES if p.path == "pages/concerns.py")
    at = run_app(page)
    assert_renders(at)
    with (REFERENCE_DIR / "inspection_concerns.csv").open(encoding="utf-8", newline="") as f:
        register = list(csv.DictReader(f))
    assert register
    shown = [m.value for m in at.markdown]
    for row in register:
        line = f"**{plain(row['Concern ID'])}** — {plain(row['Finding'], 2000)}"
        assert shown.count(line) == 1, f"{row['Concern ID']} is not listed once"


# --- the detail page ------------------------------------------------------------------------------


def detail_choice(store: Path) -> tuple[str, str]:
    """An indicator other than the page's default with a monthly team breakdown, and the last of
    its teams (not the first, which the page would pick by itself)."""
    con = read_connection(store)
    try:
        for indicator_id in load_catalogue():
            if indicator_id == "fd_iaa_backlog":
                continue
            if "team" in read_models.breakdowns(con, indicator_id, "month"):
                rows = read_models.breakdown_rows(con, indicator_id, "month", "team")
                teams = sorted(rows["breakdown_value"].unique().to_list())
                if len(teams) > 1:
                    return indicator_id, teams[-1]
    finally:
        con.close()
    raise AssertionError("no indicator with a monthly team breakdown in the demo store")


def test_detail_page_honours_its_query_parameters(demo: Path, use_store: Any) -> None:
    use_store(demo)
    indicator_id, team = detail_choice(demo)
    indicator = load_catalogue()[indicator_id]
    at = run_app(DETAIL, id=indicator_id, period="month", breakdown="team", value=team)
    assert_renders(at)
    assert [t.value for t in at.title] == [indicator.name]
    chosen = {(s.label, s.key): s.value for s in at.selectbox}
    assert chosen[("Indicator", None)] == indicator_id
    assert chosen[("Period", "detail_period")] == "month"
    assert chosen[("Breakdown", None)] == "team"
    assert chosen[("Which", None)] == team
    shown = [m.value for m in at.markdown]
    assert f"**What it measures:** {plain(indicator.definition, 2000)}" in shown
    assert f"**How it is counted:** {plain(indicator.counting_rule, 2000)}" in shown
    assert f"**Standard and source:** {plain(indicator.standard_and_source, 2000)}" in shown
    params = {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert params == {"id": indicator_id, "period": "month", "breakdown": "team", "value": team}


def test_detail_page_names_an_unknown_indicator(demo: Path, use_store: Any) -> None:
    use_store(demo)
    at = run_app(DETAIL, id="no_such_indicator")
    assert_renders(at)
    assert any(plain("no_such_indicator") in e.value for e in at.error)
    assert [t.value for t in at.title] == [load_catalogue()["fd_iaa_backlog"].name]


# --- synthetic data and local mode ----------------------------------------------------------------


def test_synthetic_banner_on_the_demo_store(demo: Path, use_store: Any) -> None:
    use_store(demo)
    at = run_app()
    assert_renders(at)
    assert [i.value for i in at.info].count(SYNTHETIC_BANNER) == 1


def test_local_mode_refuses_a_store_with_real_data(real: Path, use_store: Any) -> None:
    config = use_store(real, allow_local_mode_with_real_data=False)
    assert "allow_local_mode_with_real_data = false" in config.read_text(encoding="utf-8")
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.message for e in at.exception]
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "holds real data" in errors[0], errors
    assert len(at.main.children) == 1, "nothing but the refusal may be drawn"
    assert not at.title and not at.metric and not at.info
    assert not at.sidebar.children, "no filters, no navigation"


def test_local_mode_shows_real_data_when_allowed(real: Path, use_store: Any) -> None:
    config = use_store(real, allow_local_mode_with_real_data=True)
    assert "allow_local_mode_with_real_data = true" in config.read_text(encoding="utf-8")
    at = run_app()
    assert_renders(at)
    assert [t.value for t in at.title] == ["Overview"]
    assert at.metric, "the contacts tiles show the imported figures"
    assert SYNTHETIC_BANNER not in [i.value for i in at.info]
    assert not at.error
    notices = [w.value for w in at.sidebar.warning]
    assert any("allows local mode with real data" in n for n in notices), notices


# --- roles ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_a_viewer_reaches_only_pages_for_viewers(
    spec: PageSpec, demo: Path, use_store: Any
) -> None:
    use_store(demo, local_mode_role="viewer")
    for_viewer = allows("viewer", spec.min_role)
    assert (spec in pages_for("viewer")) == for_viewer
    at = run_app()
    assert any("(viewer)" in c.value for c in at.sidebar.caption)
    if for_viewer:
        at.switch_page(spec.path).run()
        assert_renders(at)
        assert at.title
    else:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(spec.path)


# --- the guard ------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_a_page_run_directly_draws_only_the_guard_link(
    spec: PageSpec, demo: Path, use_store: Any
) -> None:
    use_store(demo)
    at = AppTest.from_file(str(PROJECT_ROOT / spec.path), default_timeout=TIMEOUT).run()
    assert not at.exception, [e.message for e in at.exception]
    drawn = list(at.main.children.values())
    assert len(drawn) == 1 and drawn[0].type == "markdown", drawn
    assert GUARD_LINK in drawn[0].value
    assert not at.sidebar.children
