"""Commentary beside a chart: the latest comment on an indicator, its history, and (analysts and
admins) a box to add one. Comments are plain text (never markdown or HTML) and append-only."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from pipelines import config
from pipelines.access import allows
from pipelines.board.plan import latest_comment
from pipelines.catalogue import Indicator
from pipelines.presentation.i18n import _, date_long
from pipelines.presentation.plain import bounded, html_text
from pipelines.store import StoreError
from pipelines.store.improvement import MAX_COMMENT, add_comment
from ui import data

EDIT_ROLE = "analyst"  # analysts and admins write commentary and edit the plan


def comment_html(comment: dict[str, object] | None, size: str = "1rem") -> str:
    """The comment as escaped HTML with who wrote it and when (a sentence when there is none)."""
    if comment is None:
        none = html_text(_("No commentary yet."))
        return f'<p style="margin:0;font-size:{size}"><i>{none}</i></p>'
    when = comment["written_at"]
    period = comment["period_end"]
    byline = _(
        "{who}, {date} {time} · on the figures to {period}",
        who=bounded(comment["written_by"], 120),
        date=date_long(when),  # type: ignore[arg-type]
        time=f"{when:%H:%M}",
        period=date_long(period),  # type: ignore[arg-type]
    )
    return (
        f'<p style="margin:0;font-size:{size}">{html_text(comment["body"], MAX_COMMENT)}</p>'
        f'<p style="margin:0.25rem 0 0 0;font-size:0.85em;color:#4a4a4a">{html_text(byline, 400)}</p>'
    )


def draw_commentary(indicator: Indicator, period_end: dt.date | None, key: str) -> None:
    comments = data.load("commentary")
    st.subheader(_("Commentary"))
    st.html(comment_html(latest_comment(comments, indicator.id)))
    mine = comments.filter(pl.col("indicator_id") == indicator.id) if comments.height else comments
    if mine.height > 1:
        with st.expander(_("Earlier commentary ({n})", n=mine.height - 1)):
            st.dataframe(
                mine.sort("comment_id", descending=True)
                .slice(1)
                .select(
                    pl.col("written_at").dt.strftime("%d/%m/%Y %H:%M").alias(_("Written")),
                    pl.col("written_by").alias(_("By")),
                    pl.col("period_end").dt.strftime("%d/%m/%Y").alias(_("Figures to")),
                    pl.col("body").alias(_("Commentary")),
                ),
                hide_index=True,
                width="stretch",
            )
    access = st.session_state["access"]
    if not allows(access.role, EDIT_ROLE) or period_end is None:
        return
    with st.form(f"comment-{key}", clear_on_submit=True, enter_to_submit=False):
        body = st.text_area(
            _(
                "Add commentary on the figures to {date} (what is behind the figure, what we are "
                "doing)",
                date=date_long(period_end),
            ),
            max_chars=MAX_COMMENT,
        )
        sent = st.form_submit_button(_("Add commentary"))
    if sent:
        try:
            add_comment(config.store_path(), indicator.id, period_end, body, by=access.user)
            st.success(_("Commentary added. Earlier commentary is kept."))
            st.rerun()
        except StoreError as error:
            st.error(_("Not added: {error}.", error=error))
