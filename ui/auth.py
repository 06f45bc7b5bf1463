"""Sign-in and roles on the Streamlit side: OIDC through st.login/st.user when configured in
.streamlit/secrets.toml, local mode otherwise (see pipelines/access.py for the rules)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from pipelines import access
from pipelines.config import load_settings
from pipelines.presentation.i18n import N_, _
from pipelines.presentation.plain import plain

ROLE_WORDS = {
    "viewer": N_("viewer"),
    "manager": N_("manager"),
    "analyst": N_("analyst"),
    "admin": N_("admin"),
}


LOCAL_USER = N_("local user")


def role_label(role: str | None) -> str:
    return _(ROLE_WORDS[role]) if role in ROLE_WORDS else str(role)


@dataclass(frozen=True)
class Access:
    role: str | None
    user: str  # who, for the import history ("local user" in local mode)
    notice: str  # shown on every page when not empty


def sign_in_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError):
        return False
    except Exception:  # no secrets file at all: Streamlit raises its own error type
        return False


def _only(screen: object, title: str) -> None:
    """Show a single screen and stop. Registering it with st.navigation (hidden) also keeps
    Streamlit from listing the files in pages/ in the sidebar before anyone has signed in."""
    st.navigation([st.Page(screen, title=title, url_path="sign-in")], position="hidden").run()
    st.stop()


def _sign_in_screen() -> None:
    st.title(_("Children's services performance"))
    st.write(_("Sign in with your organisation account to see the dashboard."))
    st.button(_("Sign in"), on_click=st.login, type="primary")


def _expired_screen() -> None:
    st.warning(_("Your sign-in has expired. Please sign in again."))
    st.button(_("Sign in again"), on_click=st.logout, type="primary")


def resolve_access(store_has_real_data: bool) -> Access:
    """The current user's access; draws the sign-in screen and stops the run when needed."""
    settings = load_settings()
    if sign_in_configured():
        problem = access.secrets_problem(dict(st.secrets["auth"]))
        if problem:
            _only(lambda: st.error(problem, icon=":material/key_off:"), _("Configuration error"))
    if not sign_in_configured():
        mode = access.local_mode(store_has_real_data, settings)
        if not mode.allowed:
            _only(lambda: st.error(_(mode.notice), icon=":material/lock:"), _("Sign-in required"))
        return Access(mode.role, LOCAL_USER, mode.notice)
    if not st.user.is_logged_in:
        _only(_sign_in_screen, _("Sign in"))
    claims = st.user.to_dict()
    if access.session_expired(claims, settings):
        _only(_expired_screen, _("Sign in again"))
    role = access.role_for(claims, settings)
    name = str(claims.get("email") or claims.get("name") or claims.get("sub") or "signed-in user")
    if role is None:

        def no_role() -> None:
            st.error(
                _(
                    "{name} is signed in but has no role for this dashboard. Ask an administrator.",
                    name=plain(name),
                )
            )
            st.button(_("Sign out"), on_click=st.logout)

        _only(no_role, _("No access"))
    return Access(role, name, "")


def draw_user(current: Access) -> None:
    st.sidebar.caption(
        _(
            "Signed in as {user} ({role})",
            # "local user" is what the import history records; only its display is translated.
            user=_(LOCAL_USER) if current.user == LOCAL_USER else plain(current.user),
            role=role_label(current.role),
        )
    )
    if current.notice:
        st.sidebar.warning(_(current.notice), icon=":material/lock_open:")
    if sign_in_configured():
        st.sidebar.button(_("Sign out"), on_click=st.logout)
