"""月度信息快报 and 季度通报 (issue 5 item 7; GLOSSARY: MonthlyBulletin, QuarterlyCircular).

Each module contributes its part through the ``BulletinSection`` its manifest declares (e.g. litigation's
``monthly_section`` and ``quarterly_section``, reconsideration's ``monthly_section``), in section order. A
module that is not installed contributes no part. Nothing here is stored: a bulletin is computed when asked
for, in HTML, DOCX (GB/T 9704 layout) or xlsx.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from fazhi.core.figures import BulletinPart, Figure, Period
from fazhi.core.figures import BulletinTable as Table
from fazhi.core.figures import BulletinTableRow as Row
from fazhi.core.registry import registry

from . import docx_build
from .compose import Block, Run

DEFAULT_THRESHOLD = 0.8  # 出庭应诉率 below this is highlighted; settings.FAZHI_HEAD_APPEARANCE_THRESHOLD


def threshold_setting() -> float:
    return float(getattr(settings, "FAZHI_HEAD_APPEARANCE_THRESHOLD", DEFAULT_THRESHOLD))


@dataclass
class Bulletin:
    """A 快报 or 通报: title, summary paragraphs (with figures) and tables by unit."""

    kind: str  # monthly / quarterly
    title: str
    period: Period
    scope: str
    paragraphs: list[list[Run]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    note: str = ""

    def blocks(self) -> list[Block]:
        return [Block("title", [Run(self.title)]), *(Block("para", runs) for runs in self.paragraphs)]


def _parts(kind: str, period: Period, org: Any, **options: Any) -> list[BulletinPart]:
    """The parts of every installed module that has one for this kind of bulletin, in section order."""
    parts = [s.build(period, org, **options) for s in registry.bulletins if s.kind == kind]
    return [p for p in parts if p is not None]


def _add(b: Bulletin, parts: list[BulletinPart]) -> None:
    for part in parts:
        b.paragraphs.extend(_runs(*paragraph) for paragraph in part.paragraphs)
        b.tables.extend(part.tables)


def _runs(*parts: Any) -> list[Run]:
    """Text and figures: a Figure becomes a run with its drill-down."""
    out = []
    for p in parts:
        if isinstance(p, Figure):
            out.append(Run(p.display(), key=p.key, figure=p))
        else:
            out.append(Run(str(p)))
    return out


def monthly(year: int, month: int, org: Any) -> Bulletin:
    period = Period.month(year, month)
    b = Bulletin(
        "monthly", f"行政复议行政诉讼案件月度信息快报（{period.label}）", period, org.name if org else ""
    )
    _add(b, _parts("monthly", period, org))
    if not b.tables:
        b.note = "尚未安装行政复议或行政应诉模块，没有可报送的数据。"
    return b


def quarterly(year: int, quarter: int, org: Any, threshold: float | None = None) -> Bulletin:
    period = Period.quarter(year, quarter)
    limit = threshold_setting() if threshold is None else threshold
    b = Bulletin(
        "quarterly", f"行政机关负责人出庭应诉情况通报（{period.label}）", period, org.name if org else ""
    )
    parts = _parts("quarterly", period, org, threshold=limit)
    if not parts:
        b.note = "尚未安装行政应诉模块，没有可通报的数据。"
        return b
    _add(b, parts)
    return b


def issuer_for(org: Any) -> str:
    """The Justice Bureau of the government issues bulletins and circulars."""
    from fazhi.orgs.models import OrgUnit

    if org is None:
        return ""
    bureau = OrgUnit.objects.filter(kind=OrgUnit.Kind.JUSTICE_BUREAU, path__startswith=org.path).first()
    return bureau.name if bureau else org.name


def to_docx(b: Bulletin, issuer: str, day: date, font_map: dict[str, str] | None = None) -> bytes:
    doc = docx_build.OfficialDocument(font_map)
    doc.add_blocks(b.blocks())
    for i, t in enumerate(b.tables, start=1):
        doc.add(Block("h1", [Run(f"{'一二三四五'[i - 1]}、{t.title}")]))
        rows = [[str(c) for c in r.cells] for r in t.rows]
        highlight = {n for n, r in enumerate(t.rows) if r.highlight}
        if t.total:
            rows.append([str(c) for c in t.total])
        doc.add_table(t.header, rows, highlight)
    if b.note:
        doc.add(Block("para", [Run(b.note)]))
    doc.add_closing(issuer, day)
    return doc.to_bytes()


def to_xlsx(b: Bulletin) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    red = PatternFill("solid", fgColor="FDE2E1")
    for t in b.tables or [Table("说明", ["说明"], [Row([b.note])])]:
        ws = wb.create_sheet(t.title[:31])
        ws.append([b.title])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append(t.header)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for r in t.rows:
            ws.append(r.cells)
            if r.highlight:
                for cell in ws[ws.max_row]:
                    cell.fill = red
        if t.total:
            ws.append(t.total)
        for col in "ABCDEF":
            ws.column_dimensions[col].width = 14
        ws.column_dimensions["B" if b.kind == "quarterly" else "A"].width = 34
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
