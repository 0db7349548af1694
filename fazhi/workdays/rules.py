"""The one table of statutory deadline rules (RULES.md: "keep each in one table").

Modules register their rules here in their ``hooks.py``; pages, API and tests read them from here.
``FAZHI_DEADLINE_OVERRIDES = {"code": days}`` changes a length where local practice differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from . import calendar


@dataclass(frozen=True)
class DeadlineRule:
    code: str  # e.g. "reconsideration.acceptance"
    label: str  # 受理审查期限
    start_event: str  # 收到申请之日
    length: int
    unit: str  # "working" | "calendar"
    basis: str  # 《行政复议法》第三十条

    @property
    def days(self) -> int:
        return int(getattr(settings, "FAZHI_DEADLINE_OVERRIDES", {}).get(self.code, self.length))

    @property
    def unit_label(self) -> str:
        return "个工作日" if self.unit == "working" else "日"

    def describe(self) -> str:
        return f"自{self.start_event}起{self.days}{self.unit_label}（{self.basis}）"

    def due(self, start: date, extra_days: int = 0) -> date:
        """The last day of the period; raises CalendarMissing when the calendar lacks a year."""
        n = self.days + extra_days
        if self.unit == "working":
            return calendar.add_working_days(start, n)
        return calendar.calendar_deadline(start, n)


_rules: dict[str, DeadlineRule] = {}


def register(rule: DeadlineRule) -> DeadlineRule:
    _rules[rule.code] = rule
    return rule


def get(code: str) -> DeadlineRule:
    return _rules[code]


def all_rules() -> list[DeadlineRule]:
    return sorted(_rules.values(), key=lambda r: r.code)
