"""Lockout without denial of service (issue 8 item 3), from the login form and the token API.

RULES.md §9 (等保2.0 三级, GB/T 22239-2019): 5 consecutive failures lock the account for 30 minutes
and the answer never says which part was wrong. Here the lock is on (account, address); an address
is throttled across usernames; a CAPTCHA is due after 3 failures; a burst alerts the security
administrator.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings

from fazhi.audit.models import AuditEvent
from fazhi.orgs.models import Role
from fazhi.security import gate
from fazhi.security.models import LoginFailure, SecurityAlert
from fazhi.testing.factories import PASSWORD, make_user

from .conftest import ATTACKER, DESK, LOGIN, TOKEN, captcha_key, post_login

pytestmark = pytest.mark.django_db


def _logged_in(client) -> bool:  # type: ignore[no-untyped-def]
    return "_auth_user_id" in client.session


def _login_with_captcha(client, username: str, ip: str):  # type: ignore[no-untyped-def]
    """A real user whose account needs a CAPTCHA: the first post shows it, the second answers it."""
    first = post_login(client, username, PASSWORD, ip)
    if first.status_code == 302:
        return first
    return post_login(client, username, PASSWORD, ip, answer="right", page=first.content.decode())


def test_one_address_cannot_lock_many_accounts_and_real_users_still_log_in(clock) -> None:  # type: ignore[no-untyped-def]
    # The incident: anonymous requests from one place locked all 78 accounts, administrators included.
    users = [make_user(Role.CLERK, username=f"victim{i:02d}") for i in range(12)]
    users.append(make_user(Role.SECADMIN, username="secadmin"))
    from django.test import Client

    attacker = Client()
    refused = 0
    for user in users:
        for _ in range(5):
            r = post_login(attacker, user.username, "Wrong#Pass1", ATTACKER)
            assert r.status_code in (200, 429)
            if r.status_code == 429 and gate.ADDRESS_BLOCKED_MESSAGE in r.content.decode():
                refused += 1
    limit = settings.FAZHI_LOGIN_ADDRESS_FAILURE_LIMIT
    # The throttle stopped the address: it is refused, and it never got more than `limit` failures in.
    assert refused > 0
    assert LoginFailure.objects.filter(ip=ATTACKER).count() == limit
    assert AccessAttempt.objects.filter(failures_since_start__gte=5).count() <= limit // 5 < len(users)
    # No lock exists for any other address: every real user (the administrator too) logs in from a desk.
    assert not AccessAttempt.objects.exclude(ip_address=ATTACKER).exists()
    for user in users:
        desk = __import__("django.test", fromlist=["Client"]).Client()
        resp = _login_with_captcha(desk, user.username, DESK)
        assert resp.status_code == 302, user.username
        assert _logged_in(desk)
    # Even the right password from the attacking address is refused now (in Chinese, HTTP 429).
    r = post_login(attacker, users[-1].username, PASSWORD, ATTACKER)
    assert r.status_code == 429 and "该地址登录失败次数过多" in r.content.decode()


def test_five_failures_still_lock_the_account_for_that_address_rules_9(client, clock) -> None:  # type: ignore[no-untyped-def]
    # RULES §9: 5 consecutive failures → locked 30 minutes, even when the CAPTCHA is answered right.
    make_user(Role.BUREAU, username="target")
    page = ""
    for i in range(5):
        r = post_login(
            client, "target", "Wrong#Pass1", ATTACKER, answer="right" if i >= 3 else None, page=page
        )
        page = r.content.decode()
        if i < 4:
            assert r.status_code == 200 and "用户名或密码错误" in page, i
    # The 5th failure itself answers with the lock.
    assert r.status_code == 429 and "锁定30分钟" in page
    r = post_login(client, "target", PASSWORD, ATTACKER)
    assert r.status_code == 429 and "锁定30分钟" in r.content.decode()
    assert not _logged_in(client)
    clock.shift(29 * 60)
    assert post_login(client, "target", PASSWORD, ATTACKER).status_code == 429
    # The lock is on (account, address): from another address the same account logs in.
    from django.test import Client

    desk = Client()
    assert _login_with_captcha(desk, "target", DESK).status_code == 302 and _logged_in(desk)


def test_lock_ends_after_30_minutes_rules_9(client, clock) -> None:  # type: ignore[no-untyped-def]
    make_user(Role.BUREAU, username="target")
    # Three wrong passwords, then two posts that ignore the CAPTCHA: those count as failures too.
    for _ in range(5):
        post_login(client, "target", "Wrong#Pass1", DESK)
    assert post_login(client, "target", PASSWORD, DESK).status_code == 429
    clock.shift(31 * 60)
    assert _login_with_captcha(client, "target", DESK).status_code == 302


def test_captcha_required_after_three_failures(client, clock) -> None:  # type: ignore[no-untyped-def]
    make_user(Role.BUREAU, username="target")
    page = client.get(LOGIN, REMOTE_ADDR=DESK).content.decode()
    assert captcha_key(page) is None  # no CAPTCHA for a clean address
    for _ in range(3):
        page = post_login(client, "target", "Wrong#Pass1", ATTACKER).content.decode()
    key = captcha_key(page)
    assert key, "CAPTCHA shown after 3 failures"
    # The image is drawn by our server and served to the anonymous login page (no CDN).
    img = client.get(f"/captcha/image/{key}/", REMOTE_ADDR=ATTACKER)
    assert img.status_code == 200 and img["Content-Type"] == "image/png" and img.content[:4] == b"\x89PNG"
    # A wrong CAPTCHA is refused even with the right password, and the password is not checked.
    r = post_login(client, "target", PASSWORD, ATTACKER, answer="wrong", page=page)
    assert r.status_code == 200 and gate.CAPTCHA_WRONG_MESSAGE in r.content.decode()
    assert not _logged_in(client)
    assert LoginFailure.objects.filter(username="target", reason="captcha").count() == 1
    assert AuditEvent.objects.filter(action="auth.login_failed", object_repr="target").count() == 4
    # The right one is accepted.
    r = post_login(client, "target", PASSWORD, ATTACKER, answer="right", page=r.content.decode())
    assert r.status_code == 302 and _logged_in(client)


def test_captcha_also_due_for_the_account_from_a_fresh_address(client, clock) -> None:  # type: ignore[no-untyped-def]
    make_user(Role.BUREAU, username="target")
    for ip in ("10.1.0.1", "10.1.0.2", "10.1.0.3"):  # spread over addresses
        post_login(client, "target", "Wrong#Pass1", ip)
    r = post_login(client, "target", PASSWORD, "10.1.0.4")
    assert r.status_code == 200 and captcha_key(r.content.decode())
    assert not _logged_in(client)


def test_token_api_refuses_where_the_form_would_demand_a_captcha(client, clock) -> None:  # type: ignore[no-untyped-def]
    make_user(Role.BUREAU, username="apiuser")
    for _ in range(3):
        r = client.post(TOKEN, {"username": "apiuser", "password": "Wrong#Pass1"}, REMOTE_ADDR=ATTACKER)
        assert r.status_code == 400 and r.json()["detail"] == "用户名或密码错误"
    r = client.post(TOKEN, {"username": "apiuser", "password": PASSWORD}, REMOTE_ADDR=DESK)
    assert r.status_code == 429 and r.json()["detail"] == gate.API_CAPTCHA_MESSAGE
    assert "token" not in r.json()


def test_token_api_refuses_a_throttled_address(client, settings, clock) -> None:  # type: ignore[no-untyped-def]
    settings.FAZHI_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    make_user(Role.BUREAU, username="apiuser")
    for i in range(6):
        post_login(client, f"nobody{i}", "Wrong#Pass1", ATTACKER)
    r = client.post(TOKEN, {"username": "apiuser", "password": PASSWORD}, REMOTE_ADDR=ATTACKER)
    assert r.status_code == 429 and r.json()["detail"] == gate.ADDRESS_BLOCKED_MESSAGE
    r = client.post(TOKEN, {"username": "apiuser", "password": PASSWORD}, REMOTE_ADDR=DESK)
    assert r.status_code == 200 and r.json()["token"]


def test_burst_of_failures_raises_one_audited_alert(client, clock) -> None:  # type: ignore[no-untyped-def]
    # ≥ 20 failures across ≥ 5 accounts within 5 minutes, from many addresses (each below the throttle).
    for i in range(20):
        post_login(client, f"acct{i % 5}", "Wrong#Pass1", f"10.2.0.{i}")
    alerts = list(SecurityAlert.objects.all())
    assert len(alerts) == 1
    assert alerts[0].failures == 20 and alerts[0].accounts == 5 and alerts[0].addresses == 20
    assert AuditEvent.objects.filter(action="security.alert", object_id=str(alerts[0].pk)).count() == 1
    # More failures in the same window do not repeat the alert.
    post_login(client, "acct0", "Wrong#Pass1", "10.2.1.1")
    assert SecurityAlert.objects.count() == 1
    # Shown on the security administrator's console.
    client.force_login(make_user(Role.SECADMIN, username="secadmin"))
    html = client.get("/security/").content.decode()
    assert "涉及5个账号" in html


def test_nineteen_failures_or_four_accounts_raise_no_alert(client, clock) -> None:  # type: ignore[no-untyped-def]
    for i in range(19):
        post_login(client, f"acct{i % 5}", "Wrong#Pass1", f"10.3.0.{i}")
    assert not SecurityAlert.objects.exists()
    clock.shift(6 * 60)  # those 19 are outside the 5-minute window now
    for i in range(25):
        post_login(client, f"other{i % 4}", "Wrong#Pass1", f"10.3.1.{i}")
    assert LoginFailure.objects.count() == 44
    assert not SecurityAlert.objects.exists()
