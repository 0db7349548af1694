"""``manage.py openapi --write | --check``: the committed OpenAPI documents, one per module."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import openapi


class Command(BaseCommand):
    help = (
        "生成（--write）或核对（--check）docs/openapi/<模块>.yaml、platform.yaml 与合并的 docs/openapi.yaml"
    )

    def add_arguments(self, parser: Any) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--write", action="store_true", help="写入（只改动有变化的文件）")
        group.add_argument("--check", action="store_true", help="有文件过期时失败并显示差异（CI）")

    def handle(self, *args: Any, **options: Any) -> None:
        fresh = openapi.documents()
        if options["write"]:
            changed = openapi.write(fresh)
            for name in changed:
                self.stdout.write(f"已更新 docs/{name}")
            if not changed:
                self.stdout.write("OpenAPI 文件均为最新")
            return
        stale = openapi.stale(fresh)
        if stale:
            for diff in stale.values():
                self.stdout.write(diff)
            raise CommandError(
                f"{len(stale)} 个 OpenAPI 文件已过期：{', '.join('docs/' + n for n in stale)}；请运行 `{openapi.REGENERATE}` 并提交"
            )
        self.stdout.write(f"{len(fresh)} 个 OpenAPI 文件均为最新")
