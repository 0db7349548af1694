"""``fazhi report annual --year Y [--format json|docx|pdf|html] [-o FILE] [--org CODE]`` (DESIGN.md §6)
and ``fazhi report backfill-pdfs [--user NAME]`` (issue 16 item 4: queue the portal's PDF of every
published report that has none, e.g. published before the publication job existed; idempotent).

JSON prints every registered figure (FIGURES.md shape). DOCX/PDF/HTML render the saved report of that
government and year if there is one (its snapshot once approved), otherwise a draft composed on the fly
from the live figures (nothing is written to the database).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.loader import render_to_string

from fazhi.orgs.models import OrgUnit
from fazhi.reports import docx_build
from fazhi.reports.compose import DEFAULT_SECTIONS, SectionView, default_text, document_blocks, section_title
from fazhi.reports.figures import FigureQuery, as_json, collect
from fazhi.reports.models import AnnualReport
from fazhi.reports.output import report_blocks, report_docx
from fazhi.reports.pdf import PdfUnavailable, docx_to_pdf, font_map


class Command(BaseCommand):
    help = (
        "生成报告：fazhi report annual --year 2019 --format json|docx|pdf|html [-o 文件]；"
        "补生成已公开报告的 PDF：fazhi report backfill-pdfs [--user 用户名]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind",
            choices=["annual", "backfill-pdfs"],
            help="annual（法治政府建设年度报告）；backfill-pdfs（为没有 PDF 的已公开报告排队生成 PDF）",
        )
        parser.add_argument("--year", type=int, help="报告年度（annual 必填）")
        parser.add_argument(
            "--user", default="", help="backfill-pdfs：以该用户名义排队（默认为各报告最后的编辑人）"
        )
        parser.add_argument("--format", default="json", choices=["json", "docx", "pdf", "html"])
        parser.add_argument(
            "-o",
            "--output",
            default="",
            help="输出文件（json/html 默认输出到屏幕，docx/pdf 默认写入当前目录）",
        )
        parser.add_argument("--org", default="", help="单位代码（默认为本平台服务的政府）")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["kind"] == "backfill-pdfs":
            self._backfill(opts["user"])
            return
        if opts["year"] is None:
            raise CommandError("请用 --year 指定报告年度")
        code = opts["org"] or settings.FAZHI_GOVERNMENT_CODE
        org = OrgUnit.objects.filter(code=code).first()
        if org is None:
            raise CommandError(f"找不到单位「{code}」，请先运行 fazhi demo 或用 --org 指定单位代码")
        year, fmt, out = opts["year"], opts["format"], opts["output"]
        if fmt == "json":
            payload = json.dumps(
                as_json(FigureQuery.for_year(year, org), org.name), ensure_ascii=False, indent=1
            )
            self._emit(payload.encode(), out, text=True)
            return
        report = AnnualReport.objects.filter(org=org, year=year).first()
        if report is not None:
            blocks, _ = report_blocks(report)
            issuer, day = report.issuer, report.signed_on or report.planned_publication_on
        else:
            figures = collect(FigureQuery.for_year(year, org))
            name = org.name.removesuffix("人民政府") or org.name
            sections = [
                SectionView(
                    s.code,
                    section_title(s.title, year),
                    default_text(s.code, year, figures, name, org),
                    s.code != "intro",
                )
                for s in DEFAULT_SECTIONS
                if s.enabled
            ]
            blocks = document_blocks(f"关于{name}{year}年度法治政府建设工作情况的报告", sections, figures)
            issuer, day = org.name, None
        if fmt == "html":
            html = render_to_string(
                "reports/standalone.html", {"blocks": blocks, "issuer": issuer, "day": day}
            )
            self._emit(html.encode(), out, text=True)
            return
        if not out:  # DOCX/PDF are files: named after the report in the current directory
            out = f"{org.name}{year}年度法治政府建设工作情况报告.{fmt}"
        if report is not None:
            data = report_docx(report, for_pdf=fmt == "pdf")
        else:
            data = docx_build.build(
                blocks, issuer, day, font_map=font_map() if fmt == "pdf" else None, for_pdf=fmt == "pdf"
            )
        if fmt == "pdf":
            try:
                data = docx_to_pdf(data)
            except PdfUnavailable as e:
                raise CommandError(str(e)) from None
        self._emit(data, out, text=False)

    def _emit(self, data: bytes, out: str, text: bool) -> None:
        if out:
            with open(out, "wb") as f:
                f.write(data)
            self.stderr.write(f"已写入 {out}")
        elif text:
            self.stdout.write(data.decode())
        else:
            sys.stdout.buffer.write(data)

    def _backfill(self, username: str) -> None:
        from django.contrib.auth import get_user_model

        from fazhi.reports.output import backfill_public_pdfs

        actor = None
        if username:
            actor = get_user_model().objects.filter(username=username).first()
            if actor is None:
                raise CommandError(f"找不到用户「{username}」")
        queued, skipped = backfill_public_pdfs(actor=actor, out=self.stdout.write)
        self.stdout.write(f"共排队生成 {queued} 份 PDF，跳过 {skipped} 份（已有或正在生成）")
