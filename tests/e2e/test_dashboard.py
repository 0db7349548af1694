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
