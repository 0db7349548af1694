"""Unit pickers on demand (issue 11 items 1–2): list and form pages render only the selected unit(s),
the options come from a scoped search endpoint, and a page's cost does not grow with the org tree.

Render cost is asserted as counts, never timings: with 5 000 units in the user's scope the list pages,
the create forms and the API lists take the same number of queries and render the same number of
``<option>`` elements as with 50.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.forms import Form
from django.test.utils import CaptureQueriesContext, ContextList
from django.urls import resolve, reverse

from fazhi.core.lists import ListFilterSet, UnitFilter
from fazhi.core.pickers import OUT_OF_SCOPE, SEARCH_LIMIT, UnitSelect
from fazhi.orgs.models import OrgUnit, Role, User
from fazhi.testing import contract
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import (
    court,
    make_dispute,
    make_litigation_case,
    make_reconsideration_case,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

OPTION = re.compile(r"<option\b")


def _grow(gov: OrgUnit, total: int) -> None:
    """Departments under ``gov`` until the tree holds ``total`` of them (bulk: 5 000 in well under a
    second; ``path`` is what ``save`` would give)."""
    have = OrgUnit.objects.filter(parent=gov, code__startswith="bulk").count()
    OrgUnit.objects.bulk_create(
        [
            OrgUnit(
                code=f"bulk{i:05d}",
                name=f"示例市第{i}局",
                kind=OrgUnit.Kind.DEPARTMENT if i % 5 else OrgUnit.Kind.TOWNSHIP,
                parent=gov,
                path=f"{gov.path}bulk{i:05d}/",
                sort_order=100 + i,
            )
            for i in range(have, total)
        ],
        batch_size=2000,
    )


@pytest.fixture
def world(units: dict[str, OrgUnit], bureau: User) -> dict[str, Any]:
    """A few records of each module, the bureau (whole county) and the 公安局's clerk."""
    police = units["d01"]
    recon = make_reconsideration_case(bureau, police, received_on=date(2026, 3, 2))
    make_reconsideration_case(bureau, units["d02"], received_on=date(2026, 4, 2))
    make_litigation_case(bureau, police, units["court"], served_on=date(2026, 3, 2))
    make_litigation_case(bureau, units["d02"], units["court"], served_on=date(2026, 4, 2))
    make_dispute(bureau, police, opened_on=date(2026, 3, 2))
    make_dispute(bureau, units["d02"], opened_on=date(2026, 4, 2))
    return {"units": units, "bureau": bureau, "clerk": make_user(Role.CLERK, police), "recon": recon}


def _unit_filters(fs: Any) -> list[str]:
    return [name for name, f in fs.base_filters.items() if isinstance(f, UnitFilter)]


def _unit_fields(form: Any) -> list[str]:
    return [name for name, f in form.fields.items() if isinstance(f.widget, UnitSelect)]


def _picker_pages(user: User) -> list[tuple[str, Any, list[str]]]:
    """(url, filterset or form, unit names) of every page of the modules (no path parameters) that the
    user may open and that shows a unit picker: a list whose FilterSet has unit filters, a form with
    unit fields. Found from the URLconf (``fazhi.testing.contract``), not named here."""
    out = []
    for endpoint in contract.business_pages():
        if endpoint.kwargs:
            continue
        url = reverse(endpoint.url_name)
        resp = page(user).get(url)
        if resp.status_code != 200 or not resp.context:
            continue
        fs = resp.context.get("filterset")
        if isinstance(fs, ListFilterSet) and _unit_filters(fs):
            out.append((url, fs, _unit_filters(fs)))
            continue
        contexts = resp.context if isinstance(resp.context, ContextList) else [resp.context]
        values = [v for c in contexts for v in c.flatten().values()]
        forms = [v for v in values if isinstance(v, Form) and _unit_fields(v)]
        if forms:
            out.append((url, forms[0], _unit_fields(forms[0])))
    return out


def _pages(units: dict[str, OrgUnit], user: User) -> list[tuple[str, dict[str, Any]]]:
    """Each picker page bare, and with every unit picker set (the unit then renders as the one option)."""
    police, gov = units["d01"].pk, units["gov"].pk
    out: list[tuple[str, dict[str, Any]]] = []
    for url, _, names in _picker_pages(user):
        out += [(url, {}), (url, {n: gov if n == "scope" else police for n in names})]
    return out


def _filterset_class(api_url: str) -> Any:
    return getattr(resolve(api_url).func.cls, "filterset_class", None)


def _list_apis() -> list[str]:
    """Every API list of the modules whose FilterSet has unit filters."""
    urls = [
        reverse(e.url_name)
        for e in contract.business_apis()
        if not e.kwargs and e.actions.get("get") == "list"
    ]
    return [u for u in urls if _filterset_class(u) is not None and _unit_filters(_filterset_class(u))]


#: The API lists the N+1 test fills with rows (it makes records of these modules).
APIS = [
    "/api/v1/reconsideration/cases/",
    "/api/v1/litigation/cases/",
    "/api/v1/disputes/",
]
#: Pages known to show unit pickers: the discovered set must hold them.
KNOWN_PAGES = {"/reconsideration/", "/litigation/", "/disputes/", "/reconsideration/new/", "/disputes/new/"}


def _cost(client: Any, url: str, params: dict[str, Any]) -> tuple[int, int]:
    client.get(url, params)  # warm: per-process caches (calendar, content types) are not the page's cost
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url, params)
    assert resp.status_code == 200, (url, resp.status_code)
    return len(ctx.captured_queries), len(OPTION.findall(resp.content.decode()))


def test_pages_and_api_lists_cost_the_same_with_50_and_5000_units(world: dict[str, Any]) -> None:
    units, gov = world["units"], world["units"]["gov"]
    users = [world["bureau"], world["clerk"]]
    _grow(gov, 50)
    pages = {u.username: _pages(units, u) for u in users}
    apis = _list_apis()
    assert {url for url, _ in pages["bureau"]} >= KNOWN_PAGES and set(APIS) <= set(apis)
    small = {(u.username, url, str(p)): _cost(page(u), url, p) for u in users for url, p in pages[u.username]}
    small_api = {(u.username, url): _cost(api(u), url, {})[0] for u in users for url in apis}
    _grow(gov, 5000)
    assert OrgUnit.objects.filter(path__startswith=gov.path).count() > 5000
    large = {(u.username, url, str(p)): _cost(page(u), url, p) for u in users for url, p in pages[u.username]}
    large_api = {(u.username, url): _cost(api(u), url, {})[0] for u in users for url in apis}
    assert large == small
    assert large_api == small_api
    # Not vacuous: the known pages do render options (status, field, …), only none per unit.
    assert all(options > 0 for (_, url, _), (_, options) in large.items() if url in KNOWN_PAGES)


def _select(html: bytes, name: str) -> str:
    return html.decode().split(f'name="{name}"', 1)[1].split("</select>", 1)[0]


def test_a_selected_unit_is_the_only_unit_option(world: dict[str, Any]) -> None:
    units = world["units"]
    unfiltered = page(world["bureau"]).get(reverse("reconsideration:case_list")).content
    assert re.findall(r'<option value="(\d*)"', _select(unfiltered, "org")) == [""]
    html = page(world["bureau"]).get(reverse("reconsideration:case_list"), {"org": units["d01"].pk}).content
    select = _select(html, "org")
    assert re.findall(r'<option value="(\d*)"', select) == ["", str(units["d01"].pk)]
    assert "示例市公安局" in select and "示例市自然资源和规划局" not in select
    url = reverse("unit_search", args=["reconsideration.respondents"])
    assert f'data-fz-units="{url}"' in select


def test_a_unit_outside_the_scope_is_refused_in_chinese_on_the_page_and_the_api(
    world: dict[str, Any],
) -> None:
    """Every list with unit filters, page and API alike (the API list with the same FilterSet)."""
    clerk, units = world["clerk"], world["units"]
    apis = {_filterset_class(url): url for url in _list_apis()}
    lists = [(url, fs, names) for url, fs, names in _picker_pages(clerk) if isinstance(fs, ListFilterSet)]
    assert {url for url, _, _ in lists} >= {"/reconsideration/", "/litigation/", "/disputes/"}
    with_api = 0
    for url, fs, names in lists:
        for name in names:
            resp = page(clerk).get(url, {name: units["d02"].pk})
            html = resp.content.decode()
            assert resp.status_code == 200 and 'data-testid="filter-errors"' in html and OUT_OF_SCOPE in html
            assert "示例市自然资源和规划局" not in html, (
                url,
                name,
            )  # the refused unit's name is never echoed
        api_url = apis.get(type(fs))
        if api_url is None:
            continue  # a list with no API of the same FilterSet
        with_api += 1
        resp = api(clerk).get(api_url, {"org": units["d02"].pk})
        assert resp.status_code == 400 and OUT_OF_SCOPE in str(resp.json()["org"]), api_url
        assert api(clerk).get(api_url, {"org": units["d01"].pk}).status_code == 200
    assert with_api >= 3  # reconsideration, litigation, disputes at least


def test_search_endpoint_is_scoped_limited_and_continues(world: dict[str, Any]) -> None:
    gov, clerk, bureau = world["units"]["gov"], world["clerk"], world["bureau"]
    _grow(gov, 300)
    url = reverse("unit_search", args=["reconsideration.respondents"])
    first = page(bureau).get(url).json()
    assert len(first["results"]) == SEARCH_LIMIT and first["next"]
    second = page(bureau).get(url, {"cursor": first["next"]}).json()
    ids = [u["id"] for u in first["results"] + second["results"]]
    assert len(set(ids)) == 2 * SEARCH_LIMIT
    found = page(bureau).get(url, {"q": "第123局"}).json()["results"]
    assert [u["name"] for u in found] == ["示例市第123局"]
    # A clerk of the 公安局 is offered only its own unit, whatever it searches for.
    assert [u["name"] for u in page(clerk).get(url, {"q": "示例市"}).json()["results"]] == ["示例市公安局"]
    assert page(clerk).get(url, {"q": "第123局"}).json()["results"] == []
    # Courts are outside every government's tree; the court picker is for the litigation form only.
    court()
    courts = page(bureau).get(reverse("unit_search", args=["litigation.courts"])).json()["results"]
    assert [u["name"] for u in courts] == ["示例市人民法院"]


def test_search_endpoint_needs_login_a_business_role_and_a_known_picker(world: dict[str, Any]) -> None:
    from django.test import Client

    url = reverse("unit_search", args=["reconsideration.respondents"])
    resp = Client().get(url)
    assert resp.status_code == 302 and reverse("login") in resp["Location"]
    sysadmin = make_user(Role.SYSADMIN, world["units"]["sfj"], username="sys")
    assert page(sysadmin).get(url).status_code == 403
    assert page(world["bureau"]).get(reverse("unit_search", args=["nope"])).status_code == 404
    assert page(world["bureau"]).get(url, {"cursor": "garbage"}).status_code == 200


def test_create_form_refuses_a_unit_outside_the_scope_without_javascript(world: dict[str, Any]) -> None:
    from fazhi.disputes.models import Dispute

    clerk, units = world["clerk"], world["units"]
    before = Dispute.objects.count()
    resp = page(clerk).post(
        reverse("disputes:dispute_create"),
        {
            "org": units["d02"].pk,
            "source": "pre_litigation",
            "channel": "responsible_agency",
            "opened_on": "2026-05-01",
            "summary": "征收补偿标准争议",
            "party_kind": "person",
        },
    )
    assert resp.status_code == 200 and OUT_OF_SCOPE in resp.content.decode()
    assert Dispute.objects.count() == before


@pytest.mark.parametrize("url", APIS)
def test_api_lists_take_the_same_queries_for_one_row_and_a_full_page(world: dict[str, Any], url: str) -> None:
    """No per-row queries in the list serializers (issue 11 item 3): parties, orgs, courts, sessions,
    co-defendants and links come with the page."""
    units, bureau = world["units"], world["bureau"]
    for day in range(3, 9):
        make_reconsideration_case(bureau, units["d02"], received_on=date(2026, 5, day))
        make_litigation_case(bureau, units["d02"], units["court"], served_on=date(2026, 5, day))
        make_dispute(bureau, units["d02"], opened_on=date(2026, 5, day))
    client = api(bureau)
    one, _ = _cost(client, url, {"page_size": 1})
    with CaptureQueriesContext(connection) as ctx:
        rows = client.get(url, {"page_size": 50}).json()["results"]
    assert len(rows) == 8
    assert len(ctx.captured_queries) == one
