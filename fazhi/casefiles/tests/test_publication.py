"""公开 (issue 15 item 8; 《行政复议法》第七十九条: 行政复议决定书 published as the law requires): after the
office's check (the checker recorded), on the portal without login, with natural persons' names masked
wherever they appear, ID numbers and phones removed; nothing before publication or once voided."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from fazhi.audit.models import AuditEvent
from fazhi.casefiles import publication, services
from fazhi.casefiles.models import Publication
from fazhi.casefiles.registry import for_label
from fazhi.core.actions import TRUSTED, run
from fazhi.core.pii import make_credit_code
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import ID_NUMBER, PHONE, applicant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
OTHER_ID = "110101199003071234"


def test_mask_every_natural_person_and_remove_numbers() -> None:
    people = [("张三", ID_NUMBER, PHONE), ("欧阳明华", "", "")]
    out = publication.public_paragraphs(
        [
            f"申请人：张三（身份证号{ID_NUMBER}），电话{PHONE}",
            "代理人欧阳明华称，张三的邻居（证件号" + OTHER_ID + "）在场。",
        ],
        people,
    )
    assert out == ["申请人：张某（身份证号），电话", "代理人欧某某某称，张某的邻居（证件号）在场。"]


@pytest.fixture
def decided(receive, bureau):  # type: ignore[no-untyped-def]
    parties = [
        applicant(name="李小红"),
        {
            "name": "某某科技有限公司",
            "kind": "organization",
            "id_number": make_credit_code("91330381MA2A1234X"),
        },
    ]
    case = receive(date(2026, 9, 1), parties=parties)
    case = run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2026, 9, 2)}, version=TRUSTED)
    case = run(
        WORKFLOW,
        "conclude",
        case,
        actor=bureau,
        data={"date": date(2026, 10, 9), "outcome": "revoked"},
        version=TRUSTED,
    )
    cf = for_label("reconsideration")
    doc = services.generate(
        cf,
        case,
        "decision",
        actor=bureau,
        data={"facts": "李小红于2026年8月1日经营时被处罚，李小红不服。", "reasons": "处罚依据不足。"},
    )
    return case, doc


def test_publish_after_check_masks_the_applicant(decided, bureau, clerk) -> None:  # type: ignore[no-untyped-def]
    case, doc = decided
    public_url = f"/portal/reconsideration/{case.pk}/"
    assert Client().get(public_url).status_code == 404  # not before the check
    url = f"/reconsideration/casefile/{case.pk}/documents/{doc.pk}/publish/"
    assert page(clerk).get(url).status_code == 404  # the respondent's clerk does not publish
    preview = page(bureau).get(url).content.decode()
    assert "李某某" in preview and "李小红" not in preview
    r = page(bureau).post(url)
    assert r.status_code == 302
    pub = Publication.objects.get(document=doc)
    assert pub.checked_by == bureau and pub.published_on == date(2026, 11, 20)
    assert AuditEvent.objects.filter(
        action="reconsideration.document_publish", object_id=str(case.pk)
    ).exists()
    html = Client().get(public_url).content.decode()
    assert "行政复议决定书" in html and doc.number in html
    assert "李某某" in html and "李小红" not in html and ID_NUMBER not in html and PHONE not in html
    assert "某某科技有限公司" in html  # an organisation is named
    with pytest.raises(ValidationError):
        publication.publish(for_label("reconsideration"), case, doc, actor=bureau)  # once


def test_only_a_publishable_kind(decided, bureau) -> None:  # type: ignore[no-untyped-def]
    case, doc = decided
    cf = for_label("reconsideration")
    notice = services.generate(cf, case, "acceptance_notice", actor=bureau)
    with pytest.raises(ValidationError):
        publication.publish(cf, case, notice, actor=bureau)  # not a publishable kind
    publication.publish(cf, case, doc, actor=bureau)
    assert Client().get(f"/portal/reconsideration/{case.pk}/").status_code == 200
