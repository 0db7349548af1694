"""Writes: ``notify`` (called in the causing service's transaction), reading, and the deadline reminders.

``deadline_reminders(today)`` (the daily job ``manage.py notify_deadlines``) asks every installed
module's workbench providers — the same source as 我的待办/即将到期, so a closed case never produces a
reminder — for each active business user, and writes one reminder per deadline and threshold
(``FAZHI_NOTIFY_DEADLINE_DAYS``, default 3 and 1 working days before, counted on the holiday
calendar): the rerun of a day, or of the next day, never writes it twice (``Notification.key``)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from fazhi.core.dates import cn_date

from .models import Kind, Notification
from .senders import deliver


def notify(users: Iterable[Any], kind: str, title: str, url: str = "", key: str = "") -> list[Notification]:
    """One notification per distinct active user (None skipped); with ``key``, none for a user who has it."""
    seen: set[int] = set()
    created: list[Notification] = []
    for user in users:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        row = Notification(user=user, kind=kind, title=title[:300], url=url[:300], key=key[:64])
        if key:
            if Notification.objects.filter(user=user, key=row.key).exists():
                continue
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:  # the same reminder written by a concurrent run
                continue
        else:
            row.save()
        created.append(row)
    if created:
        transaction.on_commit(lambda: deliver(created))
    return created


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user: Any, pk: int | None = None) -> int:
    """Marks one notification of ``user`` (or all) read; another user's notification is not found (0)."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())


def thresholds() -> tuple[int, ...]:
    return tuple(sorted(set(getattr(settings, "FAZHI_NOTIFY_DEADLINE_DAYS", (3, 1)))))


def reminder_threshold(today: date, due: date, days: tuple[int, ...]) -> tuple[int, int] | None:
    """(threshold, working days left) when ``due`` is within a threshold of ``today``: the smallest
    threshold reached. None when the calendar does not cover the dates or the deadline is today/past."""
    from fazhi.workdays.calendar import CalendarMissing, working_days_between

    try:
        left = working_days_between(today, due)
    except CalendarMissing:
        return None
    reached = [t for t in days if 0 < left <= t]
    return (min(reached), left) if reached else None


def _key(*parts: Any) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:64]


def business_users():  # type: ignore[no-untyped-def]
    from fazhi.orgs.models import BUSINESS_ROLES, ROLE_BY_LABEL, User

    labels = [label for label, code in ROLE_BY_LABEL.items() if code in BUSINESS_ROLES]
    return (
        User.objects.filter(is_active=True, groups__name__in=labels)
        .distinct()
        .select_related("org")
        .order_by("id")
    )


def deadline_reminders(today: date) -> int:
    """Reminders of the deadlines the workbench shows each user, at the configured thresholds. An item of
    a case assigned to someone else (``WorkItem.mine is False``) goes to its 承办人/协办人 only."""
    from fazhi.core.registry import registry

    days = thresholds()
    written = 0
    for user in business_users():
        if not user.can_write_business:
            continue
        for provider in registry.workbench:
            for item in provider(user, today):
                if item.kind != "deadline" or item.due is None or item.mine is False:
                    continue
                hit = reminder_threshold(today, item.due, days)
                if hit is None:
                    continue
                threshold, left = hit
                title = f"{item.title}：还有{left}个工作日到期（{cn_date(item.due)}）"
                with transaction.atomic():
                    written += len(
                        notify(
                            [user],
                            Kind.DEADLINE,
                            title,
                            item.url,
                            key=_key("deadline", item.url, item.title, item.due, threshold),
                        )
                    )
    return written
