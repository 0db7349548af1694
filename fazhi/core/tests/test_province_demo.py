"""The province demo (issue 16 item 5): ``fazhi demo --province`` adds 示范省 — cities, counties, each with its
own accounts (``bureau_<code>``) and 2018–2020 cases with varied rates — so that the province's roll-up and
the compare page rank its governments (rates from summed counts, FIGURES.md); each county's 2019 annual report
reaches a stage of the submission board through the reports app's steps (督察规定 Art 24: reported and
published before 1 April), and each county has 行政执法 data whose roll-up is the sum over the counties."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.hashers import make_password

from fazhi.core import province_demo
from fazhi.core.figures import FigureQuery, collect
from fazhi.dashboard.compare import compare
from fazhi.litigation.models import LitigationCase
from fazhi.orgs.models import OrgUnit, User
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reports import submission
from fazhi.reports.models import AnnualReport
from fazhi.testing.clients import page

pytestmark = pytest.mark.django_db
KEY = "reconsideration.correction_rate"


def test_small_province_has_its_tree_accounts_data_and_rankings() -> None:
    loaded = province_demo.load(
        password_hash=make_password("Fazhi@2026"), cities=2, counties=4, cases=30, decisions=20
    )
    province = OrgUnit.objects.get(code="sfs")
    cities = list(OrgUnit.objects.filter(parent=province, kind=OrgUnit.Kind.GOVERNMENT).order_by("code"))
    counties = list(OrgUnit.objects.filter(parent__in=cities, kind=OrgUnit.Kind.GOVERNMENT).order_by("code"))
    assert [c.code for c in cities] == ["sfs1", "sfs2"] and len(counties) == 8 == len(loaded.governments) - 3
    assert {c.level for c in counties} == {OrgUnit.Level.COUNTY}
    for gov in [province, *cities, *counties]:
        bureau = User.objects.get(username=f"bureau_{gov.code}")
        assert bureau.org.government == gov and bureau.check_password("Fazhi@2026")
    assert ReconsiderationCase.objects.filter(numbering_government__in=counties).count() == 8 * 30
    assert LitigationCase.objects.filter(org__path__startswith=province.path).count() == 8 * 30
    years = set(ReconsiderationCase.objects.values_list("year", flat=True))
    assert years == {2018, 2019, 2020}
    # the province's roll-up sums its counties; the compare page ranks the cities, a city its counties
    total = collect(FigureQuery.for_year(2019, province))["reconsideration.concluded"].value
    per_county = [collect(FigureQuery.for_year(2019, c))["reconsideration.concluded"].value for c in counties]
    assert total == sum(per_county) > 0
    table = compare(2019, cities[0], KEY)
    assert [r.name for r in table.rows] and all(r.government in counties for r in table.rows)
    assert len({r.figure.value for r in table.rows}) > 1  # varied rates  # type: ignore[union-attr]
    html = (
        page(User.objects.get(username="bureau_sfs"))
        .get("/dashboard/compare/", {"year": 2019, "key": KEY})
        .content.decode()
    )
    assert "东州市人民政府" in html and "西州市人民政府" in html
    # a county bureau sees its own county only
    own = page(User.objects.get(username="bureau_sfs1a")).get(
        "/dashboard/compare/", {"year": 2019, "key": KEY}
    )
    assert "东州二县" not in own.content.decode()
    # idempotent
    assert province_demo.load(password_hash="x").governments == []


def test_the_board_shows_every_stage_and_enforcement_rolls_up() -> None:
    """Two cities of four counties: the counties' 2019 reports cover every stage of the board (made by the
    workflow, dated in 2020 whatever today is); 行政执法 sums over the counties and its rates are recomputed."""
    province_demo.load(password_hash=make_password("Fazhi@2026"), cities=2, counties=4, cases=5, decisions=20)
    province = OrgUnit.objects.get(code="sfs")
    cities = list(OrgUnit.objects.filter(parent=province, kind=OrgUnit.Kind.GOVERNMENT).order_by("code"))
    counties = [c for city in cities for c in submission.subordinate_governments(city)]
    rows = [row for city in cities for row in submission.board(city, 2019, date(2020, 6, 30))]
    assert {row.stage for row in rows} == {"not_started", "drafting", "approved", "submitted", "published"}
    submitted = [row for row in rows if row.reported]
    # on time (20 March 2020) and late (15 April 2020: after the Art 24 date, 31 March)
    assert {row.report.reported_on for row in submitted} == {date(2020, 3, 20), date(2020, 4, 15)}  # type: ignore[union-attr]
    assert {row.report_late for row in submitted} == {True, False}
    published = [row.report for row in rows if row.stage == "published"]
    assert published and all(r.published_on == date(2020, 3, 27) for r in published)  # type: ignore[union-attr]
    returned = AnnualReport.objects.get(org__in=counties, year=2019, returned_on__isnull=False)
    assert returned.status == "draft" and returned.return_comment == province_demo.RETURN_COMMENT
    assert returned.returned_on == date(2020, 3, 24) and returned.reported_on is None
    # every status went through the workflow: its audit events, no status written directly
    from fazhi.audit.models import AuditEvent

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"reports.approve", "reports.report_up", "reports.send_back", "reports.publish"} <= actions
    # the city's board page shows the stages
    html = (
        page(User.objects.get(username="bureau_sfs1")).get("/reports/submissions/?year=2019").content.decode()
    )
    assert "已报送并公开" in html and "未开始" in html
    # enforcement: the province's count is the sum over its counties; its 持证率 is recomputed from sums
    figs = [collect(FigureQuery.for_year(2019, c)) for c in counties]
    total = collect(FigureQuery.for_year(2019, province))
    assert (
        total["enforcement.decisions"].value == sum(f["enforcement.decisions"].value for f in figs) == 8 * 20
    )
    certified = sum(f["enforcement.officers_certified"].value for f in figs)
    in_post = sum(f["enforcement.officers_in_post"].value for f in figs)
    assert total["enforcement.officers_in_post"].value == in_post > 0
    assert total["enforcement.certified_rate"].value == round(certified / in_post, 4)
    assert (
        len({f["enforcement.certified_rate"].value for f in figs}) > 1
    )  # varied: the ranking means something
