"""Workbench items of the annual report: the step waiting for each role, and the 31 March deadline."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from fazhi.core.registry import WorkItem

from . import roles
from .models import AnnualReport

BASIS = "《法治政府建设与责任落实督察工作规定》第二十四条"


def items(user: Any, today: date) -> list[WorkItem]:
    if not roles.can_read(user):
        return []
    waiting = {
        AnnualReport.Status.REVIEW: roles.can_review(user),
        AnnualReport.Status.CLEARED: roles.can_approve(user),
        AnnualReport.Status.APPROVED: roles.can_edit(user),
    }
    out: list[WorkItem] = []
    open_reports = (
        AnnualReport.objects.visible_to(user)
        .exclude(status=AnnualReport.Status.PUBLISHED)
        .only("id", "year", "title", "status", "org_id")
    )
    for r in open_reports:
        url = reverse("reports:report_detail", args=[r.pk])
        if waiting.get(r.status):
            out.append(
                WorkItem(
                    f"{r.year}年度报告{r.get_status_display()}：{r.title}", url, "todo", module="reports"
                )
            )
        if roles.can_edit(user):
            days = (r.deadline - today).days
            if days < 0 or days <= 30:
                out.append(
                    WorkItem(
                        f"{r.year}年度报告应于{r.year + 1}年3月31日前公开",
                        url,
                        "deadline",
                        r.deadline,
                        "overdue" if days < 0 else "due_soon",
                        BASIS,
                        "reports",
                    )
                )
    return out
