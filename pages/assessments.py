"""Assessments: the area page (see ui/area.py)."""

from ui.area import render_area

render_area("assessments")
