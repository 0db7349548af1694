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


STATUS_LABELS = {
    Status.DONE: "已完成",
    Status.OK: "未到期",
    Status.DUE_SOON: "即将到期",
    Status.OVERDUE: "已超期",
    Status.CALENDAR_MISSING: "日历缺失",
    Status.SUSPENDED: "中止中",
}


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
        due = rule.due(start, extra_days)
    except calendar.CalendarMissing:
        return Deadline(rule, start, None, Status.CALENDAR_MISSING, done_on, note)
    if done_on is not None:
        return Deadline(rule, start, due, Status.DONE, done_on, note)
    if suspended:
        return Deadline(rule, start, due, Status.SUSPENDED, None, note)
    return Deadline(rule, start, due, classify(due, today), None, note)


def classify(due: date, today: date) -> str:
    if today > due:
        return Status.OVERDUE
    try:
        remaining = calendar.working_days_between(today, due)
    except calendar.CalendarMissing:
        return Status.CALENDAR_MISSING
    return Status.DUE_SOON if remaining <= settings.FAZHI_DUE_SOON_WORKING_DAYS else Status.OK
