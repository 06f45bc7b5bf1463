"""Building the synthetic demo store through the same import path analysts use.

The demo extracts are written as CSV files (as an analyst would export them) and imported one by one
with ``synthetic=True`` so every screen can say the figures are synthetic. The inspection register is
reference data, not synthetic: it is imported from ``data/reference/`` the same way.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

from pipelines.config import PROJECT_ROOT, REFERENCE_DIR
from pipelines.demo import START_DATE, default_end_date, generate_demo
from pipelines.demo._benchmarks import write_demo_benchmarks
from pipelines.ingest import RejectedFile, prepare
from pipelines.presentation.i18n import _, format_count
from pipelines.store import import_prepared
from pipelines.store.process_changes import ProcessChange, add_process_changes
from pipelines.store.writer import import_many

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
REGISTER_FILE = REFERENCE_DIR / "inspection_concerns.csv"
# The demo council's improvement plan (synthetic), modelled on a joint action plan.
DEMO_PLAN_FILE = REFERENCE_DIR / "demo_action_plan.csv"
IMPORT_ORDER = (
    "workers",
    "allocations",
    "contacts",
    "assessments",
    "service_referrals",
    "indicator_values",
    "child_population",
    "strategy_discussions",
    "cp_registrations",
    "cp_conferences",
    "cp_core_groups",
    "cp_visits",
    "lac_episodes",
    "lac_placements",
    "lac_visits",
    "lac_reviews",
    "lac_health_checks",
    "missing_episodes",
    "establishment",
    "sickness_absence",
    "supervision_sessions",
    "case_audits",
    "training_completions",
)


# The demo council's story (pipelines/demo): a managed care team of agency social workers added
# capacity from August 2022 to March 2023; the service that followed, with its own staff, is the
# process judged week by week since. The recovery itself is judged against the limits of the years
# before, which is what shows it as an improvement.
DEMO_PROCESS_CHANGES = (
    ProcessChange(
        dt.date(2023, 4, 1),
        "Managed care team period ends",
        "From August 2022 to March 2023 a managed care team of agency social workers added "
        "capacity; from April 2023 the service runs with its own staff, so its limits are worked "
        "out afresh (synthetic demo story).",
    ),
)


def import_reference_register(db: Path, *, imported_by: str = "reference data") -> int:
    prepared = prepare(REGISTER_FILE, "inspection_concerns")
    return import_prepared(db, prepared, imported_by=imported_by).import_id


def build_demo_store(
    db: Path,
    *,
    seed: int = 20220501,
    out_dir: Path | None = None,
    out: TextIO = sys.stdout,
    end_date: object = None,
) -> dict[str, int]:
    """Generate the demo extracts, import each one and the register; return import ids by type."""
    out_dir = out_dir or DEMO_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    files = generate_demo(out_dir, seed=seed, end_date=end_date)  # type: ignore[arg-type]
    prepared = []
    for extract_type in IMPORT_ORDER:
        path = files[extract_type]
        try:
            prepared.append(prepare(path, extract_type))
        except RejectedFile as error:  # the generator and the contracts disagree: a bug
            raise RuntimeError(f"demo file {path} was rejected: {error.errors.head(5)}") from error
    prepared.append(prepare(DEMO_PLAN_FILE, "action_plan"))
    # The synthetic benchmark set (issue 15), beside the extracts rather than among them, so
    # that generate_demo's files are unchanged.
    end = end_date if isinstance(end_date, dt.date) else default_end_date()
    benchmarks = write_demo_benchmarks(out_dir, seed, START_DATE, end)
    prepared.append(prepare(benchmarks, "indicator_values"))
    outcomes = import_many(db, prepared, imported_by="demo generator", synthetic=True)
    ids: dict[str, int] = {}
    for outcome in outcomes:
        ids[outcome.extract_type] = outcome.import_id
        print(
            _(
                "Imported synthetic {kind}: {rows} rows",
                kind=outcome.extract_type,
                rows=format_count(outcome.rows),
            ),
            file=out,
        )
    ids["inspection_concerns"] = import_reference_register(db)
    add_process_changes(db, DEMO_PROCESS_CHANGES, added_by="demo generator", synthetic=True)
    print(_("Recorded {n} synthetic process change(s).", n=len(DEMO_PROCESS_CHANGES)), file=out)
    add_demo_commentary(db, end_date)  # type: ignore[arg-type]
    print(_("Demo store ready at {path} (synthetic data).", path=db), file=out)
    return ids


# Commentary the demo's board reads beside its charts (synthetic, by post, not by person).
DEMO_COMMENTARY = (
    (
        "fd_iaa_backlog",
        "The backlog built up while the front door was short of four social workers in early "
        "2022. A duty social worker and extra business support cleared it by December 2022 and "
        "the daily backlog report keeps it in view (synthetic demonstration commentary).",
    ),
    (
        "wf_agency_sw_pct",
        "Agency reliance fell when the managed care team left in March 2023 but is still above "
        "the 10% target; the social work academy's second cohort qualifies next summer "
        "(synthetic demonstration commentary).",
    ),
    (
        "pe_assessment_42wd_pct",
        "Team managers track every assessment past 35 working days each week; the figure has "
        "been above 80% since the recovery plan began (synthetic demonstration commentary).",
    ),
)


def add_demo_commentary(db: Path, end_date: dt.date | None = None) -> None:
    from pipelines.demo import default_end_date
    from pipelines.store.improvement import add_comment

    period_end = end_date or default_end_date()
    for indicator_id, body in DEMO_COMMENTARY:
        add_comment(db, indicator_id, period_end, body, by="Head of Children's Social Care")
