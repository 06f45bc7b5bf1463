"""The registry of extract types: the one list the reader, the store, the CLI and the docs share."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pipelines.extracts import child_protection as cp
from pipelines.extracts import fields as f
from pipelines.extracts import improvement as imp
from pipelines.extracts import looked_after as la
from pipelines.extracts import models as m
from pipelines.extracts import workforce as wf
from pipelines.extracts.pandera_polars import pa
from pipelines.extracts.rules import Rule
from pipelines.workdays import COVERAGE_END, COVERAGE_START

ACRONYMS = {"id": "ID", "ids": "IDs", "fte": "FTE", "plo": "PLO", "lac": "LAC"}


def header_label(column: str) -> str:
    """The header an analyst sees for a column: words capitalised, acronyms in capitals."""
    return " ".join(ACRONYMS.get(w, w.capitalize()) for w in column.split("_"))


@dataclass(frozen=True)
class ExtractType:
    """One kind of extract: its contract, the key that identifies a record, and its rules."""

    name: str
    title: str
    model: type[m.Extract]
    key: tuple[str, ...]
    rules: tuple[Rule, ...]
    # Events held on working days only: the extract speaks for the weekend after its last event.
    working_days_only: bool = False

    @cached_property
    def schema(self) -> pa.DataFrameSchema:
        return self.model.to_schema()

    @property
    def description(self) -> str:
        return " ".join((self.model.__doc__ or "").split())

    @property
    def columns(self) -> list[str]:
        return list(self.schema.columns)

    @property
    def required_columns(self) -> list[str]:
        return [name for name, col in self.schema.columns.items() if not col.nullable]

    def column(self, name: str) -> Any:
        return self.schema.columns[name]

    def header_label(self, name: str) -> str:
        return header_label(name)

    def describe(self) -> dict[str, Any]:
        """Machine-readable description used by ``schemas --json`` and the data dictionary."""
        columns = []
        for name, col in self.schema.columns.items():
            labels = f.field_labels(col)
            checks = [
                {
                    "check": c.name,
                    **{k: v for k, v in (c.statistics or {}).items() if k != "allowed_values"},
                }
                for c in col.checks
                if c.name not in ("isin", "str_length")
            ]
            columns.append(
                {
                    "name": name,
                    "header": self.header_label(name),
                    "kind": f.field_kind(col),
                    "dtype": str(col.dtype),
                    "required": not col.nullable,
                    "unique": bool(col.unique),
                    "allowed_values": (
                        [{"code": code, "label": label} for code, label in labels.items()]
                        if labels and self.name != "indicator_values"
                        else None
                    ),
                    "checks": checks,
                    "max_length": f.field_max_length(col),
                    "earliest_date": (
                        (f.field_earliest(col) or COVERAGE_START.isoformat())
                        if f.field_kind(col) in (f.DATE, f.DATETIME)
                        else None
                    ),
                    "latest_date": (
                        COVERAGE_END.isoformat()
                        if f.field_kind(col) in (f.DATE, f.DATETIME)
                        else None
                    ),
                    "future_allowed": (
                        f.field_future_allowed(col)
                        if f.field_kind(col) in (f.DATE, f.DATETIME)
                        else None
                    ),
                    "description": col.description,
                }
            )
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "record_key": list(self.key),
            "columns": columns,
            "rules": [rule.describe() for rule in self.rules],
        }


EXTRACT_TYPES: dict[str, ExtractType] = {
    e.name: e
    for e in (
        ExtractType(
            "contacts", "Contacts (front door)", m.Contacts, ("contact_id",), m.CONTACT_RULES
        ),
        ExtractType(
            "assessments",
            "Assessments (Part 3)",
            m.Assessments,
            ("assessment_id",),
            m.ASSESSMENT_RULES,
        ),
        ExtractType("workers", "Workers", m.Workers, ("worker_id",), m.WORKER_RULES),
        ExtractType(
            "allocations",
            "Allocations (caseloads)",
            m.Allocations,
            ("allocation_id",),
            m.ALLOCATION_RULES,
        ),
        ExtractType(
            "service_referrals",
            "Service referrals (waiting lists)",
            m.ServiceReferrals,
            ("referral_id",),
            m.SERVICE_REFERRAL_RULES,
        ),
        ExtractType(
            "indicator_values",
            "Indicator values (aggregated figures)",
            m.IndicatorValues,
            ("indicator_id", "period_start", "period_end", "breakdown", "geography"),
            m.INDICATOR_VALUE_RULES,
        ),
        ExtractType(
            "child_population",
            "Child population (reference)",
            m.ChildPopulation,
            ("estimate_date",),
            (),
        ),
        ExtractType(
            "inspection_concerns",
            "Inspection concerns register",
            m.InspectionConcerns,
            ("concern_id",),
            m.CONCERN_RULES,
        ),
        ExtractType(
            "strategy_discussions",
            "Strategy discussions and Section 47 enquiries",
            cp.StrategyDiscussions,
            ("strategy_id",),
            cp.STRATEGY_RULES,
            working_days_only=True,
        ),
        ExtractType(
            "cp_conferences",
            "Child protection conferences",
            cp.ChildProtectionConferences,
            ("conference_id",),
            cp.CONFERENCE_RULES,
            working_days_only=True,
        ),
        ExtractType(
            "cp_registrations",
            "Child protection register",
            cp.ChildProtectionRegistrations,
            ("registration_id",),
            cp.REGISTRATION_RULES,
            working_days_only=True,
        ),
        ExtractType(
            "cp_core_groups",
            "Core groups",
            cp.CoreGroups,
            ("core_group_id",),
            (),
            working_days_only=True,
        ),
        ExtractType(
            "cp_visits",
            "Statutory visits (child protection)",
            cp.StatutoryVisits,
            ("visit_id",),
            cp.VISIT_RULES,
            working_days_only=True,
        ),
        ExtractType(
            "lac_episodes",
            "Care episodes (looked-after children)",
            la.CareEpisodes,
            ("care_episode_id",),
            la.EPISODE_RULES,
        ),
        ExtractType(
            "lac_placements",
            "Placements (looked-after children)",
            la.Placements,
            ("placement_id",),
            la.PLACEMENT_RULES,
        ),
        ExtractType(
            "lac_visits",
            "Statutory visits (looked-after children)",
            la.LacVisits,
            ("lac_visit_id",),
            la.VISIT_RULES,
        ),
        ExtractType(
            "lac_reviews",
            "Looked-after children's reviews",
            la.LacReviews,
            ("lac_review_id",),
            la.REVIEW_RULES,
            working_days_only=True,
        ),
        ExtractType(
            "lac_health_checks",
            "Health checks and GP registration (looked-after children)",
            la.HealthChecks,
            ("health_check_id",),
            (),
        ),
        ExtractType(
            "missing_episodes",
            "Missing from home or care",
            la.MissingEpisodes,
            ("missing_id",),
            la.MISSING_RULES,
        ),
        ExtractType(
            "action_plan",
            "Improvement plan (actions)",
            imp.ActionPlan,
            ("action_id",),
            imp.ACTION_RULES,
        ),
        ExtractType(
            "establishment",
            "Establishment (funded posts)",
            wf.Establishment,
            ("post_id",),
            wf.ESTABLISHMENT_RULES,
        ),
        ExtractType(
            "sickness_absence",
            "Sickness absence spells",
            wf.SicknessAbsence,
            ("spell_id",),
            wf.SICKNESS_RULES,
        ),
        ExtractType(
            "supervision_sessions",
            "Supervision sessions",
            wf.SupervisionSessions,
            ("session_id",),
            wf.SUPERVISION_RULES,
        ),
        ExtractType(
            "case_audits",
            "Case file audits",
            wf.CaseAudits,
            ("audit_id",),
            (),
        ),
        ExtractType(
            "training_completions",
            "Mandatory training completions",
            wf.TrainingCompletions,
            ("completion_id",),
            wf.TRAINING_RULES,
        ),
    )
}


def get_extract_type(name: str) -> ExtractType:
    try:
        return EXTRACT_TYPES[name]
    except KeyError:
        known = ", ".join(EXTRACT_TYPES)
        raise ValueError(f"unknown extract type {name!r}; choose one of: {known}") from None
