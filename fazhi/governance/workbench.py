"""Workbench: rectification tasks past their due date (overdue) or due within 15 days, for the unit and the
office (the bureau sees its whole government's). Two queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse

from fazhi.core.registry import WorkItem

from . import rules, selectors
from .models import RectificationStatus

LIMIT = 50
MODULE = "法治建设"
SOON_DAYS = 15


def items(user: Any, today: date) -> list[WorkItem]:
    open_ = (
        selectors.rectifications_for(user)
        .filter(status=RectificationStatus.OPEN)
        .select_related("org", "finding__inspection")
    )
    late = open_.filter(due_on__lt=today).order_by("due_on", "id")[:LIMIT]
    soon = open_.filter(due_on__gte=today, due_on__lte=today + timedelta(days=SOON_DAYS)).order_by(
        "due_on", "id"
    )
    return [
        WorkItem(
            title=f"{r.org.name}：{r.title}" + (f"（{r.finding.inspection.title}）" if r.finding_id else ""),
            url=reverse("governance:rectification_detail", args=[r.pk]),
            kind="deadline",
            due=r.due_on,
            status=status,
            basis=rules.BASIS_RECTIFICATION,
            module=MODULE,
        )
        for status, rows in (("overdue", late), ("due_soon", soon[:LIMIT]))
        for r in rows
    ]
