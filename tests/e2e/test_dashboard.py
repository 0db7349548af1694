"""Browser: a leader opens the dashboard, the ECharts charts render, a figure opens its records."""

from __future__ import annotations

import pytest

from fazhi.dashboard.tests.test_views import _cases
from fazhi.orgs.models import Role
from fazhi.testing.factories import PASSWORD, bureau_unit, department, government, make_user

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_dashboard(page) -> None:  # type: ignore[no-untyped-def]
    government()
    bureau = make_user(Role.BUREAU, bureau_unit(), username="bureau")
    _cases(bureau, department("d05", "示例市公安局"), ["upheld", "revoked", "withdrawn"])
    make_user(Role.LEADER, government(), username="leader_e2e")
    login(page, "leader_e2e", PASSWORD)
    page.wait_for_url("**/")
    page.click("text=驾驶舱")
    page.wait_for_url("**/dashboard/")
    page.select_option("select[name=year]", "2019")
    page.wait_for_url(lambda url: url.endswith("year=2019"))
    assert page.locator("[data-chart=outcomes] canvas").count() == 1
    assert page.locator("[data-chart=trend] canvas").count() == 1
    card = page.locator("[data-key='reconsideration.concluded']")
    assert "3" in card.inner_text()
    card.click()
    page.wait_for_url("**/reconsideration/**")
    assert page.locator("text=示政复〔2019〕1号").count() >= 1


def test_compare_charts_render_with_the_tables_values(page) -> None:  # type: ignore[no-untyped-def]
    """Issue 16 item 3: on the compare page the ranking bars and the schematic map (ECharts canvases) render
    from the JSON endpoint, whose values are the table's."""
    from fazhi.dashboard.tests.test_compare import RATE, _closed
    from fazhi.orgs.models import OrgUnit
    from fazhi.testing.factories import OrgUnitFactory, city_government, county_under, second_county

    city = city_government()
    county_under(city)
    a_bureau = make_user(Role.BUREAU, bureau_unit(), username="bureau")
    b = second_county(city)
    _closed(a_bureau, department("d01", "示例市公安局"), True)
    for _ in range(3):
        _closed(b["bureau"], b["unit"], False)
    sfj = OrgUnitFactory(
        code="city-sfj", name="示例地区司法局", kind=OrgUnit.Kind.JUSTICE_BUREAU, parent=city
    )
    make_user(Role.BUREAU, sfj, username="city_e2e")
    login(page, "city_e2e", PASSWORD)
    page.wait_for_url("**/")
    page.goto(f"/dashboard/compare/?year=2019&key={RATE}")
    page.wait_for_selector("#fz-compare-charts[data-loaded='1']")
    assert page.locator("[data-testid=ranking-chart] canvas").count() == 1
    assert page.locator("[data-testid=map-chart] canvas").count() == 1
    data = page.request.get(f"/dashboard/compare/data/?year=2019&key={RATE}").json()
    rows = page.locator("[data-testid=comparison] tbody tr")
    table = [
        (rows.nth(i).locator("td").nth(1).inner_text(), rows.nth(i).locator("td").nth(2).inner_text())
        for i in range(rows.count())
    ]
    assert (
        table
        == [(r["name"], r["display"]) for r in data["rows"]]
        == [
            ("示例市人民政府", "100.00%"),
            ("乙县人民政府", "0.00%"),
        ]
    )
    assert [n["name"] for n in data["tree"]] == ["示例市人民政府", "乙县人民政府"]
