from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.management.commands.import_xlsx import count_of
from fazhi.core.registry import registry


class Command(BaseCommand):
    help = "导出数据到 Excel：fazhi export <类别> 文件.xlsx"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind")
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = registry.tabular.get(options["kind"])
        if kind is None or kind.exporter is None:
            raise CommandError(
                f"未知的导出类别「{options['kind']}」，可选：{'、'.join(sorted(registry.tabular)) or '无'}"
            )
        path = Path(options["file"])
        if path.suffix.lower() != ".xlsx":
            raise CommandError("导出文件名应以 .xlsx 结尾")
        result = kind.exporter(path, None)
        self.stdout.write(f"已导出{kind.label} {count_of(result)} 条到 {path}")
