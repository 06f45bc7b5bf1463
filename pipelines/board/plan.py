"""The improvement plan as it stands: each action's current fields, whether it is overdue, and the
actions and comments that belong to a finding or an indicator.

The current value of each field is the latest among the versions the action-plan imports brought
(withdrawn imports left out) and the edits made on the Improvement plan page (an edit sets only the
fields it names), in the order they were made (an edit follows the imports made before it, by
import id, not by clock). So an edit made after an import wins, and a spreadsheet imported after
the edit wins over it; the history shows both. An action is in the plan while an
active import holds it; its edits are kept either way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from pipelines.extracts.improvement import ACTION_STATUSES, FINISHED_STATUSES
from pipelines.presentation.i18n import _, date_long, ngettext
from pipelines.workdays import is_working_day, working_days_between

FIELDS = ("status", "owner", "due_date", "evidence")


@dataclass(frozen=True)
class Action:
    action_id: str
    finding_ids: tuple[str, ...]
    description: str
    owner: str
    due_date: dt.date
    status: str
    evidence: str | None
    indicator_ids: tuple[str, ...]
    last_changed_at: dt.datetime | None
    last_changed_by: str

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    def working_days_overdue(self, as_at: dt.date) -> int:
        """The working days after the due date up to and including ``as_at`` (0: not overdue, or
        finished). As at a Sunday, the Monday after is not counted; a Saturday due date is
        overdue on the Monday (one working day)."""
        if self.status in FINISHED_STATUSES or self.due_date >= as_at:
            return 0
        # working_days_between counts a non-working end as the next working day; this counts
        # the working days in (due, as_at].
        late = (
            working_days_between(self.due_date, as_at)
            + is_working_day(as_at)
            - is_working_day(self.due_date)
        )
        return max(late, 0)

    def status_words(self, as_at: dt.date) -> str:
        late = self.working_days_overdue(as_at)
        if late:
            return ngettext(
                "{status}, overdue by {n} working day",
                "{status}, overdue by {n} working days",
                late,
                status=self.status_label,
            )
        return self.status_label


def status_label(code: str) -> str:
    """An action's status in words, in the current language (an unknown code as it is)."""
    label = ACTION_STATUSES.get(code)
    return _(label) if label else code


def _status_count(code: str, n: int) -> str:
    if code == "not_started":
        return ngettext("{n} not started", "{n} not started", n)
    if code == "on_track":
        return ngettext("{n} on track", "{n} on track", n)
    if code == "at_risk":
        return ngettext("{n} at risk", "{n} at risk", n)
    if code == "complete":
        return ngettext("{n} complete", "{n} complete", n)
    if code == "closed":
        return ngettext("{n} closed", "{n} closed", n)
    return f"{n} {code}"


def plan_summary(actions: list[Action], as_at: dt.date | None) -> str:
    """'12 actions: 3 not started, 7 on track, 2 complete. As at 30 March 2025, 2 overdue.'"""
    counts = {code: sum(a.status == code for a in actions) for code in ACTION_STATUSES}
    statuses = ", ".join(_status_count(code, n) for code, n in counts.items() if n)
    sentence = ngettext(
        "{n} action: {statuses}.", "{n} actions: {statuses}.", len(actions), statuses=statuses
    )
    if as_at is None:
        return sentence
    overdue = sum(bool(a.working_days_overdue(as_at)) for a in actions)
    late = ngettext(
        "As at {date}, {n} is overdue.",
        "As at {date}, {n} are overdue.",
        overdue,
        date=date_long(as_at),
    )
    return f"{sentence} {late}"  # two whole sentences


def _ids(text: object) -> tuple[str, ...]:
    return tuple(i.strip() for i in str(text or "").split(";") if i.strip())


def current_actions(plan: pl.DataFrame, history: pl.DataFrame) -> list[Action]:
    """The plan's actions with every field at its latest value (``plan``: the action_plan view;
    ``history``: :func:`pipelines.store.improvement.action_history`)."""
    if plan.is_empty():
        return []
    live = history.filter(~pl.col("withdrawn")) if not history.is_empty() else history
    by_action: dict[str, list[dict[str, object]]] = {}
    for row in live.iter_rows(named=True):
        by_action.setdefault(str(row["action_id"]), []).append(row)
    actions = []
    for row in plan.sort("action_id").iter_rows(named=True):
        current = {name: row[name] for name in FIELDS}
        changed_at, changed_by = None, ""
        for change in by_action.get(row["action_id"], []):
            if change["source"] == "import":
                current = {name: change[name] for name in FIELDS}
            else:
                current.update({n: change[n] for n in FIELDS if change[n] is not None})
            changed_at, changed_by = change["changed_at"], str(change["changed_by"])
        actions.append(
            Action(
                row["action_id"],
                _ids(row["finding_ids"]),
                row["description"],
                str(current["owner"]),
                current["due_date"],  # type: ignore[arg-type]
                str(current["status"]),
                current["evidence"],  # type: ignore[arg-type]
                _ids(row["indicator_ids"]),
                changed_at,  # type: ignore[arg-type]
                changed_by,
            )
        )
    return actions


def actions_for(
    actions: list[Action], *, finding_ids: tuple[str, ...] = (), indicator_id: str | None = None
) -> list[Action]:
    """Actions answering any of the findings, or naming the indicator."""
    wanted = set(finding_ids)
    return [
        a
        for a in actions
        if wanted.intersection(a.finding_ids)
        or (indicator_id is not None and indicator_id in a.indicator_ids)
    ]


def latest_comment(comments: pl.DataFrame, indicator_id: str) -> dict[str, object] | None:
    """The newest comment on an indicator (any period), or None."""
    if comments.is_empty():
        return None
    mine = comments.filter(pl.col("indicator_id") == indicator_id)
    if mine.is_empty():
        return None
    return mine.sort("written_at", "comment_id").row(-1, named=True)
