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
import datetime as dt
import re
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from dashboard_helpers import (
    PROJECT_ROOT,
    TILE,
    demo_store,
    html_bodies,
    overview_tiles,
    real_store,
    write_config,
)
from streamlit.testing.v1 import AppTest

from pipelines import read_models
from pipelines.access import allows
from pipelines.catalogue import headline_indicators, load_catalogue
from pipelines.config import REFERENCE_DIR
from pipelines.presentation.definitions import without_codes
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


def text_of(html: str) -> str:
    """The words of some HTML, as a screen reader would read them (images by their alt)."""
    html = re.sub(r'<img [^>]*alt="([^"]*)"[^>]*>', r" \1 ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(at: AppTest, header: str) -> list[str]:
    """The text of the list items drawn between the top-level header ``header`` and the next
    header (in st.html lists, and inside expanders)."""
    items: list[str] = []
    inside = False
    for node in at.main.children.values():
        if node.type == "header":
            if inside:
                break
            inside = node.value == header or node.value.startswith(f"{header} (")
        elif inside:
            for body in html_bodies(node):
                items += [text_of(li) for li in re.findall(r"<li[^>]*>(.*?)</li>", body, re.S)]
    assert inside or items, f"no header {header!r} on the page"
    return items


def tile_figures(at: AppTest) -> dict[str, dict[str, str]]:
    return overview_tiles(at.main)


def buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


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


def read_models_rows(store: Path, indicator_id: str) -> Any:
    con = read_connection(store)
    try:
        return read_models.series(con, indicator_id, "week", "total")
    finally:
        con.close()


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
    tiles = tile_figures(at)
    with_data = [i for i in headline if i.id in latest]
    assert with_data, "the demo store should give the headline indicators weekly figures"
    assert sorted(tiles) == sorted(i.name for i in with_data)
    for indicator in with_data:
        point = latest[indicator.id]
        tile = tiles[indicator.name]
        assert tile["value"] == format_value(point["value"], indicator.unit), indicator.id
        assert tile["when"] == f"In the week ending {point['period_end']:%d %B %Y}"


def test_every_chart_button_names_its_indicator(demo: Path, use_store: Any) -> None:
    # Issue 8: ten identical "Open the chart and its definition" links. Each button now says
    # which chart it opens, and the summary table lists every headline indicator once.
    use_store(demo)
    at = run_app()
    assert_renders(at)
    labels = buttons(at)
    opens = [b for b in labels if b.startswith("Open the chart: ")]
    assert len(opens) == len(set(opens)) == len(headline_indicators())
    names = {i.name for i in headline_indicators()}
    assert {b.removeprefix("Open the chart: ") for b in opens} == names
    in_table = [b for b in labels if any(b.startswith(f"{n}: ") for n in names)]
    assert len(in_table) == len(names)


def test_a_chart_button_opens_the_detail_page_with_its_choices(demo: Path, use_store: Any) -> None:
    use_store(demo)
    at = run_app()
    indicator = headline_indicators()[1]
    button = next(b for b in at.button if b.label == f"Open the chart: {indicator.name}")
    button.click().run()
    assert_renders(at)
    assert [t.value for t in at.title] == [indicator.name]
    params = {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert params == {"id": indicator.id, "period": "week", "breakdown": "total", "value": "All"}


def expected_special_cause(store: Path) -> set[str]:
    """Indicators whose latest judged weekly all-teams point is special cause, on a chart whose
    signal is not withheld: computed here in SQL, independently of the page."""
    con = read_connection(store)
    try:
        rows = con.execute(
            """
            WITH judged AS (
                SELECT * FROM indicator_series
                WHERE period_type = 'week' AND breakdown = 'total' AND value IS NOT NULL
                    AND point_type IS NOT NULL AND point_type <> 'not_judged'
            ),
            last_point AS (
                SELECT indicator_id, max(period_end) AS period_end FROM judged GROUP BY ALL
            )
            SELECT judged.indicator_id
            FROM judged INNER JOIN last_point USING (indicator_id, period_end)
            WHERE judged.point_type LIKE 'special_cause%' AND judged.withheld IS NULL
            """
        ).fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


def bullet_indicator(bullet: str, names: dict[str, str]) -> str:
    """The indicator a "What changed" bullet is about (longest name it starts with, alone or
    with its scope, e.g. "Name (Team): ...")."""
    matches = [n for n in names if bullet.startswith((f"{n}: ", f"{n} ("))]
    assert matches, f"bullet names no indicator: {bullet}"
    return names[max(matches, key=len)]


def test_what_changed_lists_exactly_the_special_cause_indicators(
    demo: Path, use_store: Any
) -> None:
    use_store(demo)
    at = run_app()
    assert_renders(at)
    expected = expected_special_cause(demo)
    bullets = section(at, "What changed")
    names = {i.name: i.id for i in load_catalogue().values()}
    listed = [bullet_indicator(b, names) for b in bullets]
    assert expected, "the demo store should show special cause somewhere, or this proves little"
    assert len(listed) == len(set(listed)), f"an indicator is listed twice: {listed}"
    assert set(listed) == expected


def test_what_changed_agrees_with_the_tiles_for_a_team(demo: Path, use_store: Any) -> None:
    # The tiles and the list come from the same signals: for a team and a period type, every
    # tile whose icon says special cause is in the list, and no other headline indicator is.
    use_store(demo)
    at = run_app()
    at.sidebar.selectbox(key="period").set_value("month").run()
    at.sidebar.selectbox(key="team").set_value("Safeguarding South").run()
    assert_renders(at)
    names = {i.name: i.id for i in load_catalogue().values()}
    listed = {bullet_indicator(b, names) for b in section(at, "What changed")}
    special_words = ("Concern:", "Improvement:", "Special cause:")
    for body in html_bodies(at.main):
        match = TILE.match(body)
        if not match:
            continue
        name = unescape(match["name"]).split(" (")[0]
        special = any(w in text_of(body) for w in special_words)
        assert special == (names[name] in listed), name


def test_a_team_that_holds_no_cases_is_not_applicable(demo: Path, use_store: Any) -> None:
    # Issue 8: with Team = IAA Hub, average caseload read "0.0 ✔ Target consistently met".
    use_store(demo)
    at = run_app()
    at.sidebar.selectbox(key="team").set_value("IAA Hub").run()
    assert_renders(at)
    caseload = next(
        text_of(b) for b in html_bodies(at.main) if b.startswith("<h3") and "Average caseload" in b
    )
    assert "Average caseload (IAA Hub)" in caseload
    assert "not applicable" in caseload.lower()
    assert "0.0" not in caseload and "consistently met" not in caseload


# --- the concerns page ----------------------------------------------------------------------------


def concerns_page_and_register() -> tuple[AppTest, list[dict[str, str]]]:
    """The concerns page drawn on the current store, and the register file's rows."""
    page = next(p for p in PAGES if p.path == "pages/concerns.py")
    at = run_app(page)
    assert_renders(at)
    with (REFERENCE_DIR / "inspection_concerns.csv").open(encoding="utf-8", newline="") as f:
        return at, list(csv.DictReader(f))


def test_concerns_page_lists_every_finding_of_the_register(demo: Path, use_store: Any) -> None:
    use_store(demo)
    at, register = concerns_page_and_register()
    assert register
    shown = [text_of(b) for b in html_bodies(at.main)]
    for row in register:
        line = f"{row['Concern ID'].strip()} — {' '.join(row['Finding'].split())}"
        assert shown.count(line) == 1, f"{row['Concern ID']} is not listed once"


def test_concerns_page_puts_the_latest_report_first_and_folds_findings_without_figures(
    demo: Path, use_store: Any
) -> None:
    use_store(demo)
    at, register = concerns_page_and_register()
    inspected = {
        row["Report"]: dt.datetime.strptime(row["Inspection Date"], "%d/%m/%Y").date()
        for row in register
    }
    # Headings are the report names as plain text (markdown characters escaped).
    by_heading = {plain(report): report for report in inspected}
    headers = [by_heading[h.value] for h in at.header if h.value in by_heading]
    assert headers == sorted(inspected, key=inspected.__getitem__, reverse=True)
    # Each report's abbreviations are spelled out under its heading (as escaped plain text).
    captions = [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption]
    assert any(
        c.startswith("Abbreviations: ") and "CIW: Care Inspectorate Wales" in c for c in captions
    )
    # A folded finding has no figure on any of its lines; every finding shown open has one.
    folded, open_ = [], []
    for node in at.main.children.values():
        if node.type == "expander" and "no figures yet" in node.label:
            folded += [text_of(b) for b in html_bodies(node)]
        elif node.type != "expander":
            open_ += [text_of(b) for b in html_bodies(node)]
    lines = [t for t in folded if ": " in t and " — " not in t]
    assert lines and all("no figures yet" in t for t in lines)
    figures = [t for t in open_ if "latest " in t]
    assert figures


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
    assert chosen[("Breakdown", None)] == "team"
    assert chosen[("Which", None)] == team
    # One period control: the link sets the sidebar's (issue 8: the page had its own, and the
    # two could disagree).
    assert at.sidebar.selectbox(key="period").value == "month"
    assert not [s for s in at.main.selectbox if s.label == "Period"]
    definition = " ".join(text_of(b) for b in html_bodies(at.main) if b.startswith("<dl"))
    assert f"What it measures {without_codes(indicator.definition)}" in definition
    assert f"How it is counted {without_codes(indicator.counting_rule)}" in definition
    assert f"Standard and source {without_codes(indicator.standard_and_source)}" in definition
    params = {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert params == {"id": indicator_id, "period": "month", "breakdown": "team", "value": team}


def test_the_sidebar_period_drives_the_detail_page(demo: Path, use_store: Any) -> None:
    use_store(demo)
    at = run_app(DETAIL, id="fd_iaa_backlog", period="week", breakdown="total", value="All")
    at.sidebar.selectbox(key="period").set_value("quarter").run()
    assert_renders(at)
    params = {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert params["period"] == "quarter"
    summary = " ".join(text_of(b) for b in html_bodies(at.main))
    assert ", quarterly: " in summary


def test_definitions_are_in_plain_words(demo: Path, use_store: Any) -> None:
    # Issue 8: "[000]", "contact_received → decision_recorded", "1 working days".
    use_store(demo)
    at = run_app(DETAIL, id="fd_decision_1wd_pct")
    assert_renders(at)
    definition = " ".join(text_of(b) for b in html_bodies(at.main) if b.startswith("<dl"))
    assert "Statutory timescale 1 working day " in definition
    assert "From contact received to decision recorded" in definition
    assert "CIW inspection of Bridgend children's services (May 2022)" in definition
    for raw in ("[000]", "[R21]", "contact_received", "working days Clock", "(U)", "_"):
        assert raw not in definition, raw


def test_the_detail_csv_has_readable_columns_and_rounded_numbers(
    demo: Path, use_store: Any
) -> None:
    # Issue 8: the download had raw column names and 15-digit decimals. AppTest does not hand
    # over a download's bytes, so the page's button is checked here and its content through the
    # one function the page calls.
    from pipelines.presentation.exports import series_csv

    use_store(demo)
    at = run_app(DETAIL, id="fd_decision_1wd_pct")
    assert_renders(at)
    assert [d.proto.label for d in at.get("download_button")] == ["Download this series as CSV"]
    table = series_csv(
        read_models_rows(demo, "fd_decision_1wd_pct"), load_catalogue()["fd_decision_1wd_pct"]
    )
    header, first = table.splitlines()[:2]
    assert header.startswith("Period start,Period end,Breakdown,Breakdown value,Numerator")
    assert "point_type" not in header and "period_end" not in header
    numbers = [cell for cell in first.split(",") if re.fullmatch(r"-?\d+\.\d+", cell)]
    assert numbers and all(len(n.split(".")[1]) == 1 for n in numbers), first
    assert re.match(r"\d\d/\d\d/\d{4},\d\d/\d\d/\d{4},All \(total\)", first)


def test_detail_page_names_an_unknown_indicator(demo: Path, use_store: Any) -> None:
    use_store(demo)
    at = run_app(DETAIL, id="no_such_indicator")
    assert_renders(at)
    assert any(plain("no_such_indicator") in e.value for e in at.error)
    assert [t.value for t in at.title] == [load_catalogue()["fd_iaa_backlog"].name]


# --- process changes (administrators) ------------------------------------------------------------


def test_an_admin_records_and_withdraws_a_process_change(
    demo: Path, use_store: Any, tmp_path: Path
) -> None:
    store = tmp_path / "demo.duckdb"
    shutil.copyfile(demo, store)
    use_store(store)
    page = next(p for p in PAGES if p.path == "pages/process_changes.py")
    assert page.min_role == "admin"
    at = run_app(page)
    assert_renders(at)
    assert "Managed care team period ends" in at.dataframe[0].value["Label"].to_list()
    at.date_input[0].set_value(dt.date(2024, 6, 3))
    at.text_input[0].set_value("New duty rota")
    at.text_area[0].set_value("The front door moved to a four-day duty rota.")
    at.multiselect[0].set_value(["fd_iaa_backlog"])
    at.button[0].click().run()
    assert_renders(at)
    assert any("Recorded" in m.value for m in at.success), [e.value for e in at.error]
    con = read_connection(store)
    try:
        segments = con.execute(
            "SELECT indicator_id, max(segment) FROM indicator_series WHERE period_type = 'week' "
            "AND breakdown = 'total' AND indicator_id IN ('fd_iaa_backlog', "
            "'fd_contacts_received') GROUP BY ALL ORDER BY 1"
        ).fetchall()
        by = con.execute("SELECT added_by FROM process_changes WHERE label = 'New duty rota'")
        assert by.fetchall() == [("local user",)]
    finally:
        con.close()
    assert segments == [("fd_contacts_received", 1), ("fd_iaa_backlog", 2)]


def test_a_refused_process_change_says_why_in_the_pages_language(
    demo: Path, use_store: Any
) -> None:
    use_store(demo)  # refused before anything is written
    page = next(p for p in PAGES if p.path == "pages/process_changes.py")
    for language, expected in (
        ("en", "Not recorded: the label is blank: say in a few words what changed and why."),
        (
            "cy",
            "Heb ei gofnodi: mae'r maes 'label' yn wag: dywedwch mewn ychydig eiriau beth "
            "newidiodd a pham.",
        ),
    ):
        at = run_app(page, lang=language)
        at.text_area[0].set_value("The front door moved to a four-day duty rota.")
        at.button[0].click().run()
        assert_renders(at)
        assert [e.value for e in at.error] == [expected]


def test_a_store_built_by_an_older_version_asks_for_a_rebuild(
    demo: Path, use_store: Any, tmp_path: Path
) -> None:
    import duckdb

    store = tmp_path / "old.duckdb"
    shutil.copyfile(demo, store)
    con = duckdb.connect(str(store))
    try:
        con.execute(
            "CREATE OR REPLACE TABLE series_meta AS "
            "SELECT built_at, data_from, data_as_at, calendar_version FROM series_meta"
        )
    finally:
        con.close()
    use_store(store)
    at = run_app()
    assert any("python -m pipelines build" in w.value for w in at.warning)
    use_store(demo)
    assert not any("older version" in w.value for w in run_app().warning)


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
    assert "Contacts received (children)" in tile_figures(at), "the contacts tiles show figures"
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
