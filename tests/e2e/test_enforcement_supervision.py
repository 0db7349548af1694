"""Browser: the Justice Bureau issues a supervision notice (监督意见书) to a body on its page; the body's clerk
finds it on the list, replies through its step form, and the notice shows 已回复 within the period (issue 13
item 7)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.enforcement import services
from fazhi.enforcement.supervision import SupervisionNotice
from fazhi.orgs.models import Role
from fazhi.testing.factories import PASSWORD, bureau_unit, department, government, make_user

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _date(page, name: str, value: str) -> None:  # type: ignore[no-untyped-def]
    page.locator(f"input[name={name}]").first.evaluate("(el, v) => el._flatpickr.setDate(v, true)", value)


def test_a_notice_is_issued_and_answered(page) -> None:  # type: ignore[no-untyped-def]
    government()
    unit = department("d01", "示例市公安局")
    office = make_user(Role.BUREAU, bureau_unit(), username="office_e2e")
    make_user(Role.CLERK, unit, username="clerk_e2e")
    body = services.create_body(
        actor=office,
        data={"org": unit, "name": "示例市公安局", "kind": "statutory", "legal_basis": "《人民警察法》"},
    )

    login(page, "office_e2e", PASSWORD)
    page.wait_for_url("**/")
    page.goto("/enforcement/notices/new/")
    page.locator("input[name=body]").fill(str(body.pk))
    page.locator("select[name=kind]").evaluate(
        "(el, v) => el.tomselect ? el.tomselect.setValue(v) : (el.value = v)", "opinion"
    )
    page.locator("input[name=number]").fill("示司执监〔2019〕1号")
    _date(page, "issued_on", "2019-04-26")
    page.locator("textarea[name=content]").fill("执法决定公示不及时，请限期整改并书面回复")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=已制发监督文书")
    notice = SupervisionNotice.objects.get()
    assert "2019年5月27日" in page.inner_text("[data-testid=deadlines]")  # 20 working days over 劳动节

    page.wait_for_load_state("networkidle")  # the navbar's count request may still set the session cookie
    page.context.clear_cookies()
    login(page, "clerk_e2e", PASSWORD)
    page.wait_for_url("**/")
    page.goto("/enforcement/notices/")
    page.get_by_role("link", name="示司执监〔2019〕1号").click()
    form = page.get_by_test_id("form-reply")
    form.locator("input[name=date]").evaluate("(el, v) => el._flatpickr.setDate(v, true)", "2019-05-20")
    form.locator("textarea[name=reply]").fill("已建立公示台账，完成整改")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=已回复")
    notice.refresh_from_db()
    assert notice.replied_on == date(2019, 5, 20) and notice.replied_on_time
