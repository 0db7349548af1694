from __future__ import annotations

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
    help = "载入示例市演示数据（可重复执行，不会重复创建）"

    def add_arguments(self, parser: CommandParser) -> None:
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
