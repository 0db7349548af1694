"""Helpers for the login-hardening and console tests: a login from a given client address and
the answer to the CAPTCHA read from the CaptchaStore (the image is drawn on our server)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from captcha.models import CaptchaStore

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token/"
ATTACKER = "10.0.0.66"
DESK = "10.0.0.7"
CLOCK = datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(CLOCK, tick=False) as traveller:
        yield traveller


def captcha_key(html: str) -> str | None:
    m = re.search(r'name="captcha_0"[^>]*value="([0-9a-f]+)"', html) or re.search(
        r'value="([0-9a-f]+)"[^>]*name="captcha_0"', html
    )
    return m.group(1) if m else None


def post_login(client, username: str, password: str, ip: str, *, answer: str | None = None, page: str = ""):  # type: ignore[no-untyped-def]
    """POST the login form from ``ip``. ``answer``: "right", "wrong" or None (no CAPTCHA sent);
    the CAPTCHA key comes from ``page`` (the last login page this client saw)."""
    data = {"username": username, "password": password}
    if answer is not None:
        key = captcha_key(page)
        assert key, "the page shows no CAPTCHA"
        right = CaptchaStore.objects.get(hashkey=key).response
        data.update({"captcha_0": key, "captcha_1": right if answer == "right" else right + "x"})
    return client.post(LOGIN, data, REMOTE_ADDR=ip)
