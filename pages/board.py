"""Board view: the improvement board's meeting, one story per screen. Each story is an indicator
of the chosen board deck: a plain headline (what happened, whether it is a real change, against the
target), the chart of the last 18 months, the inspectors' finding with "better since the
inspection?", the linked actions and the commentary. "Present" hides the sidebar and fits each
story on a 1920x1080 screen; the arrow keys and a clicker's PageUp/PageDown move between stories.
Analysts save board decks (the choice and order of stories)."""

import polars as pl
import streamlit as st

from pipelines import config
from pipelines.access import allows
from pipelines.board.charts import board_figure
from pipelines.board.pack import build_pack
from pipelines.board.plan import current_actions
from pipelines.board.rag import RAG_LEGEND
from pipelines.board.story import (
    DEFAULT_DECK,
    DEFAULT_MONTHS,
    build_story,
    deck_key,
    deck_label,
    deck_names,
    deck_stories,
)
from pipelines.catalogue import load_catalogue
from pipelines.presentation.i18n import N_, _, date_long, in_this_language, ngettext
from pipelines.presentation.plain import bounded, html_text, plain
from pipelines.presentation.theme import plot_config
from pipelines.store import StoreError
from pipelines.store.improvement import MAX_DECK_NAME, save_deck
from ui import data
from ui.board_keys import NEXT_LABEL, PREVIOUS_LABEL, listen_for_story_keys
from ui.board_story import story_side_html, story_top_html
from ui.commentary import EDIT_ROLE
from ui.guard import require_router

require_router()

PRESENT = "present"
WINDOWS = {"18": N_("Last 18 months"), "36": N_("Last 3 years"), "all": N_("The whole history")}
catalogue = load_catalogue()
params = st.query_params
presenting = params.get(PRESENT) == "1"
access = st.session_state["access"]
# The address keeps the language when the page rewrites it (present, exit, a saved deck).
kept = {key: params[key] for key in ("lang",) if key in params}

register = data.load("concern_register")
decks = data.load("board_decks")
names = deck_names(decks)
deck = params.get("deck", DEFAULT_DECK)
if deck not in names:
    if "deck" in params:
        st.warning(
            _(
                "There is no board deck '{deck}'; showing the default deck.",
                deck=plain(deck, 60),
            )
        )
    deck = DEFAULT_DECK
window = params.get("months", str(DEFAULT_MONTHS))
if window not in WINDOWS:
    window = str(DEFAULT_MONTHS)

if not presenting:
    left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
    deck = left.selectbox(
        _("Board deck"),
        names,
        index=names.index(deck),
        format_func=in_this_language(deck_label),
    )
    window = middle.selectbox(
        _("Charts show"),
        list(WINDOWS),
        index=list(WINDOWS).index(window),
        format_func=in_this_language(lambda w: _(WINDOWS[w])),
    )
    if right.button(_("Present ▶"), type="primary", width="stretch"):
        params.from_dict({**kept, PRESENT: "1", "deck": deck, "months": window})
        st.rerun()

stories = deck_stories(decks, deck, register) or []
if not stories:
    st.title(_("Board view"))
    st.warning(_("This board deck has no stories. An analyst can add some below."))
    st.stop()
index = st.session_state.setdefault("board_story", 0) % len(stories)
back, where, leave, forward = st.columns([1.2, 5, 1, 1.2], vertical_alignment="center")
if back.button(_(PREVIOUS_LABEL), width="stretch"):
    index = (index - 1) % len(stories)
if forward.button(_(NEXT_LABEL), width="stretch"):
    index = (index + 1) % len(stories)
st.session_state["board_story"] = index
if presenting and leave.button(_("Exit"), width="stretch", help=_("Leave the presentation")):
    params.from_dict({**kept, "deck": deck, "months": window})
    st.rerun()
listen_for_story_keys()

indicator = catalogue[stories[index]]
actions = current_actions(data.load("action_plan"), data.load("action_history"))
story = build_story(
    indicator,
    data.load("chart_rows", (indicator.id,), "week"),
    register,
    actions,
    data.load("commentary"),
    months=None if window == "all" else int(window),
)
summary = data.load("store_summary")
as_at = data.load("series_meta").get("data_as_at")
synthetic = bool(summary["synthetic_imports"]) if presenting else False
place = _(
    "Story {number} of {total} · {deck}",
    number=index + 1,
    total=len(stories),
    deck=bounded(deck_label(deck), MAX_DECK_NAME),
)
if as_at:
    place += " · " + _("data as at {date}", date=date_long(as_at))
where.html(
    '<p style="margin:0;text-align:center;font-size:1.1rem">'
    + html_text(place, 400)
    + (" · <b>" + html_text(_("synthetic demonstration data")) + "</b>" if synthetic else "")
    + "</p>"
)
st.title(indicator.name)
st.html(story_top_html(story))
chart, side = st.columns([3, 2], gap="large")
with chart:
    st.plotly_chart(
        board_figure(story, register, data.load("process_changes")),
        key="board-chart",
        config=plot_config(),
        theme=None,
        alt=story.summary,
    )
with side:
    st.html(story_side_html(story, as_at))

if presenting:
    st.stop()

st.caption(_(RAG_LEGEND))

st.header(_("The board pack"))
st.write(
    _(
        "The whole deck to circulate before the meeting: per story the chart, headline, findings "
        "with the verdict since each inspection, actions and commentary, with a cover page. The "
        "PDF is tagged for screen readers (PDF/UA); every chart has a text description. The pack "
        "is written in the language of this page."
    )
)
pdf_col, pptx_col = st.columns(2)
for column, fmt, label in ((pdf_col, "pdf", "PDF"), (pptx_col, "pptx", "PowerPoint")):
    if column.button(_("Prepare the pack as {format}", format=label), key=f"pack-{fmt}"):
        try:
            drawing = ngettext(
                "Drawing {n} chart and writing the {format} file…",
                "Drawing {n} charts and writing the {format} file…",
                len(stories),
                format=label,
            )
            with st.spinner(drawing):
                made = build_pack(
                    config.store_path(),
                    deck,
                    fmt,
                    council=config.load_settings().council_name,
                    months=None if window == "all" else int(window),
                )
            st.session_state[f"pack-{fmt}"] = made
        except (StoreError, RuntimeError) as error:
            column.error(_("The pack could not be made: {error}.", error=error))
    made = st.session_state.get(f"pack-{fmt}")
    if made:
        column.download_button(
            _("Download {file}", file=made[0]),
            made[1],
            file_name=made[0],
            mime="application/pdf"
            if fmt == "pdf"
            else "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            key=f"download-{fmt}",
        )

if not allows(access.role, EDIT_ROLE):
    st.stop()
st.header(_("Edit a board deck"))
st.write(
    _(
        "Choose the stories and their order (the order you pick them in). Saving under an "
        "existing name makes a new version of that deck; earlier versions are kept."
    )
)
with st.form("deck", enter_to_submit=False):
    name = st.text_input(_("Deck name"), value=deck_label(deck), max_chars=MAX_DECK_NAME)
    chosen = st.multiselect(
        _("Stories, in order"),
        list(catalogue),
        default=stories,
        format_func=in_this_language(lambda i: catalogue[i].name),
    )
    saved = st.form_submit_button(_("Save the deck"))
if saved:
    try:
        save_deck(config.store_path(), deck_key(name), chosen, by=access.user)
        st.success(_("Saved the deck '{deck}'.", deck=plain(name, MAX_DECK_NAME)))
        st.session_state["board_story"] = 0
        params.from_dict({**kept, "deck": deck_key(name), "months": window})
        st.rerun()
    except StoreError as error:
        st.error(_("Not saved: {error}.", error=error))
if decks.height:
    with st.expander(_("Saved versions of the decks")):
        st.dataframe(
            decks.select(
                pl.col("name").alias(_("Deck")),
                pl.col("indicator_ids").list.len().alias(_("Stories")),
                pl.col("saved_by").alias(_("Saved by")),
                pl.col("saved_at").dt.strftime("%d/%m/%Y %H:%M").alias(_("Saved")),
            ),
            hide_index=True,
            width="stretch",
        )
