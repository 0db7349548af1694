"""Workbench of 行政执法: for the body's clerk (and the bureau), decisions past their publicity deadline
and not yet publicized, and flagged decisions; certificates expiring within the reminder horizon
(a setting, default 60 days). One query per kind, capped."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse

from fazhi.core.registry import WorkItem
from fazhi.workdays.deadlines import classify

from . import rules, selectors
from .models import ActionStatus, Certificate, CertificateStatus
from .supervision import CaseReviewStatus, ComplaintStatus, NoticeStatus

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
    # 换证 closes the reminder: the officer's new certificate runs past the expiring one.
    renewed = Certificate.objects.filter(
        officer=OuterRef("officer"), status=CertificateStatus.VALID, valid_until__gt=OuterRef("valid_until")
    )
    certs = (
        Certificate.objects.filter(
            officer__in=selectors.officers_for(user),
            status=CertificateStatus.VALID,
            valid_until__gte=today,
            valid_until__lte=horizon,
        )
        .exclude(Exists(renewed))
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


#: A due date this many calendar days ahead may be "due soon" (``FAZHI_DUE_SOON_WORKING_DAYS`` working days,
#: holidays included); the exact status is ``workdays.deadlines.classify``'s.
_LOOKAHEAD = 21


def _open_deadlines(qs: Any, due: str, title: Any, url: str, basis: str, today: date) -> list[WorkItem]:
    """Open records whose cached due date is near, past or unknown (日历缺失), one query, capped."""
    horizon = today + timedelta(days=_LOOKAHEAD)
    rows = (
        qs.filter(Q(**{f"{due}__lte": horizon}) | Q(**{f"{due}__isnull": True}))
        .select_related("body")
        .order_by(F(due).asc(nulls_first=True), "id")[:LIMIT]
    )
    out = []
    for r in rows:
        d = getattr(r, due)
        status = classify(d, today) if d is not None else "calendar_missing"
        if status in ("overdue", "due_soon", "calendar_missing"):
            out.append(
                WorkItem(
                    title=title(r),
                    url=reverse(url, args=[r.pk]),
                    kind="deadline",
                    due=d,
                    status=status,
                    basis=basis,
                    module=MODULE,
                )
            )
    return out


def supervision_items(user: Any, today: date) -> list[WorkItem]:
    """执法监督 deadlines for the bureau and the body's clerk (each sees its own scope): complaints to handle,
    notices to answer, rectifications ordered by an evaluation."""
    out = _open_deadlines(
        selectors.complaints_for(user).filter(status=ComplaintStatus.RECEIVED),
        "due_on",
        lambda c: f"{c.body.name}：执法投诉（{c.received_on:%Y年%m月%d日}收到）待办结",
        "enforcement:complaint_detail",
        rules.COMPLAINT.describe(),
        today,
    )
    out += _open_deadlines(
        selectors.notices_for(user).filter(status=NoticeStatus.ISSUED),
        "reply_due",
        lambda n: f"{n.body.name}：{n.get_kind_display()}{n.number}待书面回复",
        "enforcement:notice_detail",
        rules.NOTICE_REPLY.describe(),
        today,
    )
    out += _open_deadlines(
        selectors.case_reviews_for(user).filter(status=CaseReviewStatus.RECTIFYING),
        "rectify_due",
        lambda r: f"{r.body.name}：案卷评查「{r.title}」待整改",
        "enforcement:case_review_detail",
        "案卷评查责令整改的期限",
        today,
    )
    return out
