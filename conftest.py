"""Test set-up shared by every app: seed data that a transactional flush removes, fast hashing."""

from __future__ import annotations

import pytest


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
