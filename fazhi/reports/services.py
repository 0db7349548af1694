"""Writes on annual reports that are not one declared step: creating a report (its sections prefilled
from the live figures), and the data problems the steps consult. Each write is one transaction with
its audit event (DESIGN.md §2).

The status steps (submit / clear / approve / publish / return) are ``actions.WORKFLOW`` and the drafting
edits (section_save / arrange / update / acknowledge_checks) ``actions.EDITS``; pages, API, demo and
tests run them with ``core.actions.run(WORKFLOW, "submit", report, actor=…, version=…)``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from fazhi.audit.services import diff, record, snapshot
from fazhi.orgs.models import GovernmentSettings, OrgUnit
from fazhi.orgs.scope import ensure_own_government, scope_root

from . import compose, roles
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
    ensure_own_government(user, org)  # an upper government reads a county's report, never writes it


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
    own = GovernmentSettings.objects.filter(government=org).first()  # the government's settings page
    report = AnnualReport(
        org=org,
        year=year,
        title=f"关于{name}{year}年度法治政府建设工作情况的报告",
        issuer=(own.signature if own and own.signature else org.name),
        planned_publication_on=date(year + 1, 3, 31),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    report.full_clean()
    report.save()
    figures = collect(query_for(report))
    # The section titles and order the government set on its settings page; else those of its latest
    # earlier report carry over (RULES §7); else the defaults.
    configured = {r["code"]: (i, r) for i, r in enumerate(own.report_sections)} if own else {}
    previous = AnnualReport.objects.filter(org=org, year__lt=year).order_by("-year").first()
    carried = {s.code: s for s in previous.sections.all()} if previous else {}
    for i, sec in enumerate(compose.DEFAULT_SECTIONS):
        before = carried.get(sec.code)
        if sec.code in configured:
            at, row = configured[sec.code]
            title = compose.section_title(row.get("title") or sec.title, year)
            order, enabled = (at + 1) * 10, bool(row.get("enabled", True))
        elif before:
            title = compose.shift_years(before.title, previous.year, year)  # type: ignore[union-attr]
            order, enabled = before.order, before.enabled
        else:
            title, order, enabled = compose.section_title(sec.title, year), (i + 1) * 10, sec.enabled
        section = ReportSection.objects.create(
            report=report,
            code=sec.code,
            title=title,
            order=order,
            enabled=enabled,
            text=compose.default_text(sec.code, year, figures, name, org),
        )
        SectionVersion.objects.create(
            section=section, number=1, title=section.title, text=section.text, saved_by=report.created_by
        )
    record("reports.create", actor=actor, obj=report, changes=diff({}, snapshot(report)), request=request)
    return report


def current_problems(report: AnnualReport) -> list[Problem]:
    query = query_for(report)
    figures = collect(query)
    sections = section_views(report)
    return run_checks(query, figures, [s.text for s in sections], [s.title for s in sections])


def unacknowledged(report: AnnualReport, problems: list[Problem] | None = None) -> list[Problem]:
    problems = current_problems(report) if problems is None else problems
    done = set(report.acknowledged_checks or [])
    return [p for p in problems if p.id not in done]


def warnings(report: AnnualReport) -> list[str]:
    out = []
    if report.publication_late:
        out.append(
            f"计划公开日期晚于{report.year + 1}年3月31日：年度报告应当于每年4月1日之前向社会公开"
            "（《法治政府建设与责任落实督察工作规定》第二十四条）"
        )
    return out
