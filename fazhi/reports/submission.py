"""报送: a government reports its annual report to the government above it (督察规定 Art 24: report
to the level above and publish before 1 April of the following year).

Two rules live here and nowhere else, so the issue "governments as scopes" can redefine them:

* ``upper_government(gov)`` — the government a report goes to: the nearest ancestor OrgUnit of a
  government kind (not the unit itself).
* ``visible_reports(user)`` — which annual reports a user may open: those of the user's own scope, except
  the reports of lower governments inside it, plus the reports the user's government's *direct*
  subordinate governments have submitted (``reported_on`` set). A draft of a county is never opened by
  the city; the city's submission board shows its status only.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import scope_root

from .models import AnnualReport
from .roles import can_read

R = AnnualReport.Status
#: The kinds of OrgUnit that are a government (a report's ``org``).
GOVERNMENT_KINDS = (OrgUnit.Kind.GOVERNMENT,)


def upper_government(gov: OrgUnit) -> OrgUnit | None:
    """The nearest ancestor of ``gov`` of a government kind, or None (the top of the tree)."""
    codes = [c for c in gov.path.strip("/").split("/")[:-1] if c]
    return (
        OrgUnit.objects.filter(code__in=codes, kind__in=GOVERNMENT_KINDS).order_by("-path").first()
        if codes
        else None
    )


def lower_governments(gov: OrgUnit) -> QuerySet[OrgUnit]:
    """Every government below ``gov`` in the tree (any depth)."""
    return OrgUnit.objects.filter(path__startswith=gov.path, kind__in=GOVERNMENT_KINDS).exclude(pk=gov.pk)


def subordinate_governments(gov: OrgUnit) -> list[OrgUnit]:
    """The governments whose upper government is ``gov`` (they report to it), in tree order."""
    lower = list(lower_governments(gov).order_by("path"))
    paths = [g.path for g in lower]
    # Direct: no other lower government lies between gov and it.
    return [g for g in lower if not any(g.path.startswith(p) and g.path != p for p in paths)]


def user_government(user: Any) -> OrgUnit | None:
    root = scope_root(user)
    return (root.government or root) if root is not None else None


def visible_reports(user: Any) -> QuerySet[AnnualReport]:
    """The one visibility rule of annual reports (see the module docstring)."""
    gov = user_government(user)
    if gov is None or not can_read(user):
        return AnnualReport.objects.none()
    own = AnnualReport.objects.visible_to(user).exclude(org__in=lower_governments(gov))
    subs = [g.pk for g in subordinate_governments(gov)]
    return AnnualReport.objects.filter(
        Q(pk__in=own.values("pk")) | Q(org__in=subs, reported_on__isnull=False)
    )


def deadline(year: int) -> date:
    """Art 24: reported and published by 31 March of the following year."""
    return date(year + 1, 3, 31)


@dataclass(frozen=True)
class BoardRow:
    government: OrgUnit
    report: AnnualReport | None
    stage: str  # not_started / drafting / approved / submitted / published
    stage_label: str
    report_late: bool
    publication_late: bool

    @property
    def reported(self) -> bool:
        return self.report is not None and self.report.reported_on is not None


STAGES = {
    "not_started": "未开始",
    "drafting": "起草中",
    "approved": "已批准未报送",
    "submitted": "已报送",
    "published": "已报送并公开",
    "published_only": "已公开未报送",
}


def _stage(report: AnnualReport | None) -> str:
    if report is None:
        return "not_started"
    if report.status in (R.DRAFT, R.REVIEW, R.CLEARED):
        return "drafting"
    if report.reported_on is None:
        return "approved" if report.status == R.APPROVED else "published_only"
    return "published" if report.status == R.PUBLISHED else "submitted"


def board(gov: OrgUnit, year: int, today: date) -> list[BoardRow]:
    """Every subordinate government's report of ``year``: stage, dates and late flags (one query each
    for the governments and the reports)."""
    subs = subordinate_governments(gov)
    reports = {
        r.org_id: r for r in AnnualReport.objects.filter(org__in=subs, year=year).select_related("org")
    }
    due = deadline(year)
    rows = []
    for g in subs:
        r = reports.get(g.pk)
        stage = _stage(r)
        reported = r.reported_on if r else None
        published = r.published_on if r and r.status == R.PUBLISHED else None
        rows.append(
            BoardRow(
                government=g,
                report=r,
                stage=stage,
                stage_label=STAGES[stage],
                report_late=(reported or today) > due,
                publication_late=(published or today) > due,
            )
        )
    return rows


def summary_xlsx(gov: OrgUnit, year: int, today: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年度报告报送情况"
    ws.append([f"{gov.name} {year}年度法治政府建设报告报送情况（截止{deadline(year):%Y年%m月%d日}）"])
    ws.append(
        ["政府", "状态", "报告状态", "批准日期", "报送日期", "公开日期", "报送逾期", "公开逾期", "退回意见"]
    )
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in board(gov, year, today):
        r = row.report
        ws.append(
            [
                row.government.name,
                row.stage_label,
                r.get_status_display() if r else "",
                r.approved_on if r else None,
                r.reported_on if r else None,
                r.published_on if r else None,
                "是" if row.report_late else "否",
                "是" if row.publication_late else "否",
                r.return_comment if r else "",
            ]
        )
    for col, width in zip("ABCDEFGHI", (24, 14, 12, 12, 12, 12, 10, 10, 40), strict=True):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def submitted_zip(gov: OrgUnit, year: int, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The DOCX of every report submitted to ``gov`` for ``year`` (rendered from its frozen snapshot)."""
    from . import output

    reports = list(
        AnnualReport.objects.filter(
            org__in=[g.pk for g in subordinate_governments(gov)], year=year, reported_on__isnull=False
        )
        .select_related("org")
        .order_by("org__path")
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, report in enumerate(reports, 1):
            z.writestr(output.filename(report, "docx"), output.report_docx(report))
            if progress:
                progress(n, len(reports))
    return out.getvalue()


def zip_job(job: Any, progress: Callable[[int, int], None]) -> tuple[bytes, str, str]:
    """The ZIP as a background file (``core.file_jobs``): a province's reports take minutes to render.
    The asker must still belong to the government the reports were submitted to."""
    gov = OrgUnit.objects.get(pk=job.params["gov"])
    mine = user_government(job.user)
    if mine is None or mine.pk != gov.pk or not can_read(job.user):
        raise PermissionDenied("您无权下载这些报告")
    year = int(job.params["year"])
    progress(0, 0)
    return submitted_zip(gov, year, progress), zip_name(gov, year), "application/zip"


def zip_name(gov: OrgUnit, year: int) -> str:
    return f"{gov.name}{year}年度下级政府法治政府建设报告.zip"
