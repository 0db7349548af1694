"""Daily job: reminders of approaching deadlines (``FAZHI_NOTIFY_DEADLINE_DAYS`` working days before).
Idempotent: run it as often as you like, a reminder is written once per deadline and threshold."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fazhi.core.dates import today

from ...services import deadline_reminders


class Command(BaseCommand):
    help = "生成期限临近提醒（站内通知），可重复运行，不会重复提醒"

    def handle(self, *args: Any, **options: Any) -> None:
        n = deadline_reminders(today())
        self.stdout.write(f"已生成期限提醒 {n} 条")
