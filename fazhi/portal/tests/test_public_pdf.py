"""The public PDF of a published annual report (issue 16 item 4: "the county's portal publishes its own
reports; the province portal lists all published ones"): publishing queues a file job that converts the
report with LibreOffice; the portal serves the PDF for published reports only, says so while the job has
not run, and the PDF holds the report's title and no personal data (RULES §9; 督察规定 Art 24)."""

from __future__ import annotations

import subprocess

import pytest

from fazhi.core import file_jobs
from fazhi.core.actions import TRUSTED, run
from fazhi.core.models import FileJob
from fazhi.core.pii import find_personal_data
from fazhi.reports import output, services
from fazhi.reports.actions import WORKFLOW
from fazhi.reports.figures import party_names
from fazhi.reports.selectors import query_for
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
