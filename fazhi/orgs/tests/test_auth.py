"""Login and account security, RULES.md §9 (等保2.0 三级)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.audit.models import AuditEvent
from fazhi.orgs import services
from fazhi.orgs.models import Role, User
from fazhi.testing.factories import PASSWORD, bureau_unit, department, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("Ab1!", "8"),  # too short
        ("abcdefgh1", "至少3类"),  # two classes only
        ("clerk_d01Aa!", "用户名"),  # contains the username
    ],
)
def test_password_policy_rules_9(password: str, fragment: str) -> None:
    user = User(username="clerk_d01")
    with pytest.raises(ValidationError) as exc:
        validate_password(password, user)
    assert any(fragment in m for m in exc.value.messages)


def test_good_password_passes() -> None:
    validate_password("Fz#2026pass", User(username="clerk_d01"))


def test_production_hasher_is_argon2() -> None:
    # conftest swaps in a fast hasher for the test run; the setting itself must be Argon2 first.
    from importlib import reload

    import fazhi.settings as s

    assert reload(s).PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_session_and_lockout_settings_rules_9() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # The numbers come from the security policy (fazhi.security); with none stored they are the floor.
    from axes.helpers import get_cool_off, get_failure_limit

    assert get_failure_limit(None, None) == 5
    assert get_cool_off(None) == timedelta(minutes=30)
    assert settings.SESSION_COOKIE_HTTPONLY


def test_admin_roles_cannot_be_combined() -> None:
    with pytest.raises(ValidationError, match="三员|单独"):
        services.create_user(
            actor=None,
            username="mix",
            password="Fz#2026pass",
            org=bureau_unit(),
            roles=[Role.SYSADMIN, Role.AUDITOR],
        )


def test_new_user_must_change_password_on_first_login(client) -> None:  # type: ignore[no-untyped-def]
    user = services.create_user(
        actor=None,
        username="newbie",
        password="Fz#2026pass",
        org=department(),
        roles=[Role.CLERK],
        real_name="新人",
    )
    assert user.must_change_password
    assert AuditEvent.objects.filter(action="orgs.user_create", object_id=str(user.pk)).exists()
    resp = client.post("/accounts/login/", {"username": "newbie", "password": "Fz#2026pass"})
    assert resp.status_code == 302
    assert client.get("/").url == "/accounts/password/"
    # The API refuses too until the password is changed.
    assert client.get("/api/v1/me/").status_code == 403
    resp = client.post(
        "/accounts/password/",
        {"old_password": "Fz#2026pass", "new_password1": "Fz#2026pass", "new_password2": "Fz#2026pass"},
    )
    assert "新密码不能与原密码相同" in resp.content.decode()
    resp = client.post(
        "/accounts/password/",
        {"old_password": "Fz#2026pass", "new_password1": "Nw@2026pass", "new_password2": "Nw@2026pass"},
    )
    assert resp.status_code == 302
    assert client.get("/").status_code == 200
    user.refresh_from_db()
    assert not user.must_change_password
    assert AuditEvent.objects.filter(action="auth.password_change", actor_username="newbie").exists()


def test_expired_password_forces_change(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FAZHI_PASSWORD_MAX_AGE_DAYS = 90
    user = make_user(Role.BUREAU)
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    client.force_login(User.objects.get(pk=user.pk))
    resp = client.get("/")
    assert resp.status_code == 302 and resp.url == "/accounts/password/"
    assert "密码已超过有效期" in client.get("/accounts/password/").content.decode()


def test_login_failure_message_does_not_reveal_which_part(client) -> None:  # type: ignore[no-untyped-def]
    make_user(Role.BUREAU, username="known")
    wrong_pw = client.post("/accounts/login/", {"username": "known", "password": "nope"}).content.decode()
    no_user = client.post("/accounts/login/", {"username": "nobody", "password": "nope"}).content.decode()
    assert "用户名或密码错误" in wrong_pw and "用户名或密码错误" in no_user
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 2


def test_lockout_on_form_after_five_failures_rules_9(client) -> None:  # type: ignore[no-untyped-def]
    make_user(Role.BUREAU, username="target")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "target", "password": "wrong"})
    resp = client.post("/accounts/login/", {"username": "target", "password": PASSWORD})
    assert resp.status_code == 429
    assert "锁定30分钟" in resp.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_shared_by_api_token_endpoint_rules_9(client) -> None:  # type: ignore[no-untyped-def]
    make_user(Role.BUREAU, username="apiuser")
    for _ in range(3):
        r = client.post("/api/v1/auth/token/", {"username": "apiuser", "password": "wrong"})
        assert r.status_code == 400 and r.json()["detail"] == "用户名或密码错误"
    for _ in range(2):
        client.post("/accounts/login/", {"username": "apiuser", "password": "wrong"})
    # 5 failures across both paths: both are locked now, even with the right password.
    r = client.post("/api/v1/auth/token/", {"username": "apiuser", "password": PASSWORD})
    assert r.status_code == 429 and "锁定" in r.json()["detail"]
    r = client.post("/accounts/login/", {"username": "apiuser", "password": PASSWORD})
    assert r.status_code == 429


def test_token_login_and_me(client) -> None:  # type: ignore[no-untyped-def]
    user = make_user(Role.CLERK, department(), username="tok", real_name="张三")
    token = client.post("/api/v1/auth/token/", {"username": "tok", "password": PASSWORD}).json()["token"]
    data = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").json()
    assert data == {
        "username": "tok",
        "real_name": "张三",
        "org": {"id": user.org_id, "name": "示例市公安局"},
        "roles": ["clerk"],
    }
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token wrong").status_code == 401


def test_login_and_logout_are_audited(client) -> None:  # type: ignore[no-untyped-def]
    make_user(Role.LEADER, username="boss")
    client.post("/accounts/login/", {"username": "boss", "password": PASSWORD})
    client.post("/accounts/logout/")
    actions = list(AuditEvent.objects.filter(actor_username="boss").values_list("action", flat=True))
    assert actions == ["auth.login", "auth.logout"]


def test_session_expires_after_30_idle_minutes_rules_9(client) -> None:  # type: ignore[no-untyped-def]
    import time_machine

    make_user(Role.BUREAU, username="idle")
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        client.post("/accounts/login/", {"username": "idle", "password": PASSWORD})
        assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200  # activity renews the session
        traveller.shift(timedelta(minutes=31))
        resp = client.get("/")
        assert resp.status_code == 302 and resp.url.startswith("/accounts/login/")


def test_an_active_session_is_renewed_once_a_minute_not_saved_on_every_request_rules_9(client) -> None:  # type: ignore[no-untyped-def]
    import time_machine
    from django.contrib.sessions.models import Session

    from fazhi.security.middleware import RENEW_SECONDS

    make_user(Role.BUREAU, username="busy")
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        client.post("/accounts/login/", {"username": "busy", "password": PASSWORD})
        key = client.session.session_key

        def expiry() -> Any:
            return Session.objects.get(session_key=key).expire_date

        stored = expiry()
        traveller.shift(timedelta(seconds=RENEW_SECONDS - 1))
        assert client.get("/").status_code == 200
        assert expiry() == stored  # within the minute: nothing written
        traveller.shift(timedelta(seconds=1))
        assert client.get("/").status_code == 200
        assert expiry() == stored + timedelta(seconds=RENEW_SECONDS)  # renewed: expiry slides
        # Active every 50 seconds for 40 minutes: still logged in past the 30-minute age of the login.
        for _ in range(48):
            traveller.shift(timedelta(seconds=50))
            assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=31))
        resp = client.get("/")
        assert resp.status_code == 302 and resp.url.startswith("/accounts/login/")
