"""Child protection: the journey to the register, timeliness, partners, the coming-due list (see
ui/child_protection.py)."""

from ui.child_protection import render_child_protection
from ui.guard import require_router

require_router()

render_child_protection()
