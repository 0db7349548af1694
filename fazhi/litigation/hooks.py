"""Joins 行政应诉 to the platform: deadline rules, menu, workbench, figures, demo, Excel kinds."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse

from fazhi.core.registry import DemoLoader, NavItem, TabularKind, WorkItem, registry
from fazhi.orgs.models import Role
from fazhi.reports.figures import FigureProvider, register_provider
from fazhi.workdays import rules
from fazhi.workdays.deadlines import Status as DStatus

from . import deadlines, stats

for _rule in deadlines.RULES:
    rules.register(_rule)
registry.add_calendar_listener(deadlines.refresh_cached_deadlines)

registry.add_nav(
    NavItem(
        "行政应诉",
        "litigation:case_list",
        frozenset({Role.BUREAU, Role.CLERK, Role.LEADER}),
        icon="bank",
        order=20,
    )
)

register_provider(
    FigureProvider(
        module="litigation",
        compute=stats.figures,
        breakdown=stats.breakdown,
        dimensions={"org": "被告单位"},
        party_names=stats.party_names,
    )
)

SHOWN = {DStatus.DUE_SOON, DStatus.OVERDUE, DStatus.CALENDAR_MISSING}


def workbench(user: Any, today: date) -> list[WorkItem]:
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


registry.add_workbench(workbench)


def _demo_load(**kwargs: Any) -> Any:
    from . import demo

    return demo.load(**kwargs)


def _import(path: Any, actor: Any, **options: Any) -> Any:
    from . import imports

    return imports.import_file(path, actor, **options)


def _export(path: Any, actor: Any) -> int:
    from . import imports

    return imports.export_file(path, actor)


registry.add_demo(DemoLoader("行政应诉", _demo_load, order=20))
registry.add_tabular(TabularKind("litigation", "行政诉讼案件", _import, _export))
