"""The recorded IP is the client's, not the proxy's (issue 8 item 4d): with FAZHI_PROXY_COUNT = N
the address the N-th trusted proxy saw; with 0 a client-written X-Forwarded-For is ignored. Audit
events, the login log and axes all use fazhi.audit.services.client_ip."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from fazhi.audit.models import AuditEvent
from fazhi.audit.services import client_ip
from fazhi.orgs.models import Role
from fazhi.testing.factories import make_user

pytestmark = pytest.mark.django_db

NGINX = "10.0.0.5"  # REMOTE_ADDR as gunicorn sees it behind nginx
CLIENT = "203.0.113.7"


def _login(client: Client, password: str, xff: str) -> None:
    client.post(
        "/accounts/login/",
        {"username": "ip_user", "password": password},
        REMOTE_ADDR=NGINX,
        HTTP_X_FORWARDED_FOR=xff,
    )


@pytest.fixture
def user():  # type: ignore[no-untyped-def]
    u = make_user(Role.BUREAU, username="ip_user", must_change_password=False)
    u.set_password("Fz#2026ip!")
    u.save()
    return u


def test_one_proxy_records_the_client_address_for_login_and_lockout(client: Client, user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FAZHI_PROXY_COUNT = 1
    # The client forged the first entry; nginx appended the address it really saw.
    _login(client, "wrong-password", f"6.6.6.6, {CLIENT}")
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.ip == CLIENT
    assert AccessAttempt.objects.get(username="ip_user").ip_address == CLIENT  # axes, same rule
    _login(client, "Fz#2026ip!", CLIENT)
    assert AuditEvent.objects.get(action="auth.login").ip == CLIENT


def test_no_proxy_ignores_a_spoofed_header(client: Client, user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FAZHI_PROXY_COUNT = 0
    _login(client, "Fz#2026ip!", "1.2.3.4")
    assert AuditEvent.objects.get(action="auth.login").ip == NGINX


@pytest.mark.parametrize(
    ("count", "xff", "expected"),
    [
        (1, f"{CLIENT}", CLIENT),
        (2, f"{CLIENT}, 10.0.0.9", CLIENT),  # two proxies: the outer one saw the client
        (2, f"6.6.6.6, {CLIENT}, 10.0.0.9", CLIENT),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "", NGINX),  # header missing: the proxy is the client
        (2, CLIENT, NGINX),  # fewer entries than proxies: malformed
        (1, "not-an-ip", NGINX),
        (1, f"{CLIENT}, <script>", NGINX),
        (1, f"{CLIENT},", NGINX),
    ],
)
def test_client_ip_rules(settings, count: int, xff: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    settings.FAZHI_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=xff)
    assert client_ip(request) == expected


def test_invalid_remote_addr_is_not_recorded(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FAZHI_PROXY_COUNT = 0
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="garbage")) == ""
    assert client_ip(None) == ""
