"""Board stories: one screen per indicator of a board deck, for the presentation mode and the pack.

A story is the indicator's chart of the last :data:`DEFAULT_MONTHS` months (longer on request), a
plain headline in the current language from the one latest signal (what happened, whether it is
a real change, against the target), its RAG rating, the inspectors' findings it answers with the
verdict "better since the inspection?", the linked actions and their status, and the latest
commentary.

A **deck** is the choice and order of stories. The default deck starts with the front-door backlog
(the finding the inspectors wrote about first) and follows the register's themes, latest report
first; an analyst saves other decks (pipelines/store/improvement.py, newest version wins).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from pipelines.board.plan import Action, actions_for, latest_comment
from pipelines.board.rag import Rag, rag
from pipelines.board.verdict import Verdict, verdict
from pipelines.catalogue import Indicator, headline_indicators, load_catalogue
from pipelines.presentation.formatting import format_value
from pipelines.presentation.i18n import N_, _
from pipelines.presentation.narrative import chart_summary, period_end_words
from pipelines.presentation.status import withheld_short
from pipelines.signals import Signal, latest_signal

DEFAULT_DECK = N_("Default deck")  # the stored name; shown through deck_label
DEFAULT_MONTHS = 18
FIRST_STORY = "fd_iaa_backlog"  # the backlog the inspectors wrote about
MAX_FINDINGS = 2  # on one screen; the rest are counted


@dataclass(frozen=True)
class FindingVerdict:
    concern_id: str
    report: str
    inspectorate: str
    inspection_date: dt.date
    finding: str
    verdict: Verdict


@dataclass(frozen=True)
class Story:
    indicator: Indicator
    rows: pl.DataFrame  # the chart's rows in the window shown
    signal: Signal
    headline: str
    rag: Rag
    findings: tuple[FindingVerdict, ...]  # latest report first
    more_findings: int  # linked findings not shown
    actions: tuple[Action, ...]
    comment: dict[str, object] | None
    summary: str  # the chart described in words (alt text)
    months: int | None  # None: the whole history


def default_deck(register: pl.DataFrame) -> list[str]:
    """The headline indicators: the backlog first, then by the themes of the findings they answer
    (latest report first, themes in the order the register gives them), then the rest."""
    headline = [i.id for i in headline_indicators()]
    ordered = [FIRST_STORY] if FIRST_STORY in headline else []
    if not register.is_empty():
        latest_first = register.sort("inspection_date", descending=True, maintain_order=True)
        themes = list(dict.fromkeys(latest_first["theme"].to_list()))
        for theme in themes:
            for row in latest_first.filter(pl.col("theme") == theme).iter_rows(named=True):
                for indicator_id in str(row["indicator_ids"]).split(";"):
                    if indicator_id in headline and indicator_id not in ordered:
                        ordered.append(indicator_id)
    return ordered + [i for i in headline if i not in ordered]


def deck_label(name: str) -> str:
    """A deck's name as shown: the default deck's in the current language, others as saved."""
    return _(DEFAULT_DECK) if name == DEFAULT_DECK else name


def deck_key(label: str) -> str:
    """The stored name of a deck typed or shown as ``label`` (the default deck's name in the
    current language is the default deck)."""
    words = " ".join(label.split())
    return DEFAULT_DECK if words == _(DEFAULT_DECK) else words


def deck_names(decks: pl.DataFrame) -> list[str]:
    saved = decks["name"].unique(maintain_order=True).to_list() if decks.height else []
    return [DEFAULT_DECK, *[n for n in saved if n != DEFAULT_DECK]]


def deck_stories(decks: pl.DataFrame, name: str, register: pl.DataFrame) -> list[str] | None:
    """The indicator ids of a deck, newest saved version (None: no such deck)."""
    catalogue = load_catalogue()
    if decks.height:
        mine = decks.filter(pl.col("name") == name)
        if mine.height:
            ids = mine.sort("deck_version").row(-1, named=True)["indicator_ids"]
            return [i for i in ids if i in catalogue]
    if name == DEFAULT_DECK:
        return default_deck(register)
    return None


def headline_sentence(signal: Signal, rating: Rag) -> str:
    """What happened, whether it is a real change, against the target, in plain words."""
    ind = signal.indicator
    if signal.value is None or signal.period_end is None:
        return _("No figures yet for {name}.", name=ind.name.lower())
    if signal.withheld is not None:
        real = _(
            "whether it is a real change cannot be judged: {reason}",
            reason=withheld_short(signal.withheld),
        )
    elif signal.kind == "improvement":
        real = _("a real improvement, not chance (special cause)")
    elif signal.kind == "concern":
        real = _("a real deterioration, not chance (special cause)")
    elif signal.kind == "neutral" and signal.direction == "high":
        real = _("unusually high, not chance (special cause)")
    elif signal.kind == "neutral":
        real = _("unusually low, not chance (special cause)")
    else:
        real = _("no real change: within the usual range")
    fields = {
        "value": format_value(signal.value, ind.unit),
        "when": period_end_words(signal.period_type, signal.period_end),
        "real": real,
    }
    if signal.target is None or rating.rating is None:
        sentence = _("{value} {when}: {real}.", **fields)
    else:
        target = format_value(signal.target, ind.unit)
        if rating.rating == "green":
            sentence = _(
                "{value} {when}: {real}; meets the target of {target}.", target=target, **fields
            )
        elif rating.rating == "amber":
            sentence = _(
                "{value} {when}: {real}; just misses the target of {target}.",
                target=target,
                **fields,
            )
        else:
            sentence = _(
                "{value} {when}: {real}; misses the target of {target}.", target=target, **fields
            )
    return sentence[0].upper() + sentence[1:]


def _window(rows: pl.DataFrame, months: int | None) -> pl.DataFrame:
    if months is None or rows.is_empty():
        return rows
    last = rows["period_end"].max()
    index = last.year * 12 + last.month - 1 - months  # type: ignore[union-attr]
    start = dt.date(index // 12, index % 12 + 1, 1)
    return rows.filter(pl.col("period_end") >= start)


def build_story(
    indicator: Indicator,
    rows: pl.DataFrame,
    register: pl.DataFrame,
    actions: list[Action],
    comments: pl.DataFrame,
    *,
    months: int | None = DEFAULT_MONTHS,
    max_findings: int = MAX_FINDINGS,
) -> Story:
    """The story of one indicator from its chart rows (the whole history: the verdict needs the
    years before the inspection; the chart shows the last ``months``)."""
    data = rows.sort("period_end") if rows.height else rows
    signal = latest_signal(data, indicator)
    rating = rag(indicator, signal.value, signal.target)
    linked = (
        register.filter(pl.col("indicator_ids").str.split(";").list.contains(indicator.id)).sort(
            ["inspection_date", "concern_id"], descending=[True, False]
        )
        if register.height
        else register
    )
    findings = tuple(
        FindingVerdict(
            row["concern_id"],
            row["report"],
            row["inspectorate"],
            row["inspection_date"],
            row["finding"],
            verdict(data, indicator, row["inspection_date"]),
        )
        for row in linked.iter_rows(named=True)
    )
    concern_ids = tuple(f.concern_id for f in findings)
    return Story(
        indicator,
        _window(data, months),
        signal,
        headline_sentence(signal, rating),
        rating,
        findings[:max_findings],
        max(len(findings) - max_findings, 0),
        tuple(actions_for(actions, finding_ids=concern_ids, indicator_id=indicator.id)),
        latest_comment(comments, indicator.id),
        chart_summary(signal),
        months,
    )
