"""Platform contract, access (RULES 三员分立): the three administrators see no business data on any page
or API endpoint of any business module (split from test_access.py so the test processes share the work)."""

from __future__ import annotations

import pytest

from fazhi.testing import contract
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)

from .conftest import ADMIN_ROLES, World, business_state, endpoint_id

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

PAGES = contract.business_pages()
APIS = contract.business_apis()
API_CALLS = [(e, m) for e in APIS for m in sorted(e.methods)]
API_WRITES = [(e, m) for e, m in API_CALLS if m in contract.WRITE_METHODS]


@pytest.mark.parametrize("endpoint", PAGES, ids=endpoint_id)
def test_administrators_get_403_on_every_business_page(world: World, endpoint: contract.Endpoint) -> None:
    """Each of the three administrators (one world for the three: building it is most of the cost)."""
    url = contract.url_for(endpoint, world)
    before = business_state()
    for role in ADMIN_ROLES:
        client = page(world.user(role))
        assert client.post(url).status_code == 403, (role, url)
        # A page that only takes POST answers a GET with 405 before looking at the user: no data either.
        assert client.get(url).status_code in (403, 405), (role, url)
    assert business_state() == before


@pytest.mark.parametrize(("endpoint", "method"), API_CALLS, ids=endpoint_id)
def test_administrators_get_403_on_every_business_api(
    world: World, endpoint: contract.Endpoint, method: str
) -> None:
    """One rule (core.api.BusinessUsers): 403 naming 三员分立, never 200 with an empty list — for each of
    the three administrators."""
    url = contract.url_for(endpoint, world)
    before = business_state()
    for role in ADMIN_ROLES:
        r = getattr(api(world.user(role)), method)(url, {}, format="json")
        assert r.status_code == 403 and "三员分立" in r.json()["detail"], (role, method, url, r.status_code)
    assert business_state() == before
