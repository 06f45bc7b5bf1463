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
    url_path: str
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/data_status.py",
        "Data and imports",
        "Data",
        ":material/database:",
        "data",
        default=True,
    ),
)
