"""Workbench of 行政执法: for the body's clerk (and the bureau), decisions past their publicity deadline
and not yet publicized, and flagged decisions; certificates expiring within the reminder horizon
(a setting, default 60 days). One query per kind, capped."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse

from fazhi.core.registry import WorkItem

from . import rules, selectors
from .models import ActionStatus, Certificate, CertificateStatus

LIMIT = 50
MODULE = "行政执法"


def items(user: Any, today: date) -> list[WorkItem]:
    mine = selectors.actions_for(user)
    out = [
        WorkItem(
            title=f"{a.case_number}：逾期未公示",
            url=reverse("enforcement:action_detail", args=[a.pk]),
            kind="deadline",
            due=a.publicity_due,
            status="overdue",
            basis="国办发〔2018〕118号：执法决定7个或20个工作日内公示",
            module=MODULE,
        )
        for a in mine.filter(status=ActionStatus.DECIDED, publicity_due__lt=today)
        .only("id", "case_number", "publicity_due")
        .order_by("publicity_due", "id")[:LIMIT]
    ]
    out += [
        WorkItem(
            title=f"{a.case_number}：存在{a.problem_count}项执法问题，请核查整改",
            url=reverse("enforcement:action_detail", args=[a.pk]),
            kind="todo",
            due=None,
            status="",
            basis="行政执法三项制度（国办发〔2018〕118号）",
            module=MODULE,
        )
        for a in mine.filter(problem_count__gt=0)
        .only("id", "case_number", "problem_count")
        .order_by("-decided_on", "-id")[:LIMIT]
    ]
    horizon = today + timedelta(days=int(rules.setting("certificate_reminder_days")))
    certs = (
        Certificate.objects.filter(
            officer__in=selectors.officers_for(user),
            status=CertificateStatus.VALID,
            valid_until__gte=today,
            valid_until__lte=horizon,
        )
        .select_related("officer")
        .order_by("valid_until", "id")[:LIMIT]
    )
    out += [
        WorkItem(
            title=f"{c.officer.name}的执法证{c.number}将于{c.valid_until:%Y年%m月%d日}到期，请及时换证",
            url=reverse("enforcement:officer_detail", args=[c.officer_id]),
            kind="deadline",
            due=c.valid_until,
            status="due_soon",
            basis=f"执法证到期前{rules.setting('certificate_reminder_days')}日提醒",
            module=MODULE,
        )
        for c in certs
    ]
    return out
