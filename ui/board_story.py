"""The text of a board story as our own escaped HTML, in type large enough to read across a room
(every string from the store through html_text: plain text, never markdown or HTML)."""

from __future__ import annotations

import datetime as dt

from pipelines.board.rag import RAG_COLOURS, RAG_LETTER, RAG_TEXT
from pipelines.board.story import Story
from pipelines.presentation.plain import html_text
from ui.components import signal_html

FINDING_CHARS = 200  # on screen; the pack prints it whole
ACTION_CHARS = 80
COMMENT_CHARS = 220
MAX_ACTIONS = 3


def clip(text: object, limit: int) -> str:
    words = " ".join(str(text or "").split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def rag_badge(story: Story) -> str:
    rating = story.rag.rating
    if rating is None:
        return f'<span style="font-size:1.15rem">{html_text(story.rag.words)}</span>'
    return (
        f'<span style="display:inline-flex;align-items:center;gap:0.5rem;font-size:1.15rem">'
        f'<span role="img" aria-label="RAG {rating}" style="display:inline-block;width:2rem;'
        f"height:2rem;line-height:2rem;text-align:center;font-weight:700;border:2px solid #0B0C0C;"
        f'background:{RAG_COLOURS[rating]};color:{RAG_TEXT[rating]}">{RAG_LETTER[rating]}</span>'
        f"RAG {html_text(story.rag.words)}</span>"
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
        '<h3 style="font-size:1.4rem;margin:0.6rem 0 0.1rem 0">What the inspectors found</h3>',
    ]
    if not story.findings:
        parts.append(
            "<p style='margin:0;font-size:1.25rem'>No inspection finding is linked to this indicator.</p>"
        )
    for finding in story.findings[:1]:
        parts.append(
            f'<p class="board-finding" style="margin:0;font-size:1.25rem">{html_text(clip(finding.finding, FINDING_CHARS))}'
            f' <span style="color:#4a4a4a">({html_text(finding.concern_id)})</span></p>'
            f'<p style="margin:0.3rem 0 0 0;font-size:1.25rem"><b>Better since the {finding.inspection_date:%B %Y} '
            f"inspection? {html_text(sentence_case(finding.verdict.words))}</b></p>"
        )
    shown_from = story.rows["period_end"].min() if story.rows.height else None
    if story.findings and shown_from is not None and story.findings[0].inspection_date < shown_from:
        parts.append(
            f'<p style="margin:0.2rem 0 0 0;font-size:1rem">The {story.findings[0].inspection_date:%B %Y}'
            " inspection is before the chart's first week: choose a longer view to see its marker."
            "</p>"
        )
    others = len(story.findings) - 1 + story.more_findings
    if others > 0:
        parts.append(
            f'<p style="margin:0.2rem 0 0 0;font-size:1rem">and {others} more finding'
            f"{'s' if others != 1 else ''} (see the pack)</p>"
        )
    parts.append('<h3 style="font-size:1.4rem;margin:0.6rem 0 0.1rem 0">Actions</h3>')
    if not story.actions:
        parts.append(
            "<p style='margin:0;font-size:1.25rem'>No action in the improvement plan is linked.</p>"
        )
    else:
        parts.append('<ul class="board-actions" style="margin:0;padding-left:1.3rem">')
        for action in story.actions[:MAX_ACTIONS]:
            status = action.status_words(as_at) if as_at else action.status_label
            parts.append(
                f"<li style='font-size:1.25rem'><b>{html_text(action.action_id)}</b> {html_text(clip(action.description, ACTION_CHARS))}"
                f" — <b>{html_text(status)}</b></li>"
            )
        parts.append("</ul>")
        if len(story.actions) > MAX_ACTIONS:
            parts.append(
                f'<p style="margin:0;font-size:1rem">and {len(story.actions) - MAX_ACTIONS} more'
                " (Improvement plan)</p>"
            )
    parts.append('<h3 style="font-size:1.4rem;margin:0.6rem 0 0.1rem 0">Commentary</h3>')
    comment = story.comment
    if comment is None:
        parts.append("<p style='margin:0;font-size:1.25rem'><i>No commentary yet.</i></p>")
    else:
        parts.append(
            f"<p style='margin:0;font-size:1.25rem'>{html_text(clip(comment['body'], COMMENT_CHARS))}</p>"
            f"<p style='margin:0;font-size:1rem;color:#4a4a4a'>{html_text(comment['written_by'], 120)},"
            f" {comment['written_at']:%d %B %Y}</p>"
        )
    parts.append("</div>")
    return "".join(parts)
