"""Pages of 行政规范性文件: list filters and search, the gate on the page, the cleanup page, scope (404),
the portal's 规范性文件库 (public fields only) and constant query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.normative.models import NormativeDocument, Status
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)

from .helpers import draft, published, review, step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
LIST = reverse("normative:document_list")


def test_publish_form_is_refused_without_a_review(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """国办发〔2018〕115号 on the page: the 统一发布 form is not offered, and a forged POST is a 400 in Chinese."""
    d = step(bureau, draft(bureau, units["d01"]), "register", date=date(2019, 3, 1))
    c = page(bureau)
    detail = c.get(reverse("normative:document_detail", args=[d.pk])).content.decode()
    assert "尚未送审" in detail and 'data-testid="form-publish"' not in detail
    url = reverse("normative:document_action", args=[d.pk, "publish"])
    r = c.post(url, {"date": "2019-04-01", "valid_years": "5", "version": d.version})
    assert r.status_code == 400 and "未经合法性审核" in r.content.decode()
    assert NormativeDocument.objects.get(pk=d.pk).status == Status.REGISTERED


def test_detail_links_the_review_and_publishes_after_it(bureau, units) -> None:  # type: ignore[no-untyped-def]
    d = step(bureau, draft(bureau, units["d01"]), "register", date=date(2019, 3, 1))
    r = review(bureau, d, date(2019, 3, 10))
    d = step(bureau, d, "decide", date=date(2019, 3, 20))
    c = page(bureau)
    detail = c.get(reverse("normative:document_detail", args=[d.pk])).content.decode()
    assert r.number in detail and 'data-testid="form-publish"' in detail
    url = reverse("normative:document_action", args=[d.pk, "publish"])
    assert c.post(url, {"date": "2019-04-01", "valid_years": "5", "version": d.version}).status_code == 302
    assert NormativeDocument.objects.get(pk=d.pk).status == Status.PUBLISHED


def test_list_searches_title_and_doc_number_and_filters(bureau, units) -> None:  # type: ignore[no-untyped-def]
    published(bureau, units["d01"], date(2019, 4, 1), "示政发〔2019〕3号", title="关于生活垃圾分类的办法")
    published(bureau, units["d02"], date(2018, 4, 1), "示政办发〔2018〕7号", title="关于养老服务补贴的办法")
    c = page(bureau)
    assert "生活垃圾分类" in c.get(LIST, {"q": "示政发"}).content.decode()
    assert "养老服务补贴" not in c.get(LIST, {"q": "示政发"}).content.decode()
    assert "示政办发〔2018〕7号" in c.get(LIST, {"q": "养老"}).content.decode()
    assert "示政发〔2019〕3号" not in c.get(LIST, {"year": "2018"}).content.decode()
    assert (
        "示政发〔2019〕3号"
        in c.get(LIST, {"status": "published", "issuer": units["gov"].pk}).content.decode()
    )


def test_other_departments_draft_is_404(clerk1, clerk2, units) -> None:  # type: ignore[no-untyped-def]
    d = draft(clerk1, units["d01"])
    assert page(clerk2).get(reverse("normative:document_detail", args=[d.pk])).status_code == 404
    assert "示政发〔2019〕3号" not in page(clerk2).get(LIST).content.decode()
    assert page(clerk1).get(reverse("normative:document_detail", args=[d.pk])).status_code == 200


def test_list_query_count_is_constant(bureau, units, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for i in range(1, 13):
        published(bureau, units["d01" if i % 2 else "d02"], date(2019, 4, 1), f"示政发〔2019〕{i}号")
    c = page(bureau)
    with django_assert_max_num_queries(14):
        assert c.get(LIST).status_code == 200
    with django_assert_max_num_queries(14):
        assert c.get("/api/v1/normative/documents/").status_code == 200


def test_cleanup_page_applies_all_or_nothing(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """RULES §5 清理 on the page: every document in force gets a decision; a bad one changes nothing."""
    a = published(bureau, units["d01"], date(2024, 4, 1), "示政发〔2024〕1号")
    b = published(bureau, units["d02"], date(2024, 5, 1), "示政发〔2024〕2号")
    c = page(bureau)
    url = reverse("normative:cleanup")
    assert "示政发〔2024〕2号" in c.get(url).content.decode()
    r = c.post(url, {f"d{a.pk}": "repeal", f"d{b.pk}": "nonsense"})
    assert r.status_code == 400 and "清理决定" in r.content.decode()
    assert NormativeDocument.objects.get(pk=a.pk).status == Status.PUBLISHED
    assert c.post(url, {f"d{a.pk}": "repeal", f"d{b.pk}": "keep"}).status_code == 302
    assert NormativeDocument.objects.get(pk=a.pk).status == Status.REPEALED


def test_portal_library_shows_published_documents_and_nothing_internal(bureau, units, client) -> None:  # type: ignore[no-untyped-def]
    """规范性文件库 (政务公开, no login): 有效/失效/已废止 documents with 文号 and 统一编号; no drafts, no review
    opinions or reasons, no drafting unit's staff."""
    d = published(bureau, units["d01"], date(2019, 4, 1), "示政发〔2019〕3号", title="关于生活垃圾分类的办法")
    draft(bureau, units["d01"], "示政发〔2019〕9号", title="关于内部草稿的办法")
    html = client.get("/portal/").content.decode()
    assert "规范性文件库" in html and "示政发〔2019〕3号" in html and d.registration_number in html
    assert "内部草稿" not in html and "合法性审核" not in html and "送审稿" not in html
    found = client.get("/portal/", {"nq": "垃圾"}).content.decode()
    assert "示政发〔2019〕3号" in found
    assert "示政发〔2019〕3号" not in client.get("/portal/", {"nq": "养老"}).content.decode()


def test_full_text_upload_checks_the_file(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """全文 through the platform's one upload check (``core.uploads``): a PDF is kept, a renamed file refused."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.normative.models import FullText

    d = step(bureau, draft(bureau, units["d01"]), "register", date=date(2019, 3, 1))
    c = page(bureau)
    url = reverse("normative:document_action", args=[d.pk, "attach"])
    fake = SimpleUploadedFile("全文.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf")
    r = c.post(url, {"file": fake, "version": d.version})
    assert r.status_code == 400 and "内容与文件类型不符" in r.content.decode()
    assert not FullText.objects.exists()
    pdf = SimpleUploadedFile("全文.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", content_type="application/pdf")
    assert c.post(url, {"file": pdf, "version": d.version}).status_code == 302
    r = c.get(reverse("normative:full_text", args=[d.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")


def test_lapse_command_ends_expired_documents(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """RULES §5: an expired document lapses automatically (``manage.py normative_lapse``, run daily)."""
    import io

    from django.core.management import call_command

    from .helpers import published

    d = published(bureau, units["d01"], date(2019, 4, 1), "示政发〔2019〕3号", years=2, title="试行办法")
    out = io.StringIO()
    call_command("normative_lapse", "--date", "2021-04-02", stdout=out)
    d.refresh_from_db()
    assert d.status == Status.LAPSED and "1 件" in out.getvalue()
