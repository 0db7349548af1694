"""DOCX in GB/T 9704-2012 layout (RULES §8) and the PDF by LibreOffice headless."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from fazhi.core import file_jobs
from fazhi.core.actions import TRUSTED, run
from fazhi.core.models import FileJob
from fazhi.reports import docx_build, services
from fazhi.reports.actions import EDITS
from fazhi.reports.output import report_blocks, report_docx
from fazhi.reports.pdf import MISSING_MESSAGE, PdfUnavailable, docx_to_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(cases, gov, bureau):  # type: ignore[no-untyped-def]
    report = services.create_report(actor=bureau, org=gov, year=2019)
    run(
        EDITS,
        "update",
        report,
        actor=bureau,
        data={
            "title": report.title,
            "issuer": report.issuer,
            "planned_publication_on": date(2020, 3, 23),
            "signed_on": date(2020, 3, 23),
        },
        version=TRUSTED,
    )
    section = report.sections.get(code="plans")
    long = "\n".join(
        f"（{n}）继续推进第{n}项工作。" + "依法行政，严格规范公正文明执法，" * 6 + "确保落实。"
        for n in "一二三四五六"
    )
    run(
        EDITS,
        "section_save",
        section.report,
        actor=bureau,
        data={"section": section, "text": long},
        version=TRUSTED,
    )
    report.refresh_from_db()
    return report


def east_asia(el) -> str:  # type: ignore[no-untyped-def]
    rpr = el.find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return rfonts.get(qn("w:eastAsia")) if rfonts is not None else ""


def test_page_geometry_and_grid(report) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(report_docx(report)))
    sec = doc.sections[0]

    def mm(length) -> float:  # type: ignore[no-untyped-def]
        return round(length.mm, 1)  # stored in twips: 37 mm is 2098 twips

    assert (mm(sec.page_width), mm(sec.page_height)) == (210, 297)
    assert tuple(mm(m) for m in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)) == (
        37,
        35,
        28,
        26,
    )
    grid = sec._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    pitch = int(grid.get(qn("w:linePitch")))
    assert abs(pitch / 20 - 28.95) < 0.05  # 22 lines in the 225 mm 版心
    assert round((225 / 25.4 * 72) / (pitch / 20)) == 22
    char_pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert round((156 / 25.4 * 72) / char_pitch) == 28  # 28 characters in the 156 mm line
    body = doc.styles[docx_build.STYLE_BODY].element.find(qn("w:pPr")).find(qn("w:spacing"))
    assert body.get(qn("w:lineRule")) == "exact" and int(body.get(qn("w:line"))) == pitch


def test_fonts_sizes_and_heading_styles(report) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(report_docx(report)))
    expect = {
        docx_build.STYLE_TITLE: ("方正小标宋简体", 22),
        docx_build.STYLE_H1: ("黑体", 16),
        docx_build.STYLE_H2: ("楷体_GB2312", 16),
        docx_build.STYLE_BODY: ("仿宋_GB2312", 16),
        "Normal": ("仿宋_GB2312", 16),
    }
    for name, (font, size) in expect.items():
        style = doc.styles[name]
        assert style.font.size == Pt(size), name
        assert style.font.name == font, name
        assert east_asia(style.element) == font, name
    assert doc.styles[docx_build.STYLE_TITLE].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    paras = doc.paragraphs
    assert paras[0].style.name == docx_build.STYLE_TITLE and paras[0].text.replace("\n", "") == report.title
    h1 = [p.text for p in paras if p.style.name == docx_build.STYLE_H1]
    assert h1[0].startswith("一、") and h1[1].startswith("二、") and len(h1) == 4
    h2 = [p.text for p in paras if p.style.name == docx_build.STYLE_H2]
    assert h2 and all(t.startswith("（") for t in h2)
    _, figures = report_blocks(report)
    body = "\n".join(p.text for p in paras)
    assert f"审结行政诉讼案件{figures['litigation.concluded'].value}件" in body
    assert "{{" not in body


def test_closing_issuer_and_date_and_page_numbers(report) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(report_docx(report)))
    assert [p.text for p in doc.paragraphs[-2:]] == [report.issuer, "2020年3月23日"]
    assert doc.paragraphs[-1].style.name == docx_build.STYLE_CLOSING
    assert doc.settings.odd_and_even_pages_header_footer
    sec = doc.sections[0]
    for footer, align in (
        (sec.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = footer.paragraphs[0]
        assert p.alignment == align  # outer side: odd pages right, even pages left
        assert "PAGE" in p._p.xml and p.text.startswith("— ") and p.text.endswith(" —")
        for text_run in p.runs:
            assert text_run.font.size == Pt(14) and east_asia(text_run._r) == "宋体"


def test_libreoffice_converts_to_the_expected_pages(report) -> None:  # type: ignore[no-untyped-def]
    assert shutil.which("soffice") and shutil.which("pdftotext"), "LibreOffice and poppler-utils: make system"
    pdf = docx_to_pdf(report_docx(report, for_pdf=True))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    page_texts = [t for t in text.split("\f") if t.strip()]
    # The text needs this many 28-character lines at least; 22 lines a page.
    _, figures = report_blocks(report)
    assert len(page_texts) == pages >= 2
    for n, page_text in enumerate(page_texts, start=1):
        assert re.search(rf"—\s*{n}\s*—", page_text), n  # every page carries its own number
        lines = [ln for ln in page_text.splitlines() if ln.strip()]
        assert len(lines) <= 22 + 1  # 22 text lines + the page number
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", report.title) in flat
    assert f"审结行政诉讼案件{figures['litigation.concluded'].value}件" in flat
    assert "2020年3月23日" in flat
    # 28 characters a line: the longest line of full-width characters only (digits are half width).
    cjk_lines = [re.sub(r"\s+", "", ln) for ln in text.splitlines() if not re.search(r"[0-9A-Za-z%—]", ln)]
    assert max(len(ln) for ln in cjk_lines) == 28


def test_pdf_message_when_libreoffice_is_missing(client, report, bureau, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FAZHI_SOFFICE = "/nonexistent/soffice"
    with pytest.raises(PdfUnavailable, match="LibreOffice"):
        docx_to_pdf(b"")
    client.force_login(bureau)
    job_url = client.post(f"/reports/{report.pk}/report.pdf")["Location"]
    assert file_jobs.run(int(job_url.strip("/").split("/")[-1])) == "failed"
    page = client.get(job_url).content.decode()
    assert 'data-status="failed"' in page and MISSING_MESSAGE in page


def test_docx_and_pdf_downloads(client, report, bureau) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bureau)
    resp = client.get(f"/reports/{report.pk}/report.docx")
    assert resp.status_code == 200 and resp.content[:2] == b"PK"
    assert "filename*=UTF-8''" in resp["Content-Disposition"]
    # the PDF is converted on the job queue (issue 16 item 7), never in the request
    assert client.get(f"/reports/{report.pk}/report.pdf").status_code == 405
    resp = client.post(f"/reports/{report.pk}/report.pdf")
    assert resp.status_code == 302 and resp["Location"].startswith("/jobs/")
    job = FileJob.objects.get(pk=int(resp["Location"].strip("/").split("/")[-1]))
    assert (job.user, job.builder, job.status) == (bureau, "fazhi.reports.output.pdf_job", "queued")
    assert 'data-status="queued"' in client.get(resp["Location"]).content.decode()
    assert file_jobs.run(job.pk) == "succeeded"
    job.refresh_from_db()
    assert (job.done, job.total) == (2, 2)
    assert 'data-status="succeeded"' in client.get(resp["Location"]).content.decode()
    data = b"".join(client.get(resp["Location"] + "download").streaming_content)
    assert data[:4] == b"%PDF"


def test_pdf_job_rechecks_the_askers_scope(client, report, bureau) -> None:  # type: ignore[no-untyped-def]
    """The worker re-reads the report as the asker: a job whose report the user no longer sees fails."""
    from fazhi.orgs.models import Role
    from fazhi.testing.factories import make_user, second_county

    stranger = make_user(Role.BUREAU, second_county(None, code="zx", name="丙县")["sfj"], username="zx_b")
    client.force_login(stranger)
    assert client.post(f"/reports/{report.pk}/report.pdf").status_code == 404
    job = FileJob.objects.create(
        title="x", builder="fazhi.reports.output.pdf_job", user=stranger, params={"pk": report.pk}
    )
    assert file_jobs.run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.message == "您无权下载该报告" and not job.path


def test_the_annual_report_is_signed_as_the_government_set_it(cases, gov, bureau) -> None:  # type: ignore[no-untyped-def]
    """Issue 16 item 2: the 署名 a government sets on its settings page signs its annual report's DOCX
    (GB/T 9704 §7.3.5.3: 署名 then 成文日期 at the end; a published report carries no seal, so no 印章文字)."""
    from fazhi.orgs.models import GovernmentSettings

    GovernmentSettings.objects.create(
        government=gov, signature="示例市人民政府办公室", seal_text="示例市人民政府"
    )
    report = services.create_report(actor=bureau, org=gov, year=2019)
    paragraphs = [p.text for p in Document(io.BytesIO(report_docx(report))).paragraphs if p.text.strip()]
    assert paragraphs[-2:] == ["示例市人民政府办公室", "2020年3月31日"]
    assert "示例市人民政府" not in paragraphs[-2:]
