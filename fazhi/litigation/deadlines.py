"""Statutory periods of 行政应诉 (RULES §3), one table; registered in hooks.py, computed here."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from fazhi.workdays.calendar import CalendarMissing
from fazhi.workdays.deadlines import Deadline, Memo, Status, api_due, at_due, awaiting_service, evaluate
from fazhi.workdays.rules import DeadlineRule

if TYPE_CHECKING:
    from .models import LitigationCase

ANSWER = DeadlineRule(
    "litigation.answer", "答辩举证期限", "收到起诉状副本之日", 15, "calendar", "《行政诉讼法》第六十七条"
)
APPEAL_JUDGMENT = DeadlineRule(
    "litigation.appeal_judgment",
    "不服判决上诉期限",
    "判决书送达之日",
    15,
    "calendar",
    "《行政诉讼法》第八十五条",
)
APPEAL_RULING = DeadlineRule(
    "litigation.appeal_ruling",
    "不服裁定上诉期限",
    "裁定书送达之日",
    10,
    "calendar",
    "《行政诉讼法》第八十五条",
)
HEAD_NOTICE = DeadlineRule(
    "litigation.head_notice",
    "负责人出庭通知提前期",
    "开庭之日前",
    3,
    "calendar",
    "法释〔2020〕3号第五条",
)
RULES = [ANSWER, APPEAL_JUDGMENT, APPEAL_RULING, HEAD_NOTICE]


def answer_deadline(case: LitigationCase, today: date) -> Deadline | None:
    """RULES §3, 行政诉讼法 Art 67: 15 calendar days from service, last day rolled to a working day."""
    return evaluate(ANSWER, case.served_on, today=today, done_on=case.answer_filed_on)


def appeal_deadline(case: LitigationCase, today: date) -> Deadline | None:
    """RULES §3, 行政诉讼法 Art 85: 15 days (judgment) / 10 days (ruling) from service of the document.

    Only open while a decision on appeal is pending; a withdrawal or mediation cannot be appealed.
    """
    from .models import JudgmentKind, Outcome

    if not case.outcome or case.outcome in (Outcome.WITHDRAWN, Outcome.MEDIATED):
        return None
    rule = APPEAL_RULING if case.judgment_kind == JudgmentKind.RULING else APPEAL_JUDGMENT
    if case.judgment_served_on is None:
        # RULES §3: "待送达" until the service date is recorded — never counted from the judgment date.
        if case.appeal_decided_on is not None:
            return Deadline(rule, None, None, Status.DONE, case.appeal_decided_on, "送达日期未登记")
        return awaiting_service(rule, "裁判文书送达日期尚未登记")
    return evaluate(rule, case.judgment_served_on, today=today, done_on=case.appeal_decided_on)


def _due(rule: DeadlineRule, start: date | None) -> date | None:
    if start is None:
        return None
    try:
        return rule.due(start)
    except CalendarMissing:
        return None  # 日历缺失: stored as unknown, filled in when the year's calendar is entered


def cached_due_dates(case: LitigationCase) -> dict[str, date | None]:
    """The stored ``answer_due``/``appeal_due`` (LitigationCase is a core.parts.CachedDeadlines): the due
    dates of ``answer_deadline``/``appeal_deadline``, whether or not the step was taken in time, so that a
    list can filter "open and past due" in SQL (``answer_filed_on IS NULL AND answer_due < today``)."""
    from .models import JudgmentKind, Outcome

    appeal = None
    if case.outcome and case.outcome not in (Outcome.WITHDRAWN, Outcome.MEDIATED):
        rule = APPEAL_RULING if case.judgment_kind == JudgmentKind.RULING else APPEAL_JUDGMENT
        appeal = _due(rule, case.judgment_served_on)
    return {"answer_due": _due(ANSWER, case.served_on), "appeal_due": appeal}


def refresh_cached_deadlines() -> int:
    """Calendar listener: the holiday table changed, recompute the stored due dates of every case whose
    answer or appeal decision is still awaited (a finished period's due date no longer moves anything)."""
    from django.db.models import Q

    from fazhi.core.parts import refresh_cached_deadlines as refresh

    from .models import LitigationCase

    return refresh(
        LitigationCase.objects.filter(Q(answer_filed_on__isnull=True) | Q(appeal_decided_on__isnull=True))
    )


def head_notice_latest(session_on: date) -> date:
    """法释〔2020〕3号 Art 5: the last day on which the court's notice may arrive (3 clear days before)."""
    return session_on - timedelta(days=HEAD_NOTICE.days)


def case_deadlines(case: LitigationCase, today: date) -> list[Deadline]:
    return [d for d in (answer_deadline(case, today), appeal_deadline(case, today)) if d is not None]


def is_overdue(case: LitigationCase, today: date) -> bool:
    """Any statutory period of the case is past (still open) or was met late."""
    return any(d.is_overdue for d in case_deadlines(case, today))


def row_deadlines(case: LitigationCase, memo: Memo) -> tuple[Deadline | None, Deadline | None]:
    """``answer_deadline`` and ``appeal_deadline`` (the same due dates and statuses) read from the cached
    ``answer_due``/``appeal_due``, which every write and the calendar listener keep equal to ``_due`` of the
    same start (``cached_due_dates``); only the status against today is classified, memoised per request.
    ``tests/test_cached_deadlines.py`` compares this with the computed deadlines across the case's states."""
    from .models import JudgmentKind, Outcome

    answer = None
    if case.served_on is not None:
        answer = at_due(ANSWER, case.answer_due, memo, start=case.served_on, done_on=case.answer_filed_on)
    if not case.outcome or case.outcome in (Outcome.WITHDRAWN, Outcome.MEDIATED):
        return answer, None
    rule = APPEAL_RULING if case.judgment_kind == JudgmentKind.RULING else APPEAL_JUDGMENT
    if case.judgment_served_on is None:
        if case.appeal_decided_on is not None:
            return answer, Deadline(rule, None, None, Status.DONE, case.appeal_decided_on, "送达日期未登记")
        return answer, awaiting_service(rule, "裁判文书送达日期尚未登记")
    appeal = at_due(
        rule, case.appeal_due, memo, start=case.judgment_served_on, done_on=case.appeal_decided_on
    )
    return answer, appeal


def due_or_missing(d: Deadline | None) -> str | None:
    """API form of a due date: ISO date, "日历缺失"/"待送达" when there is no date, None if not started."""
    return api_due(d)
