"""Browser: the office records a first responsible person's meeting and finds it, dated in Chinese and linked
to its record, in section 三 of the year's report draft (issue 14 items 1 and 7)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.governance import services
from fazhi.orgs.models import Role
from fazhi.testing.factories import PASSWORD, bureau_unit, government, make_report, make_user

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_recorded_duty_reaches_section_three(page) -> None:  # type: ignore[no-untyped-def]
    gov = government()
    office = make_user(Role.BUREAU, bureau_unit(), username="office_e2e", real_name="法治办")
    holder = services.create_holder(
        actor=office,
        data={
            "org": gov,
            "post": "secretary",
            "title": "市委书记",
            "person": "陈某",
            "term_from": date(2017, 1, 1),
        },
    )

    login(page, "office_e2e", PASSWORD)
    page.wait_for_url("**/")
    page.goto("/governance/duties/new/")
    page.locator("select[name=person_post]").evaluate(
        "(el, v) => el.tomselect ? el.tomselect.setValue(v) : (el.value = v)", str(holder.pk)
    )
    page.locator("input[name=date]").evaluate("(el, v) => el._flatpickr.setDate(v, true)", "2019-07-04")
    page.locator("select[name=kind]").evaluate(
        "(el, v) => el.tomselect ? el.tomselect.setValue(v) : (el.value = v)", "meeting"
    )
    page.locator("input[name=subject]").fill("主持召开市委全面依法治市委员会第一次会议")
    page.get_by_test_id("save").click()
    page.wait_for_selector("text=已登记履职记录")
    duty_url = page.url

    report = make_report(office, gov, 2019)
    page.goto(f"/reports/{report.pk}/")
    act = "于2019年7月4日主持召开市委全面依法治市委员会第一次会议"
    # section 三 tells the act in the holder's paragraph; section 一(一) names the holder in its meetings line
    link = page.get_by_role("link", name=act, exact=True)
    assert link.count() == 1
    assert page.get_by_role("link", name=f"市委书记{act}", exact=True).count() == 1
    link.click()
    page.wait_for_url(duty_url)
    assert "市委书记陈某" in page.inner_text("body")
