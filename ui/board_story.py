"""The text of a board story as our own escaped HTML, in type large enough to read across a room
(every string from the store through html_text: plain text, never markdown or HTML; our own
sentences are translated templates, escaped the same way)."""

from __future__ import annotations

import datetime as dt

from pipelines.board.rag import RAG_COLOURS, RAG_TEXT, rag_colour_word, rag_letter
from pipelines.board.story import Story
from pipelines.presentation.i18n import _, date_long, month_year, ngettext
from pipelines.presentation.plain import html_text
from ui.components import signal_html

FINDING_CHARS = 200  # on screen; the pack prints it whole
ACTION_CHARS = 80
COMMENT_CHARS = 220
MAX_ACTIONS = 3
HEADING = '<h3 style="font-size:1.4rem;margin:0.6rem 0 0.1rem 0">{}</h3>'
TEXT = "<p style='margin:0;font-size:1.25rem'>{}</p>"
SMALL = '<p style="margin:0.2rem 0 0 0;font-size:1rem">{}</p>'


def clip(text: object, limit: int) -> str:
    words = " ".join(str(text or "").split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def rag_badge(story: Story) -> str:
    rating = story.rag.rating
    if rating is None:
        return f'<span style="font-size:1.15rem">{html_text(story.rag.words)}</span>'
    label = html_text(_("RAG {colour}", colour=rag_colour_word(rating)))
    words = html_text(_("RAG {words}", words=story.rag.words))
    letter = html_text(rag_letter(rating))
    return (
        f'<span style="display:inline-flex;align-items:center;gap:0.5rem;font-size:1.15rem">'
        f'<span role="img" aria-label="{label}" style="display:inline-block;width:2rem;'
        f"height:2rem;line-height:2rem;text-align:center;font-weight:700;border:2px solid #0B0C0C;"
        f'background:{RAG_COLOURS[rating]};color:{RAG_TEXT[rating]}">{letter}</span>'
        f"{words}</span>"
    )


def story_top_html(story: Story) -> str:
    return (
        f'<div class="board-headline"><p style="font-size:1.65rem;line-height:1.3;margin:0">'
        f"{html_text(story.headline, 600)}</p></div>"
    )


def story_side_html(story: Story, as_at: dt.date | None) -> str:
    parts = [
        '<div class="board-side" style="font-size:1.25rem;line-height:1.35">',
        f'<div style="display:flex;flex-wrap:wrap;gap:0.5rem 1.5rem;align-items:center">'
        f"{rag_badge(story)}</div>",
        f'<div style="margin-top:0.4rem">{signal_html(story.signal, 34)}</div>',
        HEADING.format(html_text(_("What the inspectors found"))),
    ]
    if not story.findings:
        parts.append(
            TEXT.format(html_text(_("No inspection finding is linked to this indicator.")))
        )
    for finding in story.findings[:1]:
        better = _(
            "Better since the {month} inspection? {verdict}",
            month=month_year(finding.inspection_date),
            verdict=sentence_case(finding.verdict.words),
        )
        parts.append(
            '<p class="board-finding" style="margin:0;font-size:1.25rem">'
            f"{html_text(clip(finding.finding, FINDING_CHARS))}"
            f' <span style="color:#4a4a4a">({html_text(finding.concern_id)})</span></p>'
            f'<p style="margin:0.3rem 0 0 0;font-size:1.25rem"><b>{html_text(better)}</b></p>'
        )
    shown_from = story.rows["period_end"].min() if story.rows.height else None
    if story.findings and shown_from is not None and story.findings[0].inspection_date < shown_from:
        before = _(
            "The {month} inspection is before the chart's first week: choose a longer view to "
            "see its marker.",
            month=month_year(story.findings[0].inspection_date),
        )
        parts.append(SMALL.format(html_text(before)))
    others = len(story.findings) - 1 + story.more_findings
    if others > 0:
        more = ngettext(
            "and {n} more finding (see the pack)", "and {n} more findings (see the pack)", others
        )
        parts.append(SMALL.format(html_text(more)))
    parts.append(HEADING.format(html_text(_("Actions"))))
    if not story.actions:
        parts.append(TEXT.format(html_text(_("No action in the improvement plan is linked."))))
    else:
        parts.append('<ul class="board-actions" style="margin:0;padding-left:1.3rem">')
        for action in story.actions[:MAX_ACTIONS]:
            status = action.status_words(as_at) if as_at else action.status_label
            parts.append(
                f"<li style='font-size:1.25rem'><b>{html_text(action.action_id)}</b> "
                f"{html_text(clip(action.description, ACTION_CHARS))}"
                f" — <b>{html_text(status)}</b></li>"
            )
        parts.append("</ul>")
        if len(story.actions) > MAX_ACTIONS:
            more = ngettext(
                "and {n} more (Improvement plan)",
                "and {n} more (Improvement plan)",
                len(story.actions) - MAX_ACTIONS,
            )
            parts.append(SMALL.replace("0.2rem 0 0 0", "0").format(html_text(more)))
    parts.append(HEADING.format(html_text(_("Commentary"))))
    comment = story.comment
    if comment is None:
        parts.append(TEXT.format("<i>" + html_text(_("No commentary yet.")) + "</i>"))
    else:
        written = _(
            "{who}, {date}",
            who=clip(comment["written_by"], 120),
            date=date_long(comment["written_at"]),  # type: ignore[arg-type]
        )
        parts.append(
            TEXT.format(html_text(clip(comment["body"], COMMENT_CHARS)))
            + f"<p style='margin:0;font-size:1rem;color:#4a4a4a'>{html_text(written, 160)}</p>"
        )
    parts.append("</div>")
    return "".join(parts)
