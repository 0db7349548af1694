"""The case file (卷宗): every document and attachment in statutory order, and the bound PDF (cover, index,
then each item) made by LibreOffice through ``fazhi.reports.pdf`` (the platform's one converter) in a
background job (``core.file_jobs``, ``pdf_job``) with progress per item."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from fazhi.core.dates import cn_date

from .archive import archive_of
from .declare import CaseFiles, FileEntry
from .services import documents_of

SERVICE_ORDER_STEP = 0.5  # a document's 送达回证 follows the document itself


@dataclass(frozen=True)
class Item:
    order: float
    title: str
    on: date | None
    number: str
    filename: str
    open: Any
    url: str = ""


def items(cf: CaseFiles, case: Any) -> list[Item]:
    """The file index in statutory order (the declared ``order`` of each kind and attachment), then by date."""
    from django.urls import reverse

    orders = {k.code: k.order for k in cf.kinds}
    out: list[Item] = []
    for doc in documents_of(case).select_related("service"):
        url = reverse(f"casefiles_{cf.label}:document_download", kwargs={"pk": case.pk, "doc": doc.pk})
        out.append(
            Item(
                orders.get(doc.kind, 999),
                doc.title,
                doc.issued_on,
                doc.number,
                doc.filename,
                _reader(doc.file),
                url,
            )
        )
        service = getattr(doc, "service", None)
        if service is not None and service.receipt:
            out.append(
                Item(
                    orders.get(doc.kind, 999) + SERVICE_ORDER_STEP,
                    f"{doc.title}送达回证（{service.get_method_display()}）",
                    service.served_on,
                    "",
                    service.receipt_name,
                    _reader(service.receipt),
                )
            )
    for entry in cf.attachments(case):
        out.append(_from_entry(entry))
    return sorted(out, key=lambda i: (i.order, i.on or date.min, i.title))


def _from_entry(e: FileEntry) -> Item:
    return Item(e.order, e.title, e.on, "", e.filename, e.open, e.url)


def _reader(field: Any) -> Any:
    def read() -> bytes:
        with field.open("rb") as f:
            return f.read()

    return read


def _cover_and_index(cf: CaseFiles, case: Any, rows: list[Item]) -> bytes:
    doc = Document()
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    archive = archive_of(case)
    for text, size in (
        (str(case.org.government.name if getattr(case.org, "government", None) else case.org.name), 22),
        (f"{case._meta.verbose_name}卷宗", 26),
        (f"案号：{case}", 16),
        (f"档号：{archive.archive_number}" if archive else "档号：（未归档）", 16),
        (f"归档日期：{cn_date(archive.archived_on)}" if archive else "", 16),
        (f"共 {len(rows)} 件", 16),
    ):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(18)
        if text:
            p.add_run(text).font.size = Pt(size)
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    h = doc.add_paragraph()
    h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    h.add_run("卷内文件目录").font.size = Pt(22)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("序号", "文件名称", "文号", "日期"), strict=True):
        cell.text = text
    for n, row in enumerate(rows, 1):
        cells = table.add_row().cells
        for cell, text in zip(cells, (str(n), row.title, row.number or "—", cn_date(row.on)), strict=True):
            cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _image_docx(data: bytes) -> bytes:
    doc = Document()
    doc.add_picture(io.BytesIO(data), width=Mm(150))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def bound_pdf(
    cf: CaseFiles, case: Any, progress: Callable[[int, int], None] | None = None
) -> tuple[bytes, list[str]]:
    """(the PDF, the titles that could not be bound — e.g. OFD, which LibreOffice does not read);
    ``progress(done, total)`` is told after the cover and after each item."""
    from fazhi.reports.pdf import docx_to_pdf

    rows = items(cf, case)
    writer = PdfWriter()
    skipped: list[str] = []
    report = progress or (lambda done, total: None)

    def add(pdf: bytes) -> None:
        for page in PdfReader(io.BytesIO(pdf)).pages:
            writer.add_page(page)

    report(0, len(rows) + 1)
    add(docx_to_pdf(_cover_and_index(cf, case, rows)))
    report(1, len(rows) + 1)
    for i, row in enumerate(rows):
        report(i + 1, len(rows) + 1)
        ext = PurePath(row.filename).suffix.lower()
        data = row.open()
        if ext == ".pdf":
            try:
                add(data)
            except PdfReadError:  # an uploaded file that only claims to be a PDF: listed, not bound
                skipped.append(row.title)
        elif ext in (".docx", ".doc"):
            add(docx_to_pdf(data))
        elif ext in (".jpg", ".jpeg", ".png"):
            add(docx_to_pdf(_image_docx(data)))
        else:
            skipped.append(row.title)
    report(len(rows) + 1, len(rows) + 1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), skipped


def pdf_job(job: Any, progress: Callable[[int, int], None]) -> tuple[bytes, str, str]:
    """The bound PDF as a background file (``core.file_jobs``): converting every document takes longer than
    a request. The asker must still see the case (scope re-checked in the worker)."""
    from fazhi.reports.pdf import PdfUnavailable

    from .registry import for_label

    cf = for_label(job.params["label"])
    case = cf.scoped(job.user).filter(pk=job.params["pk"]).first()
    if case is None:
        raise PermissionDenied("您无权查看该案件的卷宗")
    try:
        pdf, skipped = bound_pdf(cf, case, progress)
    except PdfUnavailable as e:
        raise ValidationError(str(e)) from None
    return pdf, pdf_name(case), "application/pdf"


def pdf_name(case: Any) -> str:
    number = getattr(case, "number", "") or str(case.pk)
    return f"卷宗{number}.pdf"
