"""Nothing personal on the portal (issue 8 item 6; RULES §9): every variant of an ID number or a phone
and every party's name in the report stops publication until the publisher confirms each hit as a
false positive; the portal page and its DOCX never show them."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from docx import Document
from rest_framework.test import APIClient

from fazhi.audit.models import AuditEvent
from fazhi.core.actions import TRUSTED, run
from fazhi.core.pii import make_id_card, mask_id
from fazhi.reports import publication, services
from fazhi.reports.actions import EDITS, WORKFLOW
from fazhi.reports.models import AnnualReport
from fazhi.testing.county import finish_draft

pytestmark = pytest.mark.django_db
ID = make_id_card("330381", date(1985, 6, 15), 42)
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.fixture(autouse=True)
def _clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


def approved_with(text, gov, bureau, reviewer, leader) -> AnnualReport:  # type: ignore[no-untyped-def]
    report = finish_draft(services.create_report(actor=bureau, org=gov, year=2019), bureau)
    run(
        EDITS,
        "section_save",
        report.sections.get(code="plans").report,
        actor=bureau,
        data={"section": report.sections.get(code="plans"), "text": text},
        version=TRUSTED,
    )
    run(WORKFLOW, "submit", report, actor=bureau, version=TRUSTED)
    run(WORKFLOW, "clear", report, actor=reviewer, version=TRUSTED)
    return run(WORKFLOW, "approve", report, actor=leader, version=TRUSTED)


VARIANTS = [
    (f"（一）联系人身份证号{ID[:6]} {ID[6:14]} {ID[14:]}。", "身份证号", mask_id(ID)),
    (f"（一）联系人身份证号{ID.translate(FULL)}。", "身份证号", mask_id(ID)),
    (f"（一）联系人身份证号{ID[:6]}{ID[8:17]}。", "身份证号", mask_id(ID[:6] + ID[8:17])),
    ("（一）咨询电话138-1234-5678。", "手机号", "138****5678"),
    ("（一）咨询电话+86 13812345678。", "手机号", "138****5678"),
    ("（一）咨询电话0577-65812345。", "固定电话", "057*****2345"),
    ("（一）咨询电话(0577)65812345。", "固定电话", "057*****2345"),
    ("（一）继续做好张三测试等原告的释法工作。", "当事人姓名", "张***"),  # a plaintiff (litigation)
    ("（一）继续做好李四测试等申请人的回访。", "当事人姓名", "李***"),  # an applicant (reconsideration)
]


@pytest.mark.parametrize(("text", "kind", "masked"), VARIANTS)
def test_each_variant_and_party_name_stops_publication(
    client, cases, recon_cases, gov, bureau, reviewer, leader, text, kind, masked
) -> None:  # type: ignore[no-untyped-def]
    report = approved_with(text, gov, bureau, reviewer, leader)
    client.force_login(bureau)
    page = client.get(f"/reports/{report.pk}/publish/").content.decode()
    assert kind in page and masked in page and "「2020年度推进法治政府建设的主要安排」第1段" in page
    assert "DOCX 第" in page  # the DOCX that would be served is checked too
    resp = client.post(f"/reports/{report.pk}/publish/", {"version": report.version})
    assert resp.status_code == 400 and "疑似个人信息" in resp.content.decode()
    resp = client.post(f"/reports/{report.pk}/do/publish/", {"version": report.version})
    assert resp.status_code == 400
    api = APIClient()
    api.force_authenticate(bureau)
    listed = api.get(f"/api/v1/reports/{report.pk}/publication-check/").json()["hits"]
    assert {(h["kind"], h["masked"]) for h in listed} == {(kind, masked)}
    resp = api.post(
        f"/api/v1/reports/{report.pk}/transitions/publish/", {"version": report.version}, format="json"
    )
    assert resp.status_code == 400 and "个人信息" in str(resp.json())
    assert AnnualReport.objects.get(pk=report.pk).status == "approved"
    assert client.get(f"/portal/reports/{report.pk}/").status_code == 404
    assert client.get(f"/portal/reports/{report.pk}/report.docx").status_code == 404
    assert not AuditEvent.objects.filter(action="reports.publish").exists()


def test_a_false_positive_is_confirmed_hit_by_hit_and_audited(
    client, cases, recon_cases, gov, bureau, reviewer, leader
) -> None:  # type: ignore[no-untyped-def]
    """A party named like a common word (和谐) is a false positive the publisher confirms."""
    recon_cases.add("d01", date(2019, 9, 2))
    case = recon_cases.made[-1]["case"]
    case.parties.update(name="和谐")
    report = approved_with("（一）构建和谐社会，推进依法行政。", gov, bureau, reviewer, leader)
    hits = publication.check(report)
    assert {(h.kind, h.value) for h in hits} == {("当事人姓名", "和谐")}
    docx_hits = [h for h in hits if h.where.startswith("DOCX")]
    assert docx_hits and len(docx_hits) * 2 == len(hits)  # each in the page text and in the DOCX
    client.force_login(bureau)
    page_only = [h.id for h in hits if h not in docx_hits]
    resp = client.post(f"/reports/{report.pk}/publish/", {"confirm": page_only, "version": report.version})
    assert resp.status_code == 400  # the DOCX hits are not confirmed yet
    assert AnnualReport.objects.get(pk=report.pk).status == "approved"
    api = APIClient()
    api.force_authenticate(bureau)
    partial = {
        "confirm": [h.id for h in docx_hits],
        "version": AnnualReport.objects.get(pk=report.pk).version,
    }
    assert (
        api.post(f"/api/v1/reports/{report.pk}/transitions/publish/", partial, format="json").status_code
        == 400
    )
    resp = client.post(
        f"/reports/{report.pk}/publish/", {"confirm": [h.id for h in hits], "version": report.version}
    )
    assert resp.status_code == 302
    report.refresh_from_db()
    assert report.status == "published"
    event = AuditEvent.objects.get(action="reports.publish", object_id=str(report.pk))
    confirmed = event.diff["confirmed_false_positives"]
    assert len(confirmed) == len(hits) and {c["masked"] for c in confirmed} == {"和*"}
    assert "和谐" not in str(event.diff)  # the audit trail keeps the masked value only
    assert "和谐" in client.get(f"/portal/reports/{report.pk}/").content.decode()


def test_a_clean_report_publishes_and_the_portal_shows_no_party_data(
    client, cases, recon_cases, gov, bureau, reviewer, leader
) -> None:  # type: ignore[no-untyped-def]
    report = approved_with("（一）持续完善依法决策机制。", gov, bureau, reviewer, leader)
    assert publication.check(report) == []
    api = APIClient()
    api.force_authenticate(bureau)
    resp = api.post(
        f"/api/v1/reports/{report.pk}/transitions/publish/", {"version": report.version}, format="json"
    )
    assert resp.status_code == 200 and resp.json()["status"] == "published"
    page = client.get(f"/portal/reports/{report.pk}/").content.decode()
    docx = client.get(f"/portal/reports/{report.pk}/report.docx").content
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    parties = [p.name for m in cases.made for p in m["case"].plaintiffs.all()]
    parties += [p.name for m in recon_cases.made for p in m["case"].parties.all()]
    assert parties
    for name in parties:
        assert name not in page and name not in text
