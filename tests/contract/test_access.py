"""Platform contract, access (issue 10 item 8; RULES 三员分立): over every page and API endpoint of
every business module — anonymous users are refused, the administrators see no business data, and a
领导 cannot write."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from rest_framework.test import APIClient

from fazhi.testing import contract
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)

from .conftest import World, business_state, endpoint_id

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

PAGES = contract.business_pages()
APIS = contract.business_apis()
API_CALLS = [(e, m) for e in APIS for m in sorted(e.methods)]
API_WRITES = [(e, m) for e, m in API_CALLS if m in contract.WRITE_METHODS]


def test_discovery_finds_every_module() -> None:
    """The parametrisation below is not vacuous: every business module has pages, every module with
    records has an API, a workflow and transitions reachable through it."""
    assert {e.module for e in PAGES} == set(contract.business_modules())
    assert set(contract.record_modules()) <= {e.module for e in APIS}
    assert {m for m, _, _ in contract.api_transitions()} == {
        m for m in contract.record_modules() if contract.workflow(m)
    }


@pytest.mark.parametrize("endpoint", PAGES, ids=endpoint_id)
def test_anonymous_page_is_a_login_redirect(world: World, endpoint: contract.Endpoint) -> None:
    url = contract.url_for(endpoint, world)
    before = business_state()
    for method in ("get", "post"):
        r = getattr(Client(), method)(url)
        assert r.status_code == 302 and r["Location"].startswith(resolve_url(settings.LOGIN_URL)), (
            method,
            url,
        )
    assert business_state() == before


@pytest.mark.parametrize(("endpoint", "method"), API_CALLS, ids=endpoint_id)
def test_anonymous_api_is_refused(world: World, endpoint: contract.Endpoint, method: str) -> None:
    url = contract.url_for(endpoint, world)
    before = business_state()
    r = getattr(APIClient(), method)(url, {}, format="json")
    assert r.status_code in (401, 403), (method, url, r.status_code)
    assert business_state() == before
