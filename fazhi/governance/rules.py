"""The rules of 法治建设综合, each length a setting: ``FAZHI_GOVERNANCE = {"idle_months": 6}``.

顾而不问 (seed report 二): an adviser under contract on a day with no consultation in the ``idle_months``
before it (that day included)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings

_DEFAULTS: dict[str, Any] = {"idle_months": 6}
BASIS_IDLE = "法律顾问聘期内{months}个月无咨询记录（顾而不问）"
BASIS_RECTIFICATION = "整改任务超过整改期限未完成"


def setting(name: str) -> Any:
    return {**_DEFAULTS, **getattr(settings, "FAZHI_GOVERNANCE", {})}[name]


def months_before(d: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day where it is shorter)."""
    y, mo = divmod(d.year * 12 + d.month - 1 - months, 12)
    for day in (d.day, 30, 29, 28):
        try:
            return date(y, mo + 1, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def idle_window(on: date) -> tuple[date, date]:
    """The first and last day in which an adviser must have been consulted not to count as idle on ``on``:
    the window is (on − months, on], so the start itself is outside."""
    return months_before(on, int(setting("idle_months"))), on
