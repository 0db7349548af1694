"""Browser: open the annual report, edit a narrative paragraph (autosave), follow a figure to its records."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.core.actions import TRUSTED, run
from fazhi.litigation.models import HeadPost
from fazhi.orgs.models import Role
from fazhi.reports import services
from fazhi.reports.actions import WORKFLOW
from fazhi.reports.figures import FigureQuery, collect
from fazhi.reports.models import ReportSection
from fazhi.testing.county import Cases, finish_draft
from fazhi.testing.factories import PASSWORD, bureau_unit, court, department, government, make_user

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_edit_narrative_and_follow_a_figure(page) -> None:  # type: ignore[no-untyped-def]
    gov = government()
    units = {"sfj": bureau_unit(), "d01": department("d01", "示例市公安局"), "court": court()}
    bureau = make_user(Role.BUREAU, units["sfj"], username="bureau_rep_e2e")
    cases = Cases(bureau, units)
    cases.add(
        "d01",
        date(2019, 2, 1),
        judged=date(2019, 6, 3),
        outcome="revoked",
        session=date(2019, 5, 6),
        head=HeadPost.PRINCIPAL,
    )
    cases.add("d01", date(2019, 3, 1), judged=date(2019, 7, 1), outcome="claim_rejected")
    cases.add("d01", date(2019, 4, 1))
    report = services.create_report(actor=bureau, org=gov, year=2019)

    login(page, "bureau_rep_e2e", PASSWORD)
    page.wait_for_url("**/")
    page.goto(f"/reports/{report.pk}/")
    doc = page.get_by_test_id("report-document")
    assert report.title in doc.inner_text()

    # Edit the 不足和原因 paragraph; it saves itself.
    page.get_by_test_id("edit-report").click()
    section = page.get_by_test_id("section-shortcomings")
    section.locator("textarea").fill("一是个别单位负责人出庭应诉不够积极。\n二是基层法治力量不足。")
    status = section.get_by_test_id("save-status")
    status.filter(has_text="已自动保存").wait_for()
    saved = ReportSection.objects.get(report=report, code="shortcomings")
    assert saved.text.endswith("二是基层法治力量不足。") and saved.versions.count() >= 2

    page.get_by_test_id("back-to-report").click()
    assert "基层法治力量不足" in page.get_by_test_id("report-document").inner_text()

    # Follow 审结 to the cases it counts.
    concluded = collect(FigureQuery.for_year(2019, gov))["litigation.concluded"]
    # 审结 is printed twice: as a count and as the base of 败诉率 (FIGURES.md: rates name their counts)
    link = (
        page.get_by_test_id("report-document").locator("a.fz-figure[data-key='litigation.concluded']").first
    )
    assert link.inner_text() == str(concluded.value)
    link.click()
    page.wait_for_url("**/litigation/**")
    page.get_by_test_id("case-table").wait_for()
    shown = {
        int(x)
        for x in page.locator("tr[data-case-id]").evaluate_all("rows => rows.map(r => r.dataset.caseId)")
    }
    expected = {m["case"].pk for m in cases.made if m["judged"] and m["judged"].year == 2019}
    assert shown == expected


def test_public_portal_shows_the_published_report_without_login(page) -> None:  # type: ignore[no-untyped-def]
    from fazhi.reports.roles import ensure_reviewer_group

    gov = government()
    units = {"sfj": bureau_unit(), "d01": department("d01", "示例市公安局"), "court": court()}
    bureau = make_user(Role.BUREAU, units["sfj"], username="bureau_pub_e2e")
    reviewer = make_user(Role.BUREAU, units["sfj"], username="reviewer_pub_e2e")
    reviewer.groups.add(ensure_reviewer_group())
    leader = make_user(Role.LEADER, gov, username="leader_pub_e2e")
    Cases(bureau, units).add("d01", date(2019, 2, 1), judged=date(2019, 6, 3), outcome="revoked")
    report = finish_draft(services.create_report(actor=bureau, org=gov, year=2019), bureau)
    run(WORKFLOW, "submit", report, actor=bureau, version=TRUSTED)
    run(WORKFLOW, "clear", report, actor=reviewer, version=TRUSTED)
    run(WORKFLOW, "approve", report, actor=leader, version=TRUSTED)
    run(WORKFLOW, "publish", report, actor=bureau, version=TRUSTED)

    page.goto("/portal/reports/")
    page.get_by_test_id("portal-reports").get_by_role("link", name=report.title).click()
    doc = page.get_by_test_id("report-document")
    assert report.title in doc.inner_text()
    assert doc.locator("a").count() == 0  # no links into the internal system
    assert "张三测试" not in page.content()
