"""The board pack: the deck as a tagged PDF and as PowerPoint, to circulate before the meeting.

Per story: the chart as a static image (Plotly through kaleido, which drives Debian's chromium)
with the chart described in words as its alt text, the headline, the RAG rating and the SPC
icons' words, every linked finding with "better since the inspection?", the actions and the
latest commentary. A cover page gives the council, the deck, the data-as-at date and the RAG
legend; when the store holds synthetic data every page says "synthetic demonstration data".

The PDF is written by WeasyPrint as PDF/UA-1 (``pdf_variant="pdf/ua-1"``): tagged structure
(headings, paragraphs, lists, tables, figures with their alt text), the document language and
title in the metadata, embedded fonts. Store text is escaped into the HTML, never interpreted.
File names carry the council and the date: ``<council>-board-pack-<yyyy-mm-dd>.pdf``.

The pack speaks one language (``lang``: ``en`` or ``cy``; default: the current one): its headings,
sentences, table headers, dates and charts, the document language in the PDF and the PowerPoint,
and the file name (``<council>-pecyn-bwrdd-<date>.pdf`` in Welsh). Store text (findings, actions,
commentary, team and deck names) is printed as written.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path

import polars as pl

from pipelines import read_models
from pipelines.board.charts import board_figure
from pipelines.board.plan import current_actions
from pipelines.board.rag import RAG_LEGEND
from pipelines.board.story import (
    DEFAULT_MONTHS,
    FindingVerdict,
    Story,
    build_story,
    deck_key,
    deck_label,
    deck_stories,
)
from pipelines.catalogue import load_catalogue
from pipelines.presentation.i18n import (
    N_,
    _,
    current_language,
    date_long,
    month_year,
    ngettext,
    use_language,
)
from pipelines.presentation.narrative import assurance_sentence, variation_sentence
from pipelines.store.reader import read_connection
from pipelines.store.writer import StoreError

FORMATS = ("pdf", "pptx")
SYNTHETIC_WORDS = N_("Synthetic demonstration data")  # translated where printed
IMAGE_WIDTH, IMAGE_HEIGHT = 1100, 600
DOCUMENT_LANGUAGE = {"en": "en-GB", "cy": "cy-GB"}


@dataclass(frozen=True)
class PackContent:
    council: str
    deck: str
    as_at: dt.date | None
    synthetic: bool
    stories: tuple[Story, ...]
    images: tuple[bytes, ...]  # one PNG per story
    made_at: dt.datetime


def _text(value: object, limit: int = 2000) -> str:
    """Store text for the pack: one paragraph, bounded, control characters removed."""
    words = " ".join(str(value if value is not None else "").split())
    words = "".join(ch for ch in words if ch.isprintable())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:]


@contextlib.contextmanager
def _image_server() -> Iterator[None]:
    """One chromium for all of a pack's images (about 0.4 s each instead of 4 s)."""
    import kaleido

    kaleido.start_sync_server(silence_warnings=True)
    try:
        yield
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


def chart_png(story: Story, register: pl.DataFrame, changes: pl.DataFrame) -> bytes:
    import plotly.io as pio

    figure = board_figure(story, register, changes, height=IMAGE_HEIGHT)
    figure.update_layout(width=IMAGE_WIDTH, paper_bgcolor="white", plot_bgcolor="white")
    with warnings.catch_warnings():
        # Plotly passes browser options that the running image server already has.
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return pio.to_image(figure, format="png", width=IMAGE_WIDTH, height=IMAGE_HEIGHT)


def pack_content(
    path: Path,
    deck: str,
    *,
    council: str,
    months: int | None = DEFAULT_MONTHS,
    now: dt.datetime | None = None,
) -> PackContent:
    """Read the deck's stories from the published store and draw their charts."""
    from pipelines.demo import COUNCIL_NAME

    catalogue = load_catalogue()
    con = read_connection(path)
    try:
        register = read_models.concern_register(con)
        ids = deck_stories(read_models.board_decks(con), deck, register)
        if ids is None:
            raise StoreError(_("there is no board deck {deck}", deck=repr(deck)))
        if not ids:
            raise StoreError(_("the board deck {deck} has no stories", deck=repr(deck)))
        actions = current_actions(read_models.action_plan(con), read_models.action_history(con))
        comments = read_models.commentary(con)
        changes = read_models.process_changes(con)
        summary = read_models.store_summary(con)
        as_at = read_models.series_meta(con).get("data_as_at")
        stories = tuple(
            build_story(
                catalogue[i],
                read_models.chart_rows(con, (i,), "week"),
                register,
                actions,
                comments,
                months=months,
                max_findings=50,
            )
            for i in ids
        )
    finally:
        con.close()
    synthetic = bool(summary["synthetic_imports"])
    with _image_server():
        images = tuple(chart_png(s, register, changes) for s in stories)
    return PackContent(
        COUNCIL_NAME if synthetic else council,
        deck,
        as_at if isinstance(as_at, dt.date) else None,
        synthetic,
        stories,
        images,
        now or dt.datetime.now(),
    )


def pack_file_name(content: PackContent, fmt: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", content.council.lower()).strip("-") or "council"
    name = _(
        "{council}-board-pack-{date}.{format}",
        council=slug,
        date=f"{content.made_at:%Y-%m-%d}",
        format=fmt,
    )
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name)  # a translation cannot make an unsafe name


def _title(content: PackContent) -> str:
    return _("Improvement board pack: {council}", council=_text(content.council, 120))


def _status(story: Story, as_at: dt.date | None) -> list[tuple[str, str, str, str, str]]:
    return [
        (
            a.action_id,
            _text(a.description),
            _text(a.owner, 120),
            f"{a.due_date:%d/%m/%Y}",
            a.status_words(as_at) if as_at else a.status_label,
        )
        for a in story.actions
    ]


def _signal_words(story: Story) -> list[str]:
    words = [
        _("RAG {words}", words=story.rag.words),
        _("SPC variation: {sentence}", sentence=variation_sentence(story.signal)),
    ]
    if story.signal.target is not None:
        words.append(_("SPC assurance: {sentence}", sentence=assurance_sentence(story.signal)))
    return words


def _better(finding: FindingVerdict) -> str:
    return _("Better since the inspection? {verdict}", verdict=_sentence(finding.verdict.words))


def _synthetic_sentence() -> str:
    return _(
        "Synthetic demonstration data: every figure comes from a fictional council made by the "
        "demo generator. No real child, family or worker appears."
    )


def _cover_facts(content: PackContent) -> list[str]:
    as_at = (
        _("Data as at {date}", date=date_long(content.as_at)) if content.as_at else _("No data yet")
    )
    facts = [
        _("Board deck: {deck}", deck=_text(deck_label(content.deck), 60)),
        as_at,
        _(
            "Prepared {date} at {time}",
            date=date_long(content.made_at),
            time=f"{content.made_at:%H:%M}",
        ),
        ngettext("{n} story", "{n} stories", len(content.stories)),
    ]
    if content.synthetic:
        facts.append(_synthetic_sentence())
    return facts


def _css_content(template: str) -> str:
    """A translated '... {page} ... {pages} ...' as a CSS ``content`` value with page counters."""
    parts = re.split(r"\{(page|pages)\}", template)
    out = []
    for n, part in enumerate(parts):
        if n % 2:
            out.append(f"counter({part})")
        elif part:
            out.append(_css_string(part))
    return " ".join(out) or '""'


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- PDF -------------------------------------------------------------------------------------------

_CSS = """
@page { size: A4 landscape; margin: 12mm 12mm 16mm 12mm;
  @bottom-left { content: FOOTER; font: 9pt "DejaVu Sans", sans-serif; color: #0B0C0C; }
  @bottom-right { content: PAGES;
    font: 9pt "DejaVu Sans", sans-serif; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; color: #0B0C0C; }
h1 { font-size: 24pt; margin: 0 0 6mm 0; }
h2 { font-size: 16pt; margin: 0 0 2mm 0; }
h3 { font-size: 11pt; margin: 3mm 0 1mm 0; }
p { margin: 0 0 1.5mm 0; }
.story { page-break-before: always; }
.headline { font-size: 12pt; font-weight: bold; }
.chart { float: left; width: 58%; margin: 0 5mm 2mm 0; }
.chart img { width: 100%; }

.finding { margin-bottom: 2mm; }
.below { clear: both; padding-top: 2mm; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
th, td { border: 0.5pt solid #6f777b; padding: 1mm; text-align: left; vertical-align: top; }
.synthetic { font-weight: bold; }
"""


def _tag(tag: str, text: str) -> str:
    return f"<{tag}>{escape(text)}</{tag}>"


def _story_html(story: Story, image: bytes, as_at: dt.date | None) -> str:
    source = "data:image/png;base64," + base64.b64encode(image).decode("ascii")
    findings = "".join(
        f'<div class="finding"><p>{escape(_text(f.finding))} ({escape(_text(f.concern_id, 60))}, '
        f"{escape(_text(f.inspectorate, 60))} {escape(month_year(f.inspection_date))})</p>"
        f"<p><b>{escape(_better(f))}</b></p></div>"
        for f in story.findings
    )
    headers = "".join(
        f"<th>{escape(h)}</th>" for h in (_("Action"), _("What"), _("Owner"), _("Due"), _("Status"))
    )
    if comment := story.comment:
        written = _(
            "{who}, {date}",
            who=_text(comment["written_by"], 120),
            date=date_long(comment["written_at"]),  # type: ignore[arg-type]
        )
        commentary = f"<p>{escape(_text(comment['body']))}</p><p>{escape(written)}</p>"
    else:
        commentary = _tag("p", _("No commentary yet."))
    actions = _status(story, as_at)
    action_rows = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in actions
    )
    no_finding = escape(_("No inspection finding is linked."))
    no_action = escape(_("No action in the improvement plan is linked."))
    return (
        f'<section class="story"><h2>{escape(story.indicator.name)}</h2>'
        f'<p class="headline">{escape(story.headline)}</p>'
        f'<div class="chart"><img src="{source}" alt="{escape(story.summary, quote=True)}"></div>'
        '<div class="side">'
        + "".join(f"<p>{escape(w)}</p>" for w in _signal_words(story))
        + _tag("h3", _("What the inspectors found"))
        + (findings or f"<p>{no_finding}</p>")
        + '</div><div class="below">'
        + _tag("h3", _("Actions"))
        + (
            f"<table><thead><tr>{headers}</tr></thead><tbody>{action_rows}</tbody></table>"
            if actions
            else f"<p>{no_action}</p>"
        )
        + _tag("h3", _("Commentary"))
        + commentary
        + "</div></section>"
    )


def pack_html(content: PackContent) -> str:
    footer = _css_string(_(SYNTHETIC_WORDS)) if content.synthetic else '""'
    pages = _css_content(_("Page {page} of {pages}"))
    title = _title(content)
    contents = "".join(f"<li>{escape(s.indicator.name)}</li>" for s in content.stories)
    synthetic = _synthetic_sentence()
    marked = ' class="synthetic"'
    facts = "".join(
        f"<p{marked if f == synthetic else ''}>{escape(f)}</p>" for f in _cover_facts(content)
    )
    stories = "".join(
        _story_html(s, i, content.as_at)
        for s, i in zip(content.stories, content.images, strict=True)
    )
    reading = _(
        "Better since the inspection? compares the figures since each inspection with the "
        "process the inspectors saw (the 24 points before it): a sustained shift by the SPC rules "
        "is a real change; anything else is no evidence of change."
    )
    css = _CSS.replace("FOOTER", footer).replace("PAGES", pages)
    return (
        f'<!DOCTYPE html><html lang="{DOCUMENT_LANGUAGE[current_language()]}"><head>'
        f'<meta charset="utf-8"><title>{escape(title)}</title><style>{css}</style></head><body>'
        f'<section class="cover"><h1>{escape(title)}</h1>{facts}'
        + _tag("h2", _("Contents"))
        + f"<ol>{contents}</ol>"
        + _tag("h2", _("Reading the pack"))
        + _tag("p", _(RAG_LEGEND))
        + _tag("p", reading)
        + f"</section>{stories}</body></html>"
    )


def render_pdf(content: PackContent) -> bytes:
    from weasyprint import HTML

    return HTML(string=pack_html(content)).write_pdf(pdf_variant="pdf/ua-1")


# --- PowerPoint --------------------------------------------------------------------------------------


def render_pptx(content: PackContent) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]
    deck.core_properties.title = _title(content)
    deck.core_properties.language = DOCUMENT_LANGUAGE[current_language()]

    def text_box(slide, left, top, width, height, paragraphs, size=14, bold_first=False):
        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        for n, words in enumerate(paragraphs):
            paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            paragraph.text = words
            paragraph.font.size = Pt(size)
            paragraph.font.bold = bold_first and n == 0
        return box

    def footer(slide):
        if content.synthetic:
            text_box(slide, 0.4, 7.0, 8, 0.4, [_(SYNTHETIC_WORDS)], size=12, bold_first=True)

    cover = deck.slides.add_slide(blank)
    text_box(cover, 0.6, 0.6, 12, 1.2, [_title(content)], 32, True)
    text_box(cover, 0.6, 2.0, 12, 4.5, [*_cover_facts(content), "", _(RAG_LEGEND)], 18)
    footer(cover)
    for story, image in zip(content.stories, content.images, strict=True):
        slide = deck.slides.add_slide(blank)
        text_box(slide, 0.4, 0.25, 12.5, 0.7, [story.indicator.name], 28, True)
        text_box(slide, 0.4, 0.95, 12.5, 0.8, [story.headline], 16)
        picture = slide.shapes.add_picture(io.BytesIO(image), Inches(0.3), Inches(1.8), Inches(7.6))
        picture.name = _("Chart: {name}", name=story.indicator.name)
        picture._element.nvPicPr.cNvPr.set("descr", story.summary)
        side = _signal_words(story)
        side += ["", _("What the inspectors found")]
        for finding in story.findings[:2]:
            side.append(f"{_text(finding.finding, 220)} ({finding.concern_id})")
            side.append(_better(finding))
        if len(story.findings) > 2:
            side.append(
                ngettext(
                    "and {n} more (see the PDF pack)",
                    "and {n} more (see the PDF pack)",
                    len(story.findings) - 2,
                )
            )
        side += ["", _("Actions")]
        side += [f"{a[0]}: {_text(a[1], 90)} ({a[4]})" for a in _status(story, content.as_at)[:4]]
        if story.comment:
            side += ["", _("Commentary"), _text(story.comment["body"], 300)]
        text_box(slide, 8.1, 1.8, 5.0, 5.2, side, 11)
        footer(slide)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def build_pack(
    path: Path,
    deck: str,
    fmt: str,
    *,
    council: str,
    months: int | None = DEFAULT_MONTHS,
    now: dt.datetime | None = None,
    lang: str | None = None,
) -> tuple[str, bytes]:
    """(file name, bytes) of the deck's pack in ``fmt`` (pdf or pptx), in ``lang`` (en or cy;
    default: the current language)."""
    if fmt not in FORMATS:
        raise StoreError(
            _(
                "the pack is made as {pdf} or {pptx}, not {format}",
                pdf=FORMATS[0],
                pptx=FORMATS[1],
                format=repr(fmt),
            )
        )
    with use_language(lang or current_language()):
        # The default deck may be named in the pack's language ("Y dec diofyn").
        content = pack_content(path, deck_key(deck), council=council, months=months, now=now)
        data = render_pdf(content) if fmt == "pdf" else render_pptx(content)
        return pack_file_name(content, fmt), data
