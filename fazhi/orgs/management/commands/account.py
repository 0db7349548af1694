"""Administrator (三员) accounts from the server console: the only place they are opened, given a
role, reset, deactivated or deleted (RULES.md §9 三员分立; ``services.check_admin_account``).

Whoever runs this has the server, not a web role; every operation is audited with ``via: console``
and the operating-system user, in the same transaction as the change.
"""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from fazhi.audit.services import record
from fazhi.orgs import services
from fazhi.orgs.models import OrgUnit, Role, User


def _console() -> dict[str, list[str | None]]:
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "?"
    return {"via": [None, "console"], "os_user": [None, who]}


class Command(BaseCommand):
    help = "账号（含三员账号）：create 开设；reset-password 重置密码；deactivate/activate 停用/启用"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="开设账号（首次登录须修改密码）")
        create.add_argument("username")
        create.add_argument("--role", required=True, choices=Role.values, help="角色代码，如 secadmin")
        create.add_argument("--org", required=True, help="所属单位代码")
        create.add_argument("--real-name", default="")
        create.add_argument("--password-stdin", action="store_true", help="从标准输入读取初始密码")
        reset = sub.add_parser("reset-password", help="重置密码（下次登录须修改，令牌全部失效）")
        reset.add_argument("username")
        reset.add_argument("--password-stdin", action="store_true", help="从标准输入读取新密码")
        for name, text in (("deactivate", "停用账号（令牌全部失效）"), ("activate", "启用账号")):
            sub.add_parser(name, help=text).add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                message = getattr(self, "_" + options["action"].replace("-", "_"))(options)
        except ValidationError as e:
            raise CommandError("；".join(e.messages)) from None
        self.stdout.write(message)

    def _user(self, username: str) -> User:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"账号「{username}」不存在") from None

    def _password(self, options: dict[str, Any]) -> str:
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("密码：")
            if getpass.getpass("再次输入：") != password:
                raise CommandError("两次输入的密码不一致")
        if not password:
            raise CommandError("密码不能为空")
        return password

    def _create(self, options: dict[str, Any]) -> str:
        org = OrgUnit.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"单位代码「{options['org']}」不存在")
        user = services.create_user(
            actor=None,
            username=options["username"],
            password=self._password(options),
            org=org,
            roles=[options["role"]],
            real_name=options["real_name"],
        )
        record("orgs.console", obj=user, changes={**_console(), "operation": [None, "create"]})
        return f"已开设账号 {user.username}（{Role(options['role']).label}），首次登录须修改密码"

    def _reset_password(self, options: dict[str, Any]) -> str:
        user = self._user(options["username"])
        services.reset_password(actor=None, user=user, new_password=self._password(options))
        record("orgs.console", obj=user, changes={**_console(), "operation": [None, "reset_password"]})
        return f"已重置 {user.username} 的密码，下次登录须修改"

    def _set_active(self, options: dict[str, Any], active: bool) -> str:
        user = self._user(options["username"])
        services.update_user(actor=None, user=user, fields={"is_active": active})
        operation = "activate" if active else "deactivate"
        record("orgs.console", obj=user, changes={**_console(), "operation": [None, operation]})
        return f"已{'启用' if active else '停用'}账号 {user.username}"

    def _deactivate(self, options: dict[str, Any]) -> str:
        return self._set_active(options, False)

    def _activate(self, options: dict[str, Any]) -> str:
        return self._set_active(options, True)
