"""Test set-up shared by every app: seed data that a transactional flush removes, fast hashing."""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

#: Fixtures and record makers shared by every module's tests (module conftests keep only their own).
pytest_plugins = ["fazhi.testing.fixtures"]

#: ``FAZHI_TEST_CLOCK=2028-12-01`` runs the whole session with the clock moved to that day (10:00 in
#: Asia/Shanghai, ticking), so a test that silently depends on today's date fails in CI long before the
#: real calendar reaches it (`.ci/run` does a run two years ahead). Tests that pin the clock with
#: ``time_machine.travel`` still win: travels nest, the innermost one applies.
CLOCK_ENV = "FAZHI_TEST_CLOCK"
_session_travel = None


def pytest_configure(config: pytest.Config) -> None:
    global _session_travel
    from hypothesis import HealthCheck, settings

    # Property tests check what is generated, not how fast: on a loaded two-core CI machine input
    # generation can take longer than Hypothesis's speed health check and per-example deadline allow.
    settings.register_profile("fazhi", suppress_health_check=[HealthCheck.too_slow], deadline=None)
    settings.load_profile("fazhi")
    value = os.environ.get(CLOCK_ENV, "").strip()
    if not value:
        return
    import time_machine

    try:
        day = datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise pytest.UsageError(f"{CLOCK_ENV} must be a date YYYY-MM-DD, got {value!r}") from None
    _session_travel = time_machine.travel(day.replace(hour=10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True)
    _session_travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    global _session_travel
    if _session_travel is not None:
        _session_travel.stop()
        _session_travel = None


def pytest_report_header(config: pytest.Config) -> str | None:
    value = os.environ.get(CLOCK_ENV, "").strip()
    return f"clock moved: {CLOCK_ENV}={value}" if value else None


@pytest.fixture(autouse=True)
def _seed_reference_data(request: pytest.FixtureRequest) -> None:
    """Roles and the holiday calendar come from data migrations; a transactional test's flush
    deletes them, so put them back before any test that uses the database."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if (marker and marker.kwargs.get("transaction")) or names & {"transactional_db", "live_server"}:
        request.getfixturevalue("transactional_db")
    elif marker or "db" in names:
        request.getfixturevalue("db")
    else:
        return
    from django.contrib.auth.models import Group

    from fazhi.orgs.models import Role
    from fazhi.workdays.seed import ensure_seeded

    if Group.objects.filter(name__in=Role.labels).count() != len(Role.labels):
        for label in Role.labels:
            Group.objects.get_or_create(name=label)
    ensure_seeded()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    # Argon2 is what production uses (asserted in orgs tests); tests hash thousands of times.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _audit_anchor_files(settings, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    # The audit chain is anchored in a file outside the database; each test gets its own file and
    # key, or anchors written against one test's (flushed) database would fail the next test.
    where = tmp_path_factory.mktemp("audit-anchors")
    settings.FAZHI_AUDIT_ANCHOR_FILE = str(where / "audit-anchors.log")
    settings.FAZHI_AUDIT_ANCHOR_KEY_FILE = str(where / "audit-anchor.key")
    settings.FAZHI_AUDIT_ANCHOR_KEY = ""


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    # PostgreSQL: the audit tables refuse TRUNCATE (audit migration 0003) unless the session has
    # fazhi.audit_allow_truncate = on; Django's flush between transactional tests truncates every
    # table, so allow it on the test database only.
    from django.db import connections

    with django_db_blocker.unblock():
        for conn in connections.all():
            if conn.vendor == "postgresql":
                with conn.cursor() as cur:
                    cur.execute(
                        f"ALTER DATABASE \"{conn.settings_dict['NAME']}\" SET fazhi.audit_allow_truncate = 'on'"
                    )
                conn.close()
