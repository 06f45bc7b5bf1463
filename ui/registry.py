"""The one list of pages. ``dashboard.py`` builds the navigation from it and the page tests visit
every entry, so a page cannot be added without being tested."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    path: str  # file under pages/
    title: str
    section: str
    icon: str
    url_path: str  # hyphenated, never a file stem in pages/ (see ui/guard.py)
    default: bool = False
    min_role: str = "viewer"  # pages are registered only for users with this role or higher
    # Runs before there is any store (its first commit makes one); every other page needs one.
    without_store: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/overview.py",
        "Overview",
        "Leaders",
        ":material/dashboard:",
        "leaders-overview",
        default=True,
    ),
    PageSpec("pages/board.py", "Board view", "Leaders", ":material/slideshow:", "board-view"),
    PageSpec(
        "pages/concerns.py",
        "Inspection concerns",
        "Leaders",
        ":material/fact_check:",
        "inspection-concerns",
    ),
    PageSpec(
        "pages/improvement_plan.py",
        "Improvement plan",
        "Leaders",
        ":material/checklist:",
        "improvement-plan",
    ),
    PageSpec(
        "pages/front_door.py",
        "Front door (IAA)",
        "Service areas",
        ":material/door_front:",
        "front-door",
    ),
    PageSpec(
        "pages/assessments.py",
        "Assessments",
        "Service areas",
        ":material/assignment:",
        "assessment-timeliness",
    ),
    PageSpec(
        "pages/caseloads.py",
        "Caseloads and workforce",
        "Service areas",
        ":material/groups:",
        "caseloads-and-workforce",
    ),
    PageSpec(
        "pages/waiting_lists.py",
        "Waiting lists",
        "Service areas",
        ":material/hourglass:",
        "waiting-lists",
    ),
    PageSpec(
        "pages/child_protection.py",
        "Child protection",
        "Service areas",
        ":material/shield_person:",
        "child-protection",
    ),
    PageSpec(
        "pages/looked_after.py",
        "Looked-after children",
        "Service areas",
        ":material/family_home:",
        "looked-after-children",
    ),
    PageSpec(
        "pages/indicator.py",
        "Indicator detail",
        "Service areas",
        ":material/show_chart:",
        "indicator-detail",
    ),
    PageSpec(
        "pages/data_status.py",
        "Data and imports",
        "Data",
        ":material/database:",
        "data-and-imports",
    ),
    PageSpec(
        "pages/upload.py",
        "Upload an extract",
        "Data",
        ":material/upload_file:",
        "upload-extract",
        min_role="analyst",
        without_store=True,
    ),
    PageSpec(
        "pages/history.py",
        "Import history",
        "Data",
        ":material/history:",
        "import-history",
        min_role="analyst",
    ),
    PageSpec(
        "pages/process_changes.py",
        "Process changes",
        "Data",
        ":material/timeline:",
        "process-changes",
        min_role="admin",
    ),
    PageSpec(
        "pages/access_log.py",
        "Access log",
        "Data",
        ":material/policy:",
        "record-access-log",
        min_role="admin",
    ),
)


def pages_for(role: str | None) -> tuple[PageSpec, ...]:
    """The pages a role may reach; a page not registered for a user cannot be opened by URL."""
    from pipelines.access import allows

    return tuple(p for p in PAGES if allows(role, p.min_role))


def page_path(url_path: str) -> str:
    """The file of a registered page, for st.page_link."""
    return next(p.path for p in PAGES if p.url_path == url_path)
