from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fazhi.reconsideration.services import deem_accepted_cases, refresh_open_deadlines


class Command(BaseCommand):
    help = (
        "行政复议每日任务：登记期满视为受理的案件（第三十条）；--refresh 重新计算期限缓存（节假日安排变更后）"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--refresh", action="store_true", help="重新计算所有未结案件的期限")

    def handle(self, *args: Any, **options: Any) -> None:
        n = deem_accepted_cases()
        self.stdout.write(f"视为受理：{n} 件")
        if options["refresh"]:
            count = refresh_open_deadlines()
            self.stdout.write(f"已重新计算期限：{count} 件")
