"""API tokens, tested from the token endpoint, the API, the logout and password pages (RULES.md §9,
等保2.0 三级 GB/T 22239-2019 8.1.4.1: identification, login-failure handling, session timeout)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from knox.models import AuthToken

from fazhi.audit.models import AuditEvent
from fazhi.orgs import tokens
from fazhi.orgs.models import Role, User
from fazhi.testing.factories import PASSWORD, department, make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def bureau() -> User:
    return make_user(Role.BUREAU, username="apiuser")


def _token(username: str = "apiuser", password: str = PASSWORD) -> str:
    resp = Client().post("/api/v1/auth/token/", {"username": username, "password": password})
    assert resp.status_code == 200, resp.content
    return resp.json()["token"]


def _me(key: str) -> int:
    return Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code


def test_lifetime_settings_default_to_30_minutes_idle_and_8_hours() -> None:
    assert settings.FAZHI_TOKEN_IDLE_MINUTES == 30 and settings.FAZHI_TOKEN_MAX_HOURS == 8
    assert settings.REST_KNOX["TOKEN_TTL"] == timedelta(minutes=30)
    assert settings.REST_KNOX["AUTO_REFRESH"] is True
    assert settings.REST_KNOX["AUTO_REFRESH_MAX_TTL"] == timedelta(hours=8)


def test_token_endpoint_issues_hashed_token_and_audits_it(clock, bureau) -> None:  # type: ignore[no-untyped-def]
    resp = Client().post("/api/v1/auth/token/", {"username": "apiuser", "password": PASSWORD})
    body = resp.json()
    assert set(body) == {"token", "expiry"}
    key = body["token"]
    assert datetime.fromisoformat(body["expiry"]) == NOW + timedelta(minutes=30)
    assert _me(key) == 200
    row = AuthToken.objects.get(user=bureau)
    assert row.digest != key and key not in row.digest
    # A second login gets a different key: the old one is never handed out again.
    assert _token() != key
    events = AuditEvent.objects.filter(action="auth.token_issue", actor_username="apiuser")
    assert events.count() == 2
    text = json.dumps([e.diff for e in events])
    assert key not in text and row.digest not in text and row.token_key not in text
    # Each request with the token is not an event; only the issue is.
    before = AuditEvent.objects.count()
    assert _me(key) == 200 and AuditEvent.objects.count() == before


def test_token_expires_after_idle_minutes(clock, bureau) -> None:  # type: ignore[no-untyped-def]
    key = _token()
    clock.shift(timedelta(minutes=29))
    assert _me(key) == 200  # use renews the idle expiry
    clock.shift(timedelta(minutes=29))
    assert _me(key) == 200
    clock.shift(timedelta(minutes=31))
    assert _me(key) == 401
    assert not AuthToken.objects.filter(user=bureau).exists()


def test_token_expires_after_absolute_lifetime_even_when_used(clock, bureau) -> None:  # type: ignore[no-untyped-def]
    key = _token()
    for _ in range(8 * 60 // 20 - 1):  # every 20 minutes for just under 8 hours
        clock.shift(timedelta(minutes=20))
        assert _me(key) == 200
    clock.shift(timedelta(minutes=21))  # 8 h 1 min after issue
    assert _me(key) == 401


def test_idle_and_max_lifetime_follow_settings(clock, bureau, settings) -> None:  # type: ignore[no-untyped-def]
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(minutes=5)}
    key = _token()
    clock.shift(timedelta(minutes=6))
    assert _me(key) == 401


def test_logout_page_revokes_tokens(clock, bureau, client) -> None:  # type: ignore[no-untyped-def]
    key = _token()
    assert client.post("/accounts/login/", {"username": "apiuser", "password": PASSWORD}).status_code == 302
    client.post("/accounts/logout/")
    assert _me(key) == 401
    event = AuditEvent.objects.get(action="auth.token_revoke", actor_username="apiuser")
    assert event.diff == {"reason": "logout", "revoked": 1}


def test_api_revoke_endpoint_ends_the_token(clock, bureau) -> None:  # type: ignore[no-untyped-def]
    key, other = _token(), _token()
    resp = Client().post("/api/v1/auth/token/revoke/", HTTP_AUTHORIZATION=f"Token {key}")
    assert resp.status_code == 204
    assert _me(key) == 401 and _me(other) == 200  # only the token used is revoked
    assert AuditEvent.objects.get(action="auth.token_revoke").diff == {"reason": "api_logout", "revoked": 1}


def test_password_change_page_revokes_tokens(clock, bureau, client) -> None:  # type: ignore[no-untyped-def]
    key = _token()
    client.force_login(bureau)
    resp = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Nw@2026pass", "new_password2": "Nw@2026pass"},
    )
    assert resp.status_code == 302
    assert _me(key) == 401
    assert AuditEvent.objects.get(action="auth.token_revoke").diff["reason"] == "password_change"
    # The new password gives a new, working token.
    assert _me(_token(password="Nw@2026pass")) == 200


def test_lockout_revokes_tokens_and_blocks_the_token_endpoint(clock, bureau) -> None:  # type: ignore[no-untyped-def]
    """RULES §9: 5 failures lock the account for 30 minutes — on the form and the token endpoint."""
    key = _token()
    anon = Client()
    for _ in range(5):
        anon.post("/accounts/login/", {"username": "apiuser", "password": "Wrong@123"})
    assert _me(key) == 401
    assert AuditEvent.objects.filter(action="auth.token_revoke").first().diff == {
        "reason": "lockout",
        "revoked": 1,
    }
    locked = Client().post("/api/v1/auth/token/", {"username": "apiuser", "password": PASSWORD})
    assert locked.status_code == 429 and "锁定" in locked.json()["detail"]
    assert not AuthToken.objects.filter(user=bureau).exists()
    clock.shift(timedelta(minutes=31))
    assert _me(_token()) == 200


def test_deactivated_account_token_refused(clock, bureau) -> None:  # type: ignore[no-untyped-def]
    from fazhi.orgs import services

    key = _token()
    admin = make_user(Role.SYSADMIN, username="sys", is_staff=True)
    services.update_user(actor=admin, user=bureau, fields={"is_active": False})
    assert _me(key) == 401
    assert AuditEvent.objects.get(action="auth.token_revoke").diff == {"reason": "deactivated", "revoked": 1}


def test_revoke_all_tokens_counts_and_audits(clock) -> None:  # type: ignore[no-untyped-def]
    user = make_user(Role.CLERK, department())
    secadmin = make_user(Role.SECADMIN, username="sec")
    for _ in range(3):
        tokens.issue_token(user)
    assert tokens.revoke_all_tokens(user, actor=secadmin, reason="security_console") == 3
    event = AuditEvent.objects.get(action="auth.token_revoke")
    assert event.actor_username == "sec" and event.diff == {"reason": "security_console", "revoked": 3}
    # Nothing to revoke: no noise in the trail.
    assert tokens.revoke_all_tokens(user, actor=secadmin, reason="security_console") == 0
    assert AuditEvent.objects.filter(action="auth.token_revoke").count() == 1
