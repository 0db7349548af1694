"""Governments as scopes (issue 16 item 1): two counties under one city; county B holds one record of
every installed module (each module's contract ``FACTS``), county A holds none. County A's 司法局 user
crawls every URL of the URL map (pages, exports, figures, dashboard, reports, API lists and details —
discovered from the resolver and the manifests, so a new module is covered without editing this file) and
finds no name, number or count of county B. A positive control shows the crawl would see them: the city's
司法局 reads B's records."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any
from urllib.parse import urlencode

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import NoReverseMatch, get_resolver, reverse

from fazhi.core.pickers import PICKERS
from fazhi.orgs.models import OrgUnit, Role
from fazhi.testing import contract
from fazhi.testing.clock import PINNED_NOW
from fazhi.testing.factories import (
    OrgUnitFactory,
    bureau_unit,
    city_government,
    county_under,
    court,
    department,
    make_user,
    second_county,
)

from .conftest import World

pytestmark = pytest.mark.django_db

#: URL prefixes that hold no business data and are not for business users (admin, captcha, login).
SKIPPED = ("admin/", "captcha/", "accounts/", "healthz")
YEAR = 2024  # the year of every contract record (made at the pinned clock)


@pytest.fixture
def counties(db: Any) -> dict[str, Any]:
    with time_machine.travel(PINNED_NOW, tick=False):
        city = city_government()
        county_under(city)
        a_unit = department("d01", "示例市公安局")
        b = second_county(city)
        world_b = World(
            gov=b["gov"],
            unit=b["unit"],
            court=court(),
            bureau=b["bureau"],
            clerk=b["clerk"],
            leader=b["leader"],
            admins={},
        )
        if "reports" in contract.modules():
            from fazhi.reports.roles import ensure_reviewer_group

            world_b.bureau.groups.add(ensure_reviewer_group())
        for module in contract.record_modules():
            world_b.records[module] = contract.facts(module).make(world_b)  # type: ignore[misc]
            for name, make in contract.facts(module).tables.items():
                world_b.records[f"{module}:{name}"] = make(world_b)
        city_sfj = OrgUnitFactory(
            code="city-sfj", name="示例地区司法局", kind=OrgUnit.Kind.JUSTICE_BUREAU, parent=city
        )
        cache.clear()
        return {
            "b": world_b,
            "a_bureau": make_user(Role.BUREAU, bureau_unit(), username="bureau"),
            "a_unit": a_unit,
            "city_bureau": make_user(Role.BUREAU, city_sfj, username="city_bureau"),
        }


def _markers(world_b: World) -> set[str]:
    """Texts that identify county B: its unit names, its records' numbers (B's own prefix 乙) and titles
    (long enough not to be a form label such as 送审事项)."""
    found = {u.name for u in OrgUnit.objects.filter(path__startswith=world_b.gov.path)}
    for record in world_b.records.values():
        if getattr(record, "number", ""):
            found.add(record.number)
        for attr in ("title", "name", "court_case_number", "contested_act", "subject"):
            value = getattr(record, attr, None)
            if isinstance(value, str) and len(value) >= 6:
                found.add(value)
    return found


def _text(response: Any) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if raw[:2] == b"PK":  # xlsx / docx / zip: the text is in the XML members
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return "".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml"))
    text = raw.decode("utf-8", "ignore")
    if response.get("Content-Type", "").startswith("application/json"):
        text = json.dumps(json.loads(text or "null"), ensure_ascii=False)
    return text


def _value(kwarg: str, module: str | None, world_b: World, wf: Any) -> Any:
    if kwarg in ("pk", "id"):
        record = contract.record_for(world_b, module, wf) if module else None
        return record.pk if record is not None else world_b.unit.pk
    if kwarg in contract.STEP_KWARGS or kwarg == "decision":
        workflow = wf or (contract.workflow(module) if module else None)
        return next(iter(workflow.transitions)) if workflow else "confirm"
    if kwarg == "sid":
        report = world_b.records.get("reports")
        return report.sections.first().pk if report is not None else 1
    if kwarg == "year":
        return YEAR
    if kwarg == "code":
        return None  # the unit pickers: one URL per declared picker, below
    return 1


def crawl_urls(world_b: World) -> list[str]:
    """Every GET-able URL of the URL map aimed at county B's records, plus list pages filtered to B's unit
    and year, the figures, and every unit picker searched for B's name."""
    urls: set[str] = set()
    for route, namespace, p in contract._walk(get_resolver().url_patterns):
        if not p.name or route.startswith(SKIPPED) or "format" in route:
            continue
        module = contract._view_module(p.callback)
        cls = getattr(p.callback, "cls", None)
        if cls is not None and "get" not in contract._api_methods(p.callback)[0]:
            continue
        wf = getattr(cls, "workflow", None) if cls is not None else getattr(p.callback, "workflow", None)
        name = f"{namespace}:{p.name}" if namespace else p.name
        kwargs = {k: _value(k, module, world_b, wf) for k in p.pattern.regex.groupindex}
        if "code" in kwargs:
            urls.update(f"{reverse(name, args=[c])}?q={world_b.gov.name[:2]}" for c in PICKERS)
            continue
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        urls.add(url)
        if not kwargs:
            urls.add(f"{url}?{urlencode({'year': YEAR, 'org': world_b.unit.pk, 'gov': world_b.gov.pk})}")
            urls.add(f"{url}?{urlencode({'year': YEAR, 'detail': 1})}")
    return sorted(urls)


def test_a_county_sees_nothing_of_its_neighbour(counties: dict[str, Any]) -> None:
    """RULES/DESIGN §5 data scope; issue 16: a county never sees a neighbour county — no page, export,
    figure, picker or API answer of county A's 司法局 holds a name, number or count of county B."""
    world_b = counties["b"]
    markers = _markers(world_b)
    assert world_b.unit.name in markers and len(world_b.records) >= len(contract.record_modules())
    client = Client()
    client.force_login(counties["a_bureau"])
    urls = crawl_urls(world_b)
    # discovery is not vacuous: every module's pages and the platform's figures are crawled
    assert any(u.startswith("/api/v1/figures/") for u in urls)
    crawled = {e.module for e in contract.business_pages() if contract.url_for(e, world_b) in urls}
    assert crawled == set(contract.business_modules())
    leaks: list[str] = []
    with time_machine.travel(PINNED_NOW, tick=False):
        for url in urls:
            r = client.get(url)
            if r.status_code != 200:
                assert r.status_code in (302, 400, 403, 404, 405), (url, r.status_code)
                continue
            text = _text(r)
            leaks += [f"{url}: {m}" for m in markers if m in text]
            if url.startswith("/api/v1/figures/"):
                values = json.loads(text)["figures"]
                leaks += [f"{url}: {k}={v}" for k, v in values.items() if v not in (0, None)]
    assert not leaks, "\n".join(leaks)


def test_the_city_reads_the_counties_below_it(counties: dict[str, Any]) -> None:
    """The positive control of the crawl: the upper government's 司法局 reads county B's records (each
    module's API detail), and sees B's units in its unit list."""
    world_b = counties["b"]
    client = Client()
    client.force_login(counties["city_bureau"])
    with time_machine.travel(PINNED_NOW, tick=False):
        details = [
            e for e in contract.business_pages() if e.url_name.endswith("_detail") and e.kwargs == ("pk",)
        ]
        assert {e.module for e in details} >= set(contract.record_modules())
        own = Client()
        own.force_login(world_b.bureau)
        checked: set[str] = set()
        for e in details:
            url = contract.url_for(e, world_b)
            if own.get(url).status_code != 200:
                continue  # a record kind the module's facts do not make (the URL names no record)
            checked.add(e.module)
            r = client.get(url)
            if e.module == "reports":
                # the one exception (fazhi.reports.submission): a county's annual report reaches the city
                # when it is submitted (报送); the record made here is a draft
                assert r.status_code == 404, e.id
                continue
            assert r.status_code == 200, e.id
        assert checked >= set(contract.record_modules())
        assert world_b.unit.name in _text(client.get("/api/v1/orgs/?page_size=500"))
