"""The module manifest (issue 10 item 1): a module declares itself in its apps.py and nothing else.

The test-only sample module (``fazhi/testing/sample_module``, installed by the test run through
FAZHI_EXTRA_MODULES) touches no platform file; it must still appear in navigation, the API schema,
the figures endpoint, the annual report and the portal.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core import figure_sql, modules
from fazhi.core.figures import FigureQuery, collect, providers
from fazhi.core.registry import registry
from fazhi.orgs.models import Role
from fazhi.reports import services as report_services
from fazhi.reports.compose import figure_paragraphs
from fazhi.testing.clients import api, page
from fazhi.testing.factories import department, government, make_user
from fazhi.testing.sample_module.models import SampleRecord

#: Modules known to declare a manifest (and, below, figures, Excel kinds, links …): the discovered sets
#: must at least hold them, so a test that reads the manifests cannot pass on an empty discovery.
KNOWN = {"reconsideration", "litigation", "disputes"}


def _packages_with_a_manifest() -> set[str]:
    """Read from the files, not through ``discover``: the packages under fazhi/ whose apps.py declares
    a ModuleConfig subclass."""
    root = Path(apps.get_app_config("core").path).parent
    return {p.parent.name for p in root.glob("*/apps.py") if "(ModuleConfig)" in p.read_text()}


def _order(found: list[type[modules.ModuleConfig]]) -> list[tuple[int, str]]:
    return [(m.order, m.name) for m in found]


def test_discovery_is_stable_and_reads_only_manifests() -> None:
    found = modules.discover("fazhi")
    assert {m.label for m in found} == _packages_with_a_manifest() >= KNOWN
    assert _order(found) == sorted(_order(found))  # sorted by (order, name), not by the file system
    assert modules.discover("fazhi") == found
    with_sample = modules.discover("fazhi", ["fazhi.testing.sample_module", " "])
    assert [m for m in with_sample if m.label != "sample"] == found
    assert _order(with_sample) == sorted(_order(with_sample)) and "sample" in {m.label for m in with_sample}
    with pytest.raises(ValueError, match="没有模块清单"):
        modules.discover("fazhi", ["tests"])  # a package without a ModuleConfig


def test_installed_apps_and_openapi_enum_names_come_from_the_manifests() -> None:
    labels = [m.label for m in modules.installed()]
    assert labels == [m.label for m in modules.discover("fazhi", ["fazhi.testing.sample_module"])]
    assert set(labels) >= KNOWN | {"sample"}
    assert all(apps.is_installed(m.name) for m in modules.discover("fazhi"))
    enums = settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]
    assert enums["DisputeChannelEnum"] == "fazhi.disputes.models.Channel"
    assert enums["SampleKindEnum"] == "fazhi.testing.sample_module.models.Kind"
    assert enums["OrgUnitKindEnum"] == "fazhi.orgs.models.OrgUnit.Kind"  # the platform's own
    # every module's declared enum names, none lost
    assert all(enums[name] == path for m in modules.installed() for name, path in m.enum_names.items())


def test_a_module_listed_by_package_name_finds_its_manifest() -> None:
    from django.apps import AppConfig

    from fazhi.disputes.apps import DisputesConfig

    assert type(AppConfig.create("fazhi.disputes")) is DisputesConfig


def test_two_modules_cannot_claim_one_enum_name() -> None:
    class A(modules.ModuleConfig):
        name = "a"
        enum_names = {"OutcomeEnum": "a.models.Outcome"}

    class B(modules.ModuleConfig):
        name = "b"
        enum_names = {"OutcomeEnum": "b.models.Outcome"}

    with pytest.raises(ValueError, match="OutcomeEnum"):
        modules.enum_names([A, B])


def _declared(part: str) -> list[tuple[str, Any]]:
    """(module, item) for every item the installed manifests declare under ``part``."""
    out = []
    for m in modules.installed():
        value = modules.declared(m, part)
        items = [] if value is None else value if isinstance(value, list) else [value]
        out += [(m.label, item) for item in items]
    return out


def test_the_real_modules_declarations_reach_the_registries() -> None:
    with_figures = {m for m, _ in _declared("figures")}
    assert {p.module for p in providers()} == with_figures >= KNOWN | {"sample"}
    assert registry.kpis == [k for m in modules.installed() for k in m.kpis]
    assert registry.kpis[:2] == ["reconsideration.received", "reconsideration.accepted"]
    paragraphs = [p.module for p in registry.paragraphs]
    assert sorted(paragraphs) == sorted(p.module for _, p in _declared("paragraphs"))
    assert KNOWN <= set(paragraphs)
    # 决策 leads, as in the seed report's section 一 (决策制度 before 诉源治理)
    seed_order = ["decisions", "normative", "disputes", "reconsideration", "litigation"]
    assert [m for m in paragraphs if m in seed_order] == seed_order
    bulletins = [(s.kind, s.module) for s in registry.bulletins]
    assert sorted(bulletins) == sorted((s.kind, s.module) for _, s in _declared("bulletin_sections"))
    assert {("monthly", "litigation"), ("quarterly", "litigation"), ("monthly", "reconsideration")} <= set(
        bulletins
    )
    tabular = {k.name for _, k in _declared("tabular")}
    assert set(registry.tabular) >= tabular >= KNOWN
    from fazhi.core import links

    declared_links = {k.kind for _, k in _declared("links")}
    assert (
        set(links.kinds())
        >= declared_links
        >= {"disputes.dispute", "litigation.case", "reconsideration.case"}
    )
    assert links.get_kind("disputes.dispute").url_name == "disputes:dispute_detail"


@pytest.fixture
def records(db: Any) -> dict[str, Any]:
    gov = government()
    police = department()
    other = department("d02", "示例市自然资源局")
    made = [
        SampleRecord.objects.create(org=police, title="甲", registered_on=date(2024, 3, 1)),
        SampleRecord.objects.create(org=other, title="乙", registered_on=date(2024, 12, 31)),
        SampleRecord.objects.create(org=police, title="丙", registered_on=date(2025, 1, 1)),
    ]
    return {"gov": gov, "made": made, "bureau": make_user(Role.BUREAU)}


@pytest.mark.django_db
def test_sample_module_appears_in_navigation(records: dict[str, Any]) -> None:
    html = page(records["bureau"]).get(reverse("home")).content.decode()
    assert reverse("sample:record_list") in html and "样例登记" in html
    clerk = make_user(Role.CLERK, department())
    assert reverse("sample:record_list") not in page(clerk).get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_sample_module_appears_in_the_api_and_its_schema(records: dict[str, Any]) -> None:
    client = api(records["bureau"])
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/sample-records/" in schema["paths"]
    assert "SampleKindEnum" in schema["components"]["schemas"]
    listed = client.get("/api/v1/sample-records/").json()
    assert {r["title"] for r in listed["results"]} == {"甲", "乙", "丙"}


@pytest.mark.django_db
def test_sample_figure_in_the_figures_endpoint_with_an_exact_drilldown(records: dict[str, Any]) -> None:
    data = api(records["bureau"]).get("/api/v1/figures/", {"year": 2024, "detail": "1"}).json()
    assert data["figures"]["sample.registered"] == 2
    drill = data["details"]["sample.registered"]["drilldown"]
    listed = page(records["bureau"]).get(drill).content.decode()
    assert sorted(r.title for r in records["made"] if f">{r.title}<" in listed) == ["乙", "甲"]
    rows = next(p for p in providers() if p.module == "sample").breakdown(  # type: ignore[misc]
        FigureQuery.for_year(2024, records["gov"]), "sample.registered", "org"
    )
    assert sorted((r.label, r.value) for r in rows) == [("示例市公安局", 1), ("示例市自然资源局", 1)]
    # The drill-down parameters are the list's FilterSet: a bad value is dropped, never a 500.
    bad = page(records["bureau"]).get(reverse("sample:record_list"), {"registered_from": "not-a-date"})
    assert bad.status_code == 200


@pytest.mark.django_db
def test_sample_paragraph_in_the_annual_report(records: dict[str, Any]) -> None:
    figures = collect(FigureQuery.for_year(2024, records["gov"]))
    assert any("{{sample.registered}}" in p for p in figure_paragraphs(figures))
    report = report_services.create_report(actor=records["bureau"], org=records["gov"], year=2024)
    measures = report.sections.get(code="measures").text
    assert "开展样例登记工作。全年登记样例{{sample.registered}}件" in measures


@pytest.mark.django_db
def test_sample_section_on_the_public_portal(records: dict[str, Any], client: Any) -> None:
    html = client.get(reverse("portal:index")).content.decode()
    assert 'data-portal-section="sample"' in html and "已登记样例3件" in html


@pytest.mark.django_db
def test_every_figure_of_a_year_in_few_queries(
    records: dict[str, Any], django_assert_num_queries: Any
) -> None:
    """One statement per module's compiled aggregates, whatever the number of records, already on the first
    call (every source compiled without running, then sent together, ``core.figure_sql``): 复议 2 (the
    cases; the 按期履行 of its decisions, issue 15), 争议 1, 应诉 2 (cases, court sessions and accountability
    inquiries in one; the link to 复议), 决策 3 (the review queue, the decisions — not reusable, they filter
    on the year —, the contracts), 规范性文件 1, 执法 1 (the decisions, the register — bodies, teams,
    recorders, officers, no-penalty items, the review queue as of the year's end — and the supervision
    records, one aggregate each in the same statement), sample 1, 法治建设综合 7 (the record kinds' counts,
    one statement for the training and exam sums and the year's assessments with their average, the
    confirmed indicator values, the advisers' contracts, and 3 reads of the governments' own 顾而不问 windows,
    ``GovernmentSettings.idle_months``, one each time the window's condition is built, issue 16).
    The compiled aggregates are process-wide (``core.figure_sql``): cleared first, so the count does not
    depend on which tests ran before in this worker; a second call reruns the compiled SQL, never more."""
    figure_sql.clear()
    with django_assert_num_queries(18):
        figures = collect(FigureQuery.for_year(2024, records["gov"]))
    assert figures["sample.registered"].value == 2
    with CaptureQueriesContext(connection) as again:
        second = collect(FigureQuery.for_year(2024, records["gov"]))
    assert {k: f.value for k, f in second.items()} == {k: f.value for k, f in figures.items()}
    assert len(again.captured_queries) <= 18
