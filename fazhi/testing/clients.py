"""Logged-in test clients and a pinned-clock fixture shared by the module tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from .clock import PINNED_NOW


def api(user: Any) -> APIClient:
    """An API client authenticated as ``user``."""
    c = APIClient()
    c.force_authenticate(user)
    return c


def page(user: Any) -> Client:
    """A browser-like client logged in as ``user``."""
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def pinned_clock() -> Iterator[None]:
    """The clock at ``PINNED_NOW`` (use ``pytestmark = pytest.mark.usefixtures("pinned_clock")``)."""
    with time_machine.travel(PINNED_NOW, tick=False):
        yield
