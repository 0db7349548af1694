"""The API of the respondent's answer, publication and 履行监督 (issue 15 item 11 over items 7–8;
《行政复议法》第四十八条 答复, 第七十七条 履行, 第七十九条 公开): scoped like the case (404 outside), the
office publishes and supervises, the respondent unit's clerk answers and reports, every write carries the
case's version (stale → 409), bad input is a Chinese 400 that changes nothing, each write is audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import AuditEvent
from fazhi.casefiles import services
from fazhi.casefiles.models import Performance, Publication
from fazhi.casefiles.registry import for_label
from fazhi.core.actions import TRUSTED, run
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.testing.clients import api, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import ID_NUMBER, applicant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
BASE = "/api/v1/reconsideration/cases/"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * 64, content_type="application/pdf")


def _audits(case: ReconsiderationCase, action: str) -> int:
    return AuditEvent.objects.filter(action=action, object_id=str(case.pk)).count()


@pytest.fixture
def served(receive, bureau):  # type: ignore[no-untyped-def]
    """Accepted, the 提出答复通知书 served on the respondent (the police) on 2026-09-04."""
    case = receive(date(2026, 9, 1))
    case = run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2026, 9, 2)}, version=TRUSTED)
    cf = for_label("reconsideration")
    doc = services.generate(cf, case, "answer_notice", actor=bureau, data={"issued_on": date(2026, 9, 3)})
    services.serve(cf, case, doc, actor=bureau, data={"method": "direct", "served_on": date(2026, 9, 4)})
    return ReconsiderationCase.objects.get(pk=case.pk)


@pytest.fixture
def decided(receive, bureau):  # type: ignore[no-untyped-def]
    """Concluded 2026-10-09 (revoked: the respondent must act again), its decision generated."""
    case = receive(date(2026, 9, 1), parties=[applicant(name="李小红")])
    case = run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2026, 9, 2)}, version=TRUSTED)
    case = run(
        WORKFLOW,
        "conclude",
        case,
        actor=bureau,
        data={"date": date(2026, 10, 9), "outcome": "revoked"},
        version=TRUSTED,
    )
    doc = services.generate(
        for_label("reconsideration"),
        case,
        "decision",
        actor=bureau,
        data={"facts": "李小红于2026年8月1日被处罚，李小红不服。", "reasons": "处罚依据不足。"},
    )
    return ReconsiderationCase.objects.get(pk=case.pk), doc


def test_respondent_answers_by_api(served, clerk, other_clerk, bureau) -> None:  # type: ignore[no-untyped-def]
    url = f"{BASE}{served.pk}/respond/"

    def body(**kw):  # type: ignore[no-untyped-def]
        return {
            "answered_on": "2026-09-10",
            "answer_file": _pdf("答复书.pdf"),
            "evidence": [_pdf("证据一.pdf"), _pdf("证据二.pdf")],
            "version": served.version,
            **kw,
        }

    assert api(other_clerk).post(url, body(), format="multipart").status_code == 404  # another unit
    assert api(bureau).post(url, body(), format="multipart").status_code == 404  # not the respondent
    bad = api(clerk).post(url, body(answered_on="2026-09-01"), format="multipart")  # before the service
    assert bad.status_code == 400 and "不能早于通知送达日期" in str(bad.json())
    missing = api(clerk).post(url, body(answer_file=""), format="multipart")
    assert missing.status_code == 400
    stale = api(clerk).post(url, body(version=served.version - 1 or 99), format="multipart")
    assert stale.status_code == 409 and "旧版本" in stale.json()["detail"]
    served.refresh_from_db()
    assert served.answered_on is None and _audits(served, "reconsideration.respondent_answer") == 0

    r = api(clerk).post(url, body(), format="multipart")
    assert r.status_code == 201, r.json()
    served.refresh_from_db()
    assert r.json() == {"id": served.pk, "answered_on": "2026-09-10", "version": served.version}
    assert served.answered_on == date(2026, 9, 10)
    assert served.attachments.filter(kind="evidence").count() == 2
    assert _audits(served, "reconsideration.respondent_answer") == 1
    again = api(clerk).post(url, body(version=served.version), format="multipart")
    assert again.status_code == 400 and "不能重复提交" in str(again.json())


def test_publish_by_api(decided, bureau, clerk, other_clerk, leader) -> None:  # type: ignore[no-untyped-def]
    case, doc = decided
    url = f"{BASE}{case.pk}/publish/"
    ok = {"document": doc.pk, "version": case.version}
    assert api(other_clerk).post(url, ok, format="json").status_code == 404  # another unit's case
    assert api(other_clerk).get(url).status_code == 404
    refused = api(clerk).post(url, ok, format="json")  # the department's clerk does not publish
    assert refused.status_code == 403 and "复议机构" in refused.json()["detail"]
    assert api(leader).post(url, ok, format="json").status_code == 403  # leaders read only
    wrong = api(bureau).post(url, {"document": 999999, "version": case.version}, format="json")
    assert wrong.status_code == 400 and "该案件没有这份文书" in str(wrong.json())
    no_version = api(bureau).post(url, {"document": doc.pk}, format="json")
    assert no_version.status_code == 400 and "版本号" in str(no_version.json())
    stale = api(bureau).post(url, {"document": doc.pk, "version": case.version + 1}, format="json")
    assert stale.status_code == 409
    assert not Publication.objects.exists() and _audits(case, "reconsideration.document_publish") == 0

    r = api(bureau).post(url, ok, format="json")
    assert r.status_code == 201, r.json()
    text = " ".join(r.json()["text"])
    assert "李某某" in text and "李小红" not in text and ID_NUMBER not in text
    assert r.json()["number"] == doc.number and r.json()["url"] == f"/portal/reconsideration/{case.pk}/"
    assert _audits(case, "reconsideration.document_publish") == 1
    case.refresh_from_db()
    assert case.version == ok["version"] + 1  # the check bumped the case: a form built before is stale
    assert api(bureau).post(url, ok, format="json").status_code == 409
    listed = api(clerk).get(url)  # readable by the case's own unit
    assert listed.status_code == 200 and [p["number"] for p in listed.json()] == [doc.number]


def test_performance_by_api(decided, bureau, clerk, other_clerk) -> None:  # type: ignore[no-untyped-def]
    case, _doc = decided
    url, report = f"{BASE}{case.pk}/performance/", f"{BASE}{case.pk}/performance/report/"
    assert api(bureau).get(url).json() == {"applies": True, "record": None}
    assert api(other_clerk).get(url).status_code == 404
    assert (
        api(clerk).post(url, {"due_on": "2026-12-01", "version": case.version}, format="json").status_code
        == 403
    )
    bad = api(bureau).post(url, {"due_on": "2026-10-01", "version": case.version}, format="json")
    assert bad.status_code == 400 and "履行期限不能早于决定日期" in str(bad.json())
    stale = api(bureau).post(url, {"due_on": "2026-12-01", "version": case.version - 1}, format="json")
    assert stale.status_code == 409 and not Performance.objects.exists()

    r = api(bureau).post(url, {"due_on": "2026-12-01", "version": case.version}, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["due_on"] == "2026-12-01" and r.json()["state"] == "pending"
    assert _audits(case, "reconsideration.performance_open") == 1
    case.refresh_from_db()

    body = {"performed_on": "2026-11-18", "report": "已重新作出处理决定", "version": case.version}
    assert api(other_clerk).post(report, body, format="json").status_code == 404
    assert api(bureau).post(report, body, format="json").status_code == 404  # the respondent reports
    empty = api(clerk).post(report, {**body, "report": ""}, format="json")
    assert empty.status_code == 400
    assert api(clerk).post(report, {**body, "version": case.version + 5}, format="json").status_code == 409
    assert Performance.objects.get().performed_on is None
    done = api(clerk).post(report, body, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["state"] == "on_time" and done.json()["on_time"] is True
    assert _audits(case, "reconsideration.performance_report") == 1
    detail = api(bureau).get(f"{BASE}{case.pk}/").json()
    assert detail["performance"]["state_label"] == "按期履行"
    assert detail["performance"]["performed_on"] == "2026-11-18"


def test_litigation_mounts_performance_only(make_case, bureau) -> None:  # type: ignore[no-untyped-def]
    case = make_case(date(2024, 3, 1), defendant="d01")
    base = f"/api/v1/litigation/cases/{case.pk}/"
    assert api(bureau).get(f"{base}performance/").json() == {"applies": False, "record": None}
    assert api(bureau).get(f"{base}publish/").status_code == 404  # litigation publishes nothing
    assert api(bureau).post(f"{base}respond/", {}).status_code == 404
