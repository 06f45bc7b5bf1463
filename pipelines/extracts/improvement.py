"""The improvement plan's contract: the council's action-plan spreadsheet, one row per action.

Modelled on the joint action plans councils keep after an inspection (e.g. the JICPA action plan
in the Bridgend cabinet report, shared/seeds/003): each action answers one or more findings of the
inspection register, has an owner, a due date, a status and the evidence of progress, and names
the indicators that will show whether it works. Edits made on the Improvement plan page are kept
in the store beside the imports (pipelines/board/plan.py), never in this extract.
"""

from __future__ import annotations

import dataclasses

import polars as pl

from pipelines.extracts import fields as f
from pipelines.extracts.models import Extract, rule_check
from pipelines.extracts.rules import known_indicator_ids
from pipelines.presentation.i18n import N_

# The labels are marked for translation; pipelines.board.plan.status_label shows them.
ACTION_STATUSES = {
    "not_started": N_("Not started"),
    "on_track": N_("On track"),
    "at_risk": N_("At risk"),
    "complete": N_("Complete"),
    "closed": N_("Closed"),
}
# Statuses that end an action: it can no longer be overdue.
FINISHED_STATUSES = ("complete", "closed")

# Rule names are unique across extracts: the register's check under the plan's own name.
ACTION_RULES = (
    dataclasses.replace(known_indicator_ids("indicator_ids"), name="action_indicator_ids_known"),
)


class ActionPlan(Extract):
    """The improvement plan: one row per action answering findings of the inspection register,
    with its owner, due date, status and evidence. An action is overdue when its due date has
    passed and it is neither complete nor closed; how late is counted in working days."""

    action_id: str = f.record_id(N_("The action's reference in the plan, e.g. JAP-01."))
    finding_ids: str = f.id_list(
        N_("Concern ids from the inspection register the action answers, separated by ';'.")
    )
    description: str = f.text(N_("What will be done."), max_length=f.SENTENCE_LENGTH)
    owner: str = f.text(N_("Who is accountable for the action (a post, not a person's name)."))
    due_date: pl.Date = f.date(N_("When the action is due to be complete."), future_allowed=True)
    status: str = f.enum(N_("Where the action stands."), ACTION_STATUSES)
    evidence: str = f.text(
        N_("The evidence of progress so far."), required=False, max_length=f.SENTENCE_LENGTH
    )
    indicator_ids: str = f.id_list(
        N_("Indicator ids that will show whether the action works, separated by ';'."),
        required=False,
    )

    action_indicator_ids_known = rule_check(ACTION_RULES[0])
