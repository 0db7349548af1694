"""Browser: the review desk walks a catalogue item from the catalogue to a published decision — the
collective discussion after a lawful review (RULES §4, 国务院令第713号 Art 26), publication, the portal."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.decisions import services
from fazhi.orgs.models import Role
from fazhi.testing.factories import PASSWORD, bureau_unit, department, government, make_user

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def set_date(page, selector: str, value: str) -> None:  # type: ignore[no-untyped-def]
    page.locator(selector).evaluate("(el, v) => el._flatpickr.setDate(v, true)", value)


def test_catalogue_item_to_published_decision(page) -> None:  # type: ignore[no-untyped-def]
    government()
    unit = department("d11", "示例市住房和城乡建设局")
    desk = make_user(Role.BUREAU, bureau_unit(), username="desk_e2e", real_name="审查员")
    d = services.create_decision(actor=desk, data=services.DecisionData("管道燃气特许经营", unit, 2019, True))
    for data in (
        {"step": "public_participation", "date": date(2019, 4, 2), "started_on": date(2019, 3, 1), "ended_on": date(2019, 4, 1)},
        {"step": "expert_review", "date": date(2019, 4, 8), "experts": "专家5名", "conclusion": "可行"},
        {"step": "risk_assessment", "date": date(2019, 4, 9), "not_applicable": True, "reason": "无社会稳定风险"},
    ):  # fmt: skip
        d = services.record_step(actor=desk, decision=d, data=data)
    r = services.create_review(
        actor=desk, data=services.ReviewData("decision", "决策草案", unit, date(2019, 4, 10), subject_id=d.pk)
    )
    services.act("conclude", actor=desk, review=r, data={"date": date(2019, 4, 22), "opinion": "lawful"})

    login(page, "desk_e2e", PASSWORD)
    page.wait_for_url("**/")
    page.get_by_role("link", name="重大行政决策").first.click()
    page.get_by_role("link", name="年度决策事项目录").click()
    page.get_by_test_id("publish-catalog").click()
    page.wait_for_selector("text=已公布")
    page.get_by_role("link", name="管道燃气特许经营").click()

    form = page.get_by_test_id("form-record_step")
    form.locator("select[name=step]").select_option("collective_decision")
    set_date(page, "[data-testid=form-record_step] input[name=date]", "2019-05-20")
    form.locator("input[name=meeting]").fill("市政府常务会议")
    form.locator("select[name=result]").select_option("agree")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=已作出决定")

    form = page.get_by_test_id("form-record_step")
    form.locator("select[name=step]").select_option("publication")
    set_date(page, "[data-testid=form-record_step] input[name=date]", "2019-05-30")
    form.locator("input[name=channel]").fill("市政府门户网站")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=已公布")
    assert "市政府门户网站" in page.get_by_test_id("steps").inner_text()

    page.goto("/portal/")
    portal = page.get_by_test_id("decisions-portal").inner_text()
    assert "2019年重大行政决策事项目录" in portal and "2019年5月30日公布" in portal
    assert "合法" not in portal  # no review opinion on the public portal
