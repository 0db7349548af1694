"""Public portal (no login): published annual reports only, rendered from their frozen snapshot.

Nothing here reads live business data or any personal data: the snapshot holds figures (counts and
rates) and the approved text, which passed the personal-data check at publication. Other modules add
sections to the front page through their manifest (``ModuleConfig.portal_sections``); a section is
public too and must show no personal data.
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control

from fazhi.core.dates import cn_date
from fazhi.core.registry import registry
from fazhi.orgs.models import OrgUnit
from fazhi.reports import output
from fazhi.reports.selectors import published_reports
from fazhi.reports.submission import GOVERNMENT_KINDS


def index(request: HttpRequest) -> HttpResponse:
    sections = [{"section": s, "context": s.context(request) if s.context else {}} for s in registry.portal]
    return render(request, "portal/index.html", {"reports": published_reports()[:5], "sections": sections})


@cache_control(public=True, max_age=300)
def report_list(request: HttpRequest) -> HttpResponse:
    """All published reports, or with ``?gov=<code>`` one government's portal: its own reports and
    those of every government below it (a city portal lists its counties' reports)."""
    gov = None
    if request.GET.get("gov"):
        gov = get_object_or_404(OrgUnit, code=request.GET["gov"], kind__in=GOVERNMENT_KINDS)
    return render(request, "portal/report_list.html", {"reports": published_reports(gov), "gov": gov})


@cache_control(public=True, max_age=300)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(published_reports(), pk=pk)
    blocks, _ = output.report_blocks(report)
    issuer, day = output.closing(report)
    return render(
        request,
        "portal/report_detail.html",
        {
            "report": report,
            "blocks": blocks,
            "issuer": issuer,
            "signed_on": cn_date(day, empty=""),
            # a report published before the PDF job existed has none until the 司法局 produces it
            "pdf_state": output.public_pdf_state(report)[0],
        },
    )


def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(published_reports(), pk=pk)
    return _file(
        output.report_docx(report),
        output.filename(report, "docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF made on publication by the job queue (``output.public_pdf_job``), published reports only;
    while the job has not finished, a page saying so (503 with Retry-After: the browser may come back)."""
    from fazhi.core.models import FileJob

    report = get_object_or_404(published_reports().select_related("org"), pk=pk)
    path = output.public_pdf_path(report)
    if path.exists():
        return _file(path.read_bytes(), output.filename(report, "pdf"), "application/pdf")
    job = output.public_pdf_job_of(report)
    if job is not None and job.status == FileJob.Status.FAILED:
        message = f"PDF 版本生成失败：{job.message}" if job.message else "PDF 版本生成失败"
    elif job is not None:
        message = "PDF 版本正在生成，请稍后刷新本页；也可先在线阅读全文或下载 DOCX 版本。"
    else:  # published before the PDF job existed (issue 16 item 4), or its file was removed since
        message = "本报告的 PDF 版本尚未生成，请在线阅读全文或下载 DOCX 版本；PDF 版本生成后将在此提供下载。"
    resp = render(request, "portal/pdf_unavailable.html", {"report": report, "message": message}, status=503)
    resp["Retry-After"] = "30"
    return resp


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=content_type)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return resp
