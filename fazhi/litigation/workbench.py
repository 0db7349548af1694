"""Workbench items of 行政应诉: answer/appeal periods due soon or overdue, sessions of the coming week
(the head must appear) and lost cases awaiting an accountability inquiry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse

from fazhi.core.assignment import mine_for
from fazhi.core.registry import WorkItem
from fazhi.workdays.deadlines import Status as DStatus

from . import deadlines, selectors

SHOWN = {DStatus.DUE_SOON, DStatus.OVERDUE, DStatus.CALENDAR_MISSING}


def items(user: Any, today: date) -> list[WorkItem]:
    """Open answer/appeal periods that are due soon or overdue, and lost cases awaiting an inquiry."""
    from .models import CourtSession, LitigationCase, Status, loss_q

    if not user.can_write_business:
        return []
    items: list[WorkItem] = []
    base = LitigationCase.objects.visible_to(user)
    for case in base.filter(status__in=[Status.SERVED, Status.JUDGED]).only(
        "id",
        "court_case_number",
        "status",
        "served_on",
        "answer_filed_on",
        "outcome",
        "judgment_kind",
        "concluded_on",
        "judgment_served_on",
        "appeal_decided_on",
        "handler_id",
        "co_handler_id",
    ):
        url = reverse("litigation:case_detail", args=[case.pk])
        for d in deadlines.case_deadlines(case, today):
            if d.status in SHOWN:
                items.append(
                    WorkItem(
                        f"{case.court_case_number} {d.rule.label}",
                        url,
                        "deadline",
                        d.due,
                        d.status,
                        d.rule.describe(),
                        "litigation",
                        mine=mine_for(case, user),
                    )
                )
    # Sessions registered ahead of time: the head must appear (法释〔2020〕3号), shown in the week before.
    for s in CourtSession.objects.filter(
        case__in=base.values("pk"), held_on__gte=today, held_on__lte=today + timedelta(days=7)
    ).select_related("case")[:50]:
        note = "；出庭通知不足3日" if s.notice_short else ""
        items.append(
            WorkItem(
                f"{s.case.court_case_number} 开庭（负责人出庭应诉）",
                reverse("litigation:case_detail", args=[s.case_id]),
                "deadline",
                s.held_on,
                DStatus.DUE_SOON,
                deadlines.HEAD_NOTICE.describe() + note,
                "litigation",
                mine=mine_for(s.case, user),
            )
        )
    for case in base.filter(loss_q(), accountability__isnull=True).only("id", "court_case_number")[:50]:
        items.append(
            WorkItem(
                f"{case.court_case_number} 败诉案件待启动责任调查",
                reverse("litigation:case_detail", args=[case.pk]),
                "todo",
                module="litigation",
            )
        )
    return items


def co_defendant_queue(user: Any, today: date) -> list[WorkItem]:
    """The bureau's queue of co-defendants named outside the clerk's subtree (issue 8 item 9)."""
    pending = selectors.pending_co_defendants(user)[:50]
    url = reverse("litigation:co_defendant_queue")
    return [
        WorkItem(
            f"{co.case.court_case_number} 共同被告「{co.org.name}」待确认",
            url,
            "todo",
            basis=f"{co.case.org.name}{'·' + str(co.requested_by) if co.requested_by else ''}提出",
            module="litigation",
        )
        for co in pending
    ]
