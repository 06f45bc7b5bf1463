"""Rules between extracts, checked inside an import on the store as it would be published.

A rule within one row is the contract's job (:mod:`pipelines.extracts.rules`). Some rules join two
extracts: an initial child protection conference cannot be held before the strategy discussion it
follows, a review conference needs the registration it reviews, two registrations of one child
cannot be open at once, and a visit or core group outside any registration of the child is
flagged. Files arrive one at a time and in any order, so each rule is checked after the new rows
are in the private draft of the store (:func:`pipelines.store.writer.import_many`), against the
whole store: an error rejects the import (nothing is published), a warning is kept with it.

Each problem names the row of the new file (as in Excel), the column as headed there, the value as
typed, the other record involved, and what to do. The SQL is
``pipelines/sql/store/child_protection_links.sql``; the words are here, once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import polars as pl

from pipelines.ingest import Prepared
from pipelines.ingest.problems import PROBLEM_SCHEMA
from pipelines.ingest.reader import ROW
from pipelines.presentation.i18n import N_, _
from pipelines.store.ddl import sql_file
from pipelines.store.reader import query_frame

LINK_SQL = ("child_protection_links.sql", "looked_after_links.sql", "workforce_links.sql")


@dataclass(frozen=True)
class Link:
    """A link rule's words: English marked with N_(), translated when the problem is made."""

    reason: str
    fix: str


LINKS: dict[str, Link] = {
    "conference_before_strategy_discussion": Link(
        N_("the conference is before the strategy discussion it follows"),
        N_("check the conference date, the Strategy ID and the strategy discussion's held date"),
    ),
    "strategy_discussion_of_another_child": Link(
        N_("the conference names a strategy discussion about another child"),
        N_("check the Strategy ID and the Child ID"),
    ),
    "strategy_discussion_after_its_conference": Link(
        N_("the strategy discussion is after a conference that follows it"),
        N_("check the held date-time, or the conference's date and Strategy ID"),
    ),
    "review_needs_a_registration": Link(
        N_("a review conference needs the registration it reviews"),
        N_("import the child protection register first, or correct the Registration ID"),
    ),
    "review_of_another_child": Link(
        N_("the review conference names a registration of another child"),
        N_("check the Registration ID and the Child ID"),
    ),
    "review_outside_its_registration": Link(
        N_("the review conference is outside the registration it reviews"),
        N_("check the conference date and the registration's start and end dates"),
    ),
    "registration_excludes_its_review": Link(
        N_("the registration's dates leave out a review conference of it"),
        N_("check the start and end dates, or the review's date and Registration ID"),
    ),
    "registrations_overlap": Link(
        N_("the child has another registration open at the same time"),
        N_("end the earlier registration before the later one starts, or correct the dates"),
    ),
    "event_outside_registration": Link(
        N_("this is outside any registration of the child on the register"),
        N_("check the date and the Registration ID; the row is imported as it is"),
    ),
    "placement_outside_care": Link(
        N_("the placement starts when the child is not looked after"),
        N_("check the placement's start date and the child's care episodes"),
    ),
    "placement_without_care_episodes": Link(
        N_("the placement's child has no care episode in the store"),
        N_("import the care episodes too; the row is imported as it is"),
    ),
    "lac_visit_outside_care": Link(
        N_("the visit is outside any care episode of the child"),
        N_("check the visit date and the child's care episodes; the row is imported as it is"),
    ),
    "review_of_unknown_care_period": Link(
        N_("the review names a period of care with no care episode in the store"),
        N_(
            "import the care episodes (with their Care Period ID); until then the review is not "
            "counted"
        ),
    ),
    "care_episodes_overlap": Link(
        N_("the child has another care episode open at the same time"),
        N_(
            "end the earlier episode on or before the day the later one starts, or correct the dates"
        ),
    ),
    "worker_not_in_workers": Link(
        N_("the worker is not in the workers extract, so the measures leave this row out"),
        N_(
            "import the workers extract with this worker, or correct the Worker ID; the row is "
            "imported as it is"
        ),
    ),
}


# The records a link problem names, in brackets after its reason: the SQL gives the kind and
# the fields (record, other, on_date, to_date); the words are here so they can be translated.
DETAILS: dict[str, str] = {
    "strategy_held_on": N_("strategy discussion {record} was held on {on_date}"),
    "strategy_about_child": N_("strategy discussion {record} is about child {other}"),
    "conference_held_on": N_("conference {record} was held on {on_date}"),
    "registration_not_in_store": N_("registration {record} is not in the store"),
    "registration_of_child": N_("registration {record} is of child {other}"),
    "registration_runs": N_("registration {record} runs from {on_date}"),
    "registration_runs_to": N_("registration {record} runs from {on_date} to {to_date}"),
    "review_held_on": N_("review conference {record} was held on {on_date}"),
    "registration_of_same_child_starts": N_(
        "registration {record} of the same child starts on {on_date}"
    ),
    "registration_ended_on": N_("registration {record} ended on {on_date}"),
    "registration_starts_on": N_("registration {record} starts on {on_date}"),
    "no_registration_covers": N_("no registration of child {other} covers this date"),
    "no_care_episode_covers": N_("no care episode of child {other} covers this date"),
    "child_without_care_episodes": N_("child {other} has no care episode in the store"),
    "care_period_not_in_store": N_("no care episode with care period {record} is in the store"),
    "episode_of_same_child_starts": N_("episode {record} of the same child starts on {on_date}"),
    "worker_not_in_store": N_("no worker {record} in the store"),
}


def _detail(hit: dict[str, object]) -> str:
    """The records involved, in the current language (ids as stored, dates as dd/mm/yyyy)."""
    kind = str(hit["detail"])
    if kind == "registration_runs" and hit["to_date"] is not None:
        kind = "registration_runs_to"
    dates = {
        name: value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else value
        for name, value in ((n, hit[n]) for n in ("on_date", "to_date"))
    }
    return _(DETAILS[kind], record=hit["record"], other=hit["other"], **dates)


def _raw_value(prepared: Prepared, column: str, row: int) -> str | None:
    """The cell as typed in the file, for the message."""
    header = prepared.headers.get(column)
    if header is None or header not in prepared.raw.headers:
        return None
    cells = prepared.raw.frame.filter(pl.col(ROW) == row)
    if cells.is_empty():
        return None
    value = cells.get_column(f"c{prepared.raw.headers.index(header)}")[0]
    return None if value is None else str(value)


def _reason(link: Link, detail: str, file_name: str | None) -> str:
    """The rule's reason with the records involved; the file is named when several are imported
    together."""
    if file_name is None:
        return _("{reason} ({detail})", reason=_(link.reason), detail=detail)
    return _(
        "{file_name}: {reason} ({detail})",
        file_name=file_name,
        reason=_(link.reason),
        detail=detail,
    )


def link_problems(con: duckdb.DuckDBPyConnection, new: dict[int, Prepared]) -> pl.DataFrame:
    """Problems (with an ``import_id`` column) on the records of the new imports."""
    hits = pl.concat(
        [query_frame(con, sql_file(name), {"new": list(new)}) for name in LINK_SQL],
        how="vertical_relaxed",
    )
    rows = []
    for hit in hits.iter_rows(named=True):
        prepared = new[hit["_import_id"]]
        link = LINKS[hit["rule"]]
        column = hit["column_name"]
        several = len(new) > 1
        rows.append(
            {
                "import_id": hit["_import_id"],
                "row": hit["_row"],
                "column": prepared.headers.get(column, prepared.extract.header_label(column)),
                "value": _raw_value(prepared, column, hit["_row"]),
                "rule": hit["rule"],
                "reason": _reason(link, _detail(hit), prepared.raw.file_name if several else None),
                "fix": _(link.fix),
                "severity": hit["severity"],
            }
        )
    return pl.DataFrame(rows, schema={"import_id": pl.Int64, **PROBLEM_SCHEMA})
