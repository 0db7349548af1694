"""Browser (issue 15 items 7 and 9): the respondent unit's clerk finds the served 答复通知 on the workbench,
uploads the 答复书 and evidence; the office's navbar shows the unread notification and its page lists it."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from fazhi.casefiles import services
from fazhi.casefiles.registry import for_label
from fazhi.core.actions import TRUSTED, run
from fazhi.core.dates import today
from fazhi.orgs.models import Role
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.testing.clock import PINNED_NOW
from fazhi.testing.factories import PASSWORD, bureau_unit, department, make_reconsideration_case, make_user

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(PINNED_NOW, tick=True)


def test_clerk_answers_and_office_is_notified(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bureau = make_user(Role.BUREAU, bureau_unit(), username="bureau_e2e")
    police = department("d05", "示例市公安局")
    make_user(Role.CLERK, police, username="clerk_e2e")
    case = make_reconsideration_case(bureau, police, received_on=date(2026, 11, 16))
    run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2026, 11, 18)}, version=TRUSTED)
    cf = for_label("reconsideration")
    doc = services.generate(cf, case, "answer_notice", actor=bureau)
    services.serve(cf, case, doc, actor=bureau, data={"method": "direct", "served_on": today().isoformat()})
    answer = tmp_path / "答复书.pdf"
    answer.write_bytes(b"%PDF-1.4\n" + b"0" * 64)
    evidence = tmp_path / "证据.pdf"
    evidence.write_bytes(b"%PDF-1.4\n" + b"1" * 64)

    login(page, "clerk_e2e", PASSWORD)
    page.wait_for_url("**/")
    page.get_by_test_id("panel-todo").get_by_role("link", name="收到提出答复通知").click()
    page.wait_for_url(f"**/reconsideration/casefile/{case.pk}/respond/")
    form = page.get_by_test_id("respond-form")
    form.locator("input[name=answered_on]").evaluate(
        "(el, v) => el._flatpickr.setDate(v, true)", today().isoformat()
    )
    form.locator("input[name=answer_file]").set_input_files(str(answer))
    form.locator("input[name=evidence]").set_input_files(str(evidence))
    form.get_by_role("button", name="提交答复").click()
    expect(page.get_by_test_id("answered")).to_contain_text("提交答复")
    case.refresh_from_db()
    assert case.answered_on == today()
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="退出登录").click()

    login(page, "bureau_e2e", PASSWORD)
    page.wait_for_url("**/")
    expect(page.get_by_test_id("unread-count")).to_have_text("1")  # loaded by htmx after the page
    page.get_by_test_id("notifications-link").click()
    page.wait_for_url("**/notifications/")
    expect(page.get_by_test_id("notifications")).to_contain_text("被申请人已于")
