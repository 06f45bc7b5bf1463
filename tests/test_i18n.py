"""English and Welsh (issue 16): the mechanism, Welsh formats, plural forms, the catalogue's Welsh
columns, the Welsh gettext catalogue against the code, and the pages in both languages.

The page tests run the real dashboard (AppTest) on the demo store: switching the language in the
sidebar, from the address (``?lang=cy``) and from config.toml changes what the page says, and a
page in Welsh shows no English sentence of the catalogue (the English text of every translated
string is looked for in everything the page drew)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from html import unescape
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from babel.numbers import get_decimal_symbol, get_group_symbol
from dashboard_helpers import PROJECT_ROOT, demo_store, html_bodies, write_config
from streamlit.testing.v1 import AppTest

from pipelines.catalogue import load_catalogue, untranslated
from pipelines.extracts.dictionary import LABEL_CONTEXT
from pipelines.presentation import i18n
from pipelines.presentation.formatting import format_change, format_value
from pipelines.presentation.i18n import (
    _,
    current_language,
    date_long,
    month_year,
    ngettext,
    normalise,
    use_language,
)
from pipelines.presentation.i18n_catalogue import extract, welsh
from pipelines.presentation.i18n_catalogue import untranslated as untranslated_strings
from pipelines.presentation.narrative import counted_periods, period_end_words
from pipelines.presentation.plain import plain
from ui.registry import PAGES, PageSpec

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")
TIMEOUT = 60
# Pages whose own text is translated: every registered page (a test below checks that none is
# left out). The board view's presentation mode has its own check below.
TRANSLATED_PAGES = {
    "leaders-overview",
    "front-door",
    "assessment-timeliness",
    "waiting-lists",
    "child-protection",
    "board-view",
    "improvement-plan",
    "inspection-concerns",
    "caseloads-and-workforce",
    "looked-after-children",
    "indicator-detail",
    "data-and-imports",
    "upload-extract",
    "import-history",
    "process-changes",
    "record-access-log",
}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


# --- the mechanism and formats --------------------------------------------------------------------


def test_welsh_dates_and_month_names_come_from_babel() -> None:
    day = dt.date(2025, 3, 30)
    with use_language("cy"):
        assert date_long(day) == "30 Mawrth 2025"
        assert month_year(dt.date(2025, 1, 31)) == "Ionawr 2025"
        assert period_end_words("week", day) == "yn yr wythnos a ddaeth i ben ar 30 Mawrth 2025"
        assert period_end_words("month", dt.date(2024, 8, 31)) == "ym mis Awst 2024"
        assert period_end_words("year", day) == "yn y flwyddyn a ddaeth i ben ym mis Mawrth 2025"
    with use_language("en"):
        assert date_long(day) == "30 March 2025"
        assert period_end_words("month", dt.date(2024, 8, 31)) == "in August 2024"


def test_numbers_are_written_as_in_wales_with_welsh_units() -> None:
    # CLDR's Welsh uses the same symbols as British English: 12,345.7 in both languages.
    assert (get_decimal_symbol("cy"), get_group_symbol("cy")) == (".", ",")
    with use_language("cy"):
        assert format_value(12345.67, "pct") == "12,345.7%"
        assert format_value(3, "working_days") == "3 diwrnod gwaith"
        assert format_value(1.0, "weeks") == "1 wythnos"
        assert format_value(None, "count") == "dim data"
        assert format_change(-2.5, "pct") == "−2.5 pwynt canran"
    with use_language("en"):
        assert format_value(3, "working_days") == "3 working days"
        assert format_change(-2.5, "pct") == "−2.5 percentage points"


def test_welsh_plural_forms_follow_the_cldr_rule() -> None:
    header = welsh().plural_forms
    assert header.startswith("nplurals=5;"), header  # CLDR zero/one/two/few/many/other, zero=other
    with use_language("cy"):
        changes = [ngettext("{n} more change", "{n} more changes", n) for n in (0, 1, 2, 3, 6, 7)]
        assert changes == [
            "0 o newidiadau eraill",
            "1 newid arall",
            "2 newid arall",
            "3 newid arall",
            "6 newid arall",
            "7 o newidiadau eraill",
        ]
        assert [counted_periods("year", n) for n in (1, 2, 3, 10)] == [
            "1 flwyddyn",
            "2 flynedd",
            "3 blynedd",
            "10 o flynyddoedd",
        ]
        assert counted_periods("week", 7) == "7 wythnos"
    with use_language("en"):
        assert [ngettext("{n} more change", "{n} more changes", n) for n in (1, 2)] == [
            "1 more change",
            "2 more changes",
        ]
        assert counted_periods("month", 1) == "1 month"


def test_the_workforce_and_looked_after_sentences_in_both_languages() -> None:
    """The generated sentences of the caseloads and looked-after pages: counts in the plural
    form the number needs, dates in the language, data values as they are."""
    from pipelines.presentation import looked_after as la
    from ui.workforce import supervision_summary

    day = dt.date(2025, 3, 30)
    workers = pl.DataFrame({"days_left": [-3, -1, 2, 20]})
    missing = pl.DataFrame({"ended_at": [None, None, dt.datetime(2025, 3, 1, 9)]})
    placed = pl.DataFrame({"soonest_days_left": [-2, 3, 30]})
    with use_language("en"):
        assert supervision_summary(workers, 3, day) == (
            "As at 30 March 2025: 2 of 4 case-holding workers overdue for supervision, 1 more due "
            "within 7 days."
        )
        assert supervision_summary(workers.head(1), 1, day).startswith(
            "As at 30 March 2025: 1 of 1 case-holding worker overdue"
        )
        assert la.missing_summary(missing, day).startswith(
            "As at the end of 30 March 2025 (the data's last day): 2 children missing, and 1 back"
        )
        assert la.coming_due_summary(placed, day).startswith(
            "As at 30 March 2025 (the data's last day), 3 looked-after children have a placement"
        )
        assert [la._days(d, day) for d in (-1, -2, 0, 1, 5)] == [
            "overdue (1 day)", "overdue (2 days)", "due today", "in 1 day", "in 5 days",
        ]  # fmt: skip
        assert ngettext("{n} row. Case-system ids only; this view is recorded in the access log.",
                        "{n} rows. Case-system ids only; this view is recorded in the access log.",
                        1_234).startswith("1,234 rows.")  # fmt: skip
    with use_language("cy"):
        assert supervision_summary(workers, 3, day) == (
            "Ar 30 Mawrth 2025: 2 o'r 4 o weithwyr sy'n dal achosion yn hwyr am oruchwyliaeth, "
            "1 arall yn ddyledus o fewn 7 diwrnod."
        )
        assert "o'r 2 weithiwr sy'n dal achosion" in supervision_summary(workers.head(2), 2, day)
        assert la.missing_summary(missing, day).startswith(
            "Ar ddiwedd 30 Mawrth 2025 (diwrnod olaf y data): 2 blentyn ar goll, ac mae 1 wedi"
        )
        assert "0 o blant ar goll" in la.missing_summary(missing.tail(1), day)
        assert "ar gyfer 3 phlentyn sy'n derbyn gofal" in la.coming_due_summary(placed, day)
        assert [la._days(d, day) for d in (-1, -2, 0, 1)] == [
            "yn hwyr (1 diwrnod)", "yn hwyr (2 diwrnod)", "yn ddyledus heddiw", "ymhen 1 diwrnod",
        ]  # fmt: skip
        rows = "{n} row. Case-system ids only; this view is recorded in the access log."
        plural = "{n} rows. Case-system ids only; this view is recorded in the access log."
        assert [ngettext(rows, plural, n).split(".")[0] for n in (1, 2, 3, 1_234)] == [
            "1 rhes", "2 res", "3 rhes", "1,234 o resi",
        ]  # fmt: skip


def test_the_detail_pages_words_in_both_languages() -> None:
    """Ranks (Welsh ordinals), published gaps, timescales and clocks of the detail page."""
    from pipelines.presentation.definitions import clock_words, timescale_words
    from pipelines.published.benchmark import rank_words
    from pipelines.published.symbols import gap_words, gaps_sentence

    backlog = load_catalogue()["fd_iaa_backlog"]
    eight = [(f"P{i}", "low") for i in range(8)]
    with use_language("en"):
        assert rank_words(3, 22, 1, "increase") == "3rd of 22 (top quarter)"
        assert gaps_sentence([("Mar 2024", "suppressed")]).startswith(
            "1 period has no published figure: Mar 2024 (suppressed)."
        )
        assert gaps_sentence(eight).startswith("8 periods have no published figure: P0 (low);")
        assert "P5 (low) and 2 more." in gaps_sentence(eight)
        assert gap_words("not_applicable") == "not published: not applicable"
        assert timescale_words(backlog) == "1 working day"
        assert clock_words(backlog) == "From contact received to decision recorded"
    with use_language("cy"):
        ranks = [rank_words(n, 22, 1, "increase").split(" ")[0] for n in (1, 2, 3, 4, 7, 11, 21)]
        assert ranks == ["1af", "2il", "3ydd", "4ydd", "7fed", "11eg", "21ain"]
        assert rank_words(2, 22, 4, "neutral") == "2il o 22 (chwarter isaf)"
        assert gaps_sentence(eight).startswith("Nid oes ffigur cyhoeddedig ar gyfer 8 o gyfnodau")
        assert "P5 (isel) a 2 arall." in gaps_sentence(eight)
        assert gap_words(None) == "dim data"
        assert timescale_words(backlog) == "1 diwrnod gwaith"
        assert clock_words(backlog) == (
            "Dechrau: cyswllt wedi dod i law; diwedd: penderfyniad wedi'i gofnodi"
        )


def test_the_language_comes_from_hostile_input_only_when_supported() -> None:
    assert normalise(" CY ") == "cy"
    assert normalise("cy-GB") == "cy"
    for bad in ("fr", "", None, "cy" * 100, "{lang}", 3):
        assert normalise(bad) in (None, "cy") and normalise(bad) != "fr"
    assert normalise("fr") is None and normalise(None) is None
    with pytest.raises(ValueError, match="language must be one of en, cy"):
        i18n.set_language("fr")


def test_a_template_value_is_never_read_as_a_template() -> None:
    with use_language("cy"):
        text = _("Open the chart: {name}", name="{name} {__class__}")
    assert text == "Agor y siart: {name} {__class__}"


def test_the_council_default_comes_from_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DASHBOARD_CONFIG", str(write_config(tmp_path, default="cy")))
    assert current_language() == "cy"  # no choice made in this thread
    with use_language("en"):
        assert current_language() == "en"
    bad = write_config(tmp_path / "bad", default="fr")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(bad))
    with pytest.raises(ValueError, match=r"language\.default must be one of en, cy"):
        current_language()


# --- the catalogues ------------------------------------------------------------------------------


def test_every_string_of_the_code_has_a_checked_welsh_translation() -> None:
    """The Welsh catalogue holds every marked string of the code, none fuzzy or empty; run
    ``python -m pipelines.presentation.i18n_catalogue`` to merge new strings in."""
    code = {m.id for m in extract() if m.id}
    catalogue = welsh()
    held = {m.id for m in catalogue if m.id}
    assert not sorted(map(str, code - held)), "strings missing from messages.po"
    assert not untranslated_strings(catalogue), "strings without a checked Welsh translation"


def test_every_translation_keeps_the_templates_fields() -> None:
    for message in welsh():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = i18n.placeholders(ids[-1])
        for text in strings:
            assert i18n.placeholders(text) == wanted, (message.id, text)


def test_every_catalogue_cell_has_its_welsh() -> None:
    missing = untranslated()
    assert not missing, "Welsh catalogue cells still empty (English is shown): " + ", ".join(
        f"{i}.{c}" for i, c in missing
    )


def test_catalogue_shows_english_where_the_welsh_is_missing() -> None:
    backlog = load_catalogue()["fd_iaa_backlog"]
    with use_language("cy"):
        assert backlog.name == "Ôl-groniad GCC: cysylltiadau'n aros am benderfyniad"
        assert backlog.definition.startswith("Cyfrif ciplun")
        assert backlog.counting_rule.startswith("Ciplun ar ddiwedd diwrnod olaf y cyfnod")
    with use_language("en"):
        assert backlog.name == "IAA backlog: contacts awaiting a decision"
        assert backlog.counting_rule == backlog.counting_rule_en
    # Every cell is translated today; a new indicator or a changed English text may leave one
    # empty, and then the English is shown.
    untranslated_backlog = replace(
        backlog, definition_cy="", counting_rule_cy="", standard_and_source_cy=""
    )
    with use_language("cy"):
        assert untranslated_backlog.name == backlog.name_cy
        assert untranslated_backlog.definition == backlog.definition_en
        assert untranslated_backlog.counting_rule == backlog.counting_rule_en
        assert untranslated_backlog.standard_and_source == backlog.standard_and_source_en


def test_the_standard_and_source_is_welsh_with_its_codes_kept() -> None:
    from pipelines.presentation.definitions import definition_facts

    catalogue = load_catalogue()

    def shown(indicator_id: str) -> str:
        return dict(definition_facts(catalogue[indicator_id]))[_("Standard and source")]

    backlog = catalogue["fd_iaa_backlog"]
    with use_language("cy"):
        assert backlog.standard_and_source == (
            "Gweithdrefnau Diogelu Cymru (WSP): unwaith y daw adroddiad i law, rhaid i'r tîm "
            "benderfynu ar y camau nesaf a'u cofnodi o fewn un diwrnod gwaith [R21]"
        )
        assert shown("fd_iaa_backlog").startswith("Gweithdrefnau Diogelu Cymru (WSP): unwaith")
        assert shown("pi_care_leaver_eet_pct") == "PM34a/b"  # the code, its reference dropped
        assert shown("pe_views_before_review_pct").startswith(
            "Rheoliadau Cynllunio Gofal, Lleoli ac Adolygu Achosion (Cymru) 2015 (CPPCR), "
            "rheoliad 42:"
        )
        # A local standard says so once: "lleol"/"leol" in the Welsh is enough.
        assert shown("wb_iro_alerts_open") == "Protocol datrys anghydfodau lleol"
        assert shown("pe_recording_timely_pct") == "Safon leol; ni chafwyd un genedlaethol"
        assert shown("pv_eh_step_up_pct") == "Dim (safon leol)"
    with use_language("en"):
        assert shown("wb_iro_alerts_open") == "Local dispute-resolution protocol"
        assert shown("pv_eh_step_up_pct") == "None (a local standard)"
        assert shown("pi_care_leaver_eet_pct") == "PM34a/b"
        assert backlog.standard_and_source == backlog.standard_and_source_en
        assert backlog.standard_and_source.startswith("Wales Safeguarding Procedures (WSP)")


def test_an_empty_welsh_standard_and_source_is_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines import catalogue

    whole = catalogue.load_catalogue()
    gap = {
        **whole,
        "pi_care_leaver_eet_pct": replace(
            whole["pi_care_leaver_eet_pct"], standard_and_source_cy=""
        ),
    }
    monkeypatch.setattr(catalogue, "load_catalogue", lambda: gap)
    assert catalogue.untranslated() == [("pi_care_leaver_eet_pct", "standard_and_source_cy")]


# --- the pages ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_store(tmp_path_factory)


@pytest.fixture(scope="module")
def store_texts(demo: Path) -> list[str]:
    """The store's own free text (findings, reports, actions, owners, evidence, commentary),
    which is never translated: a Welsh page may quote "Child protection plans centred on the
    child" from the plan. Longest first, with the 90-character cut the action picker shows."""
    from pipelines import read_models
    from pipelines.store import read_connection

    con = read_connection(demo)
    try:
        frames = {
            "register": read_models.concern_register(con).select("finding", "report"),
            "plan": read_models.action_plan(con).select("description", "owner", "evidence"),
            "commentary": read_models.commentary(con).select("body"),
        }
    finally:
        con.close()
    texts = {
        str(value)
        for frame in frames.values()
        for column in frame.columns
        for value in frame[column].drop_nulls().to_list()
    }
    texts |= {t[:90] for t in texts}
    return sorted((t for t in texts if len(t) >= 12), key=len, reverse=True)


def without_store_text(shown: list[str], texts: list[str]) -> list[str]:
    """What the page drew with the store's own text taken out (as drawn: markdown-escaped too)."""
    pairs = [(text, plain(text)) for text in texts]  # plain() once per text, not per item
    out = []
    for item in shown:
        for text, escaped in pairs:
            if text[:12] in item or escaped[:12] in item:
                item = item.replace(text, " ").replace(escaped, " ")
        out.append(item)
    return out


@pytest.fixture
def dashboard(demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    def use(**settings: object) -> None:
        settings.setdefault("local_mode_role", "admin")
        # A folder per call: settings are cached by file path.
        folder = tmp_path / "-".join(f"{k}={v}" for k, v in sorted(settings.items()))
        monkeypatch.setenv("DASHBOARD_DB", str(demo))
        monkeypatch.setenv("DASHBOARD_CONFIG", str(write_config(folder, **settings)))

    return use


def run(page: PageSpec | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    if page is not None:
        at.switch_page(page.path).run()
        assert not at.exception, [e.message for e in at.exception]
    return at


def _walk(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def shown_text(at: AppTest) -> list[str]:
    """Everything the run drew in words: values, labels, help, options and our own HTML."""
    texts: list[str] = []
    for root in (at.main, at.sidebar):
        for node in _walk(root):
            # A widget's value is the program's (e.g. the "All teams" choice); its words are
            # its label, help and options.
            attributes = ("label", "help") if hasattr(node, "options") else ("value", "label")
            for attribute in attributes:
                value = getattr(node, attribute, None)
                if isinstance(value, str):
                    texts.append(value)
            for option in getattr(node, "options", None) or ():
                if isinstance(option, str):
                    texts.append(option)
            if getattr(node, "type", None) == "plotly_chart":
                texts += chart_words(json.loads(node.proto.spec))
            if getattr(node, "type", None) == "arrow_data_frame":
                texts += [str(column) for column in node.value.columns]
        for body in html_bodies(root):
            body = re.sub(r'<img [^>]*alt="([^"]*)"[^>]*>', r" \1 ", body)
            texts.append(" ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split()))
    return texts


CHART_TEXT_KEYS = {"text", "name", "hovertemplate", "ticktext", "title"}


def chart_words(spec: dict) -> list[str]:
    """The words a Plotly chart shows: titles, axis titles, legend names, annotations, tick
    labels and hover text, without Plotly's own %{...} fields and markup."""
    words: list[str] = []

    def visit(value: Any, key: str | None) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                visit(v, k)
        elif isinstance(value, list):
            for v in value:
                visit(v, key)
        elif isinstance(value, str) and key in CHART_TEXT_KEYS:
            text = re.sub(r"%\{[^}]*\}|<[^>]+>", " ", value)
            text = " ".join(unescape(text).split())
            if text:
                words.append(text)

    visit(spec.get("data", []), None)
    visit(spec.get("layout", {}), None)
    return list(dict.fromkeys(words))  # a trace's hover text repeats for every point


def english_whole_strings() -> set[str]:
    """The English of every short string the Welsh translates differently, for exact matches."""
    found = set()
    for message in welsh():
        if (
            message.id
            and message.context != LABEL_CONTEXT  # data a file may hold: shown as it is
            and isinstance(message.id, str)
            and message.string != message.id
            and not PLACEHOLDER.search(message.id)
            and len(message.id.strip()) >= 4
        ):
            found.add(message.id.strip(" *"))
    return found


@functools.cache
def english_pattern() -> re.Pattern[str]:
    """One pattern for every English fragment, each as whole words (longest first, so a
    fragment inside a longer one is still found as the longer one)."""
    fragments = sorted(english_fragments(), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, fragments)) + r")(?!\w)")


def english_fragments() -> list[str]:
    """The English words of every string the Welsh catalogue translates differently: each
    template's literal parts of 12 characters or more (shorter ones match data by chance)."""
    fragments = set()
    for message in welsh():
        if not message.id or message.context == LABEL_CONTEXT:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for source in ids:
            if source in strings:
                continue
            for part in PLACEHOLDER.split(source):
                part = part.strip(" .,:;()*")
                if len(part) >= 12:
                    fragments.add(part)
    return sorted(fragments)


def test_the_sidebar_switch_changes_the_page_and_is_remembered(dashboard: Any) -> None:
    dashboard()
    at = run()
    assert [t.value for t in at.title] == ["Overview"]
    at.radio(key="lang").set_value("cy").run()
    assert [t.value for t in at.title] == ["Trosolwg"]
    assert at.query_params["lang"] in ("cy", ["cy"])  # a copied link opens in Welsh
    headers = [h.value for h in at.header]
    assert "Tabl cryno" in headers and "Drws ffrynt" in headers
    # The summary table's RAG words beside each figure (short words the page check cannot tell
    # from data): "RAG coch", never "RAG red".
    words = "\n".join(shown_text(at))
    assert re.search(r"RAG (coch|ambr|gwyrdd)", words)
    assert not re.search(r"RAG (red|amber|green)", words)
    at.run()  # the next run (any widget, any page) stays in Welsh
    assert [t.value for t in at.title] == ["Trosolwg"]
    at.switch_page("pages/front_door.py").run()
    assert [t.value for t in at.title] == ["Drws ffrynt (GCC)"]
    at.radio(key="lang").set_value("en").run()
    assert [t.value for t in at.title] == ["Front door (IAA)"]


def test_the_address_and_the_council_default_choose_the_language(dashboard: Any) -> None:
    dashboard()
    assert [t.value for t in run(lang="cy").title] == ["Trosolwg"]
    assert [t.value for t in run(lang="xx").title] == ["Overview"]  # ignored, never shown
    dashboard(default="cy")
    at = run()
    assert [t.value for t in at.title] == ["Trosolwg"]
    assert any("Data fel ar 30 Mawrth 2025" in m.value for m in at.sidebar.markdown)
    assert [t.value for t in run(lang="en").title] == ["Overview"]


@pytest.mark.parametrize(
    "spec",
    [p for p in PAGES if p.url_path in TRANSLATED_PAGES],
    ids=lambda p: p.url_path,
)
def test_a_translated_page_in_welsh_shows_no_english_sentence(
    spec: PageSpec, dashboard: Any, store_texts: list[str]
) -> None:
    dashboard(default="cy")
    at = run(spec)
    shown = list(dict.fromkeys(without_store_text(shown_text(at), store_texts)))
    text = "\n".join(shown)
    # A fragment inside a longer word is data's ("Care and support plans were ..." in a finding).
    english = sorted(set(english_pattern().findall(text)))
    whole = english_whole_strings()
    english += [t for t in shown if t.strip(" *") in whole]
    assert not english, f"English on the Welsh {spec.url_path} page: {english}"
    assert not PLACEHOLDER.findall(text), "a template field was left unfilled"
    assert _(spec.title) != spec.title or spec.title == "Data"


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_page_renders_in_each_language_with_no_unfilled_field(
    language: str, dashboard: Any
) -> None:
    dashboard(default=language)
    at = run()
    for spec in PAGES:
        at.switch_page(spec.path).run()
        assert not at.exception, (spec.url_path, [e.message for e in at.exception])
        fields = PLACEHOLDER.findall("\n".join(shown_text(at)))
        assert not fields, (spec.url_path, fields)
        with use_language(language):
            title = _(spec.title)
        assert title in [t.value for t in at.title] or spec.path in (
            "pages/indicator.py",
            "pages/board.py",
        ), (spec.url_path, [t.value for t in at.title])


def test_no_translated_call_hides_inside_an_f_string() -> None:
    """Babel's extractor cannot see ``_()`` inside an f-string (on Python 3.11 an f-string is one
    token), so such a string would never reach the Welsh catalogue."""
    import tokenize

    hidden = []
    for folder in ("pipelines", "ui", "pages"):
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            with path.open("rb") as handle:
                for token in tokenize.tokenize(handle.readline):
                    text = token.string
                    if (
                        token.type == tokenize.STRING
                        and text[:2].lower() in ("f'", 'f"')
                        and re.search(r"\b(_|ngettext|N_)\(", text)
                    ):
                        hidden.append(f"{path.relative_to(PROJECT_ROOT)}:{token.start[0]}")
    assert not hidden, hidden


# --- the board, the improvement plan and inspection concerns ---------------------------------------

BOARD = next(p for p in PAGES if p.url_path == "board-view")


def test_the_boards_sentences_in_both_languages() -> None:
    """The board's generated sentences (headline, RAG, verdict, overdue, plan counts), each
    template with its numbers and Welsh plural forms."""
    from dataclasses import replace

    from test_board_verdict import BACKLOG, BEFORE, INSPECTION, series

    from pipelines.board.plan import Action, plan_summary
    from pipelines.board.rag import rag, rag_letter
    from pipelines.board.story import headline_sentence
    from pipelines.board.verdict import verdict
    from pipelines.signals import latest_signal

    improved = series([10.0, 12.0, 10.0, 12.0] + [9.0] * 8)
    signal = replace(
        latest_signal(pl.DataFrame(), BACKLOG),
        period_type="week",
        value=70.0,
        period_end=dt.date(2025, 3, 30),
        point_type="special_cause_improvement",
        withheld=None,
        target=50.0,
    )
    due = dt.date(2024, 12, 31)
    action = Action("IAP-05", ("F-1",), "x", "y", due, "on_track", None, (), None, "")
    done = replace(action, action_id="IAP-06", status="complete")
    as_at = dt.date(2025, 3, 30)  # a Sunday: 62 working days after 31 December 2024
    with use_language("en"):
        assert headline_sentence(signal, rag(BACKLOG, 70.0)) == (
            "70 in the week ending 30 March 2025: a real improvement, not chance (special "
            "cause); misses the target of 50."
        )
        assert rag(BACKLOG, 70.0).words == "red: misses the target of 50 by more than the tolerance"
        assert rag_letter("red") == "R"
        assert verdict(improved, BACKLOG, INSPECTION).words == (
            "improved: a sustained shift since June 2022"
        )
        assert verdict(series(BEFORE[:6]), BACKLOG, INSPECTION).words == (
            "not enough data since the inspection (6 points; at least 7 needed)"
        )
        # 1 January is a bank holiday: due on 31 December, one working day late on 2 January.
        assert action.status_words(dt.date(2025, 1, 2)) == "On track, overdue by 1 working day"
        assert action.status_words(as_at) == "On track, overdue by 62 working days"
        assert plan_summary([action, done], as_at) == (
            "2 actions: 1 on track, 1 complete. As at 30 March 2025, 1 is overdue."
        )
        assert plan_summary([action], None) == "1 action: 1 on track."
    with use_language("cy"):
        assert headline_sentence(signal, rag(BACKLOG, 70.0)) == (
            "70 yn yr wythnos a ddaeth i ben ar 30 Mawrth 2025: gwelliant go iawn, nid siawns "
            "(achos arbennig); yn methu'r targed o 50."
        )
        assert rag(BACKLOG, 70.0).words == "coch: yn methu'r targed o 50 o fwy na'r goddefiant"
        assert rag_letter("red") == "C"
        assert verdict(improved, BACKLOG, INSPECTION).words == (
            "wedi gwella: symudiad parhaus ers Mehefin 2022"
        )
        assert verdict(series(BEFORE[:6]), BACKLOG, INSPECTION).words == (
            "dim digon o ddata ers yr arolygiad (6 pwynt; mae angen o leiaf 7)"
        )
        assert action.status_words(as_at) == "Ar y trywydd iawn, 62 diwrnod gwaith yn hwyr"
        assert plan_summary([action, done], as_at) == (
            "2 gam gweithredu: 1 ar y trywydd iawn, 1 wedi'i gwblhau. Fel ar 30 Mawrth 2025, "
            "mae 1 yn hwyr."
        )
        many = [replace(done, action_id=f"A{i}") for i in range(7)]
        assert plan_summary(many, None) == "7 o gamau gweithredu: 7 wedi'u cwblhau."
        assert [ngettext("{n} story", "{n} stories", n) for n in (1, 2, 9)] == [
            "1 stori",
            "2 stori",
            "9 o straeon",
        ]


def test_the_detail_page_gives_the_standard_and_source_in_welsh(dashboard: Any) -> None:
    dashboard(default="cy")
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.run()
    at.query_params.update(id="fd_decision_1wd_pct")
    at.switch_page("pages/indicator.py").run()
    assert not at.exception, [e.message for e in at.exception]
    definition = unescape(" ".join(b for b in html_bodies(at.main) if b.startswith("<dl")))
    assert "Safon a ffynhonnell" in definition
    assert "Gweithdrefnau Diogelu Cymru, 1 diwrnod gwaith" in definition
    assert "WSP, 1 WD" not in definition and "[R21]" not in definition


def test_the_board_presents_in_welsh(dashboard: Any, store_texts: list[str]) -> None:
    """Presentation mode (?present=1), which the page walk does not open: no English sentence,
    the Welsh buttons (which the arrow keys press by their Welsh labels), the next story."""
    dashboard(default="cy")
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.run()
    at.query_params.update(present="1")
    at.switch_page(BOARD.path).run()
    assert not at.exception, [e.message for e in at.exception]
    labels = [b.label for b in at.button]
    assert labels == ["◀ Y stori flaenorol", "Gadael", "Y stori nesaf ▶"]
    shown = without_store_text(shown_text(at), store_texts)
    text = "\n".join(shown)
    english = [f for f in english_fragments() if f in text]
    whole = english_whole_strings()
    english += [t for t in shown if t.strip(" *") in whole]
    assert not english, f"English on the Welsh board presentation: {english}"
    assert not PLACEHOLDER.findall(text)
    assert re.search(r"Stori 1 o \d+ · Y dec diofyn · data fel ar 30 Mawrth 2025", text)
    assert "data arddangos synthetig" in text
    assert "Beth a ganfu'r arolygwyr" in text and "C RAG coch: yn methu'r targed o 50" in text
    assert "Yn well ers arolygiad " in text
    first = at.title[0].value
    next(b for b in at.button if b.label == "Y stori nesaf ▶").click().run()
    assert at.title[0].value != first and "Stori 2 o " in "\n".join(shown_text(at))
    script = next(n for n in _walk(at.main) if "__boardKeys" in str(getattr(n, "proto", "")))
    # The key listener presses the buttons by their Welsh labels.
    assert "Y stori nesaf" in str(script.proto) and "Next story" not in str(script.proto)


# --- the command line -----------------------------------------------------------------------------


def test_the_cli_speaks_welsh_with_lang(tmp_path: Path, tmp_store: Path) -> None:
    from conftest import run_cli, write_csv
    from test_cli import CONTACTS

    path = write_csv(tmp_path, "c.csv", CONTACTS.replace("Health", "The Postman"))
    result = run_cli("--lang", "cy", "import", str(path), "--db", str(tmp_store))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "Gwrthodwyd (detholiad contacts): 1 broblem. Ni chadwyd dim."
    assert lines[1].startswith("  - Rhes 3, colofn 'Source', gwerth 'The Postman': ")
    assert not tmp_store.exists()
    assert run_cli("--lang", "fr", "imports", "--db", str(tmp_store)).returncode == 2


def test_every_registered_page_is_checked_in_welsh() -> None:
    assert {spec.url_path for spec in PAGES} == TRANSLATED_PAGES


# --- store refusals, sign-in settings and the page guard ------------------------------------------


def test_a_refused_process_change_says_why_in_welsh_with_its_values(tmp_path: Path) -> None:
    from pipelines.store import StoreError
    from pipelines.store.process_changes import MAX_LABEL, ProcessChange, check_change

    def refusal(change: ProcessChange) -> str:
        with pytest.raises(StoreError) as caught:
            check_change(change, ["fd_contacts_received"])
        return str(caught.value)

    blank = ProcessChange(dt.date(2023, 4, 1), "  ", "why")
    long = ProcessChange(dt.date(2023, 4, 1), "x" * (MAX_LABEL + 1), "why")
    early = ProcessChange(dt.date(1999, 4, 1), "ok", "why")
    unknown = ProcessChange(dt.date(2023, 4, 1), "ok", "why", ("no_such", "zz_other"))
    with use_language("en"):
        assert refusal(blank) == "the label is blank: say in a few words what changed and why"
        assert refusal(long) == "the label is 81 characters long; keep it to 80"
        assert refusal(early) == "the date 01/04/1999 is outside 2000-2100"
        assert refusal(unknown) == "unknown indicator id(s): no_such, zz_other"
    with use_language("cy"):
        assert refusal(blank) == (
            "mae'r maes 'label' yn wag: dywedwch mewn ychydig eiriau beth newidiodd a pham"
        )
        assert refusal(long) == (
            "mae'r maes 'label' yn 81 nod o hyd; ni ddylai fod yn hwy na 80 nod"
        )
        assert refusal(early) == "mae'r dyddiad 01/04/1999 y tu allan i 2000-2100"
        assert refusal(unknown) == "dynodydd(ion) dangosydd anhysbys: no_such, zz_other"
        # Shown on the page after the page's own words.
        assert _("Not recorded: {error}.", error=refusal(early)) == (
            "Heb ei gofnodi: mae'r dyddiad 01/04/1999 y tu allan i 2000-2100."
        )


def test_a_refused_deck_or_action_edit_says_why_in_welsh(tmp_path: Path) -> None:
    from pipelines.catalogue_ids import indicator_ids
    from pipelines.store import StoreError
    from pipelines.store.improvement import (
        MAX_DECK_STORIES,
        ActionEdit,
        record_action_edit,
        save_deck,
    )

    nowhere = tmp_path / "none.duckdb"
    too_many = sorted(indicator_ids())[: MAX_DECK_STORIES + 1]
    assert len(too_many) == MAX_DECK_STORIES + 1

    def refusal(call: Any) -> str:
        with pytest.raises(StoreError) as caught:
            call()
        return str(caught.value)

    cases = {
        "too many": lambda: save_deck(nowhere, "Board", too_many),
        "no stories": lambda: save_deck(nowhere, "Board", []),
        "long owner": lambda: record_action_edit(nowhere, ActionEdit("A-1", owner="x" * 1234)),
        "bad status": lambda: record_action_edit(nowhere, ActionEdit("A-1", status="done")),
        "no store": lambda: record_action_edit(nowhere, ActionEdit("A-1", status="complete")),
    }
    with use_language("en"):
        english = {name: refusal(call) for name, call in cases.items()}
    assert english == {
        "too many": "a deck holds at most 30 stories",
        "no stories": "a deck needs at least one story",
        "long owner": "the owner is 1,234 characters long; keep it to 120",
        "bad status": "the status 'done' is not one of Not started, On track, At risk, "
        "Complete, Closed",
        "no store": f"there is no store at {nowhere}",
    }
    with use_language("cy"):
        welsh_words = {name: refusal(call) for name, call in cases.items()}
    assert welsh_words == {
        "too many": "mae dec yn dal 30 o straeon ar y mwyaf",
        "no stories": "mae angen o leiaf un stori ar ddec",
        "long owner": "mae'r maes 'perchennog' yn 1,234 nod o hyd; ni ddylai fod yn hwy na 120 nod",
        "bad status": "nid yw'r statws 'done' yn un o'r rhain: Heb ddechrau, Ar y trywydd iawn, "
        "Mewn perygl, Wedi'i gwblhau, Wedi'i gau",
        "no store": f"nid oes storfa yn {nowhere}",
    }
    with use_language("cy"):  # the plural's other forms
        assert ngettext(
            "a deck holds at most {n} story", "a deck holds at most {n} stories", 1
        ) == ("mae dec yn dal 1 stori ar y mwyaf")


def test_the_cli_gives_a_store_refusal_in_welsh(tmp_store: Path) -> None:
    from conftest import run_cli

    result = run_cli("--lang", "cy", "withdraw", "1", "--db", str(tmp_store))
    assert (result.returncode, result.stderr.strip()) == (
        1,
        f"error: nid oes storfa yn {tmp_store}",
    )
    result = run_cli("withdraw", "1", "--db", str(tmp_store))
    assert result.stderr.strip() == f"error: there is no store at {tmp_store}"


def test_the_sign_in_configuration_errors_in_welsh() -> None:
    from pipelines.access import secrets_problem

    with use_language("cy"):
        short = secrets_problem({"cookie_secret": "short"})
        example = secrets_problem({"cookie_secret": "a long random string"})
    assert short == (
        "Mae cookie_secret yn .streamlit/secrets.toml ar goll neu'n fyrrach na 32 nod, felly "
        "gellid ei ddyfalu. Rhowch linyn hir ar hap yn ei le, yna ailgychwynnwch."
    )
    assert example is not None and example.startswith("Mae cookie_secret yn .streamlit/")
    assert '`python -c "import secrets; print(secrets.token_urlsafe(48))"`' in example
    with use_language("en"):
        assert "shorter than 32 characters, so it could be guessed" in str(
            secrets_problem({"cookie_secret": "short"})
        )


def test_the_default_comparator_group_is_named_in_the_pages_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.benchmarks import comparator_group

    with use_language("cy"):  # a name the council configured: its own words
        assert comparator_group().name == "Similar councils (valleys and south-east)"
    unnamed = write_config(tmp_path, comparator_group_name="")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(unnamed))
    with use_language("cy"):
        assert comparator_group().name == "Grŵp cymharu"
    with use_language("en"):
        assert comparator_group().name == "Comparator group"


def test_a_page_opened_directly_points_to_the_dashboard_in_the_council_language(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo: Path
) -> None:
    monkeypatch.setenv("DASHBOARD_DB", str(demo))
    monkeypatch.setenv("DASHBOARD_CONFIG", str(write_config(tmp_path, default="cy")))
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / "history.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    assert [m.value for m in at.markdown] == [
        "Mae'r dudalen hon yn agor o hafan y dangosfwrdd: [agor y dangosfwrdd](/)."
    ]


def test_the_cli_help_is_in_welsh_with_lang_before_the_command() -> None:
    from conftest import run_cli

    welsh_help = run_cli("--lang", "cy", "--help")
    assert welsh_help.returncode == 0
    assert "    imports             rhestru pob mewnforiad, gyda'i statws\n" in welsh_help.stdout
    assert "Y llinell orchymyn: haen denau dros y llyfrgell" in welsh_help.stdout
    pack = run_cli("--lang=cy", "pack", "--help").stdout
    assert "dec y bwrdd (diofyn: y dec diofyn)" in pack
    english = run_cli("--help").stdout
    assert "    imports             list every import, with its status\n" in english
    assert "The command line: a thin layer over the library, sharing every code path with\n" in (
        english
    )
    # The pack's own --lang is the pack's language, not the messages'.
    assert "the board deck (default: the default)" in run_cli("pack", "--lang", "cy", "-h").stdout


def test_the_spc_command_speaks_welsh_after_lang(tmp_path: Path) -> None:
    import subprocess
    import sys

    def spc(*args: str, text: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pipelines", *args],
            cwd=PROJECT_ROOT,
            input=text,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )

    gap = "period,value\n2024-01,10\n2024-02,12\n2024-04,16\n2024-05,14\n"
    welsh_words = spc("--lang", "cy", "spc", "--target", "15", text=gap)
    assert welsh_words.returncode == 0, welsh_words.stderr
    lines = welsh_words.stderr.splitlines()
    assert lines[0] == (
        "Bylchau: nifer y cyfnodau coll yw 1 (2024-03); cânt eu trin fel bylchau: nid oes "
        "amrediad symudol yn eu rhychwantu."
    )
    assert "Amrywiad: heb ei ddangos: nifer y pwyntiau yn y segment diweddaraf yw 4," in lines[2]
    english = spc("spc", "--target", "15", text=gap)
    assert english.stdout == welsh_words.stdout  # the CSV is data: the same in both languages
    assert english.stderr.splitlines()[0] == (
        "Gaps: 1 missing period(s) (2024-03) are treated as gaps: no moving range spans them."
    )
    bad = spc("--lang", "cy", "spc", text="period,value\n2024-01,1\n01/02/2024,2\n")
    assert (bad.returncode, bad.stderr.strip()) == (
        1,
        "spc: error: llinell 3: mae'r cyfnod '01/02/2024' wedi'i ysgrifennu ar y ffurf "
        "dd/mm/yyyy, ond mae llinell 2 ar y ffurf yyyy-mm; ysgrifennwch bob cyfnod yn yr un ffordd",
    )


def test_the_spc_verdicts_in_welsh_name_the_rule() -> None:
    import io

    from pipelines.spc_cli import run_spc_cli

    values = [9, 11, 10, 12, 8, 10, 11, 9, 10, 12, 8, 10, 30]
    text = "period,value\n" + "".join(
        f"{2024 + (n - 1) // 12}-{(n - 1) % 12 + 1:02d},{v}\n" for n, v in enumerate(values, 1)
    )
    for language, expected in (
        (
            "en",
            "Variation: special cause concern (high values) at the latest point (2025-01), "
            "rule: outside limits.",
        ),
        (
            "cy",
            "Amrywiad: achos arbennig: pryder (gwerthoedd uchel) ar y pwynt diweddaraf "
            "(2025-01), rheol: y tu allan i'r terfynau.",
        ),
    ):
        err = io.StringIO()
        with use_language(language):
            assert (
                run_spc_cli(["--direction", "decrease"], io.StringIO(text), io.StringIO(), err) == 0
            )
        assert expected in err.getvalue().splitlines()


def test_an_unknown_board_deck_is_refused_in_welsh(demo: Path) -> None:
    import io

    from pipelines.cli import main

    err = io.StringIO()
    with use_language("en"):  # main's --lang ends with this block
        code = main(
            ["--lang", "cy", "pack", "--db", str(demo), "--deck", "Nope"], io.StringIO(), err
        )
    assert (code, err.getvalue()) == (1, "error: nid oes dec y bwrdd o'r enw 'Nope'\n")


def test_the_chart_toolbar_speaks_the_page_language() -> None:
    from pipelines.presentation.theme import PLOTLY_WORDS, plot_config

    with use_language("en"):
        english = plot_config()
    assert "locale" not in english and english["displaylogo"] is False
    with use_language("cy"):
        welsh = plot_config()
    assert welsh["locale"] == "cy"
    cy = welsh["locales"]["cy"]  # type: ignore[index]
    assert cy["dictionary"]["Zoom in"] == "Chwyddo i mewn"
    assert cy["dictionary"]["Reset axes"] == "Ailosod yr echelinau"
    assert all(cy["dictionary"][key] != key for key in PLOTLY_WORDS)
    assert cy["format"]["months"][2] == "Mawrth" and cy["format"]["days"][0] == "Dydd Sul"
