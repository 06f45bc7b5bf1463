"""Caseloads and workforce (see ui/workforce.py)."""

from ui.guard import require_router
from ui.workforce import render_workforce

require_router()

render_workforce()
