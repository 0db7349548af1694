"""Writes on annual reports. Each is one transaction with its audit event (DESIGN.md §2)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from fazhi.audit.services import diff, record, snapshot
from fazhi.core.actions import TRUSTED, run
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import scope_root

from . import compose, roles
from .actions import EDITS, WORKFLOW, SameReviewer
from .checks import Problem, run_checks
from .figures import collect
from .models import AnnualReport, ReportSection, SectionVersion
from .selectors import query_for, section_views


def _require(user: Any, step: str, status: str = "") -> None:
    if not roles.may(user, step, status):
        raise PermissionDenied("您无权执行此操作")


def _ensure_scope(user: Any, org: OrgUnit) -> None:
    root = scope_root(user)
    if root is None or not org.path.startswith(root.path):
        raise PermissionDenied(f"您无权操作「{org.name}」的年度报告")


def _locked(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def create_report(*, actor: Any, org: OrgUnit, year: int, request: HttpRequest | None = None) -> AnnualReport:
    """A draft for (government, year), its sections prefilled from the live figures."""
    _require(actor, "edit")
    _ensure_scope(actor, org)
    if AnnualReport.objects.filter(org=org, year=year).exists():
        raise ValidationError(f"{org.name}{year}年度的报告已存在")
    return _create(actor=actor, org=org, year=year, request=request)


def _create(*, actor: Any, org: OrgUnit, year: int, request: HttpRequest | None = None) -> AnnualReport:
    name = org.name.removesuffix("人民政府") or org.name
    report = AnnualReport(
        org=org,
        year=year,
        title=f"关于{name}{year}年度法治政府建设工作情况的报告",
        issuer=org.name,
        planned_publication_on=date(year + 1, 3, 31),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    report.full_clean()
    report.save()
    figures = collect(query_for(report))
    # A government's own section titles and order carry over from its latest earlier report (RULES §7).
    previous = AnnualReport.objects.filter(org=org, year__lt=year).order_by("-year").first()
    carried = {s.code: s for s in previous.sections.all()} if previous else {}
    for i, sec in enumerate(compose.DEFAULT_SECTIONS):
        before = carried.get(sec.code)
        section = ReportSection.objects.create(
            report=report,
            code=sec.code,
            title=compose.shift_years(before.title, previous.year, year)
            if before
            else compose.section_title(sec.title, year),
            order=before.order if before else (i + 1) * 10,
            enabled=before.enabled if before else sec.enabled,
            text=compose.default_text(sec.code, year, figures, name),
        )
        SectionVersion.objects.create(
            section=section, number=1, title=section.title, text=section.text, saved_by=report.created_by
        )
    record("reports.create", actor=actor, obj=report, changes=diff({}, snapshot(report)), request=request)
    return report


def save_section(
    *,
    actor: Any,
    section: ReportSection,
    text: str,
    title: str | None = None,
    version: Any = TRUSTED,
    request: HttpRequest | None = None,
) -> ReportSection:
    """Save a section's text (autosave or button): a new SectionVersion each time it changed.
    ``version``: the section's version the user read (the page sends it; in-process callers TRUSTED)."""
    data = {"section": section.pk, "text": text, "title": title}
    return run(
        EDITS, "section_save", section.report, actor=actor, data=data, version=version, request=request
    )


def arrange_sections(
    *,
    actor: Any,
    report: AnnualReport,
    rows: list[dict[str, Any]],
    version: Any = TRUSTED,
    request: HttpRequest | None = None,
) -> AnnualReport:
    """Titles, order and inclusion of sections (RULES §7); ``rows``: id, title, order, enabled."""
    return run(EDITS, "arrange", report, actor=actor, data={"rows": rows}, version=version, request=request)


def update_details(
    *,
    actor: Any,
    report: AnnualReport,
    title: str,
    issuer: str,
    planned_publication_on: date | None,
    signed_on: date | None,
    version: Any = TRUSTED,
    request: HttpRequest | None = None,
) -> AnnualReport:
    data = {
        "title": title,
        "issuer": issuer,
        "planned_publication_on": planned_publication_on,
        "signed_on": signed_on,
    }
    return run(EDITS, "update", report, actor=actor, data=data, version=version, request=request)


def current_problems(report: AnnualReport) -> list[Problem]:
    query = query_for(report)
    figures = collect(query)
    sections = section_views(report)
    return run_checks(query, figures, [s.text for s in sections], [s.title for s in sections])


def unacknowledged(report: AnnualReport, problems: list[Problem] | None = None) -> list[Problem]:
    problems = current_problems(report) if problems is None else problems
    done = set(report.acknowledged_checks or [])
    return [p for p in problems if p.id not in done]


def acknowledge_checks(
    *,
    actor: Any,
    report: AnnualReport,
    problem_ids: list[str],
    version: Any = TRUSTED,
    request: HttpRequest | None = None,
) -> AnnualReport:
    """The bureau confirms it has seen the listed data problems (they then no longer block approval)."""
    data = {"problem_ids": list(problem_ids)}
    return run(EDITS, "acknowledge_checks", report, actor=actor, data=data, version=version, request=request)


def _run(
    name: str, actor: Any, report: AnnualReport, version: Any, request: Any, **data: Any
) -> AnnualReport:
    return run(WORKFLOW, name, report, actor=actor, data=data, version=version, request=request)


def submit(
    *, actor: Any, report: AnnualReport, version: Any = TRUSTED, request: HttpRequest | None = None
) -> AnnualReport:
    """To 保密审查: only a finished draft — "（请填写…）" left anywhere blocks it (not acknowledgeable)."""
    return _run("submit", actor, report, version, request)


def clear_review(
    *, actor: Any, report: AnnualReport, version: Any = TRUSTED, request: HttpRequest | None = None
) -> AnnualReport:
    """通过保密审查 — by someone other than the person who submitted the report (page and API alike).
    A refused attempt is audited in its own transaction, since the refused step itself rolls back."""
    try:
        return _run("clear", actor, report, version, request)
    except SameReviewer:
        record(
            "reports.clear_refused",
            actor=actor,
            obj=report,
            request=request,
            changes={"reason": "提交人不能本人通过保密审查", "submitted_by": actor.username},
        )
        raise


def return_to_draft(
    *,
    actor: Any,
    report: AnnualReport,
    reason: str = "",
    version: Any = TRUSTED,
    request: HttpRequest | None = None,
) -> AnnualReport:
    return _run("return", actor, report, version, request, reason=reason)


def approve(
    *, actor: Any, report: AnnualReport, version: Any = TRUSTED, request: HttpRequest | None = None
) -> AnnualReport:
    """Approval freezes figures and text into ``snapshot``; blocked while data problems are unacknowledged."""
    return _run("approve", actor, report, version, request)


def publish(
    *,
    actor: Any,
    report: AnnualReport,
    confirmed: list[str] | tuple[str, ...] = (),
    version: Any = TRUSTED,
    request: HttpRequest | None = None,
) -> AnnualReport:
    """Publish an approved report — only when nothing personal is in it (RULES §9); ``confirmed``: the
    hit ids the publisher confirmed as false positives."""
    return _run("publish", actor, report, version, request, confirmed=list(confirmed or ()))


#: The service of each transition (the page and the API call these, so the same rules refuse).
TRANSITIONS = {
    "submit": submit,
    "clear": clear_review,
    "approve": approve,
    "publish": publish,
    "return": return_to_draft,
}


def warnings(report: AnnualReport) -> list[str]:
    out = []
    if report.publication_late:
        out.append(
            f"计划公开日期晚于{report.year + 1}年3月31日：年度报告应当于每年4月1日之前向社会公开"
            "（《法治政府建设与责任落实督察工作规定》第二十四条）"
        )
    return out
