"""The check before a report goes public (issue 8 item 6; RULES §9: no personal data on the portal).

It runs on exactly what is published — the approved snapshot's text as the portal page shows it and
the DOCX the portal serves — and looks for every variant of identity numbers and phones
(``fazhi.core.pii.find_personal_data``) and for the name of every party of the year's records, which
each installed module gives through its figure provider (``party_names``). Every hit is listed (where,
what, masked); the reviewer confirms each one as a false positive (e.g. a common word) or the
publication is refused.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document

from fazhi.core.pii import PiiHit, find_personal_data

from .compose import blocks_for_text
from .figures import party_names
from .models import AnnualReport
from .selectors import query_for, report_figures, section_views


def page_texts(report: AnnualReport) -> list[tuple[str, str]]:
    """(where, text) of everything the portal page shows: title, each paragraph, issuer."""
    figures = report_figures(report)
    title = report.snapshot["title"] if report.is_frozen else report.title
    issuer = report.snapshot["issuer"] if report.is_frozen else report.issuer
    out = [("标题", title)]
    for sec in section_views(report):
        name = sec.title or "导语"
        if sec.has_heading:
            out.append((f"「{name}」标题", sec.title))
        for n, block in enumerate(blocks_for_text(sec.text, figures), start=1):
            out.append((f"「{name}」第{n}段", block.text))
    out.append(("落款", issuer))
    return out


def docx_texts(data: bytes) -> list[tuple[str, str]]:
    """(where, text) of every paragraph of a DOCX: body, tables, headers and footers."""
    doc = Document(io.BytesIO(data))
    out = [(f"DOCX 第{n}段", p.text) for n, p in enumerate(doc.paragraphs, start=1) if p.text.strip()]
    for t, table in enumerate(doc.tables, start=1):
        for cell_n, cell in enumerate((c for row in table.rows for c in row.cells), start=1):
            out.append((f"DOCX 表格{t}第{cell_n}格", cell.text))
    for s, section in enumerate(doc.sections, start=1):
        for part, label in ((section.header, "页眉"), (section.footer, "页脚")):
            for p in part.paragraphs:
                if p.text.strip():
                    out.append((f"DOCX 第{s}节{label}", p.text))
    return out


def check(report: AnnualReport, docx: bytes | None = None) -> list[PiiHit]:
    """Every hit in the page text and the DOCX of ``report`` (the DOCX is built when not given)."""
    from .output import report_docx

    names = party_names(query_for(report))
    data = report_docx(report) if docx is None else docx
    hits: list[PiiHit] = []
    for where, text in [*page_texts(report), *docx_texts(data)]:
        hits.extend(find_personal_data(text, names, where=where))
    return hits


def describe(hit: PiiHit) -> str:
    return f"{hit.where}：疑似{hit.kind}「{hit.masked}」（…{hit.context}…）"


def as_record(hit: PiiHit) -> dict[str, Any]:
    """What the audit trail and the snapshot keep of a confirmed hit: never the whole value."""
    return {"id": hit.id, "where": hit.where, "kind": hit.kind, "masked": hit.masked}
