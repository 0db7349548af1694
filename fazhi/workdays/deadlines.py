"""A computed deadline as shown on pages, workbench and API: due date, status and legal basis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from . import calendar
from .rules import DeadlineRule


class Status:
    DONE = "done"
    OK = "ok"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    CALENDAR_MISSING = "calendar_missing"
    SUSPENDED = "suspended"
    #: RULES §2/§3: a period running from the other side's receipt of a document (补正, 答复, appeal) has no
    #: start until the service (送达) date is recorded; it is never counted from the sending/judgment date.
    AWAITING_SERVICE = "awaiting_service"


STATUS_LABELS = {
    Status.DONE: "已完成",
    Status.OK: "未到期",
    Status.DUE_SOON: "即将到期",
    Status.OVERDUE: "已超期",
    Status.CALENDAR_MISSING: "日历缺失",
    Status.SUSPENDED: "中止中",
    Status.AWAITING_SERVICE: "待送达",
}

#: Statuses that have no due date to show: the label stands in for the date on every surface.
DATELESS_STATUSES = frozenset({Status.CALENDAR_MISSING, Status.AWAITING_SERVICE})


@dataclass(frozen=True)
class Deadline:
    rule: DeadlineRule
    start: date | None
    due: date | None
    status: str
    done_on: date | None = None
    note: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def basis(self) -> str:
        return self.rule.basis

    @property
    def is_overdue(self) -> bool:
        return self.status == Status.OVERDUE or (
            self.done_on is not None and self.due is not None and self.done_on > self.due
        )


def evaluate(
    rule: DeadlineRule,
    start: date | None,
    *,
    today: date,
    done_on: date | None = None,
    extra_days: int = 0,
    suspended: bool = False,
    note: str = "",
) -> Deadline | None:
    """Compute the due date from ``start`` and classify it against ``today`` (None: not started)."""
    if start is None:
        return None
    try:
        due: date | None = rule.due(start, extra_days)
    except calendar.CalendarMissing:
        due = None
    if done_on is not None:
        return Deadline(rule, start, due, Status.DONE if due else Status.CALENDAR_MISSING, done_on, note)
    if suspended:
        # RULES §2: an open suspension shows 中止中 — its end is not known yet, so a computed end that
        # runs past the holiday table is not 日历缺失.
        return Deadline(rule, start, due, Status.SUSPENDED, None, note)
    if due is None:
        return Deadline(rule, start, None, Status.CALENDAR_MISSING, None, note)
    return Deadline(rule, start, due, classify(due, today), None, note)


def awaiting_service(rule: DeadlineRule, note: str = "") -> Deadline:
    """The period starts on a service (送达) date that is not recorded yet: "待送达" (RULES §2–3)."""
    return Deadline(rule, None, None, Status.AWAITING_SERVICE, None, note or "送达日期尚未登记")


def api_due(d: Deadline | None) -> str | None:
    """API form of a due date: ISO date; the status label (日历缺失 / 待送达) when there is no date; None only
    when the period has not started. Pages, API and workbench all read the same ``Deadline``."""
    if d is None:
        return None
    return d.due.isoformat() if d.due is not None else d.status_label


def classify(due: date, today: date) -> str:
    if today > due:
        return Status.OVERDUE
    try:
        remaining = calendar.working_days_between(today, due)
    except calendar.CalendarMissing:
        return Status.CALENDAR_MISSING
    return Status.DUE_SOON if remaining <= settings.FAZHI_DUE_SOON_WORKING_DAYS else Status.OK


# --- list rows: deadlines from cached due dates, working-day arithmetic memoised per request (issue 11) ---


class Memo:
    """Per-request memo of working-day arithmetic: one list page has many rows sharing due dates and start
    days, and ``rule.due``/``classify`` walk the calendar day by day. Never kept across requests (the
    holiday table may change)."""

    def __init__(self, today: date) -> None:
        self.today = today
        self._due: dict[tuple[str, date, int], date | None] = {}
        self._status: dict[date, str] = {}

    def due(self, rule: DeadlineRule, start: date, extra: int = 0) -> date | None:
        key = (rule.code, start, extra)
        if key not in self._due:
            try:
                self._due[key] = rule.due(start, extra)
            except calendar.CalendarMissing:
                self._due[key] = None
        return self._due[key]

    def classify(self, due: date) -> str:
        if due not in self._status:
            self._status[due] = classify(due, self.today)
        return self._status[due]


def at_due(
    rule: DeadlineRule,
    due: date | None,
    memo: Memo,
    *,
    start: date | None = None,
    done_on: date | None = None,
    suspended: bool = False,
) -> Deadline:
    """``evaluate`` for a due date already known (cached column or memo): the same statuses."""
    if done_on is not None:
        return Deadline(rule, start, due, Status.DONE if due else Status.CALENDAR_MISSING, done_on)
    if suspended:
        return Deadline(rule, start, due, Status.SUSPENDED)
    if due is None:
        return Deadline(rule, start, None, Status.CALENDAR_MISSING)
    return Deadline(rule, start, due, memo.classify(due))
