from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.dates import today
from fazhi.workdays import calendar, notice, services
from fazhi.workdays.models import CalendarYear


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期「{text}」格式应为 YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "工作日历：check 检查下一年度数据；add 计算期限；import 从通知/.ics/.xlsx 录入一个年度"

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
        imp = sub.add_parser(
            "import",
            help="读取国务院办公厅通知正文（.txt）、.ics 或 .xlsx，显示识别出的年度；加 --confirm 才录入",
        )
        imp.add_argument("file")
        imp.add_argument("--year", type=int, help="文件中没有年份时指定")
        imp.add_argument("--confirm", action="store_true", help="确认无误，录入该年度（替换已有数据）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(Path(options["file"]), options.get("year"), options["confirm"])
            return
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

    def _import(self, path: Path, year: int | None, confirm: bool) -> None:
        """Print the parsed year; refuse an implausible one; store it only with --confirm. Never asks."""
        try:
            parsed = notice.parse_file(path, year)
        except ValidationError as e:
            raise CommandError("；".join(e.messages)) from None
        self.stdout.write(f"{parsed.year or '（未识别年份）'}年节假日安排  {parsed.source}")
        for festival, kind, days in _groups(parsed):
            label = "放假" if kind == "holiday" else "调休上班"
            self.stdout.write(
                f"  {festival} {label}（{len(days)}天）：" + "、".join(notice.cn(d) for d in days)
            )
        self.stdout.write(f"  共放假 {len(parsed.holidays)} 天，调休上班 {len(parsed.workdays)} 天")
        found = notice.problems(parsed)
        if found:
            raise CommandError("该年度安排不完整或不合理，未录入：\n" + "\n".join(f"  - {p}" for p in found))
        if not confirm:
            replaces = (
                "（将替换已录入的数据）" if CalendarYear.objects.filter(year=parsed.year).exists() else ""
            )
            self.stdout.write(f"检查通过，未保存。核对无误后加 --confirm 录入{replaces}。")
            return
        try:
            services.enter_year(parsed, actor=None)
        except ValidationError as e:
            raise CommandError("；".join(e.messages)) from None
        self.stdout.write(f"{parsed.year}年节假日安排已录入，相关期限已重新计算。")


def _groups(parsed: notice.ParsedYear) -> list[tuple[str, str, list[date]]]:
    """(festival, kind, days) in date order, for printing."""
    groups: dict[tuple[str, str], list[date]] = {}
    for kind, days in (("holiday", parsed.holidays), ("workday", parsed.workdays)):
        for d, name in sorted(days.items()):
            groups.setdefault((name, kind), []).append(d)
    return sorted(((n, k, ds) for (n, k), ds in groups.items()), key=lambda g: g[2][0])
