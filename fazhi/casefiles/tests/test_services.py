"""送达 (issue 15 item 2): a service record per document; the periods that run from the other side's receipt
run from the service date (RULES §2–3), across holidays and 调休, and show 待送达 until it is recorded."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.audit.models import AuditEvent
from fazhi.casefiles.models import Service
from fazhi.core.actions import TRUSTED, run
from fazhi.reconsideration import deadlines, rules
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.testing.clients import api, page
from fazhi.workdays.deadlines import Status as DStatus

BASE = "/api/v1/reconsideration/cases/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _deadline(case, code: str, today: date):  # type: ignore[no-untyped-def]
    case = ReconsiderationCase.objects.get(pk=case.pk)
    return next(d for d in deadlines.case_deadlines(case, today) if d.rule.code == code)


def _document(client, case, kind: str, issued_on: str) -> dict:  # type: ignore[no-untyped-def]
    response = client.post(
        f"{BASE}{case.pk}/documents/", {"kind": kind, "issued_on": issued_on}, format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_correction_period_runs_from_service_across_national_day(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, 《行政复议法》第三十一条: 10 working days from the applicant's receipt of the notice.
    Notice issued Sunday 2024-09-29 (a 调休 working day), served Monday 09-30; 10-01..07 are the National Day
    holiday, Saturday 10-12 a make-up working day: 10-08, 09, 10, 11, 12, 14, 15, 16, 17, 18 → due 2024-10-18."""
    case = receive(date(2024, 9, 27))
    run(
        WORKFLOW,
        "request_correction",
        case,
        actor=bureau,
        data={"date": date(2024, 9, 29), "items": "身份证明"},
        version=TRUSTED,
    )
    client = api(bureau)
    doc = _document(client, case, "correction_notice", "2024-09-29")
    pending = _deadline(case, rules.CORRECTION_PERIOD.code, date(2024, 9, 30))
    assert (
        pending.status == DStatus.AWAITING_SERVICE and pending.due is None
    )  # 待送达, not a date from sending
    response = client.post(
        f"{BASE}{case.pk}/services/",
        {"document": doc["id"], "method": "direct", "served_on": "2024-09-30", "recipient": "张三"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["method_label"] == "直接送达"
    assert _deadline(case, rules.CORRECTION_PERIOD.code, date(2024, 10, 8)).due == date(2024, 10, 18)
    assert case.corrections.get().served_on == date(2024, 9, 30)
    actions = set(AuditEvent.objects.filter(object_id=str(case.pk)).values_list("action", flat=True))
    assert {"reconsideration.service_add", "reconsideration.serve_correction"} <= actions
    again = client.post(
        f"{BASE}{case.pk}/services/",
        {"document": doc["id"], "method": "direct", "served_on": "2024-09-30"},
        format="json",
    )
    assert again.status_code == 400 and "已登记送达" in str(again.json())


def test_answer_period_runs_from_the_respondents_receipt(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, 《行政复议法》第四十八条: the respondent answers within 10 working days of receiving the copy
    sent with the 提出答复通知书. Sent 2024-04-28 (Sunday, a 调休 working day), received by post 2024-04-30;
    05-01..05 are the Labour Day holiday, Saturday 05-11 a make-up working day: 05-06..10, 11, 13..16 → 05-16."""
    case = receive(date(2024, 4, 22))
    case = run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2024, 4, 24)}, version=TRUSTED)
    client = api(bureau)
    doc = _document(client, case, "answer_notice", "2024-04-28")
    assert _deadline(case, rules.COPY.code, date(2024, 4, 28)).status != DStatus.DONE  # nothing sent yet
    no_tracking = client.post(
        f"{BASE}{case.pk}/services/",
        {"document": doc["id"], "method": "post", "served_on": "2024-04-30"},
        format="json",
    )
    assert no_tracking.status_code == 400 and "邮件单号" in str(no_tracking.json())
    early = client.post(
        f"{BASE}{case.pk}/services/",
        {"document": doc["id"], "method": "post", "served_on": "2024-04-27", "tracking_number": "EMS1"},
        format="json",
    )
    assert early.status_code == 400 and "送达日期不能早于文书落款日期" in str(early.json())
    assert not Service.objects.exists()
    response = client.post(
        f"{BASE}{case.pk}/services/",
        {
            "document": doc["id"],
            "method": "post",
            "served_on": "2024-04-30",
            "tracking_number": "EMS1234",
            "receipt": _png(),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    case.refresh_from_db()
    assert (case.copy_sent_on, case.copy_served_on) == (date(2024, 4, 28), date(2024, 4, 30))
    assert _deadline(case, rules.ANSWER.code, date(2024, 5, 6)).due == date(2024, 5, 16)
    listed = client.get(f"{BASE}{case.pk}/documents/").json()
    assert (
        listed[0]["service"]["tracking_number"] == "EMS1234"
        and listed[0]["service"]["receipt_name"] == "回执.png"
    )


def _png():  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("回执.png", PNG, content_type="image/png")


def test_decision_cache_refreshes_on_service(receive, bureau):  # type: ignore[no-untyped-def]
    """The cached deadlines (``acceptance_due``) follow the service: the corrected application restarts the
    acceptance review (Art 31), and the service step runs the workflow, which refreshes the cache."""
    case = receive(date(2024, 9, 27))
    run(
        WORKFLOW,
        "request_correction",
        case,
        actor=bureau,
        data={"date": date(2024, 9, 29), "items": "身份证明"},
        version=TRUSTED,
    )
    before = ReconsiderationCase.objects.get(pk=case.pk).version
    client = api(bureau)
    doc = _document(client, case, "correction_notice", "2024-09-29")
    client.post(
        f"{BASE}{case.pk}/services/",
        {"document": doc["id"], "method": "electronic", "served_on": "2024-09-30"},
        format="json",
    )
    after = ReconsiderationCase.objects.get(pk=case.pk)
    assert after.version == before + 1  # the step ran through the runner (version, history, audit)
    assert after.status_changes.filter(action="serve_correction").exists()


@pytest.mark.parametrize("who", ["other_clerk", "leader"])
def test_service_scope_and_roles(who, receive, bureau, request):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 9, 27))
    run(
        WORKFLOW,
        "request_correction",
        case,
        actor=bureau,
        data={"date": date(2024, 9, 29), "items": "身份证明"},
        version=TRUSTED,
    )
    doc = _document(api(bureau), case, "correction_notice", "2024-09-29")
    response = api(request.getfixturevalue(who)).post(
        f"{BASE}{case.pk}/services/",
        {"document": doc["id"], "method": "direct", "served_on": "2024-09-30"},
        format="json",
    )
    assert response.status_code == (404 if who == "other_clerk" else 403)
    assert not Service.objects.exists()


def test_page_serves_the_document_chosen_among_several(receive, bureau):  # type: ignore[no-untyped-def]
    """The page's 登记送达 form with two documents on the case: the second one chosen is the one served
    (the form's choice was once consumed while looking for it: a 500). Art 48: the copy's service follows."""
    case = receive(date(2024, 4, 22))
    case = run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2024, 4, 24)}, version=TRUSTED)
    client = api(bureau)
    _document(client, case, "acceptance_notice", "2024-04-24")
    answer = _document(client, case, "answer_notice", "2024-04-28")
    response = page(bureau).post(
        f"/reconsideration/casefile/{case.pk}/services/",
        {"document": answer["id"], "method": "direct", "served_on": "2024-04-29"},
    )
    assert response.status_code == 302
    served = Service.objects.get()
    assert served.document_id == answer["id"] and served.served_on == date(2024, 4, 29)
    assert ReconsiderationCase.objects.get(pk=case.pk).copy_served_on == date(2024, 4, 29)
