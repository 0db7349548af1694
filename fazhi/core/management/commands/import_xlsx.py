from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

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
    # The system checks load the URLconf, i.e. every view and its libraries (DRF, drf-spectacular,
    # python-docx …): seconds of start-up an import does not use (issue 17). `fazhi check` runs them.
    requires_system_checks: list[str] = []

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
        from fazhi.core.jobs import import_cli

        path = options["path"]
        if not Path(path).is_file():
            raise CommandError(f"文件「{path}」不存在")

        phases: list[str] = []

        def progress(done: int, total: int, phase: str = "check") -> None:
            # one line per phase rewritten in place: the CLI stays synchronous but shows how far it is
            if phases and phases[-1] != phase:
                self.stderr.write("")  # the finished phase keeps its line
            if not phases or phases[-1] != phase:
                phases.append(phase)
            verb = "已写入" if phase == "write" else "已检查"
            self.stderr.write(f"\r{verb} {done} / {total} 行", ending="")
            self.stderr.flush()

        job = import_cli(kind.name, path, _actor(options.get("user")), progress=progress)
        self.stderr.write("")
        if job.errors:
            for error in job.errors:
                self.stderr.write(str(error))
            raise CommandError(f"文件有 {len(job.errors)} 处错误，未导入任何记录")
        self.stdout.write(f"已导入 {job.created} 条{kind.label}")
