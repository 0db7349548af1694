"""Every internal page and API requires login (DESIGN.md §5); healthz; error pages; CSP."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from fazhi.orgs.models import Role
from fazhi.testing.factories import make_user

pytestmark = pytest.mark.django_db

# /captcha/ serves the login page's CAPTCHA image to anonymous visitors (fazhi.security).
PUBLIC = ("/accounts/login/", "/captcha/", "/healthz", "/portal/", "/static/")


def _sample(part: str) -> str | None:
    """A concrete path for a route or regex pattern fragment (ids become 1)."""
    if "(?P<format>" in part or "<drf_format_suffix" in part:
        return None  # the same view with a format suffix
    if "<" in part and "(?P" not in part:
        part = re.sub(r"<(?:int:)?\w+>", "1", part)
        part = re.sub(r"<(?:str|slug|path):\w+>", "x", part)
        part = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", part)
        return part
    part = part.lstrip("^").replace("\\Z", "").rstrip("$")
    part = re.sub(r"\(\?P<\w+>[^)]*\)", "1", part)
    part = part.replace("/?", "/")
    if re.search(r"[()\[\]?*+\\|]", part):
        return None
    return part


def _paths(patterns: list[object], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        frag = _sample(str(p.pattern))  # type: ignore[attr-defined]
        if frag is None:
            continue
        if isinstance(p, URLResolver):
            if "admin" in str(p.pattern) and "api" not in prefix:
                yield "/" + prefix + frag
                continue
            yield from _paths(p.url_patterns, prefix + frag)
        elif isinstance(p, URLPattern):
            yield "/" + prefix + frag


def internal_paths() -> list[str]:
    paths = sorted(set(_paths(get_resolver().url_patterns)))
    return [p for p in paths if not p.startswith(PUBLIC)]


def test_the_url_walk_finds_the_platform_pages() -> None:
    paths = internal_paths()
    for expected in ("/", "/audit/", "/orgs/1/", "/api/v1/me/", "/api/v1/orgs/1/", "/accounts/password/"):
        assert expected in paths


def test_every_internal_url_requires_login(client) -> None:  # type: ignore[no-untyped-def]
    for path in internal_paths():
        resp = client.get(path)
        if path.startswith("/api/"):
            if path == "/api/v1/auth/token/":
                assert resp.status_code == 405, path  # POST only
            else:
                assert resp.status_code in (401, 403), path
        elif path.startswith("/admin/"):
            assert resp.status_code == 302 and "login" in resp.url, path
        else:
            assert resp.status_code == 302, path
            assert resp.url.startswith("/accounts/login/?next="), path


def test_admin_is_for_system_administrators_only(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user(Role.BUREAU, is_staff=True))
    assert client.get("/admin/").status_code == 302
    client.force_login(make_user(Role.SYSADMIN, username="sys", is_staff=True))
    assert client.get("/admin/").status_code == 200


def test_healthz_ok(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/healthz")
    assert resp.status_code == 200 and resp.json() == {"status": "ok", "db": "ok"}


def test_healthz_503_when_database_unreachable() -> None:
    # A real unreachable database: PostgreSQL on a port where nothing listens.
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz'); print(r.status_code, r.json()['status'])"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/nowhere",
        "DJANGO_SETTINGS_MODULE": "fazhi.settings",
        "ALLOWED_HOSTS": "testserver",
        "FAZHI_INSECURE_HTTP": "1",  # the subprocess is not under pytest: the dev key needs the explicit flag
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )
    assert out.stdout.split() == ["503", "error"], out.stderr[-2000:]


def test_friendly_404_and_403(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user(Role.BUREAU))
    resp = client.get("/no-such-page/")
    assert resp.status_code == 404 and "页面不存在" in resp.content.decode()
    resp = client.get("/audit/")
    assert resp.status_code == 403 and "无权访问" in resp.content.decode()


def test_csp_header_and_no_inline_scripts(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user(Role.BUREAU))
    resp = client.get("/")
    assert "script-src 'self'" in resp["Content-Security-Policy"]
    html = resp.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=", html)
    assert "2" in html and "年" in html  # today's date in Chinese on the workbench


def test_navigation_shows_each_role_only_what_it_may_use(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user(Role.AUDITOR, username="aud"))
    html = client.get("/").content.decode()
    assert "审计记录" in html and "系统管理" not in html and "我的待办" not in html
    client.force_login(make_user(Role.BUREAU, username="bu"))
    html = client.get("/").content.decode()
    assert "审计记录" not in html and "我的待办" in html and "即将到期" in html


def test_api_docs_served_locally(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user(Role.BUREAU))
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200 and b"/api/v1/me/" in schema.content
    docs = client.get("/api/v1/docs/").content.decode()
    assert (
        "swagger" in docs.lower()
        and "cdn" not in docs.lower()
        and "http://" not in docs.replace("http://testserver", "")
    )
