from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.dates import today
from fazhi.workdays import calendar


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期「{text}」格式应为 YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "工作日历：check 检查下一年度数据；add 计算期限"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="下一年度（或 --year）节假日数据缺失时以非零状态退出")
        check.add_argument("--year", type=int)
        add = sub.add_parser(
            "add", help="起算日 + N 日（默认自然日，到期日遇节假日顺延；--working 为工作日）"
        )
        add.add_argument("start")
        add.add_argument("days", type=int)
        add.add_argument("--working", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "check":
            year = options.get("year") or today().year + 1
            years = calendar.covered_years()
            if year not in years:
                raise CommandError(
                    f"日历缺失：{year}年节假日安排尚未录入（已有 {years[0] if years else '—'}–{years[-1] if years else '—'}），"
                    "请由系统管理员根据国务院办公厅通知录入"
                )
            self.stdout.write(f"{year}年节假日安排已录入")
            return
        start = _date(options["start"])
        if options["days"] < 0:
            raise CommandError("天数不能为负数")
        try:
            if options["working"]:
                due = calendar.add_working_days(start, options["days"])
            else:
                due = calendar.calendar_deadline(start, options["days"])
        except calendar.CalendarMissing as e:
            raise CommandError(e.messages[0]) from None
        self.stdout.write(due.isoformat())
