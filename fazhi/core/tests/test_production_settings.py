"""Production settings fail closed (issue 8 item 7; RULES §9: Secure cookies in production).

Each case starts a fresh interpreter with a controlled environment, because the settings module decides at
import time and this test process is itself running under the (insecure) test settings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s;"
    "print(json.dumps({'key': s.SECRET_KEY, 'secure': s.SESSION_COOKIE_SECURE, 'csrf': s.CSRF_COOKIE_SECURE,"
    "'hsts': s.SECURE_HSTS_SECONDS, 'redirect': s.SECURE_SSL_REDIRECT, 'insecure': s.INSECURE_HTTP}))"
)
GOOD_KEY = "k" * 20 + "-production-secret-key-" + "z" * 20


def _start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "FAZHI_INSECURE_HTTP"}}
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    base.update(DJANGO_SETTINGS_MODULE="fazhi.settings", FAZHI_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
    )


def test_debug_off_without_secret_key_refuses_to_start_in_chinese(tmp_path: Path) -> None:
    out = _start(tmp_path, DEBUG="0")
    assert out.returncode != 0
    assert "ImproperlyConfigured" in out.stderr and "生产环境必须设置 SECRET_KEY" in out.stderr
    assert out.stdout == ""


def test_no_environment_at_all_refuses_to_start(tmp_path: Path) -> None:
    # A missing key must not imply FAZHI_INSECURE_HTTP (that was the hole: it started on the public dev key).
    out = _start(tmp_path)
    assert out.returncode != 0 and "SECRET_KEY" in out.stderr


def test_the_public_development_key_is_refused_in_production(tmp_path: Path) -> None:
    from fazhi import settings as fazhi_settings

    out = _start(tmp_path, DEBUG="0", SECRET_KEY=fazhi_settings._DEV_KEY)
    assert out.returncode != 0 and "开发密钥" in out.stderr


def test_production_with_a_key_has_secure_cookies_hsts_and_https_redirect(tmp_path: Path) -> None:
    out = _start(tmp_path, DEBUG="0", SECRET_KEY=GOOD_KEY)
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout)
    assert got["key"] == GOOD_KEY and got["insecure"] is False
    assert got["secure"] is True and got["csrf"] is True
    assert got["hsts"] >= 365 * 24 * 3600 and got["redirect"] is True


def test_explicit_insecure_demo_starts_on_the_dev_key(tmp_path: Path) -> None:
    # `make run` sets FAZHI_INSECURE_HTTP=1 for the local demo over http on 127.0.0.1.
    from fazhi import settings as fazhi_settings

    for env in ({"FAZHI_INSECURE_HTTP": "1"}, {"DEBUG": "1"}):
        out = _start(tmp_path, **env)
        assert out.returncode == 0, (env, out.stderr[-2000:])
        got = json.loads(out.stdout)
        assert got["key"] == fazhi_settings._DEV_KEY and got["insecure"] is True and got["secure"] is False


def test_manage_py_check_follows_the_same_rule(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "FAZHI_INSECURE_HTTP"}}
    base.update(FAZHI_DATA_DIR=str(tmp_path), DEBUG="0")
    run = lambda **e: subprocess.run(  # noqa: E731
        [sys.executable, "manage.py", "check"],
        env={**base, **e},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
    )
    refused = run()
    assert refused.returncode != 0 and "SECRET_KEY" in refused.stderr
    assert run(FAZHI_INSECURE_HTTP="1").returncode == 0
    assert run(SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="fazhi.example.gov.cn").returncode == 0


def test_the_test_run_itself_uses_the_insecure_test_settings() -> None:
    # Under pytest the dev key is allowed (the test settings), so plain-http test clients keep working.
    assert settings.TESTING is True and settings.INSECURE_HTTP is True
