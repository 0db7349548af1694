"""Platform contract, access: a 领导 cannot write through any page or API endpoint of any business module
(split from test_access.py so the test processes share the work)."""

from __future__ import annotations

import pytest

from fazhi.testing import contract
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)

from .conftest import World, business_state, endpoint_id

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

PAGES = contract.business_pages()
APIS = contract.business_apis()
API_CALLS = [(e, m) for e in APIS for m in sorted(e.methods)]
API_WRITES = [(e, m) for e, m in API_CALLS if m in contract.WRITE_METHODS]


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


@pytest.mark.parametrize(("endpoint", "method", "step"), _leader_writes(), ids=endpoint_id)
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


@pytest.mark.parametrize(("endpoint", "step"), _leader_page_posts(), ids=endpoint_id)
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
