"""Browser (issue 15 "Done when"): one reconsideration case walked by the office from the application to
the bound case file — register, accept, the 受理通知书 and 提出答复通知书 with their numbers, the answer
notice's service (送达, 《行政复议法》第四十八条: the answer period runs from it), the respondent's answer,
the decision (the head's own approval, Art 62 reserves it to the head), the 决定书, 归档 (read-only), and
the bound PDF built on the job queue, downloaded and read back with ``pdftotext``."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest
from playwright.sync_api import expect

from fazhi.casefiles.approvals import approvals_of
from fazhi.core import file_jobs
from fazhi.core.dates import today
from fazhi.core.models import FileJob
from fazhi.core.pii import make_id_card
from fazhi.orgs.models import Role
from fazhi.reconsideration.models import ReconsiderationCase, Status
from fazhi.testing.clock import PINNED_NOW
from fazhi.testing.factories import PASSWORD, bureau_unit, department, make_user

from .conftest import login, pick_unit
from .test_reconsideration import _action, _set_date

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACCEPTANCE = "示复受〔2026〕1号"
ANSWER = "示复答〔2026〕1号"
DECISION = "示复决〔2026〕1号"


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(PINNED_NOW, tick=True)


def _make_document(page, pk: int, kind: str, **fields: str) -> None:  # type: ignore[no-untyped-def]
    form = page.get_by_test_id("document-form")
    form.locator("select[name=kind]").select_option(kind)
    if fields:
        form.locator("summary").click()  # the decision's contents are folded away
        for name, value in fields.items():
            form.locator(f"textarea[name={name}]").fill(value)
    with page.expect_navigation():
        form.get_by_role("button", name="制作文书").click()
    page.wait_for_url(f"**/reconsideration/{pk}/#casefile")


def _document(page, title: str):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("documents").locator("li", has_text=title)


def test_from_application_to_bound_case_file(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    department("d05", "示例市公安局")
    bureau = make_user(Role.BUREAU, bureau_unit(), username="bureau_e2e")  # the office's head
    on = today().isoformat()

    login(page, "bureau_e2e", PASSWORD)
    page.wait_for_url("**/")
    page.goto("/reconsideration/")
    page.get_by_test_id("new-case").click()
    pick_unit(page, "respondent", "公安", "示例市公安局")
    _set_date(page, "input[name=received_on]", on)
    page.fill("input[name=contested_act]", "治安管理处罚决定书（示公决字〔2026〕7号）")
    page.fill("input[name=party-0-name]", "王小明")
    page.fill("input[name=party-0-id_number]", make_id_card("330381", date(1980, 3, 2), 17))
    page.get_by_role("button", name="登记").click()
    page.wait_for_url("**/reconsideration/*/")
    expect(page.get_by_test_id("status")).to_have_text("已收到申请")
    case = ReconsiderationCase.objects.get()
    pk = case.pk
    expect(page.get_by_test_id("documents")).to_contain_text("尚未制作文书")

    _action(page, "accept").locator("button[type=submit]").click()
    page.wait_for_url(f"**/reconsideration/{pk}/")
    expect(page.get_by_test_id("status")).to_have_text("已受理")
    expect(page.get_by_test_id("accepted-on")).to_have_text("2026年11月20日")

    _make_document(page, pk, "acceptance_notice")
    expect(_document(page, "受理通知书").get_by_test_id("doc-number")).to_have_text(ACCEPTANCE)
    _make_document(page, pk, "answer_notice")
    answer_notice = _document(page, "提出答复通知书")
    expect(answer_notice.get_by_test_id("doc-number")).to_have_text(ANSWER)  # its own sequence
    expect(answer_notice.get_by_test_id("service")).to_have_text("待送达")

    service = page.get_by_test_id("service-form")
    service.locator("select[name=document]").select_option(label=f"提出答复通知书（{ANSWER}）")
    service.locator("select[name=method]").select_option("direct")
    _set_date(page, "form[data-testid=service-form] input[name=served_on]", on)
    with page.expect_navigation():
        service.get_by_role("button", name="登记送达").click()
    expect(_document(page, "提出答复通知书").get_by_test_id("service")).to_contain_text(
        "直接送达，2026年11月20日送达示例市公安局"
    )
    expect(_document(page, "受理通知书").get_by_test_id("service")).to_have_text("待送达")
    case.refresh_from_db()
    # Art 48: the copy went with the notice; the answer period runs from this service
    assert case.copy_sent_on == case.copy_served_on == today()

    # the office records the answer the respondent handed in (the clerk's path: test_respondent.py)
    _action(page, "record_answer").locator("button[type=submit]").click()
    page.wait_for_url(f"**/reconsideration/{pk}/")
    expect(page.get_by_test_id("status")).to_have_text("审理中")
    expect(page.get_by_test_id("answered-on")).to_have_text("2026年11月20日")

    form = _action(page, "conclude")
    form.locator("select[name=outcome]").select_option("revoked")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("status")).to_have_text("已审结")
    expect(page.get_by_test_id("outcome")).to_have_text("撤销")
    # Art 62's head approval of the decision: the head deciding is recorded as approved by them
    approval = approvals_of(case).get()
    assert approval.decision == "approved" and approval.decided_by == bureau and approval.used_at

    _make_document(page, pk, "decision", facts="被申请人未查明违法事实。", reasons="证据不足。")
    expect(_document(page, "行政复议决定书").get_by_test_id("doc-number")).to_have_text(DECISION)

    page.get_by_test_id("casefile-link").click()
    page.wait_for_url(f"**/reconsideration/casefile/{pk}/")
    rows = page.get_by_test_id("file-index").locator("tbody tr")
    expect(rows).to_have_count(3)
    # statutory order (受理 30, 答复通知 40, 决定 80), not the order they were made
    for n, (title, number) in enumerate(
        [("受理通知书", ACCEPTANCE), ("提出答复通知书", ANSWER), ("行政复议决定书", DECISION)]
    ):
        expect(rows.nth(n)).to_contain_text(title)
        expect(rows.nth(n)).to_contain_text(number)

    archive = page.get_by_test_id("archive-form")
    _set_date(page, "form[data-testid=archive-form] input[name=archived_on]", on)
    archive.locator("input[name=archive_number]").fill("WS·2026-复议-001")
    with page.expect_navigation():
        archive.get_by_role("button", name="归档（此后只读）").click()
    expect(page.get_by_test_id("archived")).to_contain_text("档号 WS·2026-复议-001")
    expect(page.get_by_test_id("archive-form")).to_have_count(0)

    page.goto(f"/reconsideration/{pk}/")
    expect(page.get_by_test_id("archived")).to_contain_text("案卷只读")
    assert page.locator("[data-testid^=action-]").count() == 0  # not even 撤销审结 (reopen)
    assert page.get_by_test_id("document-form").count() == 0
    assert page.get_by_test_id("service-form").count() == 0
    case.refresh_from_db()
    assert case.status == Status.CONCLUDED and case.outcome == "revoked"

    # the bound PDF: queued, built by the job worker (run here as the queue would), then downloaded
    page.get_by_test_id("casefile-link").click()
    page.wait_for_url(f"**/reconsideration/casefile/{pk}/")
    page.get_by_test_id("bound-pdf").click()
    page.wait_for_url("**/jobs/*/")
    job = FileJob.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))
    assert job.user == bureau and job.status in (FileJob.Status.QUEUED, FileJob.Status.RUNNING)
    assert file_jobs.run(job.pk) == "succeeded"
    link = page.get_by_test_id("file-download")
    expect(link).to_be_visible(timeout=30000)  # the page polls the job (htmx, every second)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"卷宗{case.number}.pdf"
    pdf = tmp_path / "bound.pdf"
    download.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [re.sub(r"\s", "", p) for p in text.split("\f") if p.strip()]
    cover, index, *documents = pages
    assert case.number in cover and "卷宗" in cover and "共3件" in cover and "WS·2026-复议-001" in cover
    assert "卷内文件目录" in index
    # the index table's narrow 文号 column may wrap a number: its row is found by title and number prefix
    positions = [
        index.index(s)
        for s in ("受理通知书", "示复受", "提出答复通知书", "示复答", "行政复议决定书", "示复决")
    ]
    assert positions == sorted(positions)
    # then the documents themselves, bound in the same order, each with its number
    body = "".join(documents)
    assert body.index(ACCEPTANCE) < body.index(ANSWER) < body.index(DECISION)
    assert "提出答复通知书" in body and "行政复议决定书" in body
    assert "撤销" in body and "十五日内" in body  # the decision's conclusion and the right to sue
