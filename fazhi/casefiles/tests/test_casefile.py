"""卷宗 (issue 15 item 6): the file index in statutory order, the bound PDF (cover, index, every file) and
归档 — after which every write path (runner, API, pages, uploads, documents) refuses the case."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from fazhi.casefiles import casefile
from fazhi.casefiles.models import Archive
from fazhi.core import file_jobs
from fazhi.core.actions import TRUSTED, run
from fazhi.core.models import FileJob
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.reconsideration.casefiles import CASEFILES
from fazhi.reconsideration.services.attachments import add_attachment
from fazhi.testing.clients import api, page

BASE = "/api/v1/reconsideration/cases/"


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(595, 842)
    writer.write(out)
    return out.getvalue()


PDF = _pdf()


@pytest.fixture
def decided(receive, bureau):  # type: ignore[no-untyped-def]
    """Corrected, accepted and decided (维持), with the application uploaded after the notices."""
    case = receive(date(2024, 3, 1))
    run(
        WORKFLOW,
        "request_correction",
        case,
        actor=bureau,
        data={"date": date(2024, 3, 4), "items": "身份证明"},
        version=TRUSTED,
    )
    client = api(bureau)
    client.post(
        f"{BASE}{case.pk}/documents/", {"kind": "correction_notice", "issued_on": "2024-03-04"}, format="json"
    )
    run(WORKFLOW, "record_correction", case, actor=bureau, data={"date": date(2024, 3, 6)}, version=TRUSTED)
    run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2024, 3, 7)}, version=TRUSTED)
    client.post(
        f"{BASE}{case.pk}/documents/", {"kind": "acceptance_notice", "issued_on": "2024-03-07"}, format="json"
    )
    run(
        WORKFLOW,
        "conclude",
        case,
        actor=bureau,
        data={"date": date(2024, 4, 20), "outcome": "upheld"},
        version=TRUSTED,
    )
    client.post(
        f"{BASE}{case.pk}/documents/",
        {"kind": "decision", "issued_on": "2024-04-20", "facts": "事实", "reasons": "理由"},
        format="json",
    )
    add_attachment(case, actor=bureau, kind="application", upload=SimpleUploadedFile("申请书.pdf", PDF))
    case.refresh_from_db()
    return case


def decided_document(case):  # type: ignore[no-untyped-def]
    from fazhi.casefiles.services import documents_of

    return documents_of(case).get(kind="decision")


def test_index_in_statutory_order(decided, bureau):  # type: ignore[no-untyped-def]
    """The application first, then 补正, 受理, the decision — not the order they were made or uploaded."""
    titles = [i.title for i in casefile.items(CASEFILES, decided)]
    assert titles == ["复议申请书：申请书.pdf", "补正通知书", "受理通知书", "行政复议决定书"]
    listed = api(bureau).get(f"{BASE}{decided.pk}/casefile/").json()
    assert [i["title"] for i in listed["items"]] == titles and listed["archive"] is None
    assert listed["items"][3]["number"] == "示复决〔2024〕1号"
    html = page(bureau).get(f"/reconsideration/casefile/{decided.pk}/").content.decode()
    assert html.index("补正通知书") < html.index("受理通知书") < html.index("示复决〔2024〕1号")


def test_bound_pdf_has_cover_index_and_every_file(decided, bureau):  # type: ignore[no-untyped-def]
    doc = decided_document(decided)
    printed = page(bureau).get(f"/reconsideration/casefile/{decided.pk}/documents/{doc.pk}/pdf/")  # 打印
    assert printed["Content-Type"] == "application/pdf" and printed.content.startswith(b"%PDF")
    pdf, skipped = casefile.bound_pdf(CASEFILES, decided)
    # the page binds it on the job queue (issue 16 item 7) with progress per item, for the asker only
    client = page(bureau)
    started = client.post(f"/reconsideration/casefile/{decided.pk}/pdf/")
    assert started.status_code == 302 and started["Location"].startswith("/jobs/")
    job = FileJob.objects.get(pk=int(started["Location"].strip("/").split("/")[-1]))
    assert file_jobs.run(job.pk) == "succeeded"
    job.refresh_from_db()
    assert (job.done, job.total) == (5, 5) and job.file_name == f"卷宗{decided.number}.pdf"
    assert b"".join(client.get(started["Location"] + "download").streaming_content)[:4] == b"%PDF"
    reader = PdfReader(io.BytesIO(pdf))
    # cover + index (2 pages) + 1 page each for the application and the three one-page documents
    assert len(reader.pages) >= 6 and not skipped
    cover = reader.pages[0].extract_text().replace(" ", "")
    assert decided.number in cover and "卷宗" in cover and "共4件" in cover


def test_archive_makes_the_case_read_only(decided, bureau):  # type: ignore[no-untyped-def]
    client = api(bureau)
    response = client.post(
        f"{BASE}{decided.pk}/archive/",
        {"archived_on": "2024-05-10", "archive_number": "WS·2024-复议-001"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    version = decided.version
    # The runner (any transition, page or API) refuses it …
    refused = client.post(
        f"{BASE}{decided.pk}/send-copy/", {"date": "2024-05-11", "version": version}, format="json"
    )
    assert refused.status_code == 400 and "只读" in str(refused.json())
    # … so do documents, services, uploads and a second archiving.
    doc = client.post(f"{BASE}{decided.pk}/documents/", {"kind": "acceptance_notice"}, format="json")
    assert doc.status_code == 400 and "只读" in str(doc.json())
    first = client.get(f"{BASE}{decided.pk}/documents/").json()[0]
    served = client.post(
        f"{BASE}{decided.pk}/services/",
        {"document": first["id"], "method": "direct", "served_on": "2024-05-11"},
        format="json",
    )
    assert served.status_code == 400 and "只读" in str(served.json())
    upload = page(bureau).post(
        f"/reconsideration/{decided.pk}/attachments/",
        {"kind": "other", "file": SimpleUploadedFile("x.pdf", PDF)},
    )
    assert upload.status_code in (200, 302) and decided.attachments.count() == 1
    assert (
        client.post(
            f"{BASE}{decided.pk}/archive/",
            {"archived_on": "2024-05-10", "archive_number": "2"},
            format="json",
        ).status_code
        == 400
    )
    assert Archive.objects.get().archive_number == "WS·2024-复议-001"
    html = page(bureau).get(f"/reconsideration/{decided.pk}/").content.decode()
    assert "案卷只读" in html and 'data-testid="document-form"' not in html


def test_open_case_cannot_be_archived(receive, bureau):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    response = api(bureau).post(
        f"{BASE}{case.pk}/archive/", {"archived_on": "2024-03-02", "archive_number": "1"}, format="json"
    )
    assert response.status_code == 400 and "尚未办结" in str(response.json())
    assert not Archive.objects.exists()


def test_case_file_scoped(decided, other_clerk, clerk):  # type: ignore[no-untyped-def]
    assert api(other_clerk).get(f"{BASE}{decided.pk}/casefile/").status_code == 404
    assert page(other_clerk).get(f"/reconsideration/casefile/{decided.pk}/").status_code == 404
    assert page(other_clerk).post(f"/reconsideration/casefile/{decided.pk}/pdf/").status_code == 404
    assert not FileJob.objects.exists()
    assert (
        api(clerk)
        .post(
            f"{BASE}{decided.pk}/archive/",
            {"archived_on": "2024-05-10", "archive_number": "1"},
            format="json",
        )
        .status_code
        == 403
    )
