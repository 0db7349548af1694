"""The province demo (issue 16 item 5): ``fazhi demo --province`` adds 示范省 — cities, counties, each with its
own accounts (``bureau_<code>``) and 2018–2020 cases with varied rates — so that the province's roll-up and
the compare page rank its governments (rates from summed counts, FIGURES.md)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password

from fazhi.core import province_demo
from fazhi.core.figures import FigureQuery, collect
from fazhi.dashboard.compare import compare
from fazhi.litigation.models import LitigationCase
from fazhi.orgs.models import OrgUnit, User
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reports.models import AnnualReport
from fazhi.testing.clients import page

pytestmark = pytest.mark.django_db
KEY = "reconsideration.correction_rate"


def test_small_province_has_its_tree_accounts_data_and_rankings() -> None:
    loaded = province_demo.load(password_hash=make_password("Fazhi@2026"), cities=2, counties=2, cases=60)
    province = OrgUnit.objects.get(code="sfs")
    cities = list(OrgUnit.objects.filter(parent=province, kind=OrgUnit.Kind.GOVERNMENT).order_by("code"))
    counties = list(OrgUnit.objects.filter(parent__in=cities, kind=OrgUnit.Kind.GOVERNMENT).order_by("code"))
    assert [c.code for c in cities] == ["sfs1", "sfs2"] and len(counties) == 4 == len(loaded.governments) - 3
    assert {c.level for c in counties} == {OrgUnit.Level.COUNTY}
    for gov in [province, *cities, *counties]:
        bureau = User.objects.get(username=f"bureau_{gov.code}")
        assert bureau.org.government == gov and bureau.check_password("Fazhi@2026")
    assert ReconsiderationCase.objects.filter(numbering_government__in=counties).count() == 4 * 60
    assert LitigationCase.objects.filter(org__path__startswith=province.path).count() == 4 * 60
    years = set(ReconsiderationCase.objects.values_list("year", flat=True))
    assert years == {2018, 2019, 2020}
    assert AnnualReport.objects.filter(org__in=counties[::2], year=2019).count() == 2
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
