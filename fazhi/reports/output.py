"""The annual report as blocks, DOCX, PDF and JSON — from the snapshot once approved."""

from __future__ import annotations

from typing import Any

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
