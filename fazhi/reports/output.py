"""The annual report as blocks, DOCX, PDF and JSON — from the snapshot once approved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from . import docx_build
from .compose import Block, document_blocks
from .figures import Figure, FigureQuery, as_json
from .models import AnnualReport
from .pdf import docx_to_pdf, font_map
from .selectors import report_figures, section_views


def report_blocks(report: AnnualReport) -> tuple[list[Block], dict[str, Figure]]:
    figures = report_figures(report)
    title = report.snapshot["title"] if report.is_frozen else report.title
    return document_blocks(title, section_views(report), figures), figures


def closing(report: AnnualReport) -> tuple[str, Any]:
    issuer = report.snapshot["issuer"] if report.is_frozen else report.issuer
    return issuer, report.signed_on or report.planned_publication_on


def report_docx(report: AnnualReport, for_pdf: bool = False) -> bytes:
    blocks, _ = report_blocks(report)
    issuer, day = closing(report)
    return docx_build.build(blocks, issuer, day, font_map=font_map() if for_pdf else None, for_pdf=for_pdf)


def report_pdf(report: AnnualReport) -> bytes:
    return docx_to_pdf(report_docx(report, for_pdf=True))


def pdf_job(job: Any, progress: Any) -> tuple[bytes, str, str]:
    """The PDF as a background file (``core.file_jobs``): LibreOffice takes seconds to minutes. The asker
    must still see the report (scope re-checked in the worker); a missing converter is a Chinese failure."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from .pdf import PdfUnavailable
    from .selectors import reports_for

    report = reports_for(job.user).filter(pk=job.params["pk"]).first()
    if report is None:
        raise PermissionDenied("您无权下载该报告")
    progress(0, 2)
    docx = report_docx(report, for_pdf=True)
    progress(1, 2)
    try:
        pdf = docx_to_pdf(docx)
    except PdfUnavailable as e:
        raise ValidationError(str(e)) from None
    progress(2, 2)
    return pdf, filename(report, "pdf"), "application/pdf"


#: The job that makes a published report's public PDF (queued by the publish step, ``actions._publish``).
PUBLIC_PDF_BUILDER = "fazhi.reports.output.public_pdf_job"


def public_pdf_path(report: AnnualReport) -> Path:
    """Where the portal's PDF of a published report is kept: ``MEDIA_ROOT/public_reports/`` (the shared
    storage of every app server; not the job outputs, which are deleted after a day). A published report
    never changes (its snapshot is frozen), so one file per report."""
    return Path(settings.MEDIA_ROOT) / "public_reports" / f"{report.pk}.pdf"


def queue_public_pdf(report: AnnualReport, actor: Any) -> Any:
    """Queue the public PDF of ``report`` (in the caller's transaction: queued once it commits)."""
    from fazhi.core import file_jobs

    return file_jobs.start(
        title=f"公开版PDF：{filename(report, 'pdf')}",
        builder=PUBLIC_PDF_BUILDER,
        user=actor,
        params={"pk": report.pk, "public": True},
    )


def public_pdf_job_of(report: AnnualReport) -> Any:
    """The latest public-PDF job of ``report`` (None when none was queued)."""
    from fazhi.core.models import FileJob

    return FileJob.objects.filter(builder=PUBLIC_PDF_BUILDER, params__pk=report.pk).order_by("-id").first()


class PublicPdf:
    """Where a published report's public PDF stands (``public_pdf_state``)."""

    READY = "ready"  # the file is there
    QUEUED = "queued"  # a job is queued or running
    FAILED = "failed"  # the last job failed (the message says why)
    MISSING = "missing"  # never queued: published before the job existed (issue 16 item 4)


def public_pdf_state(report: AnnualReport) -> tuple[str, Any]:
    """(``PublicPdf`` state, latest job or None) of a published report's public PDF."""
    from fazhi.core.models import FileJob

    if public_pdf_path(report).exists():
        return PublicPdf.READY, None
    job = public_pdf_job_of(report)
    if job is None:
        return PublicPdf.MISSING, None
    if job.status == FileJob.Status.FAILED:
        return PublicPdf.FAILED, job
    if job.status == FileJob.Status.SUCCEEDED:  # the kept file was removed since: make it again
        return PublicPdf.MISSING, job
    return PublicPdf.QUEUED, job


def produce_public_pdf(report: AnnualReport, *, actor: Any, request: Any = None) -> Any:
    """Queue the public PDF of a published report that has none and none on its way (a report published
    before the job existed, or whose conversion failed): the 司法局 of the report's government only,
    audited. Returns the job, or None when there is nothing to do (idempotent)."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import transaction

    from fazhi.audit.services import record
    from fazhi.orgs.scope import ensure_own_government

    from . import roles

    if not roles.can_edit(actor):
        raise PermissionDenied("只有司法局工作人员可以生成公开版 PDF")
    ensure_own_government(actor, report.org)
    if report.status != AnnualReport.Status.PUBLISHED:
        raise ValidationError("报告尚未公开，不生成公开版 PDF")
    with transaction.atomic():
        locked = AnnualReport.objects.select_for_update().select_related("org").get(pk=report.pk)
        if public_pdf_state(locked)[0] not in (PublicPdf.MISSING, PublicPdf.FAILED):
            return None
        job = queue_public_pdf(locked, actor)
        record("reports.public_pdf", actor=actor, obj=locked, request=request, changes={"job": job.pk})
    return job


def backfill_public_pdfs(*, actor: Any = None, out: Any = None) -> tuple[int, int]:
    """Queue the public PDF of every published report without one and none on its way (issue 16 item 4:
    reports published before the job existed). Idempotent: a report whose PDF is there or queued is
    skipped, so a second run queues nothing. ``actor``: whom the jobs are for (default: the report's
    last editor, who published it); ``out``: a writer of one progress line per report. Returns
    (queued, skipped)."""
    from .selectors import published_reports

    reports = list(published_reports())
    queued = skipped = 0
    for i, report in enumerate(reports, 1):
        state, _job = public_pdf_state(report)
        asker = actor or report.updated_by or report.created_by
        if state in (PublicPdf.MISSING, PublicPdf.FAILED) and asker is None:
            skipped += 1
            said = "无法确定申请人，请用 --user 指定"
        elif state in (PublicPdf.MISSING, PublicPdf.FAILED):
            queue_for(report, asker)
            queued += 1
            said = "已排队生成" if state == PublicPdf.MISSING else "上次生成失败，已重新排队"
        else:
            skipped += 1
            said = "已有 PDF" if state == PublicPdf.READY else "正在生成"
        if out is not None:
            out(f"[{i}/{len(reports)}] {report.org.name}{report.year}年度报告：{said}")
    return queued, skipped


def queue_for(report: AnnualReport, actor: Any) -> Any:
    """One report's job in its own transaction (queued on its commit, whatever the next report does)."""
    from django.db import transaction

    from fazhi.audit.services import record

    with transaction.atomic():
        job = queue_public_pdf(report, actor)
        record("reports.public_pdf", actor=actor, obj=report, changes={"job": job.pk, "backfill": True})
    return job


def public_pdf_job(job: Any, progress: Any) -> tuple[bytes, str, str]:
    """The public PDF of a published report, converted by LibreOffice in a job worker and kept at
    ``public_pdf_path`` for the portal (written to a temporary name, then renamed: never half a file)."""
    from django.core.exceptions import ValidationError

    from .pdf import PdfUnavailable

    report = (
        AnnualReport.objects.filter(pk=job.params["pk"], status=AnnualReport.Status.PUBLISHED)
        .select_related("org")
        .first()
    )
    if report is None:
        raise ValidationError("报告尚未公开，不生成公开版 PDF")
    progress(0, 2)
    docx = report_docx(report, for_pdf=True)
    progress(1, 2)
    try:
        pdf = docx_to_pdf(docx)
    except PdfUnavailable as e:
        raise ValidationError(str(e)) from None
    path = public_pdf_path(report)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{job.pk}.tmp")
    tmp.write_bytes(pdf)
    tmp.replace(path)
    progress(2, 2)
    return pdf, filename(report, "pdf"), "application/pdf"


def report_json(report: AnnualReport) -> dict[str, Any]:
    if report.is_frozen:
        return {
            "year": report.year,
            "scope": report.org.name,
            "figures": {k: v["value"] for k, v in report.snapshot["figures"].items()},
        }
    return as_json(FigureQuery.for_year(report.year, report.org), report.org.name)


def filename(report: AnnualReport, ext: str) -> str:
    return f"{report.org.name}{report.year}年度法治政府建设工作情况报告.{ext}"
