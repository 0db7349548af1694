from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.audit.services import record
from fazhi.core.registry import registry
from fazhi.orgs import demo as orgs_demo
from fazhi.workdays.rules import memoised

DEFAULT_PASSWORD = "Fazhi@2026"


class Command(BaseCommand):
    help = "载入示例市演示数据（可重复执行，不会重复创建）；--province 另加示范省（3个市、12个县）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            action="store_true",
            help="另载入示范省：3个市、每市4个县，各有账号和2018–2020年数据",
        )
        parser.add_argument("--cities", type=int, default=3, help="示范省的市数（默认3）")
        parser.add_argument("--counties", type=int, default=4, help="每市的县数（默认4）")
        parser.add_argument("--cases", type=int, default=40, help="每县每类案件数（默认40）")
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help=f"所有演示账号的密码（默认 {DEFAULT_PASSWORD}）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"]
        try:
            validate_password(password)
        except ValidationError as e:
            raise CommandError("演示密码不符合密码策略：" + "；".join(e.messages)) from None
        self.stdout.write("正在载入示例市机构与账号…")
        accounts = orgs_demo.load(password)
        with memoised():  # each government's own deadline lengths read once
            for loader in registry.demo:
                self.stdout.write(f"正在载入演示数据：{loader.name}…")
                loader.load(stdout=self.stdout)
        record(
            "demo.load",
            object_type="demo",
            object_repr="示例市演示数据",
            changes={"modules": ["orgs", *[loader.name for loader in registry.demo]]},
        )
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {password}）：")
        for username, role, unit in accounts.rows:
            self.stdout.write(f"  {username:<16} {role:<10} {unit}")
        self.stdout.write("")
        if options["province"]:
            self._province(password, options)

    def _province(self, password: str, options: dict[str, Any]) -> None:
        from django.contrib.auth.hashers import make_password

        from fazhi.core import province_demo

        self.stdout.write("正在载入示范省…")
        started = time.perf_counter()
        loaded = province_demo.load(
            password_hash=make_password(password),
            cities=options["cities"],
            counties=options["counties"],
            cases=options["cases"],
        )
        if not loaded.governments:
            self.stdout.write("示范省已存在，未重复创建。")
            return
        record(
            "demo.load",
            object_type="demo",
            object_repr="示范省演示数据",
            changes={
                "governments": len(loaded.governments),
                "cases": loaded.cases,
                "decisions": loaded.decisions,
            },
        )
        self.stdout.write(
            f"示范省：{len(loaded.governments)}个人民政府，案件{loaded.cases}件，行政执法决定{loaded.decisions}件"
            f"（用时{time.perf_counter() - started:.0f}秒）。账号（密码均为 {password}）："
        )
        for username, role, unit in loaded.accounts:
            self.stdout.write(f"  {username:<16} {role:<10} {unit}")
