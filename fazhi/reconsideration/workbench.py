"""Workbench items (即将到期/已超期/日历缺失) for the people who must act.

Bureau staff (the reconsideration office): acceptance decisions and decision deadlines.
Respondent clerks: the answer due after the application copy was sent to their unit.
Two queries at most, bounded; dates come from the deadline cache and the rule table.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse

from fazhi.core.assignment import mine_for
from fazhi.core.pagination import capped_count
from fazhi.core.registry import WorkItem
from fazhi.orgs.models import Role
from fazhi.workdays import calendar
from fazhi.workdays.deadlines import Status as DStatus
from fazhi.workdays.deadlines import classify

from . import rules
from .models import Hearing, Procedure, ReconsiderationCase, Status

LIMIT = 50


def _horizon(today: date) -> date:
    try:
        return calendar.add_working_days(today, 3)
    except calendar.CalendarMissing:
        return today + timedelta(days=7)


def _due(rule: rules.DeadlineRule, start: date) -> date | None:
    try:
        return rule.due(start)
    except calendar.CalendarMissing:
        return None


def _todo(qs, title: str, status: str) -> list[WorkItem]:  # type: ignore[no-untyped-def]
    """One 我的待办 line per kind of pending step, with a capped count and a link to the filtered list."""
    n, more = capped_count(qs)
    if not n:
        return []
    url = reverse("reconsideration:case_list") + f"?status={status}"
    return [WorkItem(title=f"{title}（{n}{'+' if more else ''}件）", url=url, kind="todo", module="行政复议")]


def _item(
    case: ReconsiderationCase,
    what: str,
    due: date | None,
    rule: rules.DeadlineRule,
    today: date,
    status: str = "",
    user: Any = None,
) -> WorkItem | None:
    """``status`` given: a dateless state (待送达); otherwise classified from ``due`` (None → 日历缺失)."""
    status = status or (DStatus.CALENDAR_MISSING if due is None else classify(due, today))
    if status == DStatus.OK:
        return None
    return WorkItem(
        title=f"{case.number} {what}（{case.org.name}）",
        url=reverse("reconsideration:case_detail", args=[case.pk]),
        kind="deadline",
        due=due,
        status=status,
        basis=rule.describe(),
        module="行政复议",
        mine=mine_for(case, user),
    )


def _hearings(qs, today: date, user: Any = None) -> list[WorkItem]:  # type: ignore[no-untyped-def]
    """Hearings coming up within the Art 51 notice period (5 working days), so the office prepares them."""
    try:
        until = calendar.add_working_days(today, rules.HEARING_NOTICE.days)
    except calendar.CalendarMissing:
        until = today + timedelta(days=7)
    upcoming = (
        Hearing.objects.filter(
            case__in=qs.filter(concluded_on__isnull=True), held_on__gte=today, held_on__lte=until
        )
        .select_related("case", "case__org")
        .order_by("held_on", "id")[:LIMIT]
    )
    return [
        WorkItem(
            title=f"{h.case.number} 举行听证（{h.case.org.name}{'，' + h.place if h.place else ''}）",
            url=reverse("reconsideration:case_detail", args=[h.case_id]),
            kind="todo",
            due=h.held_on,
            basis=rules.HEARING_NOTICE.describe(),
            module="行政复议",
            mine=mine_for(h.case, user),
        )
        for h in upcoming
    ]


def items(user: Any, today: date) -> list[WorkItem]:
    if not user.sees_business_data or not user.can_write_business:
        return []
    horizon = _horizon(today)
    qs = ReconsiderationCase.objects.visible_to(user).select_related("org")
    out: list[WorkItem | None] = []
    if Role.BUREAU in user.role_codes:
        todo = _todo(qs.filter(status=Status.RECEIVED), "待作出受理决定的复议申请", "received")
        todo += _todo(qs.filter(status=Status.CORRECTION), "等待申请人补正的复议申请", "correction")
        out.extend(todo)
        pending = qs.filter(status=Status.RECEIVED, acceptance_due__lte=horizon) | qs.filter(
            status=Status.RECEIVED, acceptance_due__isnull=True
        )
        for case in pending.order_by("acceptance_due", "id")[:LIMIT]:
            out.append(_item(case, "受理审查", case.acceptance_due, rules.ACCEPTANCE, today, user=user))
        reviewing = qs.filter(status__in=[Status.ACCEPTED, Status.UNDER_REVIEW]).filter(
            decision_due__lte=horizon
        ) | qs.filter(status__in=[Status.ACCEPTED, Status.UNDER_REVIEW], decision_due__isnull=True)
        for case in reviewing.order_by("decision_due", "id")[:LIMIT]:
            rule = rules.DECISION_SIMPLIFIED if case.procedure == Procedure.SIMPLIFIED else rules.DECISION
            out.append(_item(case, "作出复议决定", case.decision_due, rule, today, user=user))
        unsent = qs.filter(status=Status.ACCEPTED, copy_sent_on__isnull=True)
        for case in unsent.order_by("accepted_on", "id")[:LIMIT]:
            rule = rules.COPY_SIMPLIFIED if case.procedure == Procedure.SIMPLIFIED else rules.COPY
            out.append(_item(case, "发送申请书副本", _due(rule, case.accepted_on), rule, today, user=user))
        out.extend(_hearings(qs, today, user))
    else:
        out.extend(
            _todo(
                qs.filter(status=Status.ACCEPTED, copy_sent_on__isnull=False, answered_on__isnull=True),
                "待提交答复的复议案件",
                "accepted",
            )
        )
        waiting = qs.filter(
            status=Status.ACCEPTED,
            copy_sent_on__isnull=False,
            answered_on__isnull=True,
            copy_sent_on__gte=today - timedelta(days=120),
        )
        for case in waiting.order_by("copy_sent_on", "id")[:LIMIT]:
            rule = rules.ANSWER_SIMPLIFIED if case.procedure == Procedure.SIMPLIFIED else rules.ANSWER
            # RULES §2, Art 48: counted from the unit's receipt of the copy; 待送达 until that is recorded.
            if case.copy_served_on is None:
                out.append(_item(case, "提交答复", None, rule, today, DStatus.AWAITING_SERVICE))
            else:
                out.append(_item(case, "提交答复", _due(rule, case.copy_served_on), rule, today))
    return [i for i in out if i is not None]
