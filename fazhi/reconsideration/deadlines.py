"""Deadlines of one case, computed from its stored dates and periods (RULES.md §2) — never typed in.

``decision_due = calendar_deadline(accepted_on, base + extension_days + suspended_days)`` where an
open suspension counts up to ``today`` and the deadline shows as 中止中.
"""

from __future__ import annotations

from datetime import date, timedelta

from fazhi.workdays import calendar
from fazhi.workdays.deadlines import Deadline, Memo, Status, awaiting_service, classify, evaluate
from fazhi.workdays.deadlines import at_due as _at

from . import rules
from .models import Procedure, ReconsiderationCase
from .models import Status as CaseStatus


def _related(case: ReconsiderationCase, name: str) -> list:
    """Prefetched rows when available (list pages), else one query."""
    cache = getattr(case, "_prefetched_objects_cache", {})
    if name in cache:
        return list(cache[name])
    return list(getattr(case, name).all())


def suspended_days(suspensions: list, today: date) -> tuple[int, bool]:
    """Sum of (resumed_on − suspended_on) in days; an open period counts up to today.

    RULES §2: the grounds for 中止 are in Art 39; excluding the suspended time is settled practice (the 2023
    law has no express sentence)."""
    total, is_open = 0, False
    for s in suspensions:
        end = s.resumed_on
        if end is None:
            end, is_open = today, True
        total += max(0, (end - s.suspended_on).days)
    return total, is_open


def acceptance_start(case: ReconsiderationCase, corrections: list) -> date:
    """The review period restarts on the corrected application (Art 31)."""
    corrected = [c.corrected_on for c in corrections if c.corrected_on]
    return max(corrected) if corrected else case.received_on


def decision_rule(case: ReconsiderationCase) -> rules.DeadlineRule:
    return rules.DECISION_SIMPLIFIED if case.procedure == Procedure.SIMPLIFIED else rules.DECISION


def compute_acceptance_due(case: ReconsiderationCase, corrections: list) -> date | None:
    try:
        return rules.ACCEPTANCE.due(acceptance_start(case, corrections))
    except calendar.CalendarMissing:
        return None


def compute_decision_due(case: ReconsiderationCase, suspensions: list, today: date) -> date | None:
    """RULES §2's formula; None when not accepted or the calendar lacks the year."""
    if not case.accepted_on:
        return None
    days, _ = suspended_days(suspensions, today)
    try:
        return decision_rule(case).due(case.accepted_on, case.extension_days + days)
    except calendar.CalendarMissing:
        return None


def deemed_acceptance_date(case: ReconsiderationCase, today: date) -> date | None:
    """Art 30: nothing decided when the review period ends → accepted on the day it ends."""
    if case.accepted_on or case.status != CaseStatus.RECEIVED or case.acceptance_due is None:
        return None
    return case.acceptance_due if case.acceptance_due < today else None


def effective_accepted_on(case: ReconsiderationCase, today: date) -> date | None:
    return case.accepted_on or deemed_acceptance_date(case, today)


def subtract_working_days(end: date, n: int) -> date:
    """The latest working day d with at least n working days lying strictly between d and ``end``.

    RULES §2, Art 51 "五日前": e.g. a Monday hearing with n = 5 needs Mon–Fri of the week before strictly in
    between, so the latest notice day is the Friday before that week.
    """
    d, counted = end, 0
    while counted < n:
        d -= timedelta(days=1)
        if calendar.is_working_day(d):
            counted += 1
    # d is now the n-th working day before ``end``; the notice must be served before it, on a working day.
    d -= timedelta(days=1)
    while not calendar.is_working_day(d):
        d -= timedelta(days=1)
    return d


def hearing_notice_deadline(hearing, today: date) -> Deadline:  # type: ignore[no-untyped-def]
    """RULES §2, Art 51: at least 5 working days strictly between the notice's service and the hearing."""
    rule = rules.HEARING_NOTICE
    try:
        latest = subtract_working_days(hearing.held_on, rule.days)
    except calendar.CalendarMissing:
        return Deadline(rule, hearing.held_on, None, Status.CALENDAR_MISSING, hearing.notified_on)
    if hearing.notified_on:
        return Deadline(rule, hearing.held_on, latest, Status.DONE, hearing.notified_on)
    return Deadline(rule, hearing.held_on, latest, classify(latest, today))


def _unserved(rule: rules.DeadlineRule, done_on: date | None, note: str) -> Deadline:
    """No service date: 待送达 while open; once done, 已完成 with no due date (nothing to count from)."""
    if done_on is not None:
        return Deadline(rule, None, None, Status.DONE, done_on, note)
    return awaiting_service(rule, note)


def case_deadlines(case: ReconsiderationCase, today: date) -> list[Deadline]:
    """Every deadline of the case that has started, in procedural order."""
    corrections = _related(case, "corrections")
    out: list[Deadline] = []
    if corrections:
        first = corrections[0]
        out.append(
            evaluate(rules.CORRECTION_NOTICE, case.received_on, today=today, done_on=first.requested_on)
        )
        for c in corrections:
            # RULES §2, Art 31: the applicant's period runs from receiving the notice; 待送达 until recorded.
            if c.served_on is None:
                out.append(_unserved(rules.CORRECTION_PERIOD, c.corrected_on, "补正通知送达日期尚未登记"))
            else:
                out.append(
                    evaluate(rules.CORRECTION_PERIOD, c.served_on, today=today, done_on=c.corrected_on)
                )
    # An application deemed abandoned (Art 31) never returns to the acceptance review.
    if case.status not in (CaseStatus.CORRECTION, CaseStatus.ABANDONED):
        decided = case.accepted_on or case.declined_on or case.transferred_on
        deemed = deemed_acceptance_date(case, today)
        note = "期满未作决定，依法视为受理" if deemed or case.deemed_accepted else ""
        out.append(
            evaluate(
                rules.ACCEPTANCE,
                acceptance_start(case, corrections),
                today=today,
                done_on=decided or deemed,
                note=note,
            )
        )
    accepted = effective_accepted_on(case, today)
    if accepted is None:
        return [d for d in out if d is not None]
    simplified = case.procedure == Procedure.SIMPLIFIED
    out.append(
        evaluate(
            rules.COPY_SIMPLIFIED if simplified else rules.COPY,
            accepted,
            today=today,
            done_on=case.copy_sent_on or case.concluded_on,
        )
    )
    if case.copy_sent_on:
        answer_rule = rules.ANSWER_SIMPLIFIED if simplified else rules.ANSWER
        answered = case.answered_on or case.concluded_on
        # RULES §2, Art 48: from the respondent's receipt of the copy; never from the sending date.
        if case.copy_served_on is None:
            out.append(_unserved(answer_rule, answered, "被申请人收到申请书副本的日期尚未登记"))
        else:
            out.append(evaluate(answer_rule, case.copy_served_on, today=today, done_on=answered))
    for hearing in _related(case, "hearings"):
        out.append(hearing_notice_deadline(hearing, today))
    days, is_open = suspended_days(_related(case, "suspensions"), today)
    notes = []
    if case.extension_days:
        notes.append(f"已延长{case.extension_days}日")
    if days:
        notes.append(f"中止{days}日不计入")
    out.append(
        evaluate(
            decision_rule(case),
            accepted,
            today=today,
            done_on=case.concluded_on,
            extra_days=case.extension_days + days,
            suspended=is_open and not case.concluded_on,
            note="，".join(notes),
        )
    )
    return [d for d in out if d is not None]


def decision_deadline(case: ReconsiderationCase, today: date) -> Deadline | None:
    for d in case_deadlines(case, today):
        if d.rule.code.startswith("reconsideration.decision"):
            return d
    return None


def acceptance_deadline(case: ReconsiderationCase, today: date) -> Deadline | None:
    for d in case_deadlines(case, today):
        if d.rule.code == rules.ACCEPTANCE.code:
            return d
    return None


# --- the three deadlines of a list row, from the cached columns (issue 11 item 2) -----------------------


def _suspensions(case: ReconsiderationCase) -> list:
    rows = getattr(case, "suspension_list", None)  # Prefetch(..., to_attr="suspension_list")
    return rows if rows is not None else _related(case, "suspensions")


#: Statuses whose decision deadline may run on an open suspension (中止; a case voided while suspended):
#: computed from the suspensions, never read from the column cached on the day of the last change.
_LIVE_SUSPENSION = frozenset({CaseStatus.SUSPENDED, CaseStatus.VOIDED})


def row_deadlines(case: ReconsiderationCase, memo: Memo) -> dict[str, Deadline | None]:
    """受理审查, 作出复议决定 and 答复 as ``case_deadlines`` gives them (the same due dates and statuses; the
    notes and the acceptance start are left out), read from the cached ``acceptance_due``/``decision_due``
    where they are authoritative: every transition and edit refreshes them (``actions._prepare``), the
    daily job after a holiday-table change. Computed here instead: the decision deadline of a deemed
    acceptance not yet recorded (no ``accepted_on`` to cache from) and of a case with a possibly open
    suspension (its due date moves every day); the answer deadline (no column). No query unless the
    suspensions of a suspended case were not prefetched. ``tests/test_deadline_cache.py`` compares this
    with ``case_deadlines`` across every status."""
    today = memo.today
    out: dict[str, Deadline | None] = {"acceptance": None, "decision": None, "answer": None}
    if case.status not in (CaseStatus.CORRECTION, CaseStatus.ABANDONED):
        decided = case.accepted_on or case.declined_on or case.transferred_on
        deemed = deemed_acceptance_date(case, today)
        out["acceptance"] = _at(rules.ACCEPTANCE, case.acceptance_due, memo, done_on=decided or deemed)
    accepted = effective_accepted_on(case, today)
    if accepted is None:
        return out
    simplified = case.procedure == Procedure.SIMPLIFIED
    if case.copy_sent_on:
        answer_rule = rules.ANSWER_SIMPLIFIED if simplified else rules.ANSWER
        answered = case.answered_on or case.concluded_on
        if case.copy_served_on is None:
            out["answer"] = _unserved(answer_rule, answered, "被申请人收到申请书副本的日期尚未登记")
        else:
            due = memo.due(answer_rule, case.copy_served_on)
            out["answer"] = _at(answer_rule, due, memo, start=case.copy_served_on, done_on=answered)
    rule = decision_rule(case)
    if case.accepted_on is None or case.status in _LIVE_SUSPENSION:
        days, is_open = suspended_days(_suspensions(case), today)
        due = memo.due(rule, accepted, case.extension_days + days)
        live = is_open and not case.concluded_on
    else:
        due, live = case.decision_due, False
    out["decision"] = _at(rule, due, memo, start=accepted, done_on=case.concluded_on, suspended=live)
    return out
