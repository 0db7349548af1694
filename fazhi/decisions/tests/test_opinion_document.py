"""The review's opinion document (审查意见书, issue 12 item 3): uploaded with the opinion through the platform's
one upload check (DOCX/PDF by magic bytes), audited, downloadable within scope only, never public."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fazhi.audit.models import AuditEvent
from fazhi.decisions.models import LegalityReview
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)

from .helpers import review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

PDF = b"%PDF-1.4 opinion"


def _conclude(client, r, document):  # type: ignore[no-untyped-def]
    form = {"date": "2019-10-08", "opinion": "lawful", "version": r.version, "opinion_document": document}
    return client.post(f"/decisions/reviews/{r.pk}/do/conclude/", form)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def test_opinion_document_is_stored_audited_and_served_in_scope(bureau, clerk1, clerk2, units) -> None:  # type: ignore[no-untyped-def]
    r = review(clerk1, units["d01"], date(2019, 9, 27))
    resp = _conclude(page(bureau), r, SimpleUploadedFile("意见书.pdf", PDF, content_type="application/pdf"))
    assert resp.status_code == 302
    r.refresh_from_db()
    assert r.opinion_document.name.endswith(".pdf") and r.opinion == "lawful"
    event = AuditEvent.objects.filter(action="legality.conclude", object_id=str(r.pk)).get()
    assert event.diff["opinion_document"][1] == r.opinion_document.name
    html = page(clerk1).get(f"/decisions/reviews/{r.pk}/").content.decode()
    assert "下载审查意见书" in html
    for user in (bureau, clerk1):  # the desk and the submitting unit
        got = page(user).get(f"/decisions/reviews/{r.pk}/document/")
        assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
        assert got["X-Content-Type-Options"] == "nosniff" and "attachment" in got["Content-Disposition"]
    assert page(clerk2).get(f"/decisions/reviews/{r.pk}/document/").status_code == 404  # another unit
    assert Client().get(f"/decisions/reviews/{r.pk}/document/").status_code in (302, 403)
    assert r.number not in Client().get("/portal/").content.decode()  # never public


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("意见书.pdf", b"MZ\x90\x00 not a pdf"),
        ("意见书.exe", b"MZ\x90\x00"),
        ("意见书.png", b"\x89PNG\r\n\x1a\n"),
    ],
)
def test_a_file_that_is_not_docx_or_pdf_is_refused_and_nothing_changes(
    bureau, clerk1, units, name, content, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    r = review(clerk1, units["d01"], date(2019, 9, 27))
    client = page(bureau)  # (logging in is audited)
    events = AuditEvent.objects.count()
    resp = _conclude(client, r, SimpleUploadedFile(name, content))
    assert resp.status_code == 400 and "审查意见书" in resp.content.decode()
    fresh = LegalityReview.objects.get(pk=r.pk)
    assert fresh.status == "reviewing" and not fresh.opinion_document and fresh.version == r.version
    assert AuditEvent.objects.count() == events
    assert not any(tmp_path.rglob("*.*"))  # refused before anything is written


def test_no_document_means_no_download(bureau, units) -> None:  # type: ignore[no-untyped-def]
    r = review(bureau, units["d01"], date(2019, 9, 27))
    assert page(bureau).get(f"/decisions/reviews/{r.pk}/document/").status_code == 404


# --- API: ``conclude`` takes the same document as multipart (issue 12 item 6) ------------------------------


def _api_conclude(user, r, **extra):  # type: ignore[no-untyped-def]
    body = {"date": "2019-10-08", "opinion": "lawful", "version": r.version, **extra}
    fmt = "multipart" if "opinion_document" in extra else "json"
    return api(user).post(f"/api/v1/legality-reviews/{r.pk}/conclude/", body, format=fmt)


def test_api_conclude_stores_the_opinion_document_sent_as_multipart(bureau, clerk1, units) -> None:  # type: ignore[no-untyped-def]
    r = review(clerk1, units["d01"], date(2019, 9, 27))
    upload = SimpleUploadedFile("意见书.pdf", PDF, content_type="application/pdf")
    resp = _api_conclude(bureau, r, opinion_document=upload)
    assert resp.status_code == 200, resp.content
    assert resp.json()["status"] == "concluded" and resp.json()["opinion"] == "lawful"
    r.refresh_from_db()
    assert r.opinion_document.name.endswith(".pdf")
    event = AuditEvent.objects.filter(action="legality.conclude", object_id=str(r.pk)).get()
    assert event.diff["opinion_document"][1] == r.opinion_document.name
    got = page(clerk1).get(f"/decisions/reviews/{r.pk}/document/")  # served as the page's upload is
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF


def test_api_conclude_without_a_document_still_works_as_json(bureau, clerk1, units) -> None:  # type: ignore[no-untyped-def]
    r = review(clerk1, units["d01"], date(2019, 9, 27))
    resp = _api_conclude(bureau, r)
    assert resp.status_code == 200 and resp.json()["status"] == "concluded"
    assert not LegalityReview.objects.get(pk=r.pk).opinion_document


@pytest.mark.parametrize(
    ("name", "content"),
    [("意见书.pdf", b"MZ\x90\x00 not a pdf"), ("意见书.exe", b"MZ\x90\x00")],
)
def test_api_refuses_a_file_that_is_not_docx_or_pdf_and_nothing_changes(
    bureau, clerk1, units, name, content, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The page's one upload check (core.uploads: extension and magic bytes), 400 in Chinese."""
    r = review(clerk1, units["d01"], date(2019, 9, 27))
    events = AuditEvent.objects.count()
    resp = _api_conclude(bureau, r, opinion_document=SimpleUploadedFile(name, content))
    assert resp.status_code == 400 and "审查意见书" in resp.content.decode(), resp.content.decode()
    assert "opinion_document" in resp.json()  # the error names the field the client sent
    fresh = LegalityReview.objects.get(pk=r.pk)
    assert fresh.status == "reviewing" and not fresh.opinion_document and fresh.version == r.version
    assert AuditEvent.objects.count() == events
    assert not any(tmp_path.rglob("*.*"))
