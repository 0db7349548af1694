"""Platform contract, access (issue 10 item 8; RULES 三员分立): over every page and API endpoint of
every business module — anonymous users are refused, the administrators see no business data, and a
领导 cannot write."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from rest_framework.test import APIClient

from fazhi.testing import contract
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)

from .conftest import ADMIN_ROLES, World, business_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

PAGES = contract.business_pages()
APIS = contract.business_apis()
API_CALLS = [(e, m) for e in APIS for m in sorted(e.methods)]
API_WRITES = [(e, m) for e, m in API_CALLS if m in contract.WRITE_METHODS]


def _ids(value: Any) -> str:
    if isinstance(value, contract.Endpoint):
        return value.id
    return str(value)


def test_discovery_finds_every_module() -> None:
    """The parametrisation below is not vacuous: every business module has pages, every module with
    records has an API, a workflow and transitions reachable through it."""
    assert {e.module for e in PAGES} == set(contract.business_modules())
    assert set(contract.record_modules()) <= {e.module for e in APIS}
    assert {m for m, _, _ in contract.api_transitions()} == {
        m for m in contract.record_modules() if contract.workflow(m)
    }


@pytest.mark.parametrize("endpoint", PAGES, ids=_ids)
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


@pytest.mark.parametrize(("endpoint", "method"), API_CALLS, ids=_ids)
def test_anonymous_api_is_refused(world: World, endpoint: contract.Endpoint, method: str) -> None:
    url = contract.url_for(endpoint, world)
    before = business_state()
    r = getattr(APIClient(), method)(url, {}, format="json")
    assert r.status_code in (401, 403), (method, url, r.status_code)
    assert business_state() == before


@pytest.mark.parametrize("role", ADMIN_ROLES)
@pytest.mark.parametrize("endpoint", PAGES, ids=_ids)
def test_administrators_get_403_on_every_business_page(
    world: World, endpoint: contract.Endpoint, role: str
) -> None:
    url = contract.url_for(endpoint, world)
    before = business_state()
    client = page(world.user(role))
    assert client.post(url).status_code == 403, (role, url)
    # A page that only takes POST answers a GET with 405 before looking at the user: no data either.
    assert client.get(url).status_code in (403, 405), (role, url)
    assert business_state() == before


@pytest.mark.parametrize("role", ADMIN_ROLES)
@pytest.mark.parametrize(("endpoint", "method"), API_CALLS, ids=_ids)
def test_administrators_get_403_on_every_business_api(
    world: World, endpoint: contract.Endpoint, method: str, role: str
) -> None:
    """One rule (core.api.BusinessUsers): 403 naming 三员分立, never 200 with an empty list."""
    url = contract.url_for(endpoint, world)
    before = business_state()
    r = getattr(api(world.user(role)), method)(url, {}, format="json")
    assert r.status_code == 403 and "三员分立" in r.json()["detail"], (role, method, url, r.status_code)
    assert business_state() == before


def _leader_writes() -> list[tuple[contract.Endpoint, str, str | None]]:
    """Every API write, one per step where the URL names a step; the steps a leader performs by the
    module's own rule (批准 the annual report) are left to that module's tests."""
    out: list[tuple[contract.Endpoint, str, str | None]] = []
    for e, method in API_WRITES:
        steps: list[str | None] = [None]
        if e.step_kwarg:
            wf = e.workflow or contract.workflow(e.module)
            steps = list(wf.transitions) if wf else [None]
        leader_steps = contract.facts(e.module).leader_steps
        out += [(e, method, s) for s in steps if (s or e.action) not in leader_steps]
    return out


@pytest.mark.parametrize(("endpoint", "method", "step"), _leader_writes(), ids=_ids)
def test_leaders_cannot_write_through_the_api(
    world: World, endpoint: contract.Endpoint, method: str, step: str | None
) -> None:
    """A leader's well-formed write (the version it read included) is 403, and nothing changes."""
    url = contract.url_for(endpoint, world, step)
    record = contract.record_for(world, endpoint.module, endpoint.workflow)
    body = contract.request_body(url, method, version=getattr(record, "version", None))
    before = business_state()
    r = getattr(api(world.leader), method)(url, body, format="json")
    assert r.status_code == 403, (method, url, r.status_code, r.content[:300])
    assert business_state() == before


def _leader_page_posts() -> list[tuple[contract.Endpoint, str | None]]:
    """Every business page; a page performing workflow steps once per step."""
    named = {e.url_name: t.name for _, t, e in contract.page_transitions() if not e.step_kwarg}
    out: list[tuple[contract.Endpoint, str | None]] = []
    for e in PAGES:
        steps: list[str | None] = [named.get(e.url_name)]
        if e.step_kwarg:
            wf = e.workflow or contract.workflow(e.module)
            steps = list(wf.transitions) if wf else [None]
        leader_steps = contract.facts(e.module).leader_steps
        out += [(e, s) for s in steps if s not in leader_steps]
    return out


@pytest.mark.parametrize(("endpoint", "step"), _leader_page_posts(), ids=_ids)
def test_leaders_cannot_write_through_pages(
    world: World, endpoint: contract.Endpoint, step: str | None
) -> None:
    """Every POST to a business page by a leader changes nothing; a workflow step sent with the version
    it read and a date is refused with 403 (a page that does not take this form may also answer 405
    or send the user back with a message, which changes nothing either)."""
    url = contract.url_for(endpoint, world, step)
    record = contract.record_for(world, endpoint.module, endpoint.workflow)
    before = business_state()
    r = page(world.leader).post(url, {"version": getattr(record, "version", ""), "date": "2024-09-30"})
    # 503: the PDF pages answer so on a server without LibreOffice (a documented state, not an error)
    assert r.status_code < 500 or r.status_code == 503, (url, r.status_code)
    if step is not None:
        assert r.status_code == 403, (url, r.status_code)
    assert business_state() == before
