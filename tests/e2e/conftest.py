"""Browser tests: Playwright for Python driving Debian's Chromium (never `playwright install`)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


class _OneRequestAtATime:
    """A WSGI app that handles one request at a time.

    On in-memory SQLite the live server's request threads share one database connection (Django
    passes the test thread's connection to them), so two overlapping requests — the navbar's
    notification count fetched after a page while the test submits a form — run their queries and
    transactions interleaved on that one connection: a POST could fail or hang. A real deployment has
    a connection per thread (or PostgreSQL); only this test set-up needs the requests in a row.
    """

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        with self.lock:
            return self.app(environ, start_response)


@pytest.fixture(scope="session")
def live_server(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
) -> Iterator[object]:
    """pytest-django's live server, made after the test database and handling one request at a time on SQLite.

    After the test database: the server decides from the database's name whether to share the test
    thread's in-memory SQLite connection with its request threads; made before (as pytest-django's own
    fixture can be, being session-scoped), it saw the on-disk name, so every request thread opened a
    connection of its own to the shared-cache in-memory database, whose table locks fail at once instead
    of waiting ("database table is locked" on a POST racing the navbar's count).
    """
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost", start=False)
    if server.thread.connections_override:
        wrap = server.thread.static_handler
        server.thread.static_handler = lambda app: _OneRequestAtATime(wrap(app))
    server.start()
    with (
        django_db_blocker.unblock()
    ):  # the login page reads (settings, the government's name); writes nothing
        _warm_up(server.url)
    yield server
    server.stop()


def _warm_up(base: str) -> None:
    """Fetch the login page and its static files once, with a generous timeout, before any test runs.

    The live server's first request imports the URLconf and views and compiles templates, and each
    static file's first read comes from disk: on a loaded machine the first page took longer than a
    step's timeout, failing whichever test happened to be first instead of measuring anything.
    """
    import re
    import urllib.request

    with urllib.request.urlopen(f"{base}/accounts/login/", timeout=120) as response:
        html = response.read().decode()
    for path in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        with urllib.request.urlopen(f"{base}{path}", timeout=120) as response:
            response.read()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server, settings) -> Iterator[object]:  # type: ignore[no-untyped-def]
    settings.ALLOWED_HOSTS = ["*"]
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    pg = context.new_page()
    pg.set_default_timeout(30000)
    # Assertions wait as long as actions: on a loaded two-core CI machine a step's POST and redirect
    # (locks, deadline refresh, audit) and the new page's static files, one request at a time, can
    # take longer than Playwright's 5-second default.
    expect.set_options(timeout=30000)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.fz_errors = errors  # a test that expects an error status clears what it expected
    yield pg
    # Let in-flight requests (htmx, autosave) finish before the live server and database go away.
    try:
        pg.wait_for_load_state("networkidle", timeout=5000)
    except Exception:  # a page that never settles must not mask the test's own result
        pass
    context.close()
    # A CSP violation or a JS error is a failure of the page under test.
    assert not [e for e in errors if "favicon" not in e], errors


def login(page, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def pick_unit(page, name: str, typed: str, label: str) -> None:  # type: ignore[no-untyped-def]
    """Unit pickers load their options from the scoped search endpoint as the user types (core.pickers)."""
    page.locator(f"#id_{name}-ts-control").fill(typed)
    page.locator(".ts-dropdown .option", has_text=label).click()
    assert page.locator(f"select[name={name}]").input_value() != ""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A failed browser test's report carries every thread's stack (the live server's request threads).

    A step that waits for a response that never comes (a navigation timing out) is otherwise a bare
    Playwright timeout: the stacks show what the server was doing at that moment.
    """
    report = yield
    if report.failed and call.when == "call":
        import sys
        import traceback

        names = {t.ident: t.name for t in threading.enumerate()}
        text = "\n".join(
            f"--- thread {names.get(ident, ident)}\n" + "".join(traceback.format_stack(frame))
            for ident, frame in sys._current_frames().items()
        )
        report.sections.append(("threads at failure", text))
    return report
