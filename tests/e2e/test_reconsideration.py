"""Browser: one reconsideration case from receipt to decision (bureau), with the respondent's answer (clerk)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from fazhi.core.dates import today
from fazhi.core.pii import make_id_card
from fazhi.orgs.models import Role
from fazhi.reconsideration.models import ReconsiderationCase, Status
from fazhi.testing.clock import PINNED_NOW
from fazhi.testing.factories import PASSWORD, bureau_unit, department, make_user

from .conftest import login, pick_unit


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine) -> None:  # type: ignore[no-untyped-def]
    """These tests count from today: run them on a fixed day (fazhi.testing.clock)."""
    time_machine.move_to(PINNED_NOW, tick=True)


pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _set_date(page, selector: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Dates are flatpickr inputs (app.js); set them the way a pick in the calendar does."""
    page.locator(selector).evaluate("(el, v) => el._flatpickr.setDate(v, true)", value)


def _action(page, name: str):  # type: ignore[no-untyped-def]
    """Open an action's form (a Bootstrap collapse, core/partials/actions.html) and return it once shown.

    The page must have loaded first: an assertion on the new page's text passes as soon as the HTML is
    parsed, while its stylesheets and scripts may still be on their way (on a loaded machine, seconds).
    A toggle clicked before Bootstrap's script runs does nothing, and a form that looks visible because
    the stylesheet has not hidden it yet moves when the stylesheet arrives — between Playwright's check
    of the submit button's position and its click, which then lands elsewhere and submits nothing.
    Waiting for the collapse's end state (``show``, no longer ``collapsing``) keeps the button still.
    """
    page.wait_for_load_state("load")
    page.get_by_test_id(f"action-{name}").click()
    page.locator(f"#fz-action-{name}.collapse.show").wait_for(state="visible")
    form = page.get_by_test_id(f"form-{name}")
    form.wait_for(state="visible")
    return form


def test_case_from_receipt_to_decision(page) -> None:  # type: ignore[no-untyped-def]
    police = department("d05", "示例市公安局")
    make_user(Role.BUREAU, bureau_unit(), username="bureau_e2e")
    make_user(Role.CLERK, police, username="clerk_e2e")
    id_number = make_id_card("330381", date(1985, 6, 1), 42)
    on = today().isoformat()

    login(page, "bureau_e2e", PASSWORD)
    page.wait_for_url("**/")
    page.goto("/reconsideration/")
    page.get_by_test_id("new-case").click()
    assert page.locator("select[name=respondent] option").count() <= 1  # no unit rendered up front
    pick_unit(page, "respondent", "公安", "示例市公安局")
    _set_date(page, "input[name=received_on]", on)
    page.fill("input[name=contested_act]", "治安管理处罚决定书（示公决字〔2024〕1号）")
    page.fill("input[name=party-0-name]", "张三")
    page.fill("input[name=party-0-id_number]", id_number)
    page.fill("input[name=party-0-phone]", "13812345678")
    page.get_by_role("button", name="登记").click()
    page.wait_for_url("**/reconsideration/*/")
    expect(page.get_by_test_id("status")).to_have_text(
        "已收到申请"
    )  # waits: the action posts back to this URL
    assert id_number in page.get_by_test_id("parties").inner_text()  # the office sees whole numbers
    case = ReconsiderationCase.objects.get()

    _action(page, "accept").locator("button[type=submit]").click()
    page.wait_for_url(f"**/reconsideration/{case.pk}/")
    expect(page.get_by_test_id("status")).to_have_text("已受理")  # waits: the action posts back to this URL
    _action(page, "send_copy").locator("button[type=submit]").click()
    page.wait_for_url(f"**/reconsideration/{case.pk}/")

    page.wait_for_load_state("networkidle")  # the navbar's count request may still set the session cookie
    page.context.clear_cookies()
    login(page, "clerk_e2e", PASSWORD)
    page.wait_for_url("**/")
    page.goto(f"/reconsideration/{case.pk}/")
    assert id_number not in page.get_by_test_id("parties").inner_text()  # masked for the respondent
    _action(page, "record_answer").locator("button[type=submit]").click()
    page.wait_for_url(f"**/reconsideration/{case.pk}/")
    expect(page.get_by_test_id("status")).to_have_text("审理中")  # waits: the action posts back to this URL

    page.wait_for_load_state("networkidle")  # the navbar's count request may still set the session cookie
    page.context.clear_cookies()
    login(page, "bureau_e2e", PASSWORD)
    page.wait_for_url("**/")
    page.goto(f"/reconsideration/{case.pk}/")
    form = _action(page, "conclude")
    form.locator("select[name=outcome]").select_option("revoked")
    # the form posts back to the page's own URL, so wait for that navigation, not for the URL
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("status")).to_have_text("已审结")  # waits: the action posts back to this URL
    expect(page.get_by_test_id("outcome")).to_have_text("撤销")  # waits: the action posts back to this URL
    case.refresh_from_db()
    assert case.status == Status.CONCLUDED and case.outcome == "revoked"
    assert "已完成" in page.get_by_test_id("deadlines").inner_text()

    # the list's filters swap the results in place (htmx) and keep the URL shareable
    page.goto("/reconsideration/")
    page.select_option("select[name=status]", "received")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**status=received**")
    assert "共 0 件" in page.get_by_test_id("count").inner_text()
    page.select_option("select[name=status]", "concluded")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**status=concluded**")
    assert page.locator(f'tr[data-case="{case.number}"]').is_visible()
    # the respondent filter's picker: typed, fetched, selected, applied
    page.goto("/reconsideration/")
    pick_unit(page, "org", "公安", "示例市公安局")
    # leave the picker first: its control resizes on blur, which moves the button under a pending click
    page.get_by_role("heading", name="行政复议案件").click()
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(f"**org={case.org_id}**")
    assert page.locator(f'tr[data-case="{case.number}"]').is_visible()


def test_invalid_date_shows_chinese_error(page) -> None:  # type: ignore[no-untyped-def]
    from fazhi.reconsideration import services
    from fazhi.reconsideration.models import Party

    police = department("d05", "示例市公安局")
    bureau = make_user(Role.BUREAU, bureau_unit(), username="bureau_e2e")
    case = services.receive(
        actor=bureau,
        respondent=police,
        received_on=date(2024, 3, 1),
        contested_act="处罚",
        act_category="penalty",
        field="public_security",
        parties=[{"name": "李四", "kind": Party.Kind.PERSON}],
    )
    login(page, "bureau_e2e", PASSWORD)
    page.wait_for_url("**/")
    page.goto(f"/reconsideration/{case.pk}/")
    form = _action(page, "accept")
    _set_date(page, "form[data-testid=form-accept] input[name=on]", "2024-02-01")
    form.locator("button[type=submit]").click()
    assert "受理日期不能早于" in page.get_by_test_id("action-error").inner_text()
    page.fz_errors.clear()  # the refused form comes back as a 400 page, which the browser logs
