"""Layouts: other header sets and codes for our extracts (see :mod:`pipelines.layouts.model`).

``LAYOUTS`` is the one list the reader, the data dictionary and the tests share. To read another
exported table, declare a :class:`Layout` (a module per standard or family, e.g. ``ssd.py``) and add
it here; nothing else changes.
"""

from __future__ import annotations

from pipelines.extracts import EXTRACT_TYPES
from pipelines.layouts import ssd, ssd_child_protection, ssd_looked_after
from pipelines.layouts.model import DatePart, JsonFlags, Layout, Prefix, Skip, Source, Transform

LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        *ssd.TODAY,
        *ssd_child_protection.CHILD_PROTECTION,
        *ssd_looked_after.LOOKED_AFTER,
    )
}

for _layout in LAYOUTS.values():
    _layout.check(EXTRACT_TYPES[_layout.extract].columns)


def layouts_for(extract: str) -> list[Layout]:
    """The layouts that feed one extract type, in registry order."""
    return [layout for layout in LAYOUTS.values() if layout.extract == extract]


__all__ = [
    "LAYOUTS",
    "DatePart",
    "JsonFlags",
    "Layout",
    "Prefix",
    "Skip",
    "Source",
    "Transform",
    "layouts_for",
]
