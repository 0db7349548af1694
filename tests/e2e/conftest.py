"""Browser tests: Playwright for Python driving Debian's Chromium (never `playwright install`)."""

from __future__ import annotations

import os
from collections.abc import Iterator

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
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        # SQLite's in-memory test database is shared between the live server's threads with table
        # locks that fail at once ("database table is locked") instead of waiting. The session is
        # written on every request, so a picker's fetch racing a form's POST turned into a 500; on
        # SQLite the browser tests keep sessions in the (process-wide) cache. PostgreSQL runs keep
        # the database sessions.
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    # Assertions wait as long as actions: on a loaded two-core CI machine a step's POST and redirect
    # (locks, deadline refresh, audit) can take longer than Playwright's 5-second default.
    expect.set_options(timeout=15000)
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
