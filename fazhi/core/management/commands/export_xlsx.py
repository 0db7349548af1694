from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.registry import registry

from .import_xlsx import _actor


class Command(BaseCommand):
    help = "导出记录到 Excel：fazhi export <类别> FILE.xlsx"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind")
        parser.add_argument("path")
        parser.add_argument("--user", help="按该用户的数据范围和脱敏规则导出（默认：系统，证件号脱敏）")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = registry.tabular.get(options["kind"])
        if kind is None or kind.exporter is None:
            raise CommandError(
                f"未知的导出类别「{options['kind']}」，可选：{'、'.join(sorted(registry.tabular))}"
            )
        n = kind.exporter(options["path"], _actor(options.get("user")))
        self.stdout.write(f"已导出 {n} 条{kind.label}")
