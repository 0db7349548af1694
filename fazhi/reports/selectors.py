"""Reads for reports: scoped to the user's government; figures for a report (live or frozen)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from fazhi.orgs.models import OrgUnit

from .compose import SectionView
from .figures import Figure, FigureQuery, collect, figure_from_dict
from .models import AnnualReport
from .roles import can_read


def reports_for(user: Any):  # type: ignore[no-untyped-def]
    if not can_read(user):
        raise PermissionDenied("您的角色无权查看年度报告")
    from .submission import visible_reports

    return visible_reports(user).select_related("org")


def report_for(user: Any, pk: int) -> AnnualReport:
    return get_object_or_404(reports_for(user), pk=pk)


def query_for(report: AnnualReport) -> FigureQuery:
    return FigureQuery.for_year(report.year, report.org)


def live_figures(report: AnnualReport) -> dict[str, Figure]:
    return collect(query_for(report))


def report_figures(report: AnnualReport) -> dict[str, Figure]:
    """Frozen figures once approved (the published report never changes); live ones before."""
    if report.is_frozen:
        return {k: figure_from_dict(v) for k, v in report.snapshot["figures"].items()}
    return live_figures(report)


def section_views(report: AnnualReport) -> list[SectionView]:
    if report.is_frozen:
        return [SectionView(**s) for s in report.snapshot["sections"]]
    return [
        SectionView(code=s.code, title=s.title, text=s.text, has_heading=s.has_heading)
        for s in report.sections.all()
        if s.enabled
    ]


def default_government() -> OrgUnit | None:
    from django.conf import settings

    return OrgUnit.objects.filter(code=settings.FAZHI_GOVERNMENT_CODE).first()


def published_reports(gov: OrgUnit | None = None):  # type: ignore[no-untyped-def]
    """What the public portal lists: published reports only, rendered from their snapshot. With ``gov``:
    that government's own and those of the governments below it (a city's or province's portal)."""
    qs = AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED, snapshot__isnull=False)
    if gov is not None:
        qs = qs.filter(org__path__startswith=gov.path)
    return qs.select_related("org").order_by("-year", "org__path", "-id")
