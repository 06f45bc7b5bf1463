"""Looked-after children: numbers, placements, stability, visits and reviews, children missing
from home or care, and the lists (see ui/looked_after.py)."""

from ui.guard import require_router
from ui.looked_after import render_looked_after

require_router()

render_looked_after()
