"""Browser: from a reconsideration case to its generated document, its service record and the case file."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

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


def test_document_service_and_case_file(page) -> None:  # type: ignore[no-untyped-def]
    bureau = make_user(Role.BUREAU, bureau_unit(), username="bureau_e2e")
    case = make_reconsideration_case(
        bureau, department("d05", "示例市公安局"), received_on=date(2026, 11, 16)
    )
    run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2026, 11, 18)}, version=TRUSTED)

    login(page, "bureau_e2e", PASSWORD)
    page.wait_for_url("**/")
    page.goto(f"/reconsideration/{case.pk}/")
    form = page.get_by_test_id("document-form")
    form.locator("select[name=kind]").select_option("answer_notice")
    form.get_by_role("button", name="制作文书").click()
    page.wait_for_url(f"**/reconsideration/{case.pk}/#casefile")
    documents = page.get_by_test_id("documents")
    expect(documents).to_contain_text("提出答复通知书")
    expect(documents).to_contain_text("示复答〔2026〕1号")
    expect(page.get_by_test_id("service")).to_have_text("待送达")

    service = page.get_by_test_id("service-form")
    service.locator("select[name=method]").select_option("direct")
    service.locator("input[name=served_on]").evaluate(
        "(el, v) => el._flatpickr.setDate(v, true)", today().isoformat()
    )
    service.get_by_role("button", name="登记送达").click()
    page.wait_for_url(f"**/reconsideration/{case.pk}/#casefile")
    expect(page.get_by_test_id("service")).to_contain_text("直接送达")
    case.refresh_from_db()
    assert case.copy_served_on == today()  # the answer period now runs from this service (Art 48)

    page.get_by_test_id("casefile-link").click()
    page.wait_for_url(f"**/reconsideration/casefile/{case.pk}/")
    expect(page.get_by_test_id("file-index")).to_contain_text("示复答〔2026〕1号")
