"""月度信息快报 and 季度通报 (issue 5 item 7; GLOSSARY: MonthlyBulletin, QuarterlyCircular).

Litigation numbers come from ``fazhi.litigation.stats`` (``monthly_bulletin``, ``quarterly_head_appearance``),
reconsideration numbers from the figure registry (``reconsideration.*`` and the provider's breakdown by
respondent unit). A module that is not installed contributes no part. Nothing here is stored: a bulletin
is computed when asked for, in HTML, DOCX (GB/T 9704 layout) or xlsx.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from . import docx_build
from .compose import Block, Run
from .figures import Figure, FigureQuery, Period, collect, providers

DEFAULT_THRESHOLD = 0.8  # 出庭应诉率 below this is highlighted; settings.FAZHI_HEAD_APPEARANCE_THRESHOLD


def threshold_setting() -> float:
    return float(getattr(settings, "FAZHI_HEAD_APPEARANCE_THRESHOLD", DEFAULT_THRESHOLD))


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


@dataclass
class Row:
    cells: list[Any]
    highlight: bool = False
    drilldown: str | None = None


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[Row]
    total: list[Any] | None = None


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


def _litigation_stats() -> Any | None:
    if not apps.is_installed("fazhi.litigation"):
        return None
    return import_module("fazhi.litigation.stats")


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
    stats = _litigation_stats()
    if stats is not None and hasattr(stats, "monthly_bulletin"):
        m = stats.monthly_bulletin(period, org)
        f = m.figures
        b.paragraphs.append(
            _runs(
                "行政诉讼：本月新收案件",
                f["litigation.received"],
                "件，审结",
                f["litigation.concluded"],
                "件，其中败诉",
                f["litigation.lost"],
                "件，败诉率",
                f["litigation.loss_rate"],
                f"；答辩、上诉期限超期{m.overdue}件。",
            )
        )
        b.tables.append(
            Table(
                "行政诉讼案件（按被告单位）",
                ["被告单位", "新收", "审结", "败诉", "超期"],
                [
                    Row(
                        [r.org_name, r.received, r.concluded, r.lost, r.overdue],
                        highlight=bool(r.lost or r.overdue),
                    )
                    for r in m.by_unit
                ],
                ["合计", m.received, m.concluded, m.lost, m.overdue],
            )
        )
    recon = _reconsideration_month(period, org)
    if recon is not None:
        paragraph, table = recon
        b.paragraphs.append(paragraph)
        b.tables.append(table)
    if not b.tables:
        b.note = "尚未安装行政复议或行政应诉模块，没有可报送的数据。"
    return b


RECON_KEYS = [
    ("reconsideration.received", "收到申请"),
    ("reconsideration.concluded", "审结"),
    ("reconsideration.corrected", "被纠错"),
    ("reconsideration.overdue", "超期"),
]


def _reconsideration_month(period: Period, org: Any) -> tuple[list[Run], Table] | None:
    query = FigureQuery(period, org)
    figs = collect(query)
    if not all(k in figs for k, _ in RECON_KEYS):
        return None
    provider = next((p for p in providers() if p.module == "reconsideration"), None)
    by_unit: dict[Any, dict[str, Any]] = {}
    if provider is not None and provider.breakdown is not None:
        for key, _label in RECON_KEYS:
            for row in provider.breakdown(query, key, "org"):
                unit = by_unit.setdefault(row.org_id or row.label, {"name": row.label})
                unit[key] = row.value
    rows = [
        Row(
            [u["name"], *(u.get(k, 0) for k, _ in RECON_KEYS)],
            highlight=bool(u.get("reconsideration.corrected") or u.get("reconsideration.overdue")),
        )
        for u in sorted(by_unit.values(), key=lambda u: u["name"])
    ]
    paragraph = _runs(
        "行政复议：本月收到申请",
        figs["reconsideration.received"],
        "件，审结",
        figs["reconsideration.concluded"],
        "件，其中直接纠错",
        figs["reconsideration.corrected"],
        "件；超期",
        figs["reconsideration.overdue"],
        "件。",
    )
    table = Table(
        "行政复议案件（按被申请人）",
        ["被申请人", *(label for _, label in RECON_KEYS)],
        rows,
        ["合计", *(figs[k].value for k, _ in RECON_KEYS)],
    )
    return paragraph, table


def quarterly(year: int, quarter: int, org: Any, threshold: float | None = None) -> Bulletin:
    period = Period.quarter(year, quarter)
    limit = threshold_setting() if threshold is None else threshold
    b = Bulletin(
        "quarterly", f"行政机关负责人出庭应诉情况通报（{period.label}）", period, org.name if org else ""
    )
    stats = _litigation_stats()
    if stats is None or not hasattr(stats, "quarterly_head_appearance"):
        b.note = "尚未安装行政应诉模块，没有可通报的数据。"
        return b
    q = stats.quarterly_head_appearance(period, org)
    low = [r for r in q.rows if r.rate is not None and r.rate < limit]
    b.paragraphs.append(
        _runs(
            f"本季度，开庭审理的行政诉讼案件{q.heard}件，行政机关负责人出庭应诉{q.head_appeared}件，"
            f"负责人出庭应诉率{_pct(q.rate)}（按案件计，以开庭审理案件数为基数）。"
        )
    )
    if low:
        b.paragraphs.append(
            _runs(
                f"出庭应诉率低于{_pct(limit)}的单位："
                + "、".join(r.org_name for r in low)
                + "。请上述单位认真落实行政机关负责人出庭应诉制度。"
            )
        )
    else:
        b.paragraphs.append(_runs(f"各单位出庭应诉率均不低于{_pct(limit)}。"))
    b.tables.append(
        Table(
            "负责人出庭应诉情况排名",
            ["排名", "被告单位", "开庭审理", "负责人出庭", "正职出庭", "出庭应诉率"],
            [
                Row(
                    [r.rank, r.org_name, r.heard, r.head_appeared, r.principal_appeared, _pct(r.rate)],
                    highlight=r in low,
                    drilldown=r.drilldown,
                )
                for r in q.rows
            ],
            ["", "合计", q.heard, q.head_appeared, sum(r.principal_appeared for r in q.rows), _pct(q.rate)],
        )
    )
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
