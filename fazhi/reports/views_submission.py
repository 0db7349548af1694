"""报送 board of the government above (督察规定 Art 24): every subordinate government's report of a year,
its stage, dates and late flags, and the submitted reports as one ZIP and the board as one xlsx."""

from __future__ import annotations

from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhi.core import file_jobs
from fazhi.core.dates import today
from fazhi.orgs.models import OrgUnit

from . import roles, submission

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(request: HttpRequest) -> tuple[OrgUnit, int]:
    if not roles.can_read(request.user):
        raise PermissionDenied("您的角色无权查看年度报告报送情况")
    gov = submission.user_government(request.user)
    if gov is None:
        raise PermissionDenied("您没有所属的政府")
    default = today().year - 1
    try:
        year = int(request.POST.get("year") or request.GET.get("year", default))
    except ValueError:
        year = default
    return gov, year if 2000 <= year <= today().year else default


def board(request: HttpRequest) -> HttpResponse:
    gov, year = _context(request)
    rows = submission.board(gov, year, today())
    return render(
        request,
        "reports/submission_board.html",
        {
            "gov": gov,
            "year": year,
            "rows": rows,
            "deadline": submission.deadline(year),
            "reported": sum(1 for r in rows if r.reported),
        },
    )


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=content_type)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return resp


def board_xlsx(request: HttpRequest) -> HttpResponse:
    gov, year = _context(request)
    data = submission.summary_xlsx(gov, year, today())
    return _file(data, f"{gov.name}{year}年度法治政府建设报告报送情况.xlsx", XLSX)


@require_POST
def board_zip(request: HttpRequest) -> HttpResponse:
    """Queued (``core.file_jobs``): every report is rendered to DOCX, minutes for a province."""
    gov, year = _context(request)
    job = file_jobs.start(
        title=submission.zip_name(gov, year),
        builder="fazhi.reports.submission.zip_job",
        user=request.user,
        params={"gov": gov.pk, "year": year},
    )
    return redirect("file_job", job.pk)
