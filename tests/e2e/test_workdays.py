"""Browser: the system administrator pastes next year's notice, checks the grid and confirms (RULES §1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi.orgs.models import Role
from fazhi.testing.factories import PASSWORD, make_user
from fazhi.workdays.models import CalendarYear

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTICE = Path(__file__).parents[2] / "fazhi/workdays/tests/notices/2027-invented.txt"


def test_sysadmin_enters_a_year_from_the_notice(page) -> None:  # type: ignore[no-untyped-def]
    make_user(Role.SYSADMIN, username="sys", is_staff=True)
    login(page, "sys", PASSWORD)
    page.goto("/workdays/")
    page.get_by_test_id("enter-link").click()
    page.fill("textarea[name=text]", NOTICE.read_text(encoding="utf-8"))
    page.get_by_test_id("enter-read").click()
    grid = page.get_by_test_id("year-grid")
    assert grid.locator("[data-kind=holiday]").count() == 29
    assert grid.locator("[data-kind=workday]").count() == 6
    assert grid.locator('[data-day="2027-02-14"]').inner_text().startswith("14")
    assert not CalendarYear.objects.filter(year=2027).exists()
    page.get_by_test_id("enter-confirm").click()
    page.wait_for_url("**/workdays/2027/")
    assert "2027年节假日安排已录入" in page.content()
    assert CalendarYear.objects.filter(year=2027).exists()
