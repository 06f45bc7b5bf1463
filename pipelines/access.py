"""Who may see and change what: roles from the identity provider's claims, session age, and the
rules for running without sign-in ("local mode").

Roles, lowest first: viewer (sees the dashboard's aggregate figures), manager (also sees child-
and worker-level lists such as "coming due" and overdue visits; every such view is written to the
access log), analyst (also imports and withdraws their own imports), admin (also withdraws
anyone's). Pure functions: the Streamlit side (ui/auth.py) gives
them the signed-in user's claims.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from pipelines.config import Settings

ROLES = ("viewer", "manager", "analyst", "admin")
# The lowest role that may see lists naming individual children or workers (by case-system id).
RECORD_LEVEL_ROLE = "manager"


def rank(role: str | None) -> int:
    """0 for no access, then 1 viewer, 2 manager, 3 analyst, 4 admin."""
    return ROLES.index(role) + 1 if role in ROLES else 0


def allows(role: str | None, needed: str) -> bool:
    return rank(role) >= rank(needed)


def role_for(claims: Mapping[str, object], settings: Settings) -> str | None:
    """The highest role any of the user's identifiers is listed under, else the default role."""
    access = settings.access
    claim = str(access.get("role_claim", "groups"))
    values = claims.get(claim, [])
    identifiers = {str(v).lower() for v in (values if isinstance(values, list) else [values])}
    for key in ("email", "preferred_username", "sub"):
        if claims.get(key):
            identifiers.add(str(claims[key]).lower())
    for role, listed in (
        ("admin", "admins"),
        ("analyst", "analysts"),
        ("manager", "managers"),
        ("viewer", "viewers"),
    ):
        members = {str(m).lower() for m in access.get(listed, []) or []}  # type: ignore[union-attr]
        if identifiers & members:
            return role
    default = str(access.get("default_role", "") or "")
    return default if default in ROLES else None


def session_expired(
    claims: Mapping[str, object], settings: Settings, now: dt.datetime | None = None
) -> bool:
    """True when the sign-in (the ID token's ``iat``, issued-at) is older than the configured
    maximum; a token without ``iat`` counts as expired, since its age cannot be checked."""
    issued = claims.get("iat")
    if not isinstance(issued, int | float):
        return True
    limit = float(settings.access.get("max_session_minutes", 480))  # type: ignore[arg-type]
    current = (now or dt.datetime.now(dt.UTC)).timestamp()
    return current - float(issued) > limit * 60


@dataclass(frozen=True)
class LocalMode:
    """What local mode (no sign-in configured) allows for the store as it is now."""

    allowed: bool
    role: str | None
    notice: str


def local_mode(store_has_real_data: bool, settings: Settings) -> LocalMode:
    role = str(settings.access.get("local_mode_role", "admin"))
    opted_out = bool(settings.access.get("allow_local_mode_with_real_data", False))
    if not store_has_real_data:
        return LocalMode(
            True,
            role,
            "Sign-in is not configured: anyone who can reach this machine can use the dashboard. "
            "That is acceptable only while it holds synthetic demo data.",
        )
    if opted_out:
        return LocalMode(
            True,
            role,
            "Sign-in is not configured and config.toml allows local mode with real data "
            "(access.allow_local_mode_with_real_data): anyone who can reach this machine can see "
            "this data.",
        )
    return LocalMode(
        False,
        None,
        "This store holds real data, and sign-in is not configured. Configure sign-in with your "
        "organisation's identity provider in .streamlit/secrets.toml (see README), or, on a "
        "machine only authorised staff can reach, set access.allow_local_mode_with_real_data = "
        "true in config.toml.",
    )
