"""Who may see and change what (pipelines.access): roles from claims, session age, local mode."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.access import allows, local_mode, rank, role_for, session_expired
from pipelines.config import Settings

NOW = dt.datetime(2025, 3, 31, 12, 0, tzinfo=dt.UTC)


def settings(**access: object) -> Settings:
    base: dict[str, object] = {
        "role_claim": "groups",
        "admins": ["Ceri.Admin@Example.gov.wales"],
        "analysts": ["analyst@example.gov.wales", "grp-performance-team"],
        "viewers": ["viewer@example.gov.wales", "grp-leadership"],
        "default_role": "",
        "max_session_minutes": 480,
        "local_mode_role": "admin",
        "allow_local_mode_with_real_data": False,
    }
    base.update(access)
    return Settings(store_path=Path("unused.duckdb"), access=base)


# --- roles ----------------------------------------------------------------------------------------


def test_ranks_and_allows() -> None:
    assert [rank(r) for r in (None, "", "nobody", "viewer", "manager", "analyst", "admin")] == [
        0,
        0,
        0,
        1,
        2,
        3,
        4,
    ]
    assert allows("admin", "analyst") and allows("analyst", "analyst")
    assert not allows("viewer", "analyst")
    # Child-level lists: managers and above, never viewers.
    assert allows("manager", "manager") and allows("analyst", "manager")
    assert not allows("viewer", "manager") and not allows("manager", "analyst")
    assert not allows(None, "viewer")


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("ceri.admin@example.gov.wales", "admin"),  # listed with other capitals
        ("ANALYST@example.gov.wales", "analyst"),
        ("viewer@example.gov.wales", "viewer"),
    ],
)
def test_role_from_email_ignores_case(email: str, role: str) -> None:
    assert role_for({"email": email, "email_verified": True}, settings()) == role


def test_role_from_a_claim_list() -> None:
    claims = {"email": "someone@example.gov.wales", "groups": ["grp-other", "grp-leadership"]}
    assert role_for(claims, settings()) == "viewer"


def test_role_from_a_single_valued_claim() -> None:
    assert role_for({"groups": "GRP-Performance-Team"}, settings()) == "analyst"


def test_role_claim_name_is_configurable() -> None:
    claims = {"roles": ["grp-performance-team"], "groups": []}
    assert role_for(claims, settings()) is None
    assert role_for(claims, settings(role_claim="roles")) == "analyst"


def test_highest_role_wins() -> None:
    claims = {
        "email": "viewer@example.gov.wales",
        "email_verified": True,
        "groups": ["grp-leadership", "grp-performance-team"],
    }
    assert role_for(claims, settings()) == "analyst"
    both = {
        "email": "ceri.admin@example.gov.wales",
        "email_verified": True,
        "groups": ["grp-leadership"],
    }
    assert role_for(both, settings()) == "admin"


# --- each identifier only against its own kind (issue 9, item 19) ---------------------------------

ADMIN_EMAIL = "ceri.admin@example.gov.wales"


@pytest.mark.parametrize(
    "claims",
    [
        {"email": ADMIN_EMAIL},  # no email_verified at all
        {"email": ADMIN_EMAIL, "email_verified": False},
        {"email": ADMIN_EMAIL, "email_verified": "false"},
        {"preferred_username": ADMIN_EMAIL},  # chosen by the user at many providers
        {"sub": ADMIN_EMAIL},
        {"groups": [ADMIN_EMAIL]},  # a group value that equals an admin's email
        {"preferred_username": "grp-performance-team"},  # a username equal to a listed group
        {"sub": "grp-performance-team"},
        {"email": "grp-performance-team", "email_verified": True},
    ],
    ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()),
)
def test_an_identifier_never_matches_an_entry_of_another_kind(claims: dict) -> None:
    assert role_for(claims, settings()) is None


def test_a_verified_email_matches_emails_only() -> None:
    for verified in (True, "true", "True"):
        assert role_for({"email": ADMIN_EMAIL, "email_verified": verified}, settings()) == "admin"


def test_a_provider_that_only_issues_verified_emails_can_be_trusted_explicitly() -> None:
    trusted = settings(email_claim_is_verified=True)
    assert role_for({"email": ADMIN_EMAIL}, trusted) == "admin"
    assert role_for({"sub": ADMIN_EMAIL}, trusted) is None


def test_group_and_email_prefixes_say_the_kind_outright() -> None:
    config = settings(admins=["group:admins@groups.example.org"], analysts=["email:a.b"])
    assert role_for({"groups": ["admins@groups.example.org"]}, config) == "admin"
    assert role_for({"email": "admins@groups.example.org", "email_verified": True}, config) is None
    assert role_for({"email": "a.b", "email_verified": True}, config) == "analyst"
    assert role_for({"groups": ["a.b"]}, config) is None


def test_default_role_for_someone_not_listed() -> None:
    claims = {
        "email": "new.starter@example.gov.wales",
        "email_verified": True,
        "groups": ["grp-other"],
    }
    assert role_for(claims, settings(default_role="viewer")) == "viewer"


@pytest.mark.parametrize("default", ["", "superuser", None])
def test_no_role_when_not_listed_and_no_valid_default(default: object) -> None:
    claims = {"email": "new.starter@example.gov.wales", "groups": ["grp-other"]}
    assert role_for(claims, settings(default_role=default)) is None


def test_no_claims_at_all_gives_no_role() -> None:
    assert role_for({}, settings()) is None


def test_empty_lists_in_config() -> None:
    empty = settings(admins=[], analysts=None, viewers=[])
    assert role_for({"email": "analyst@example.gov.wales", "email_verified": True}, empty) is None


# --- session age ----------------------------------------------------------------------------------


def test_session_without_issued_at_is_expired() -> None:
    assert session_expired({"email": "a@example.gov.wales"}, settings(), now=NOW)
    assert session_expired({"iat": "1700000000"}, settings(), now=NOW)  # not a number


def test_fresh_session_is_not_expired() -> None:
    issued = (NOW - dt.timedelta(minutes=5)).timestamp()
    assert not session_expired({"iat": int(issued)}, settings(), now=NOW)
    assert not session_expired({"iat": issued}, settings(), now=NOW)  # a float works too


def test_session_at_the_limit_is_not_expired_and_one_minute_over_is() -> None:
    at_limit = (NOW - dt.timedelta(minutes=480)).timestamp()
    over = (NOW - dt.timedelta(minutes=481)).timestamp()
    assert not session_expired({"iat": at_limit}, settings(), now=NOW)
    assert session_expired({"iat": over}, settings(), now=NOW)


def test_session_limit_is_configurable() -> None:
    issued = (NOW - dt.timedelta(minutes=31)).timestamp()
    assert session_expired({"iat": issued}, settings(max_session_minutes=30), now=NOW)
    assert not session_expired({"iat": issued}, settings(max_session_minutes=60), now=NOW)


def test_session_age_uses_the_clock_by_default() -> None:
    fresh = dt.datetime.now(dt.UTC).timestamp() - 60
    assert not session_expired({"iat": fresh}, settings())
    assert session_expired({"iat": fresh - 9 * 3600}, settings())


# --- local mode -----------------------------------------------------------------------------------


def test_local_mode_with_demo_data_only_is_allowed_with_a_notice() -> None:
    mode = local_mode(False, settings(local_mode_role="analyst"))
    assert mode.allowed
    assert mode.role == "analyst"
    assert "synthetic demo data" in mode.notice


def test_local_mode_role_defaults_to_admin() -> None:
    config = settings()
    del config.access["local_mode_role"]
    assert local_mode(False, config).role == "admin"


def test_local_mode_with_real_data_is_refused() -> None:
    mode = local_mode(True, settings())
    assert not mode.allowed
    assert mode.role is None
    assert "real data" in mode.notice
    assert "allow_local_mode_with_real_data" in mode.notice  # says how to opt out


def test_local_mode_with_real_data_after_opting_out_is_allowed_with_a_notice() -> None:
    mode = local_mode(
        True, settings(allow_local_mode_with_real_data=True, local_mode_role="viewer")
    )
    assert mode.allowed
    assert mode.role == "viewer"
    assert "anyone who can reach this machine can see this data" in mode.notice


def test_manager_role_from_the_managers_list() -> None:
    managed = settings(managers=["team.manager@example.gov.wales", "grp-team-managers"])
    verified = {"email": "Team.Manager@example.gov.wales", "email_verified": True}
    assert role_for(verified, managed) == "manager"
    assert role_for({"groups": ["grp-team-managers"]}, managed) == "manager"
    # A manager who is also an analyst gets the higher role.
    both = {
        "email": "team.manager@example.gov.wales",
        "email_verified": True,
        "groups": ["grp-performance-team"],
    }
    assert role_for(both, managed) == "analyst"


# --- the sign-in cookie's secret ------------------------------------------------------------------


def test_the_example_cookie_secret_is_refused() -> None:
    from pipelines.access import EXAMPLE_SECRETS, secrets_problem

    assert 'cookie_secret = "a long random string"' in EXAMPLE_SECRETS.read_text(encoding="utf-8")
    problem = secrets_problem({"cookie_secret": "a long random string"})
    assert problem is not None and "example's placeholder" in problem


@pytest.mark.parametrize("secret", ["", "short", "x" * 31])
def test_a_missing_or_short_cookie_secret_is_refused(secret: str) -> None:
    from pipelines.access import secrets_problem

    assert "shorter than 32 characters" in str(secrets_problem({"cookie_secret": secret}))


def test_a_long_random_cookie_secret_is_accepted() -> None:
    import secrets

    from pipelines.access import secrets_problem

    assert secrets_problem({"cookie_secret": secrets.token_urlsafe(48)}) is None
