"""The respondent side (issue 15 item 7; 《行政复议法》第四十八条): once the 提出答复通知书 is served on the
respondent unit, its clerk gets a workbench item, answers on a page of their unit's cases only (404
otherwise; the applicant's ID masked), the answer date is recorded by the case's own step and the office
is notified."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import AuditEvent
from fazhi.core.actions import TRUSTED, run
from fazhi.core.registry import registry
from fazhi.core.views import workbench_items
from fazhi.notifications.models import Notification
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.reconsideration.models import Attachment, ReconsiderationCase
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import ID_NUMBER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
BASE = "/api/v1/reconsideration/cases/"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * 64, content_type="application/pdf")


@pytest.fixture
def served(receive, bureau):  # type: ignore[no-untyped-def]
    case = receive(date(2026, 9, 1))
    case = run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2026, 9, 2)}, version=TRUSTED)
    client = api(bureau)
    doc = client.post(
        f"{BASE}{case.pk}/documents/", {"kind": "answer_notice", "issued_on": "2026-09-03"}, format="json"
    )
    assert doc.status_code == 201, doc.json()
    r = client.post(
        f"{BASE}{case.pk}/services/",
        {"document": doc.json()["id"], "method": "direct", "served_on": "2026-09-04"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    return ReconsiderationCase.objects.get(pk=case.pk)


def test_only_the_respondents_clerk_opens_the_page(served, clerk, other_clerk, bureau) -> None:  # type: ignore[no-untyped-def]
    url = f"/reconsideration/casefile/{served.pk}/respond/"
    assert page(other_clerk).get(url).status_code == 404  # another unit
    assert page(bureau).get(url).status_code == 404  # the office records answers on the case itself
    html = page(clerk).get(url).content.decode()
    assert "提交答复" in html and "提出答复通知书" in html
    assert ID_NUMBER not in html and ID_NUMBER[-4:] in html  # masked, always
    todo, _due = workbench_items(clerk)
    assert [i.url for i in todo if "提出答复通知" in i.title] == [url]
    assert not [i for i in workbench_items(other_clerk)[0] if "提出答复通知" in i.title]


def test_no_item_before_service(receive, bureau, clerk) -> None:  # type: ignore[no-untyped-def]
    case = receive(date(2026, 9, 1))
    run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2026, 9, 2)}, version=TRUSTED)
    assert not [i for i in workbench_items(clerk)[0] if "提出答复通知" in i.title]
    assert (
        page(clerk)
        .post(
            f"/reconsideration/casefile/{case.pk}/respond/",
            {"answered_on": "2026-09-10", "answer_file": _pdf("答复书.pdf")},
        )
        .status_code
        == 200
    )
    case.refresh_from_db()
    assert case.answered_on is None


def test_the_clerk_answers_and_the_office_sees_when(served, clerk, bureau) -> None:  # type: ignore[no-untyped-def]
    url = f"/reconsideration/casefile/{served.pk}/respond/"
    client = page(clerk)
    early = client.post(url, {"answered_on": "2026-09-03", "answer_file": _pdf("答复书.pdf")})
    assert "不能早于通知送达日期" in early.content.decode()
    r = client.post(
        url,
        {
            "answered_on": "2026-09-10",
            "answer_file": _pdf("答复书.pdf"),
            "evidence": [_pdf("证据1.pdf"), _pdf("证据2.pdf")],
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    case = ReconsiderationCase.objects.get(pk=served.pk)
    assert case.answered_on == date(2026, 9, 10) and case.status == "under_review"  # record_answer ran
    kinds = sorted(Attachment.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["answer", "evidence", "evidence"]
    event = AuditEvent.objects.get(action="reconsideration.respondent_answer", object_id=str(case.pk))
    assert "2026-09-10" in str(event.diff)
    note = Notification.objects.get(user=bureau, kind="answer")
    assert case.number in note.title and "2026年9月10日" in note.title
    assert "已于2026年9月10日提交答复" in client.get(url).content.decode()
    assert not [i for i in workbench_items(clerk)[0] if "提出答复通知" in i.title]
    again = client.post(url, {"answered_on": "2026-09-11", "answer_file": _pdf("答复书.pdf")})
    assert again.status_code == 200
    assert Attachment.objects.filter(case=case).count() == 3


def test_the_provider_is_registered() -> None:
    from fazhi.casefiles.respondent import workbench

    assert workbench in registry.workbench
