"""Platform contract, public pages (docs/modules.md, manifest ``public_urls``): the pages a module
declares public are mounted under ``/portal/<label>/`` and only those answer without login — an
anonymous reader gets the published record (200), never a draft (404), no personal data and none of
the record's internal data (RULES 政务公开: only what is published; review opinions stay internal)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from fazhi.testing import contract
from fazhi.testing.clients import pinned_clock  # noqa: F401 (fixture)

from .conftest import World, business_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

PUBLIC = contract.public_pages()


def _ids(value: Any) -> str:
    return value.id if isinstance(value, contract.Endpoint) else str(value)


def _text(response: Any) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8", "replace")


def test_public_pages_are_the_declared_ones_under_the_portal() -> None:
    """Not vacuous: every module declaring ``public_urls`` has public pages and tells the suite how to
    make a published record; every public page is under /portal/<label>/, and no business page is."""
    assert {e.module for e in PUBLIC} == set(contract.public_modules())
    for module in contract.public_modules():
        assert contract.facts(module).published is not None, module
    for e in PUBLIC:
        assert contract.url_for(e, None, record=_Stub()).startswith(f"/portal/{e.module}/"), e.id
    for e in contract.business_pages():
        assert not contract.url_for(e, _NoWorld()).startswith("/portal/"), e.id


class _Stub:
    pk = 1


class _NoWorld:
    records: dict[str, Any] = {}


@pytest.mark.parametrize("endpoint", PUBLIC, ids=_ids)
def test_anonymous_reads_a_published_record_and_nothing_internal(
    world: World, endpoint: contract.Endpoint
) -> None:
    record, internal = contract.facts(endpoint.module).published(world)  # type: ignore[misc]
    url = contract.url_for(endpoint, world, record=record)
    r = Client().get(url)
    assert r.status_code == 200, (url, r.status_code)
    text = _text(r)
    assert contract.PARTY_ID not in text and contract.PARTY_PHONE not in text, url
    leaked = [t for t in internal if t and t in text]
    assert not leaked, (url, leaked)


@pytest.mark.parametrize("endpoint", [e for e in PUBLIC if "pk" in e.kwargs], ids=_ids)
def test_anonymous_gets_404_for_an_unpublished_record(world: World, endpoint: contract.Endpoint) -> None:
    """The world's record is in its initial state (a draft): not public."""
    url = contract.url_for(endpoint, world)
    assert Client().get(url).status_code == 404, url


@pytest.mark.parametrize("endpoint", PUBLIC, ids=_ids)
def test_anonymous_post_changes_nothing(world: World, endpoint: contract.Endpoint) -> None:
    record, _ = contract.facts(endpoint.module).published(world)  # type: ignore[misc]
    url = contract.url_for(endpoint, world, record=record)
    before = business_state()
    r = Client(enforce_csrf_checks=True).post(url, {"version": record.version, "date": contract.FORM_DATE})
    assert r.status_code in (403, 405), (url, r.status_code)
    assert business_state() == before
