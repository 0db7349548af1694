"""文书 (issue 15 item 1): DOCX in GB/T 9704 layout, numbered from the government's gap-free sequence,
stored on the case, scoped like it; the 行政复议决定书 states what 《行政复议法》第七十五条 requires."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from fazhi.audit.models import AuditEvent
from fazhi.casefiles.models import CaseDocument
from fazhi.core.actions import TRUSTED, run
from fazhi.core.models import NumberSequence
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.testing.clients import api

from .helpers import docx_text, download

BASE = "/api/v1/reconsideration/cases/"


@pytest.fixture
def accepted(receive, bureau):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    type(case).objects.filter(pk=case.pk).update(request="撤销处罚决定")
    return run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2024, 3, 4)}, version=TRUSTED)


def test_acceptance_notice_numbered_and_readable(accepted, bureau):  # type: ignore[no-untyped-def]
    client = api(bureau)
    first = client.post(
        f"{BASE}{accepted.pk}/documents/",
        {"kind": "acceptance_notice", "issued_on": "2024-03-04"},
        format="json",
    )
    assert first.status_code == 201, first.json()
    second = client.post(
        f"{BASE}{accepted.pk}/documents/",
        {"kind": "acceptance_notice", "issued_on": "2024-03-05"},
        format="json",
    )
    # Gap-free per government, kind and year: 示复受〔2024〕1号, then 2号.
    assert [first.json()["number"], second.json()["number"]] == ["示复受〔2024〕1号", "示复受〔2024〕2号"]
    content = download(client, first.json()["download"])
    text = docx_text(content)
    assert text[:3] == ["示例市人民政府", "受理通知书", "示复受〔2024〕1号"]
    assert text[3] == "张三："
    body = "".join(text)
    assert "治安管理处罚决定" in body and "2024年3月4日起予以受理" in body and "第三十条" in body
    assert text[-3:] == ["示例市人民政府", "2024年3月4日", "抄送：示例市公安局"]
    section = Document(io.BytesIO(content)).sections[0]  # GB/T 9704: 37/35/28/26 mm margins on A4
    assert (round(section.top_margin.mm), round(section.left_margin.mm), round(section.page_width.mm)) == (
        37,
        28,
        210,
    )
    events = AuditEvent.objects.filter(action="reconsideration.document_add", object_id=str(accepted.pk))
    assert sorted(e.diff["document"]["number"] for e in events) == ["示复受〔2024〕1号", "示复受〔2024〕2号"]


def test_decision_has_the_structure_the_law_requires(accepted, bureau):  # type: ignore[no-untyped-def]
    """《行政复议法》第七十五条 (parties, request, answer, facts, reasons, basis, decision) and the right to
    sue within 15 days of receipt (《行政诉讼法》第四十五条)."""
    run(
        WORKFLOW,
        "conclude",
        accepted,
        actor=bureau,
        data={"date": date(2024, 4, 20), "outcome": "revoked"},
        version=TRUSTED,
    )
    response = api(bureau).post(
        f"{BASE}{accepted.pk}/documents/",
        {
            "kind": "decision",
            "issued_on": "2024-04-20",
            "facts": "被申请人未调查取证。",
            "reasons": "事实不清。",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["number"] == "示复决〔2024〕1号"
    text = docx_text(download(api(bureau), response.json()["download"]))
    for expected in (
        "行政复议决定书",
        "申请人：张三",
        "被申请人：示例市公安局",
        "申请人请求",
        "撤销处罚决定",
        "被申请人答复",
        "本机关查明",
        "被申请人未调查取证。",
        "本机关认为",
        "事实不清。",
        "决定",
        "依照《中华人民共和国行政复议法》第六十四条的规定，本机关决定：",
    ):
        assert expected in text, expected
    assert any(p.startswith("撤销被申请人示例市公安局") for p in text)
    assert "申请人如不服本决定，可以自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼。" in text


def test_refusals_change_nothing(accepted, bureau):  # type: ignore[no-untyped-def]
    client = api(bureau)
    url = f"{BASE}{accepted.pk}/documents/"
    not_concluded = client.post(url, {"kind": "decision", "facts": "x", "reasons": "y"}, format="json")
    assert not_concluded.status_code == 400 and "尚未以复议决定审结" in str(not_concluded.json())
    run(
        WORKFLOW,
        "conclude",
        accepted,
        actor=bureau,
        data={"date": date(2024, 4, 20), "outcome": "upheld"},
        version=TRUSTED,
    )
    missing = client.post(url, {"kind": "decision"}, format="json")
    assert missing.status_code == 400 and "请填写查明事实" in str(missing.json())
    bad_kind = client.post(url, {"kind": "nonsense"}, format="json")
    assert bad_kind.status_code == 400
    assert not CaseDocument.objects.exists()
    # The refused document took no number: the sequence has no gap.
    assert not NumberSequence.objects.filter(kind__startswith="doc.").exists()


def test_scope_and_roles(accepted, bureau, clerk, other_clerk, leader):  # type: ignore[no-untyped-def]
    doc = (
        api(bureau)
        .post(f"{BASE}{accepted.pk}/documents/", {"kind": "acceptance_notice"}, format="json")
        .json()
    )
    assert api(other_clerk).get(f"{BASE}{accepted.pk}/documents/").status_code == 404
    assert api(other_clerk).get(doc["download"]).status_code == 404
    assert (
        api(clerk).get(f"{BASE}{accepted.pk}/documents/").status_code == 200
    )  # the respondent's clerk reads
    # Documents are issued by the reconsideration office; leaders only read.
    assert (
        api(clerk)
        .post(f"{BASE}{accepted.pk}/documents/", {"kind": "acceptance_notice"}, format="json")
        .status_code
        == 403
    )
    assert (
        api(leader)
        .post(f"{BASE}{accepted.pk}/documents/", {"kind": "acceptance_notice"}, format="json")
        .status_code
        == 403
    )
    assert CaseDocument.objects.count() == 1


def test_page_panel_generates_and_downloads(accepted, bureau):  # type: ignore[no-untyped-def]
    from fazhi.testing.clients import page

    client = page(bureau)
    response = client.post(
        f"/reconsideration/casefile/{accepted.pk}/documents/",
        {"kind": "answer_notice", "issued_on": "2024-03-05"},
    )
    assert response.status_code == 302
    detail = client.get(f"/reconsideration/{accepted.pk}/").content.decode()
    assert "示复答〔2024〕1号" in detail and "待送达" in detail
    doc = CaseDocument.objects.get()
    text = docx_text(download(client, f"/reconsideration/casefile/{accepted.pk}/documents/{doc.pk}/"))
    assert text[3] == "示例市公安局：" and any("十日内" in p and "第四十八条" in p for p in text)


def test_documents_carry_the_governments_signature_and_seal_text(accepted, bureau):  # type: ignore[no-untyped-def]
    """Issue 16 item 2: the 署名 and 印章文字 a government sets on its settings page (orgs.GovernmentSettings)
    print on its documents (GB/T 9704 §7.3.5: 发文机关署名 and 印章 over the 成文日期)."""
    from fazhi.orgs.models import GovernmentSettings

    government = accepted.org.government or accepted.org
    GovernmentSettings.objects.create(
        government=government, signature="示例市人民政府（印）", seal_text="示例市人民政府行政复议专用章"
    )
    client = api(bureau)
    made = client.post(
        f"{BASE}{accepted.pk}/documents/",
        {"kind": "acceptance_notice", "issued_on": "2024-03-04"},
        format="json",
    )
    text = docx_text(download(client, made.json()["download"]))
    assert text[0] == "示例市人民政府"  # the issuing organ's name in the header stays
    assert text[-4:] == [
        "示例市人民政府（印）",
        "（印章：示例市人民政府行政复议专用章）",
        "2024年3月4日",
        "抄送：示例市公安局",
    ]
