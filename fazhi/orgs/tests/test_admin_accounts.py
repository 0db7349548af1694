"""三员分立 in the admin (RULES.md §9; 等保2.0 三级 GB/T 22239-2019 8.1.4.2 c: 三权分立 of the
administrators): as ``sysadmin`` an attacker tries to become the Justice Bureau or to read tokens."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from knox.models import AuthToken

from fazhi.audit.models import AuditEvent
from fazhi.orgs import services, tokens
from fazhi.orgs.models import OrgUnit, Role, User
from fazhi.testing.factories import PASSWORD, bureau_unit, department, make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _pinned_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def sysadmin() -> User:
    """The system administrator as the services create it (staff by role, never superuser)."""
    return services.create_user(
        actor=None,
        username="sysadmin",
        password=PASSWORD,
        org=bureau_unit(),
        roles=[Role.SYSADMIN],
        must_change_password=False,
    )


@pytest.fixture
def admin_client(client, sysadmin):  # type: ignore[no-untyped-def]
    client.force_login(sysadmin)
    return client


def _group(role: str) -> int:
    return Group.objects.get(name=Role(role).label).pk


def _change_form_data(user: User, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": user.username,
        "real_name": user.real_name,
        "phone": user.phone,
        "email": user.email,
        "org": user.org_id,
        "is_active": "on",
        "groups": [_group(r) for r in services.roles_of(user)],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_sysadmin_is_not_superuser_but_manages_accounts(admin_client, sysadmin) -> None:  # type: ignore[no-untyped-def]
    assert not sysadmin.is_superuser and sysadmin.is_staff
    assert admin_client.get("/admin/").status_code == 200
    assert admin_client.get("/admin/orgs/user/").status_code == 200
    assert admin_client.get("/admin/orgs/orgunit/").status_code == 200
    assert admin_client.get("/admin/workdays/calendaryear/").status_code == 200
    # No business data, no audit trail, no groups' permissions for the system administrator.
    assert admin_client.get("/admin/auth/group/").status_code == 403
    assert admin_client.get("/admin/axes/accessattempt/").status_code == 403


def test_sysadmin_cannot_see_or_mint_tokens(admin_client, sysadmin) -> None:  # type: ignore[no-untyped-def]
    bureau = make_user(Role.BUREAU)
    _, key = tokens.issue_token(bureau)
    for path in (
        "/admin/authtoken/tokenproxy/",
        "/admin/authtoken/token/add/",
        "/admin/knox/authtoken/",
        "/admin/knox/authtoken/add/",
    ):
        assert admin_client.get(path).status_code == 404, path
    index = admin_client.get("/admin/").content.decode()
    assert "authtoken" not in index and key not in index
    # The key itself is stored nowhere: only knox's digest is.
    row = AuthToken.objects.get(user=bureau)
    assert key not in (row.digest, row.token_key) and row.digest != key


def test_sysadmin_cannot_give_itself_the_bureau_role_in_admin(admin_client, sysadmin) -> None:  # type: ignore[no-untyped-def]
    url = f"/admin/orgs/user/{sysadmin.pk}/change/"
    for roles, message in (
        ([Role.SYSADMIN, Role.BUREAU], "不能兼任其他角色"),
        ([Role.BUREAU], "不能修改自己的角色"),
    ):
        resp = admin_client.post(url, _change_form_data(sysadmin, groups=[_group(r) for r in roles]))
        assert resp.status_code == 200 and message in resp.content.decode()
        assert services.roles_of(User.objects.get(pk=sysadmin.pk)) == [Role.SYSADMIN]
    me = admin_client.get("/api/v1/me/").json()
    assert me["roles"] == ["sysadmin"]
    assert not AuditEvent.objects.filter(action="orgs.user_update").exists()


def test_admin_flag_fields_cannot_be_posted(admin_client, sysadmin) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user(Role.CLERK, department())
    resp = admin_client.post(
        f"/admin/orgs/user/{clerk.pk}/change/",
        _change_form_data(clerk, is_superuser="on", is_staff="on", user_permissions=[1]),
    )
    assert resp.status_code == 302
    clerk = User.objects.get(pk=clerk.pk)
    assert not clerk.is_superuser and not clerk.is_staff and not clerk.user_permissions.exists()


def test_role_change_in_admin_is_audited_with_old_and_new_roles(admin_client, sysadmin) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user(Role.CLERK, department(), username="clerk_x")
    url = f"/admin/orgs/user/{clerk.pk}/change/"
    bad = admin_client.post(url, _change_form_data(clerk, groups=[_group(Role.AUDITOR), _group(Role.CLERK)]))
    assert bad.status_code == 200 and "三员分立" in bad.content.decode()
    assert services.roles_of(clerk) == [Role.CLERK]
    ok = admin_client.post(url, _change_form_data(clerk, groups=[_group(Role.BUREAU)], real_name="新名字"))
    assert ok.status_code == 302
    event = AuditEvent.objects.get(action="orgs.user_update", object_id=str(clerk.pk))
    assert event.actor_username == "sysadmin"
    assert event.diff["roles"] == [["clerk"], ["bureau"]]
    assert event.diff["real_name"][1] == "新名字"
    assert "password" not in event.diff


def _admin_account(role: str, username: str) -> User:
    """A 三员 account as the server console opens it (actor=None)."""
    return services.create_user(
        actor=None,
        username=username,
        password=PASSWORD,
        org=bureau_unit(),
        roles=[role],
        must_change_password=False,
    )


def test_sysadmin_cannot_hand_out_an_administrator_role_in_admin(admin_client, sysadmin) -> None:  # type: ignore[no-untyped-def]
    """RULES §9 三员分立 (none can act as another): a system administrator who could give an account
    it knows the password of the security role could act as the security administrator."""
    user = make_user(Role.LEADER, username="someone")
    url = f"/admin/orgs/user/{user.pk}/change/"
    resp = admin_client.post(url, _change_form_data(user, groups=[_group(Role.SECADMIN)]))
    assert resp.status_code == 200 and "manage.py account" in resp.content.decode()
    user = User.objects.get(pk=user.pk)
    assert services.roles_of(user) == ["leader"] and not user.is_staff
    add = admin_client.post(
        "/admin/orgs/user/add/",
        {
            "username": "auditor2",
            "org": bureau_unit().pk,
            "password1": "Fz#2026pass",
            "password2": "Fz#2026pass",
            "groups": [_group(Role.AUDITOR)],
        },
    )
    assert add.status_code == 200 and "manage.py account" in add.content.decode()
    assert not User.objects.filter(username="auditor2").exists()
    assert not AuditEvent.objects.filter(
        action__in=["orgs.user_update", "orgs.user_create"], actor_username="sysadmin"
    ).exists()


@pytest.mark.parametrize("role", [Role.SECADMIN, Role.AUDITOR, Role.SYSADMIN])
def test_sysadmin_cannot_reset_disable_or_delete_another_administrator(admin_client, sysadmin, role) -> None:  # type: ignore[no-untyped-def]
    """RULES §9 三员分立: resetting the audit administrator's password would let the system
    administrator log in as the auditor; so would deactivating and re-opening the account."""
    other = _admin_account(role, f"other_{role}")
    password_url = f"/admin/orgs/user/{other.pk}/password/"
    assert admin_client.get(password_url).status_code == 302
    resp = admin_client.post(password_url, {"password1": "Nw@2026pass", "password2": "Nw@2026pass"})
    assert resp.status_code == 302 and resp.url == f"/admin/orgs/user/{other.pk}/change/"
    change = admin_client.post(
        f"/admin/orgs/user/{other.pk}/change/", _change_form_data(other, is_active=None, real_name="改名")
    )
    assert change.status_code == 200 and "manage.py account" in change.content.decode()
    assert admin_client.post(f"/admin/orgs/user/{other.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = admin_client.post(
        "/admin/orgs/user/", {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"}
    )
    assert bulk.status_code == 403  # the bulk delete asks the same per-object permission
    other = User.objects.get(pk=other.pk)
    assert other.check_password(PASSWORD) and other.is_active and other.real_name == ""
    for call in (
        lambda: services.reset_password(actor=sysadmin, user=other, new_password="Nw@2026pass"),
        lambda: services.update_user(actor=sysadmin, user=other, fields={"is_active": False}),
        lambda: services.delete_user(actor=sysadmin, user=other),
    ):
        with pytest.raises(ValidationError, match="manage.py account"):
            call()
    assert not AuditEvent.objects.filter(
        action__in=["orgs.password_reset", "orgs.user_update", "orgs.user_delete"]
    ).exists()


def test_console_opens_resets_and_disables_administrator_accounts(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The server console is the one place a 三员 account is managed; each step is audited."""
    import io

    from django.core.management import call_command

    bureau_unit()
    monkeypatch.setattr("sys.stdin", io.StringIO("Fz#2026pass\n"))
    out = io.StringIO()
    call_command(
        "account", "create", "sec2", "--role", "secadmin", "--org", "sfj", "--password-stdin", stdout=out
    )
    sec = User.objects.get(username="sec2")
    assert services.roles_of(sec) == ["secadmin"] and sec.is_staff and sec.must_change_password
    assert sec.check_password("Fz#2026pass") and "sec2" in out.getvalue()
    _, key = tokens.issue_token(sec)
    monkeypatch.setattr("sys.stdin", io.StringIO("Nw@2026pass\n"))
    call_command("account", "reset-password", "sec2", "--password-stdin", stdout=io.StringIO())
    assert User.objects.get(pk=sec.pk).check_password("Nw@2026pass")
    assert not AuthToken.objects.filter(user=sec).exists()
    call_command("account", "deactivate", "sec2", stdout=io.StringIO())
    assert not User.objects.get(pk=sec.pk).is_active
    operations = [
        e.diff["operation"][1]
        for e in AuditEvent.objects.filter(action="orgs.console", object_id=str(sec.pk)).order_by("pk")
    ]
    assert operations == ["create", "reset_password", "deactivate"]
    assert AuditEvent.objects.filter(action="orgs.password_reset", object_id=str(sec.pk)).exists()
    monkeypatch.setattr("sys.stdin", io.StringIO("abc\n"))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="密码"):
        call_command("account", "reset-password", "sec2", "--password-stdin", stdout=io.StringIO())
    with pytest.raises(CommandError, match="不存在"):
        call_command("account", "deactivate", "nobody", stdout=io.StringIO())
    assert User.objects.get(pk=sec.pk).check_password("Nw@2026pass")


def test_add_user_in_admin_goes_through_the_service(admin_client, sysadmin) -> None:  # type: ignore[no-untyped-def]
    org = department()
    data = {
        "username": "newclerk",
        "real_name": "新填报员",
        "org": org.pk,
        "phone": "13812345670",
        "password1": "Fz#2026pass",
        "password2": "Fz#2026pass",
        "is_superuser": "on",
    }
    mixed = admin_client.post(
        "/admin/orgs/user/add/", {**data, "groups": [_group(Role.AUDITOR), _group(Role.BUREAU)]}
    )
    assert mixed.status_code == 200 and "不能兼任其他角色" in mixed.content.decode()
    assert not User.objects.filter(username="newclerk").exists()
    resp = admin_client.post("/admin/orgs/user/add/", {**data, "groups": [_group(Role.CLERK)]})
    assert resp.status_code == 302
    user = User.objects.get(username="newclerk")
    assert not user.is_superuser and user.must_change_password and services.roles_of(user) == ["clerk"]
    event = AuditEvent.objects.get(action="orgs.user_create", object_id=str(user.pk))
    assert event.actor_username == "sysadmin" and event.diff["roles"] == [None, ["clerk"]]


def test_password_reset_by_administrator_is_audited_without_secret(admin_client, sysadmin) -> None:  # type: ignore[no-untyped-def]
    """Issue 8 item 4(b): an administrator's password reset is an audit event; no hash in it."""
    bureau = make_user(Role.BUREAU, username="bureau_x")
    _, key = tokens.issue_token(bureau)
    resp = admin_client.post(
        f"/admin/orgs/user/{bureau.pk}/password/", {"password1": "Nw@2026pass", "password2": "Nw@2026pass"}
    )
    assert resp.status_code == 302
    bureau = User.objects.get(pk=bureau.pk)
    assert bureau.check_password("Nw@2026pass") and bureau.must_change_password
    event = AuditEvent.objects.get(action="orgs.password_reset", object_id=str(bureau.pk))
    assert event.actor_username == "sysadmin"
    text = json.dumps(event.diff, ensure_ascii=False)
    assert "Nw@2026pass" not in text and bureau.password not in text and '"password"' not in text
    # The reset ends the account's API tokens.
    assert not AuthToken.objects.filter(user=bureau).exists()
    revoke = AuditEvent.objects.get(action="auth.token_revoke", object_id=str(bureau.pk))
    assert revoke.diff == {"reason": "password_reset", "revoked": 1} and key not in json.dumps(revoke.diff)


def test_password_reset_refuses_weak_password_and_own_account(admin_client, sysadmin) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user(Role.CLERK, department())
    weak = admin_client.post(
        f"/admin/orgs/user/{clerk.pk}/password/", {"password1": "abc", "password2": "abc"}
    )
    assert weak.status_code == 200 and User.objects.get(pk=clerk.pk).check_password(PASSWORD)
    own = admin_client.post(
        f"/admin/orgs/user/{sysadmin.pk}/password/", {"password1": "Nw@2026pass", "password2": "Nw@2026pass"}
    )
    assert own.status_code == 302 and own.url == "/accounts/password/"
    assert User.objects.get(pk=sysadmin.pk).check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="orgs.password_reset").exists()


def test_deactivation_in_admin_revokes_tokens_and_is_audited(admin_client, sysadmin) -> None:  # type: ignore[no-untyped-def]
    bureau = make_user(Role.BUREAU, username="leaver")
    _, key = tokens.issue_token(bureau)
    api = type(admin_client)()
    assert api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    resp = admin_client.post(
        f"/admin/orgs/user/{bureau.pk}/change/", _change_form_data(bureau, is_active=None)
    )
    assert resp.status_code == 302
    assert api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert AuditEvent.objects.get(action="orgs.user_update", object_id=str(bureau.pk)).diff["is_active"] == [
        True,
        False,
    ]
    assert (
        AuditEvent.objects.get(action="auth.token_revoke", object_id=str(bureau.pk)).diff["reason"]
        == "deactivated"
    )


def test_sysadmin_cannot_deactivate_or_delete_itself(admin_client, sysadmin) -> None:  # type: ignore[no-untyped-def]
    resp = admin_client.post(
        f"/admin/orgs/user/{sysadmin.pk}/change/", _change_form_data(sysadmin, is_active=None)
    )
    assert resp.status_code == 200 and "不能停用自己的账号" in resp.content.decode()
    assert User.objects.get(pk=sysadmin.pk).is_active
    assert admin_client.post(f"/admin/orgs/user/{sysadmin.pk}/delete/", {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=sysadmin.pk).exists()


def test_user_delete_in_admin_is_audited(admin_client, sysadmin) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user(Role.CLERK, department(), username="gone")
    pk = clerk.pk
    resp = admin_client.post(
        "/admin/orgs/user/", {"action": "delete_selected", "_selected_action": [pk], "post": "yes"}
    )
    assert resp.status_code == 302 and not User.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action="orgs.user_delete", object_id=str(pk))
    assert event.diff["roles"] == [["clerk"], None] and "password" not in event.diff


def test_unit_edit_in_admin_goes_through_service(admin_client, sysadmin) -> None:  # type: ignore[no-untyped-def]
    org = department()
    resp = admin_client.post(
        f"/admin/orgs/orgunit/{org.pk}/change/",
        {
            "code": "hacked",  # read-only after creation: ignored
            "name": "示例市公安局（新）",
            "short_name": "",
            "kind": org.kind,
            "parent": org.parent_id,
            "credit_code": org.credit_code,
            "sort_order": 5,
            "is_active": "on",
        },
    )
    assert resp.status_code == 302
    org = OrgUnit.objects.get(pk=org.pk)
    assert org.name == "示例市公安局（新）" and org.code == "d01"
    event = AuditEvent.objects.get(action="orgs.update", object_id=str(org.pk))
    assert event.diff["name"] == ["示例市公安局", "示例市公安局（新）"] and event.actor_username == "sysadmin"
    add = admin_client.post(
        "/admin/orgs/orgunit/add/",
        {"code": "d99", "name": "示例市新局", "kind": "department", "parent": org.parent_id, "sort_order": 9},
    )
    assert add.status_code == 302
    new = OrgUnit.objects.get(code="d99")
    assert AuditEvent.objects.filter(
        action="orgs.create", object_id=str(new.pk), actor_username="sysadmin"
    ).exists()


def test_services_refuse_mixed_and_own_roles(sysadmin) -> None:
    other = make_user(Role.CLERK, department())
    for roles in ([Role.SYSADMIN, Role.BUREAU], [Role.SECADMIN, Role.AUDITOR], [Role.AUDITOR, Role.LEADER]):
        with pytest.raises(ValidationError, match="不能兼任"):
            services.update_user(actor=sysadmin, user=other, roles=roles)
    with pytest.raises(ValidationError, match="自己的角色"):
        services.update_user(actor=sysadmin, user=sysadmin, roles=[Role.BUREAU])
    with pytest.raises(ValidationError, match="不能修改的字段"):
        services.update_user(actor=sysadmin, user=other, fields={"is_superuser": True})
    assert services.roles_of(other) == ["clerk"] and services.roles_of(sysadmin) == ["sysadmin"]


def test_model_level_guard_holds_outside_the_services(sysadmin) -> None:
    """RULES §9 三员分立: even a direct ``groups.add`` cannot combine an administrator role."""
    with pytest.raises(ValidationError, match="不能兼任"), transaction.atomic():
        sysadmin.groups.add(Group.objects.get(name=Role.BUREAU.label))
    bureau = make_user(Role.BUREAU, head=False)
    with pytest.raises(ValidationError, match="不能兼任"), transaction.atomic():
        Group.objects.get(name=Role.AUDITOR.label).user_set.add(bureau)
    assert services.roles_of(User.objects.get(pk=sysadmin.pk)) == ["sysadmin"]
    assert services.roles_of(bureau) == ["bureau"]


def test_database_refuses_a_superuser(sysadmin) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=sysadmin.pk).update(is_superuser=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_superuser("root", "root@example.com", "Fz#2026pass")
    assert not User.objects.filter(is_superuser=True).exists()


def test_demo_creates_no_superuser_and_sysadmin_still_administers(client) -> None:  # type: ignore[no-untyped-def]
    from fazhi.orgs import demo

    demo.load(PASSWORD)
    assert not User.objects.filter(is_superuser=True).exists()
    for username in ("sysadmin", "secadmin", "auditor"):
        assert len(services.roles_of(User.objects.get(username=username))) == 1
    client.force_login(User.objects.get(username="sysadmin"))
    assert client.get("/admin/orgs/user/").status_code == 200
    assert client.get("/api/v1/me/").json()["roles"] == ["sysadmin"]


def test_data_migration_clears_superusers_and_drops_clear_text_tokens(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """From the command line, on a database as it was before: the old demo ``sysadmin`` was a
    superuser and DRF's table held every API key in clear. ``migrate`` fixes both."""
    import os
    import sqlite3
    import subprocess
    import sys

    from django.conf import settings

    db = tmp_path / "old.sqlite3"
    env = {
        **os.environ,
        "FAZHI_INSECURE_HTTP": "1",
        "FAZHI_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{db}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def manage(*args: str) -> None:
        out = subprocess.run(
            [sys.executable, "manage.py", *args],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, out.stdout + out.stderr

    manage("migrate", "orgs", "0002_roles", "-v", "0")
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO orgs_user (password, is_superuser, username, first_name, last_name, email, is_staff,"
            " is_active, date_joined, real_name, phone, must_change_password)"
            " VALUES ('x', 1, 'sysadmin', '', '', '', 1, 1, '2026-01-01', '', '', 0)"
        )
        conn.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint)")
        conn.execute("INSERT INTO authtoken_token VALUES ('0123456789abcdef0123456789abcdef01234567', 1)")
    manage("migrate", "-v", "0")
    with sqlite3.connect(db) as conn:
        assert conn.execute(
            "SELECT is_superuser, is_staff FROM orgs_user WHERE username='sysadmin'"
        ).fetchone() == (
            0,
            1,
        )
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "authtoken_token" not in tables and "knox_authtoken" in tables


def test_admin_account_pages_render_without_superuser_fields(admin_client, sysadmin) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user(Role.CLERK, department())
    change = admin_client.get(f"/admin/orgs/user/{clerk.pk}/change/").content.decode()
    assert 'name="groups"' in change and 'name="is_superuser"' not in change
    assert 'name="user_permissions"' not in change and 'name="is_staff"' not in change
    add = admin_client.get("/admin/orgs/user/add/")
    assert add.status_code == 200 and 'name="password1"' in add.content.decode()
    reset = admin_client.get(f"/admin/orgs/user/{clerk.pk}/password/")
    assert reset.status_code == 200 and 'name="password2"' in reset.content.decode()
