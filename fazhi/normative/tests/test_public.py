"""Public pages of the 规范性文件库 (issue 12 item 7; ``NormativeConfig.public_urls`` at /portal/normative/):
an anonymous reader opens a published document (有效/失效/已废止) and downloads its full text; drafts and
registered but unpublished documents are 404 (RULES §5: unpublished documents have no effect); nothing
internal — review opinion, meeting, drafting unit, drafter's contacts — is shown."""

from __future__ import annotations

from datetime import date
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fazhi.normative.models import NormativeDocument
from fazhi.testing.clients import pinned_clock  # noqa: F401 (fixture)

from .helpers import draft, published, review, step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<< /Title (full text) >>\n"


def _attach(actor, doc: NormativeDocument, body: bytes = PDF) -> NormativeDocument:  # type: ignore[no-untyped-def]
    return step(
        actor, doc, "attach", file=SimpleUploadedFile("送审稿.pdf", body, content_type="application/pdf")
    )


def _public(name: str, doc: NormativeDocument) -> str:
    return reverse(f"portal_normative:{name}", args=[doc.pk])


def test_anonymous_downloads_the_full_text_of_a_published_document(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """The bytes uploaded, named by the 文号 in Chinese (RFC 5987 ``filename*``), without login."""
    doc = _attach(bureau, published(bureau, units["d01"], date(2019, 4, 1), "示政发〔2019〕3号"))
    r = Client().get(_public("full_text", doc))
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == PDF
    disposition = r["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert unquote(disposition.split("filename*=utf-8''", 1)[1]) == "示政发〔2019〕3号.pdf"


def test_repealed_and_lapsed_documents_stay_public(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """已废止 documents remain in the library (their status shown), RULES §5 清理."""
    doc = published(bureau, units["d01"], date(2019, 4, 1), "示政发〔2019〕3号")
    doc = _attach(bureau, step(bureau, doc, "repeal", date=date(2019, 9, 1)))
    c = Client()
    html = c.get(_public("document", doc)).content.decode()
    assert "已废止" in html and "2019年9月1日" in html
    assert c.get(_public("full_text", doc)).status_code == 200


def test_drafts_and_unpublished_documents_are_404(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """RULES §5 (未经公布的不得施行): a draft and a registered but unpublished document are not public, even
    with a full text uploaded."""
    c = Client()
    d = draft(bureau, units["d01"], "示政发〔2019〕8号")
    registered = _attach(
        bureau,
        step(bureau, draft(bureau, units["d02"], "示政发〔2019〕9号"), "register", date=date(2019, 3, 1)),
    )
    for doc in (d, registered):
        assert c.get(_public("document", doc)).status_code == 404
        assert c.get(_public("full_text", doc)).status_code == 404
    assert "示政发〔2019〕9号" not in c.get("/portal/").content.decode()


def test_public_page_shows_public_fields_and_nothing_internal(bureau, clerk1, units) -> None:  # type: ignore[no-untyped-def]
    """政务公开: title, 文号, 统一编号, 制定机关, dates and the full text; never the review (number, opinion,
    reasons), the meeting, the drafting unit or the drafter's name and phone."""
    clerk1.phone = "13912345678"
    clerk1.save()
    doc = draft(clerk1, units["d01"], "示政发〔2019〕3号", title="关于生活垃圾分类的办法")
    r = review(bureau, doc, date(2019, 3, 20), opinion="unlawful")
    second = review(bureau, doc, date(2019, 3, 25))
    doc = step(bureau, doc, "decide", date=date(2019, 3, 27), meeting="第九次常务会议")
    doc = step(bureau, doc, "register", date=date(2019, 3, 28))
    doc = _attach(bureau, step(bureau, doc, "publish", date=date(2019, 4, 1), valid_years=5))
    html = Client().get(_public("document", doc)).content.decode()
    assert (
        "关于生活垃圾分类的办法" in html and "示政发〔2019〕3号" in html and doc.registration_number in html
    )
    assert units["gov"].name in html and "2024年3月31日" in html  # 制定机关; term of 5 years
    assert _public("full_text", doc) in html
    internal = [r.number, second.number, "第三条缺乏上位法依据", "第九次常务会议", units["d01"].name]
    internal += [clerk1.username, "13912345678", "139****5678", "合法性审核", "备案"]
    assert [t for t in internal if t in html] == []


def test_portal_library_links_each_document_and_its_full_text(
    bureau, units, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    """The section of the portal's front page links the public page and the full text, in a constant
    number of queries (the full-text flag is an annotation, not a query per row)."""
    with_text = _attach(bureau, published(bureau, units["d01"], date(2019, 4, 1), "示政发〔2019〕3号"))
    without = published(bureau, units["d02"], date(2019, 5, 6), "示政发〔2019〕4号")
    for i in range(5, 9):
        published(bureau, units["d02"], date(2019, 6, i), f"示政发〔2019〕{i}号")
    c = Client()
    c.get("/portal/")  # warm per-process caches (site settings, registry)
    with django_assert_max_num_queries(8):
        html = c.get("/portal/").content.decode()
    assert _public("document", with_text) in html and _public("full_text", with_text) in html
    assert _public("document", without) in html and _public("full_text", without) not in html
