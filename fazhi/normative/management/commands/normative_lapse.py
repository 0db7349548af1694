"""``manage.py normative_lapse [--date YYYY-MM-DD]``: 期满自动失效 of every document whose term has ended
(RULES §5), each through the action runner and audited as 系统 (run daily)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand

from fazhi.core.dates import today
from fazhi.normative.services import lapse_expired


class Command(BaseCommand):
    help = "规范性文件期满自动失效"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", type=date.fromisoformat, default=None, help="按该日计算（默认今日）")

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        while n := lapse_expired(options["date"] or today()):
            total += n
        self.stdout.write(f"期满失效的规范性文件 {total} 件")
