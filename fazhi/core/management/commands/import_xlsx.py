from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.registry import registry


def count_of(result: Any) -> int:
    """Modules return the number of rows, or an object that knows it."""
    if isinstance(result, int):
        return result
    for attr in ("count", "imported", "created", "rows"):
        value = getattr(result, attr, None)
        if isinstance(value, int):
            return value
        if isinstance(value, list):
            return len(value)
    return len(result)


class Command(BaseCommand):
    help = "从 Excel 导入数据：fazhi import <类别> 文件.xlsx（任何一行有误则全部不导入）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind", help="类别：" + "、".join(sorted(registry.tabular)) if registry.tabular else "类别"
        )
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = registry.tabular.get(options["kind"])
        if kind is None or kind.importer is None:
            raise CommandError(
                f"未知的导入类别「{options['kind']}」，可选：{'、'.join(sorted(registry.tabular)) or '无'}"
            )
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        try:
            result = kind.importer(path, None)
        except ValidationError as e:
            raise CommandError("导入失败，未导入任何数据：\n" + "\n".join(e.messages)) from None
        self.stdout.write(f"已导入{kind.label} {count_of(result)} 条")
