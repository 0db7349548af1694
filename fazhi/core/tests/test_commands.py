"""The `fazhi` console script, the demo county, and production settings (`check --deploy`)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.audit.selectors import verify_chain
from fazhi.orgs.models import OrgUnit, Role, User

pytestmark = pytest.mark.django_db


def test_demo_creates_county_and_accounts_idempotently() -> None:
    out = io.StringIO()
    call_command("demo", "--password", "Demo#2026x", stdout=out)
    text = out.getvalue()
    for username in ("sysadmin", "secadmin", "auditor", "bureau", "leader", "clerk_<单位代码>"):
        assert username in text
    counts = (OrgUnit.objects.count(), User.objects.count())
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT).count() >= 50
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP).count() == 23
    assert OrgUnit.objects.filter(is_enforcement_team=True).count() == 5
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.COURT).exists()
    clerk = User.objects.get(username="clerk_d05")
    assert clerk.role_codes == {Role.CLERK} and clerk.org.code == "d05"
    assert not clerk.must_change_password and clerk.check_password("Demo#2026x")
    call_command("demo", "--password", "Demo#2026x", stdout=io.StringIO())
    assert (OrgUnit.objects.count(), User.objects.count()) == counts
    assert verify_chain().ok


def test_demo_refuses_a_weak_password() -> None:
    with pytest.raises(CommandError, match="密码策略"):
        call_command("demo", "--password", "weak", stdout=io.StringIO())


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "fazhi.settings", **env}
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    return subprocess.run(args, env=base, capture_output=True, text=True, timeout=300, cwd=settings.BASE_DIR)


def test_console_script_calendar(tmp_path: Path) -> None:
    fazhi = str(Path(sys.executable).with_name("fazhi"))
    env = {
        "FAZHI_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "FAZHI_INSECURE_HTTP": "1",  # a fresh process is not under pytest: the dev key needs the explicit flag
    }
    assert _run([fazhi, "migrate", "-v", "0"], **env).returncode == 0
    out = _run([fazhi, "calendar", "add", "2024-09-27", "5", "--working"], **env)
    assert out.stdout.strip() == "2024-10-10"
    assert _run([fazhi, "calendar", "add", "2024-08-02", "60"], **env).stdout.strip() == "2024-10-08"
    check = _run([fazhi, "calendar", "check", "--year", "2027"], **env)
    assert check.returncode != 0 and "日历缺失" in check.stderr
    assert _run([fazhi, "audit", "verify"], **env).returncode == 0
    assert "fazhi serve" in _run([fazhi, "--help"], **env).stdout


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    out = _run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY="x" * 20 + "-production-secret-key-for-the-check-" + "y" * 20,
        ALLOWED_HOSTS="fazhi.example.gov.cn",
        FAZHI_DATA_DIR=str(tmp_path),
        FAZHI_INSECURE_HTTP="0",
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_production_refuses_the_development_secret_key(tmp_path: Path) -> None:
    out = _run(
        [sys.executable, "manage.py", "check"],
        DEBUG="0",
        SECRET_KEY="",
        FAZHI_INSECURE_HTTP="0",
        FAZHI_DATA_DIR=str(tmp_path),
    )
    assert out.returncode != 0 and "SECRET_KEY" in out.stderr


def test_import_export_commands_name_unknown_kinds() -> None:
    with pytest.raises(CommandError, match="未知的导入类别「nothing」"):
        call_command("import_xlsx", "nothing", "x.xlsx")
    with pytest.raises(CommandError, match="未知的导出类别「nothing」"):
        call_command("export_xlsx", "nothing", "x.xlsx")
