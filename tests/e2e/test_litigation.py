"""Browser: a defendant unit's clerk walks a lawsuit from service to judgment (a loss) and opens the
败诉责任调查 (RULES §3; 国办发〔2016〕54号)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from fazhi.core.pii import make_id_card
from fazhi.litigation.models import LitigationCase, LossAccountability, Status
from fazhi.orgs.models import Role
from fazhi.testing.factories import PASSWORD, court, department, government, make_user

from .conftest import login, pick_unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def set_date(page, selector: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Dates use the flatpickr picker; set them through its API as a user picking the day would."""
    page.locator(selector).evaluate("(el, v) => el._flatpickr.setDate(v, true)", value)


def test_service_to_judgment_and_accountability(page) -> None:  # type: ignore[no-untyped-def]
    government()
    unit = department("d01", "示例市公安局")
    court_unit = court()
    make_user(Role.CLERK, unit, username="clerk_e2e", real_name="公安局填报员")
    login(page, "clerk_e2e", PASSWORD)
    page.wait_for_url("**/")

    page.get_by_role("link", name="行政应诉").first.click()
    page.get_by_test_id("case-create").click()
    page.fill("#id_court_case_number", "（2024）浙0381行初88号")
    pick_unit(page, "court", "人民法院", court_unit.name)
    pick_unit(page, "defendant", "公安", unit.name)
    page.fill("#id_cause", "不服行政处罚决定")
    set_date(page, "#id_served_on", "2024-09-20")
    page.fill("#id_p1_name", "张三")
    page.fill("#id_p1_id_number", make_id_card("330381", date(1980, 5, 6), 17))
    page.get_by_test_id("case-save").click()

    page.wait_for_selector("[data-testid=case-status]")
    assert page.get_by_test_id("case-status").inner_text() == "已收到起诉状"
    # RULES §3, 行政诉讼法 Art 67: day 15 is 2024-10-05 (国庆), so the answer is due 2024-10-08.
    assert "2024年10月8日" in page.get_by_test_id("deadlines").inner_text()

    form = page.get_by_test_id("form-record_answer")
    set_date(page, "[data-testid=form-record_answer] input[name=date]", "2024-09-30")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=已答辩举证")

    form = page.get_by_test_id("form-add_session")
    assert not form.locator("[data-fz-field=head_name]").is_visible()
    set_date(page, "[data-testid=form-add_session] input[name=date]", "2024-11-05")
    form.locator("input[name=head_appeared]").check()
    form.locator("input[name=head_name]").fill("李局长")
    form.locator("select[name=head_post]").select_option("deputy")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=李局长（副职）")
    expect(page.get_by_test_id("case-status")).to_have_text("审理中")

    form = page.get_by_test_id("form-judge")
    set_date(page, "[data-testid=form-judge] input[name=date]", "2024-12-02")
    form.locator("select[name=outcome]").select_option("revoked")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=loss-badge]")
    assert "撤销/部分撤销" in page.get_by_test_id("outcome").inner_text()
    assert "尚未启动败诉责任调查" in page.get_by_test_id("accountability").inner_text()

    form = page.get_by_test_id("form-open_accountability")
    set_date(page, "[data-testid=form-open_accountability] input[name=date]", "2024-12-10")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=调查中")
    assert "启动于 2024年12月10日" in page.get_by_test_id("accountability").inner_text()
    assert "启动败诉责任调查" in page.get_by_test_id("timeline").inner_text()

    # The list filters without a page reload (htmx) and keeps the filter in the URL.
    page.get_by_role("link", name="行政应诉").first.click()
    page.evaluate("window.fzMarker = 1")
    page.select_option("#id_loss", "0")
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector("text=没有符合条件的案件")
    assert "loss=0" in page.url and page.evaluate("window.fzMarker") == 1  # same page: swapped, not reloaded
    page.select_option("#id_loss", "1")
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector("[data-testid=case-table] >> text=(2024)浙0381行初88号")

    case = LitigationCase.objects.get()
    assert case.status == Status.JUDGED and case.is_loss and case.court_case_number == "(2024)浙0381行初88号"
    assert LossAccountability.objects.filter(case=case).exists()
