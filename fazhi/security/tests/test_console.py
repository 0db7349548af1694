"""The security administrator's console (/security/): unlock with a reason, failed-login log,
forced logout, policy within the RULES.md §9 floor. 三员分立: every other role is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from fazhi.audit.models import AuditEvent
from fazhi.orgs.models import Role, User
from fazhi.security.models import LoginFailure, SecurityPolicy
from fazhi.testing.factories import PASSWORD, department, make_user

from .conftest import ATTACKER, DESK, TOKEN, post_login

pytestmark = pytest.mark.django_db

URLS = ["/security/", "/security/locked/", "/security/failures/", "/security/sessions/", "/security/policy/"]


@pytest.fixture
def secadmin():  # type: ignore[no-untyped-def]
    return make_user(Role.SECADMIN, username="secadmin")


@pytest.fixture
def sec(secadmin) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(secadmin)
    return c


def _lock(username: str, ip: str = ATTACKER) -> None:
    c = Client()
    for _ in range(5):
        post_login(c, username, "Wrong#Pass1", ip)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SECADMIN])
def test_console_refused_to_every_other_role(client, role) -> None:  # type: ignore[no-untyped-def]
    # RULES §9 三员分立: only the security administrator holds the security settings.
    user = make_user(role, department() if role == Role.CLERK else None, username=f"u_{role}")
    client.force_login(user)
    for url in URLS:
        assert client.get(url).status_code == 403, url
    assert client.post("/security/locked/", {"username": "x", "reason": "试图解锁"}).status_code == 403
    assert client.post("/security/policy/", {"min_length": 8}).status_code == 403
    assert "/security/" not in client.get("/").content.decode()  # no menu entry


def test_anonymous_is_sent_to_login(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/security/")
    assert r.status_code == 302 and r.url.startswith("/accounts/login/")


def test_secadmin_sees_console_in_menu_and_no_business_data(sec) -> None:  # type: ignore[no-untyped-def]
    home = sec.get("/").content.decode()
    assert 'href="/security/"' in home and "安全管理" in home
    assert 'data-testid="security-console-link"' in home
    for url in URLS:
        assert sec.get(url).status_code == 200, url
    # Administrators still see no business data (三员分立).
    assert sec.get("/reconsideration/").status_code == 403


def test_unlock_needs_a_reason_and_is_audited(sec, clock) -> None:  # type: ignore[no-untyped-def]
    make_user(Role.BUREAU, username="target")
    _lock("target")
    assert AccessAttempt.objects.filter(username="target", failures_since_start__gte=5).exists()
    html = sec.get("/security/locked/").content.decode()
    assert "target" in html and ATTACKER in html
    # Without a reason nothing changes.
    r = sec.post("/security/locked/", {"username": "target", "reason": " "}, follow=True)
    assert "请填写" in r.content.decode()
    assert AccessAttempt.objects.filter(username="target").exists()
    assert not AuditEvent.objects.filter(action="security.unlock").exists()
    # With a reason the lock is lifted and the reason is in the audit trail.
    r = sec.post("/security/locked/", {"username": "target", "reason": "本人电话确认，忘记密码"})
    assert r.status_code == 302
    assert not AccessAttempt.objects.filter(username="target").exists()
    event = AuditEvent.objects.get(action="security.unlock")
    assert event.actor_username == "secadmin" and event.object_repr == "target"
    assert event.diff["reason"] == "本人电话确认，忘记密码" and event.diff["addresses"] == [ATTACKER]
    # Unlocking an account that is not locked is refused in Chinese and changes nothing.
    r = sec.post("/security/locked/", {"username": "target", "reason": "再次解锁"}, follow=True)
    assert "没有锁定记录" in r.content.decode()
    assert AuditEvent.objects.filter(action="security.unlock").count() == 1
    # The user can log in again from the address that was locked (the CAPTCHA is still due there).
    c = Client()
    first = post_login(c, "target", PASSWORD, ATTACKER)
    r = post_login(c, "target", PASSWORD, ATTACKER, answer="right", page=first.content.decode())
    assert r.status_code == 302


def test_failed_login_log_is_keyset_paginated_and_filtered(sec, clock) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    LoginFailure.objects.bulk_create(
        [
            LoginFailure(
                created_at=now - timedelta(days=i % 3),
                username=f"user{i % 4}",
                ip=f"10.9.0.{i % 2}",
                via="form",
            )
            for i in range(60)
        ]
    )
    first = sec.get("/security/failures/")
    page = first.context["page"]
    assert len(page.items) == 50 and page.next_cursor
    rest = sec.get("/security/failures/", {"cursor": page.next_cursor}).context["page"]
    ids = [f.pk for f in page.items] + [f.pk for f in rest.items]
    assert len(ids) == 60 == len(set(ids)) and rest.next_cursor is None
    by_user = sec.get("/security/failures/", {"username": "user1"}).context["page"].items
    assert by_user and {f.username for f in by_user} == {"user1"}
    by_ip = sec.get("/security/failures/", {"ip": "10.9.0.1"}).context["page"].items
    assert by_ip and {f.ip for f in by_ip} == {"10.9.0.1"}
    today = timezone.localdate()
    dated = sec.get("/security/failures/", {"date_from": today, "date_to": today}).context["page"].items
    assert len(dated) == 20
    # Bad input is answered in Chinese, never a 500.
    r = sec.get("/security/failures/", {"date_from": "2026-13-40", "cursor": "garbage"})
    assert r.status_code == 200 and "日期" in r.content.decode()
    r = sec.get("/security/failures/", {"date_from": "2026-11-20", "date_to": "2026-11-01"})
    assert "开始日期不能晚于结束日期" in r.content.decode()


def test_failure_log_uses_the_audit_client_address(sec, clock) -> None:  # type: ignore[no-untyped-def]
    post_login(Client(), "someone", "Wrong#Pass1", "10.8.0.1")
    failure = LoginFailure.objects.get()
    assert failure.ip == "10.8.0.1" and failure.username == "someone" and failure.via == "form"
    assert AuditEvent.objects.get(action="auth.login_failed").ip == failure.ip


def test_forced_logout_kills_sessions_and_tokens(sec, clock) -> None:  # type: ignore[no-untyped-def]
    user = make_user(Role.BUREAU, username="leaver")
    browser = Client()
    assert post_login(browser, "leaver", PASSWORD, DESK).status_code == 302
    assert browser.get("/").status_code == 200
    api_token = (
        Client().post(TOKEN, {"username": "leaver", "password": PASSWORD}, REMOTE_ADDR=DESK).json()["token"]
    )
    _, knox_key = AuthToken.objects.create(user=user)
    api = Client()
    assert api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {api_token}").status_code == 200
    html = sec.get("/security/sessions/").content.decode()
    assert "leaver" in html
    # No reason → refused, nothing happens.
    sec.post("/security/sessions/", {"username": "leaver", "reason": ""})
    assert browser.get("/").status_code == 200
    r = sec.post("/security/sessions/", {"username": "leaver", "reason": "调离岗位，立即停用"})
    assert r.status_code == 302
    r = browser.get("/")
    assert r.status_code == 302 and r.url.startswith("/accounts/login/")
    assert not AuthToken.objects.filter(user=user).exists()
    assert api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {api_token}").status_code == 401
    event = AuditEvent.objects.get(action="security.force_logout")
    assert event.actor_username == "secadmin" and event.object_id == str(user.pk)
    # (the audit trail blanks keys named like a token or credential, so the count has a plain name)
    assert event.diff == {"sessions": 1, "api_logins_revoked": 2, "reason": "调离岗位，立即停用"}
    assert AuditEvent.objects.filter(action="auth.token_revoke", object_id=str(user.pk)).count() == 1
    # An unknown account is answered in Chinese.
    r = sec.post("/security/sessions/", {"username": "nobody", "reason": "测试"}, follow=True)
    assert "没有这个账号" in r.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("min_length", 7, "不少于8位"),
        ("min_classes", 2, "至少3类"),
        ("lock_threshold", 6, "不超过5次"),
        ("lock_minutes", 29, "不少于30分钟"),
        ("password_max_age_days", 91, "每90天"),
        ("session_idle_minutes", 31, "不超过30分钟"),
    ],
)
def test_policy_looser_than_rules_9_is_refused(sec, field, value, fragment) -> None:  # type: ignore[no-untyped-def]
    # RULES §9 floor (等保2.0 三级): 8 chars, 3 classes, lock after ≤ 5, ≥ 30 min, ≤ 90 days, ≤ 30 min idle.
    data = {
        "min_length": 8,
        "min_classes": 3,
        "lock_threshold": 5,
        "lock_minutes": 30,
        "password_max_age_days": 90,
        "session_idle_minutes": 30,
    }
    data[field] = value
    r = sec.post("/security/policy/", data)
    assert r.status_code == 200 and fragment in r.content.decode()
    assert not SecurityPolicy.objects.exists()
    assert not AuditEvent.objects.filter(action="security.policy_change").exists()
    r = sec.post("/security/policy/", {**data, field: "abc"})
    assert r.status_code == 200 and not SecurityPolicy.objects.exists()


def _set_policy(sec, **changes) -> None:  # type: ignore[no-untyped-def]
    data = {
        "min_length": 8,
        "min_classes": 3,
        "lock_threshold": 5,
        "lock_minutes": 30,
        "password_max_age_days": 90,
        "session_idle_minutes": 30,
        **changes,
    }
    assert sec.post("/security/policy/", data).status_code == 302


def test_stricter_policy_is_saved_audited_and_enforced(sec, clock) -> None:  # type: ignore[no-untyped-def]
    _set_policy(sec, min_length=12, min_classes=4, lock_threshold=3, lock_minutes=60, session_idle_minutes=10)
    event = AuditEvent.objects.get(action="security.policy_change")
    assert event.actor_username == "secadmin"
    assert event.diff["min_length"] == [8, 12] and event.diff["lock_threshold"] == [5, 3]
    # Lock after 3 failures (CAPTCHA from the 2nd), for 60 minutes.
    make_user(Role.BUREAU, username="target")
    c = Client()
    page = ""
    for i in range(3):
        r = post_login(c, "target", "Wrong#Pass1", ATTACKER, answer="right" if i >= 2 else None, page=page)
        page = r.content.decode()
    assert r.status_code == 429 and "锁定60分钟" in r.content.decode()
    clock.shift(45 * 60)
    assert post_login(c, "target", PASSWORD, ATTACKER).status_code == 429
    # Password change: 12 characters and all 4 classes now.
    user = make_user(Role.CLERK, department(), username="changer")
    c = Client()
    c.force_login(user)
    r = c.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Short@2026x", "new_password2": "Short@2026x"},
    )
    assert "不能少于12个字符" in r.content.decode()
    r = c.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "longenough2026ab", "new_password2": "longenough2026ab"},
    )
    assert "至少4类" in r.content.decode()
    r = c.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Long#enough2026", "new_password2": "Long#enough2026"},
    )
    assert r.status_code == 302
    # Idle logout after 10 minutes (policy), not the 30 of the setting.
    c = Client()
    assert post_login(c, "changer", "Long#enough2026", DESK).status_code == 302
    clock.shift(9 * 60)
    assert c.get("/").status_code == 200
    clock.shift(11 * 60)
    r = c.get("/")
    assert r.status_code == 302 and r.url.startswith("/accounts/login/")


def test_stricter_password_age_forces_change(sec, clock) -> None:  # type: ignore[no-untyped-def]
    _set_policy(sec, password_max_age_days=30)
    user = make_user(Role.BUREAU, username="old_pw")
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=31))
    c = Client()
    c.force_login(User.objects.get(pk=user.pk))
    r = c.get("/")
    assert r.status_code == 302 and r.url == "/accounts/password/"
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=29))
    assert c.get("/").status_code == 200
