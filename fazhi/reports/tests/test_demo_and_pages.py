"""The demo report loader (idempotent) and the report pages (nav, figure links, problems panel)."""

from __future__ import annotations

import re

import pytest

from fazhi.core.registry import registry
from fazhi.orgs import demo as orgs_demo
from fazhi.reports import demo, services
from fazhi.reports.compose import keys_in
from fazhi.reports.models import AnnualReport
from fazhi.reports.selectors import live_figures

pytestmark = pytest.mark.django_db


def test_demo_loader_is_registered_and_idempotent() -> None:
    assert "年度报告" in {d.name for d in registry.demo}
    orgs_demo.load("Demo@Pass2026")
    first = demo.load()
    second = demo.load()
    assert first.pk == second.pk and AnnualReport.objects.count() == 1
    assert first.year == 2019 and first.org.code == "gov" and first.status == "draft"
    figures = live_figures(first)
    texts = [s.text for s in first.sections.all()]
    assert all(k in figures for t in texts for k in keys_in(t))  # only installed modules' figures
    assert services.current_problems(first) == []
    from fazhi.orgs.models import User

    assert User.objects.get(username="bureau").has_perm("reports.review_confidentiality")


def test_nav_entry_for_bureau_and_leaders() -> None:
    item = next(n for n in registry.nav if n.url_name == "reports:report_list")
    assert item.label == "年度报告" and item.roles == {"bureau", "leader"}


def test_report_page_links_every_figure_to_its_records(client, cases, recon_cases, gov, bureau) -> None:  # type: ignore[no-untyped-def]
    report = services.create_report(actor=bureau, org=gov, year=2019)
    client.force_login(bureau)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    article = page[page.index("<article") : page.index("</article>")]
    figures = live_figures(report)
    linked = re.findall(r'<a class="fz-figure" href="([^"]+)" data-key="([^"]+)"', article)
    mentioned = {k for s in report.sections.all() for k in keys_in(s.text)}
    assert mentioned and {k for _, k in linked} == mentioned
    for href, key in linked:
        assert href.replace("&amp;", "&") == figures[key].drilldown
    # The report list, the edit page and the versions page render.
    assert report.title in client.get("/reports/").content.decode()
    assert client.get(f"/reports/{report.pk}/edit/").status_code == 200
    sid = report.sections.get(code="plans").pk
    assert client.get(f"/reports/{report.pk}/sections/{sid}/versions/").status_code == 200


def test_create_from_the_list_page(client, gov, bureau, leader) -> None:  # type: ignore[no-untyped-def]
    client.force_login(leader)
    assert client.post("/reports/create/", {"year": 2019}).status_code == 403
    client.force_login(bureau)
    resp = client.post("/reports/create/", {"year": 2019})
    report = AnnualReport.objects.get(org=gov, year=2019)
    assert resp.status_code == 302 and resp["Location"] == f"/reports/{report.pk}/"
    client.post("/reports/create/", {"year": 2019})
    assert AnnualReport.objects.count() == 1


def test_side_tables_list_figures_by_module(client, cases, gov, bureau) -> None:  # type: ignore[no-untyped-def]
    report = services.create_report(actor=bureau, org=gov, year=2019)
    client.force_login(bureau)
    for url in (f"/reports/{report.pk}/", f"/reports/{report.pk}/edit/"):
        page = client.get(url).content.decode()
        assert "行政应诉" in page and "litigation.concluded" in page and "尚无已安装模块提供数据" not in page


def test_null_rate_is_shown_as_dash_on_the_page(client, cases, gov, bureau) -> None:  # type: ignore[no-untyped-def]
    """FIGURES.md: a year with no concluded case has loss rate null, shown "—", never 0%."""
    report = services.create_report(actor=bureau, org=gov, year=2016)
    assert live_figures(report)["litigation.loss_rate"].value is None
    client.force_login(bureau)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    article = page[page.index("<article") : page.index("</article>")]
    assert re.search(r'data-key="litigation.loss_rate"[^>]*>—</a>', article)
    assert "0.00%" not in article
