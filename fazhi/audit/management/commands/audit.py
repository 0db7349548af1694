from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.audit.selectors import VerifyResult, verify_chain
from fazhi.audit.services import seal_pending


def _failure(result: VerifyResult) -> str:
    if result.broken_id is not None:
        return f"审计链在第 {result.broken_id} 号记录处断裂：{result.reason}（此前 {result.checked} 条完好）"
    return f"审计链校验失败：{result.reason}"


class Command(BaseCommand):
    help = (
        "审计记录：verify 从头校验哈希链和外部锚定，完好时写入新的锚定；"
        "seal 把已提交未封存的记录封存入链，校验自上次锚定以来的部分并写入锚定（定时任务）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "seal"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "seal":
            sealed = seal_pending()
            result = verify_chain(incremental=True)
            if not result.ok:
                raise CommandError(_failure(result))
            self.stdout.write(
                f"已封存 {sealed} 条记录；审计链头为第 {result.head_seq} 号封存，已写入外部锚定"
            )
            return
        result = verify_chain()
        if not result.ok:
            raise CommandError(_failure(result))
        pending = f"；另有 {result.pending} 条刚提交的记录等待封存" if result.pending else ""
        self.stdout.write(
            f"审计链完整：共 {result.checked} 条记录，哈希全部一致，"
            f"与 {result.anchors} 个外部锚定相符（链头第 {result.head_seq} 号封存）{pending}"
        )
