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
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass

from pipelines.config import PROJECT_ROOT, Settings
from pipelines.presentation.i18n import N_, _, ngettext

ROLES = ("viewer", "manager", "analyst", "admin")
# The lowest role that may see lists naming individual children or workers (by case-system id).
RECORD_LEVEL_ROLE = "manager"


def rank(role: str | None) -> int:
    """0 for no access, then 1 viewer, 2 manager, 3 analyst, 4 admin."""
    return ROLES.index(role) + 1 if role in ROLES else 0


def allows(role: str | None, needed: str) -> bool:
    return rank(role) >= rank(needed)


def _listed(entries: object) -> tuple[set[str], set[str]]:
    """A role's list split into emails and groups: an entry with "@" is an email, any other a
    group; "email:" or "group:" in front says which outright (a provider's groups may look like
    emails)."""
    emails: set[str] = set()
    groups: set[str] = set()
    for entry in entries if isinstance(entries, list | tuple) else []:
        text = str(entry).strip().lower()
        if text.startswith("email:"):
            emails.add(text.removeprefix("email:").strip())
        elif text.startswith("group:"):
            groups.add(text.removeprefix("group:").strip())
        elif "@" in text:
            emails.add(text)
        elif text:
            groups.add(text)
    return emails, groups


def _verified(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def role_for(claims: Mapping[str, object], settings: Settings) -> str | None:
    """The highest role the user is listed under, else the default role.

    Each kind of identifier is matched only against its own kind (issue 9): a listed email only
    against the ``email`` claim, and only when the provider says it is verified
    (``email_verified``, or ``access.email_claim_is_verified = true`` for a provider that issues
    only verified emails); a listed group only against the claim named by ``role_claim``.
    ``preferred_username`` and ``sub`` are chosen by the user or opaque, so they never give a role.
    """
    access = settings.access
    claim = str(access.get("role_claim", "groups"))
    values = claims.get(claim, [])
    groups = {
        str(v).strip().lower()
        for v in (values if isinstance(values, list | tuple) else [values])
        if v is not None and str(v).strip()
    }
    trusted = bool(access.get("email_claim_is_verified", False))
    email = str(claims.get("email") or "").strip().lower()
    if not (email and (trusted or _verified(claims.get("email_verified")))):
        email = ""
    for role, listed in (
        ("admin", "admins"),
        ("analyst", "analysts"),
        ("manager", "managers"),
        ("viewer", "viewers"),
    ):
        emails, group_names = _listed(access.get(listed, []))
        if (email and email in emails) or (groups & group_names):
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


EXAMPLE_SECRETS = PROJECT_ROOT / ".streamlit" / "secrets.example.toml"
MIN_COOKIE_SECRET = 32  # characters: the cookie signing key must not be guessable


def secrets_problem(auth: Mapping[str, object]) -> str | None:
    """Why the sign-in settings must not be used (None when they may).

    Streamlit signs its sign-in cookie with ``cookie_secret``: the example's placeholder, copied
    unchanged, is public (it is in this repository), so anyone could forge a signed-in user's
    cookie. A short secret is guessable. The dashboard refuses to start with either.
    """
    secret = str(auth.get("cookie_secret") or "")
    try:
        example = tomllib.loads(EXAMPLE_SECRETS.read_text(encoding="utf-8")).get("auth", {})
    except (OSError, tomllib.TOMLDecodeError):
        example = {}
    if secret and secret == str(example.get("cookie_secret", "")):
        return _(
            "cookie_secret in .streamlit/secrets.toml is still the example's placeholder, which "
            "is public. Replace it with a long random string, e.g. the output of "
            "{command}, then restart.",
            command='`python -c "import secrets; print(secrets.token_urlsafe(48))"`',
        )
    if len(secret) < MIN_COOKIE_SECRET:
        return ngettext(
            "cookie_secret in .streamlit/secrets.toml is missing or shorter than {n} character, "
            "so it could be guessed. Replace it with a long random string, then restart.",
            "cookie_secret in .streamlit/secrets.toml is missing or shorter than {n} characters, "
            "so it could be guessed. Replace it with a long random string, then restart.",
            MIN_COOKIE_SECRET,
        )
    return None


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
            N_(
                "Sign-in is not configured: anyone who can reach this machine can use the dashboard. "
                "That is acceptable only while it holds synthetic demo data."
            ),
        )
    if opted_out:
        return LocalMode(
            True,
            role,
            N_(
                "Sign-in is not configured and config.toml allows local mode with real data "
                "(access.allow_local_mode_with_real_data): anyone who can reach this machine can see "
                "this data."
            ),
        )
    return LocalMode(
        False,
        None,
        N_(
            "This store holds real data, and sign-in is not configured. Configure sign-in with your "
            "organisation's identity provider in .streamlit/secrets.toml (see README), or, on a "
            "machine only authorised staff can reach, set access.allow_local_mode_with_real_data = "
            "true in config.toml."
        ),
    )
