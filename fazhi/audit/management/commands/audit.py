from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.audit.selectors import verify_chain


class Command(BaseCommand):
    help = "审计记录：verify 校验哈希链是否完整"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"审计链在第 {result.broken_id} 号记录处断裂：{result.reason}（此前 {result.checked} 条完好）"
            )
        self.stdout.write(f"审计链完整：共 {result.checked} 条记录，哈希全部一致")
