"""Two application servers on one database (issue 16 item 7, docs/deploy.md § 多台应用服务器).

Two gunicorn processes serve the same database, as N servers behind nginx do. Nothing a request needs
may live in one process's memory: the test shows that case numbers stay gap-free under concurrent
creates through both, that a version read through one is stale on the other (409), that login failures
counted by either lock the account on both (RULES §9, 等保2.0 GB/T 22239 8.1.4.1 b) and that a session
opened on one is valid on the other.

PostgreSQL runs (DATABASE_URL=postgres://…): the servers use the test database itself. SQLite runs: the
migrated in-memory test database is copied to a file both servers open (WAL), as the embedded install
would run two processes.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from django.db import connection

from fazhi.orgs.models import Role
from fazhi.testing.factories import ID_NUMBER, PASSWORD, bureau_unit, department, make_user

ROOT = Path(__file__).resolve().parent.parent
LOGIN = "/accounts/login/"
DISPUTES = "/api/v1/disputes/"
Query = Callable[[str, list[Any]], list[tuple[Any, ...]]]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database(tmp_path: Path) -> tuple[str, Query]:
    """The URL both servers open and a way for the test to read what they wrote."""
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        url = f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

        def pg(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
            with connection.cursor() as cur:
                cur.execute(sql.replace("?", "%s"), params)
                return list(cur.fetchall())

        return url, pg
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()

    def lite(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        with sqlite3.connect(path, timeout=20) as db:
            return list(db.execute(sql, params).fetchall())

    return f"sqlite:///{path}", lite


def _start(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "FAZHI_INSECURE_HTTP": "1",
        "DEBUG": "0",
        "FAZHI_EXTRA_MODULES": "fazhi.testing.sample_module",
        "FAZHI_THROTTLE_USER": "100000/min",
        "DJANGO_SETTINGS_MODULE": "fazhi.settings",
    }
    env.pop("FAZHI_TEST_CLOCK", None)
    cmd = [sys.executable, "-m", "gunicorn", "fazhi.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    cmd += ["--workers", "1", "--threads", "4", "--timeout", "60"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def _wait(base: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {log.read_text(errors='replace')[-3000:]}")
        try:
            requests.get(base + LOGIN, timeout=30)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise AssertionError(f"server did not start: {log.read_text(errors='replace')[-3000:]}")


@pytest.fixture
def servers(transactional_db: Any, settings: Any, tmp_path: Path) -> Iterator[tuple[str, str, Query]]:
    # The servers hash with production's hashers, so the accounts are made with them too.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    make_user(Role.BUREAU, bureau_unit(), username="bureau")
    make_user(Role.BUREAU, bureau_unit(), username="victim")
    department("d01", "示例市公安局")
    url, query = _database(tmp_path)
    procs, bases = [], []
    for name in ("a", "b"):
        port, log = _free_port(), tmp_path / f"server-{name}.log"
        procs.append((_start(url, port, log), log))
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for (proc, log), base in zip(procs, bases, strict=True):
            _wait(base, proc, log)
        yield bases[0], bases[1], query
    finally:
        for proc, _ in procs:
            proc.terminate()
        for proc, _ in procs:
            proc.wait(timeout=30)


def _csrf(html: str) -> str:
    m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert m, "login page without CSRF token"
    return m.group(1)


def _captcha(html: str, query: Query) -> dict[str, str]:
    """The CAPTCHA's answer, read from the shared store (the image is drawn by our server)."""
    m = re.search(r'name="captcha_0"[^>]*value="([0-9a-f]+)"', html) or re.search(
        r'value="([0-9a-f]+)"[^>]*name="captcha_0"', html
    )
    if not m:
        return {}
    (answer,) = query("SELECT response FROM captcha_captchastore WHERE hashkey = ?", [m.group(1)])[0]
    return {"captcha_0": m.group(1), "captcha_1": answer}


def _login(
    s: requests.Session, page_base: str, post_base: str, username: str, password: str, query: Query
) -> requests.Response:
    """Read the login page on one server, post it to the other: CSRF and CAPTCHA are shared state too."""
    html = s.get(page_base + LOGIN, timeout=30).text
    data = {
        "csrfmiddlewaretoken": _csrf(html),
        "username": username,
        "password": password,
        **_captcha(html, query),
    }
    return s.post(post_base + LOGIN, data=data, allow_redirects=False, timeout=30)


def _dispute(org: int, n: int) -> dict[str, Any]:
    return {
        "org": org,
        "source": "pre_litigation",
        "channel": "court",
        "opened_on": "2019-03-01",
        "summary": f"征收补偿争议{n}",
        "parties": [{"name": "张三", "kind": "person", "id_number": ID_NUMBER}],
    }


@pytest.mark.django_db(transaction=True)
def test_two_servers_share_numbering_versions_lockouts_and_sessions(servers: tuple[str, str, Query]) -> None:
    a, b, query = servers

    # A session opened on A is valid on B (sessions live in the database, not in a process).
    s = requests.Session()
    r = _login(s, a, a, "bureau", PASSWORD, query)
    assert r.status_code == 302, r.text[:500]
    assert s.get(b + "/disputes/", allow_redirects=False, timeout=30).status_code == 200
    headers = {"X-CSRFToken": s.cookies["csrftoken"], "Referer": b + "/"}

    # Gap-free numbering (RULES §2: a case number is never skipped nor reused) under concurrent
    # creates spread over both servers: one NumberSequence row per (government, kind, year), locked.
    (org,) = query("SELECT id FROM orgs_orgunit WHERE code = ?", ["d01"])[0]

    def create(n: int) -> requests.Response:
        return s.post((a, b)[n % 2] + DISPUTES, json=_dispute(org, n), headers=headers, timeout=60)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(create, range(24)))
    assert [r.status_code for r in answers] == [201] * 24, [
        r.text[:300] for r in answers if r.status_code != 201
    ]
    seqs = sorted(int(re.search(r"〕(\d+)号", r.json()["number"]).group(1)) for r in answers)  # type: ignore[union-attr]
    assert seqs == list(range(1, 25))

    # Optimistic locking: the version read through A is stale once B has changed the record.
    pk = answers[0].json()["id"]
    close = {"date": "2019-04-01", "resolved": True, "version": 1}
    assert s.post(f"{b}{DISPUTES}{pk}/close/", json=close, headers=headers, timeout=30).status_code == 200
    r = s.post(f"{a}{DISPUTES}{pk}/close/", json={**close, "resolved": False}, headers=headers, timeout=30)
    assert r.status_code == 409, r.text[:300]

    # Lockout (RULES §9: 5 failures lock the account for 30 minutes): failures alternate between the
    # servers, and afterwards even the right password is refused on both.
    for n in range(5):
        r = _login(requests.Session(), (a, b)[n % 2], (b, a)[n % 2], "victim", "wrong-Pass1", query)
        assert r.status_code in (200, 429), r.status_code
    for base in (a, b):
        r = _login(requests.Session(), base, base, "victim", PASSWORD, query)
        assert r.status_code == 429 and "账号已被锁定" in r.text
