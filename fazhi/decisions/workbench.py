"""Workbench items: the review desk's 即将到期/已超期 reviews, and the review-time warning (国务院令第713号
Art 27) for decisions whose planned meeting leaves the reviewer less than the minimum. Few queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse

from fazhi.core.registry import WorkItem
from fazhi.orgs.models import Role
from fazhi.workdays import calendar
from fazhi.workdays.deadlines import Status as DStatus
from fazhi.workdays.deadlines import classify

from . import rules, selectors
from .models import DecisionStatus, LegalityReview, ReviewStatus, SubjectKind
from .services import review_time_warning

LIMIT = 50
MODULE = "合法性审查"


def items(user: Any, today: date) -> list[WorkItem]:
    out: list[WorkItem] = []
    if Role.BUREAU in user.role_codes:
        out += _review_deadlines(user, today)
    out += _review_time_warnings(user, today)
    return out


def _review_deadlines(user: Any, today: date) -> list[WorkItem]:
    try:
        horizon = calendar.add_working_days(today, settings.FAZHI_DUE_SOON_WORKING_DAYS)
    except calendar.CalendarMissing:
        horizon = today
    qs = (
        selectors.reviews_for(user)
        .filter(status=ReviewStatus.REVIEWING, due_on__lte=horizon)
        .select_related("org")
        .order_by("due_on", "id")[:LIMIT]
    )
    out = []
    for r in qs:
        status = classify(r.due_on, today)  # type: ignore[arg-type]
        if status == DStatus.OK:
            continue
        out.append(
            WorkItem(
                title=f"{r.number} {r.title}（{r.org.name}）",
                url=reverse("decisions:review_detail", args=[r.pk]),
                kind="deadline",
                due=r.due_on,
                status=status,
                basis=rules.review_rule(r.subject_kind).describe(),
                module=MODULE,
            )
        )
    return out


def _review_time_warnings(user: Any, today: date) -> list[WorkItem]:
    """Decisions still to be discussed whose review was sent too late for the planned meeting."""
    decisions = list(
        selectors.decisions_for(user)
        .filter(status__in=[DecisionStatus.DRAFTING, DecisionStatus.POSTPONED], planned_meeting_on__gte=today)
        .order_by("planned_meeting_on", "id")[:LIMIT]
    )
    reviews: dict[int, LegalityReview] = {}
    for r in LegalityReview.objects.filter(
        subject_kind=SubjectKind.DECISION, subject_id__in=[d.pk for d in decisions]
    ).order_by("received_on", "id"):
        reviews[int(r.subject_id)] = r  # type: ignore[arg-type]  # the latest wins
    out = []
    for d in decisions:
        warning = review_time_warning(d, reviews.get(d.pk))
        if warning:
            out.append(
                WorkItem(
                    title=f"{d.number} {d.title}：{warning}",
                    url=reverse("decisions:decision_detail", args=[d.pk]),
                    kind="todo",
                    due=d.planned_meeting_on,
                    status=DStatus.DUE_SOON,
                    basis=rules.MINIMUM_REVIEW.describe(),
                    module=MODULE,
                )
            )
    return out
