"""Changes to the holiday calendar and what must follow them."""

from __future__ import annotations

from django.db import transaction

from fazhi.core.registry import registry

from . import calendar


def calendar_changed() -> None:
    """Forget the cached calendar now; once the change is committed, let the modules recompute
    the deadlines they store (a year entered late turns 日历缺失 into real dates)."""
    calendar.invalidate()

    def notify() -> None:
        calendar.invalidate()
        for listener in registry.calendar_listeners:
            listener()

    transaction.on_commit(notify)
