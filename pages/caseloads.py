"""Caseloads and workforce: the area page (see ui/area.py)."""

from ui.area import render_area
from ui.guard import require_router

require_router()

render_area("caseloads")
