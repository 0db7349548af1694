from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.excel import ExcelError
from fazhi.core.registry import registry


def _actor(username: str | None) -> Any:
    if not username:
        return None
    from fazhi.orgs.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"用户「{username}」不存在")
    return user


class Command(BaseCommand):
    help = "从 Excel 导入记录：fazhi import <类别> FILE.xlsx（全部导入或全部不导入）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind")
        parser.add_argument("path")
        parser.add_argument("--user", help="以该用户身份导入（默认：系统）")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = registry.tabular.get(options["kind"])
        if kind is None or kind.importer is None:
            raise CommandError(
                f"未知的导入类别「{options['kind']}」，可选：{'、'.join(sorted(registry.tabular))}"
            )
        try:
            result = kind.importer(options["path"], _actor(options.get("user")))
        except ExcelError as e:
            raise CommandError("；".join(e.messages)) from None
        errors = getattr(result, "errors", [])
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(f"文件有 {len(errors)} 处错误，未导入任何记录")
        self.stdout.write(f"已导入 {getattr(result, 'created', 0)} 条{kind.label}")
