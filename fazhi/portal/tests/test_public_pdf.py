"""The public PDF of a published annual report (issue 16 item 4: "the county's portal publishes its own
reports; the province portal lists all published ones"): publishing queues a file job that converts the
report with LibreOffice; the portal serves the PDF for published reports only, says so while the job has
not run, and the PDF holds the report's title and no personal data (RULES §9; 督察规定 Art 24)."""

from __future__ import annotations

import subprocess

import pytest

from fazhi.audit.models import AuditEvent
from fazhi.core import file_jobs
from fazhi.core.actions import TRUSTED, run
from fazhi.core.models import FileJob
from fazhi.core.pii import find_personal_data
from fazhi.reports import output, services
from fazhi.reports.actions import WORKFLOW
from fazhi.reports.figures import party_names
from fazhi.reports.selectors import query_for
from fazhi.testing.clients import page
from fazhi.testing.county import finish_draft

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode()


def test_the_portal_serves_the_pdf_made_on_publication(  # type: ignore[no-untyped-def]
    client, cases, gov, bureau, reviewer, leader, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    report = finish_draft(services.create_report(actor=bureau, org=gov, year=2019), bureau)
    url = f"/portal/reports/{report.pk}/report.pdf"
    run(WORKFLOW, "submit", report, actor=bureau, version=TRUSTED)
    run(WORKFLOW, "clear", report, actor=reviewer, version=TRUSTED)
    report = run(WORKFLOW, "approve", report, actor=leader, version=TRUSTED)
    # approved is not published: no PDF on the portal, none queued
    assert client.get(url).status_code == 404
    assert not FileJob.objects.filter(builder=output.PUBLIC_PDF_BUILDER).exists()

    report = run(WORKFLOW, "publish", report, actor=bureau, version=TRUSTED)
    job = FileJob.objects.get(builder=output.PUBLIC_PDF_BUILDER)
    assert job.params["pk"] == report.pk and job.status == FileJob.Status.QUEUED
    waiting = client.get(url)
    assert waiting.status_code == 503 and waiting["Retry-After"] == "30"
    assert "PDF 版本正在生成" in waiting.content.decode()

    assert file_jobs.run(job.pk) == FileJob.Status.SUCCEEDED  # what the job worker runs
    resp = client.get(url)
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert resp.content[:4] == b"%PDF"
    text = pdf_text(resp.content)
    flat = "".join(text.split())
    assert "".join(report.snapshot["title"].split()) in flat
    # no personal data: no identity number or phone, no party of the year's records
    assert find_personal_data(text, party_names(query_for(report)), where="PDF") == []
    for m in cases.made:
        for p in m["case"].plaintiffs.all():
            assert all(v not in flat for v in (p.name, p.phone, p.id_number) if v)
    # the portal's list of published reports links the PDF
    listing = client.get("/portal/reports/").content.decode()
    assert f'href="{url}"' in listing


def test_a_failed_conversion_is_said_in_chinese(  # type: ignore[no-untyped-def]
    client, cases, gov, bureau, reviewer, leader, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.FAZHI_SOFFICE = str(tmp_path / "no-soffice")  # a server without LibreOffice
    report = finish_draft(services.create_report(actor=bureau, org=gov, year=2019), bureau)
    for step, actor in (("submit", bureau), ("clear", reviewer), ("approve", leader), ("publish", bureau)):
        report = run(WORKFLOW, step, report, actor=actor, version=TRUSTED)
    job = FileJob.objects.get(builder=output.PUBLIC_PDF_BUILDER)
    assert file_jobs.run(job.pk) == FileJob.Status.FAILED
    resp = client.get(f"/portal/reports/{report.pk}/report.pdf")
    assert resp.status_code == 503 and "PDF 版本生成失败" in resp.content.decode()
    assert "LibreOffice" in resp.content.decode()
    assert not output.public_pdf_path(report).exists()


def test_a_report_published_before_the_pdf_job_gets_its_pdf_by_the_backfill(  # type: ignore[no-untyped-def]
    client, cases, gov, bureau, reviewer, leader, settings, tmp_path
) -> None:
    """Issue 16 item 4: a report published before the publication queued its PDF has none; the portal
    says so in Chinese, the internal page says so too, and ``fazhi report backfill-pdfs`` queues its job
    (once: a second run queues nothing), which LibreOffice then converts."""
    from io import StringIO

    from django.core.management import call_command

    settings.MEDIA_ROOT = str(tmp_path)
    report = finish_draft(services.create_report(actor=bureau, org=gov, year=2019), bureau)
    for step, actor in (("submit", bureau), ("clear", reviewer), ("approve", leader), ("publish", bureau)):
        report = run(WORKFLOW, step, report, actor=actor, version=TRUSTED)
    FileJob.objects.filter(builder=output.PUBLIC_PDF_BUILDER).delete()  # as if published before the job

    detail = client.get(f"/portal/reports/{report.pk}/").content.decode()
    assert 'data-testid="pdf-missing"' in detail and "PDF 版本尚未生成" in detail
    missing = client.get(f"/portal/reports/{report.pk}/report.pdf")
    assert missing.status_code == 503 and "PDF 版本尚未生成" in missing.content.decode()
    internal = page(bureau).get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="public-pdf-missing"' in internal and 'data-testid="produce-public-pdf"' in internal
    seen_by_leader = page(leader).get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="public-pdf-missing"' in seen_by_leader
    assert 'data-testid="produce-public-pdf"' not in seen_by_leader  # leaders read only

    def backfill() -> str:
        out = StringIO()
        call_command("report", "backfill-pdfs", stdout=out)
        return out.getvalue()

    said = backfill()
    assert f"[1/1] {gov.name}2019年度报告：已排队生成" in said and "共排队生成 1 份" in said
    job = FileJob.objects.get(builder=output.PUBLIC_PDF_BUILDER)
    assert job.params["pk"] == report.pk and job.user == bureau
    assert "正在生成" in backfill() and FileJob.objects.filter(builder=output.PUBLIC_PDF_BUILDER).count() == 1
    assert AuditEvent.objects.filter(action="reports.public_pdf", object_id=str(report.pk)).count() == 1

    assert file_jobs.run(job.pk) == FileJob.Status.SUCCEEDED  # what the job worker runs
    resp = client.get(f"/portal/reports/{report.pk}/report.pdf")
    assert resp.status_code == 200 and resp.content[:4] == b"%PDF"
    assert "".join(report.snapshot["title"].split()) in "".join(pdf_text(resp.content).split())
    assert "已有 PDF" in backfill() and FileJob.objects.filter(builder=output.PUBLIC_PDF_BUILDER).count() == 1
    assert (
        'data-testid="public-pdf-missing"' not in page(bureau).get(f"/reports/{report.pk}/").content.decode()
    )


def test_the_bureau_produces_a_missing_pdf_from_the_internal_page(  # type: ignore[no-untyped-def]
    cases, gov, bureau, reviewer, leader, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    report = finish_draft(services.create_report(actor=bureau, org=gov, year=2019), bureau)
    for step, actor in (("submit", bureau), ("clear", reviewer), ("approve", leader), ("publish", bureau)):
        report = run(WORKFLOW, step, report, actor=actor, version=TRUSTED)
    FileJob.objects.filter(builder=output.PUBLIC_PDF_BUILDER).delete()
    url = f"/reports/{report.pk}/public.pdf"
    assert page(leader).post(url).status_code == 403
    assert not FileJob.objects.filter(builder=output.PUBLIC_PDF_BUILDER).exists()
    assert page(bureau).post(url).status_code == 302
    assert page(bureau).post(url).status_code == 302  # a second click queues nothing more
    job = FileJob.objects.get(builder=output.PUBLIC_PDF_BUILDER)
    assert job.params == {"pk": report.pk, "public": True} and job.user == bureau
