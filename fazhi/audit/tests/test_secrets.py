"""Secrets never enter an audit event (issue 8 item 4c): password hashes, API tokens and keys,
CAPTCHA answers and session keys are filtered centrally in record()/snapshot(), by field name,
by value type (Django password-hash format) and by model, so every caller is covered."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from captcha.models import CaptchaStore
from django.contrib.sessions.models import Session
from django.test import Client
from knox.models import AuthToken

from fazhi.audit.models import AuditEvent
from fazhi.audit.selectors import verify_chain
from fazhi.audit.services import REDACTED, record, snapshot
from fazhi.orgs.models import Role, User
from fazhi.testing.factories import make_user

pytestmark = pytest.mark.django_db


def _all_event_text() -> str:
    return "\n".join(
        json.dumps(e.diff, ensure_ascii=False) + " " + e.object_repr for e in AuditEvent.objects.all()
    )


def _form_data(form: Any) -> dict[str, Any]:
    """The POST data a browser would send for an unchanged admin form."""
    data: dict[str, Any] = {}
    for bf in form:
        if bf.field.disabled:
            continue
        value = bf.value()
        widget = bf.field.widget
        if hasattr(widget, "widgets"):
            for i, part in enumerate(widget.decompress(value)):
                data[f"{bf.html_name}_{i}"] = "" if part is None else part
        elif isinstance(value, (list, tuple)):
            data[bf.html_name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[bf.html_name] = "on"
        else:
            data[bf.html_name] = "" if value is None else value
    return data


def test_admin_user_change_records_no_password_hash(client: Client) -> None:
    """The admin change of a user snapshotted its Argon2 hash into the event (RULES §9)."""
    target = make_user(Role.CLERK, username="clerk_t", real_name="旧名字")
    target.set_password("Fz#2026secret")
    target.save()
    client.force_login(make_user(Role.SYSADMIN, username="sys", is_staff=True))
    url = f"/admin/orgs/user/{target.pk}/change/"
    data = _form_data(client.get(url).context["adminform"].form)
    data["real_name"] = "新名字"
    resp = client.post(url, data)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    # The admin saves through the orgs services (三员分立 on every path), which audit the change.
    event = AuditEvent.objects.filter(action="orgs.user_update", object_id=str(target.pk)).latest("id")
    assert event.diff["real_name"] == ["旧名字", "新名字"]
    hashed = User.objects.get(pk=target.pk).password
    assert hashed and hashed not in _all_event_text()
    assert "password" not in json.dumps(event.diff)


def test_password_change_and_api_token_leave_no_secret(client: Client) -> None:
    user = make_user(Role.BUREAU, username="tok_user", must_change_password=False)
    user.set_password("Fz#2026first")
    user.save()
    resp = client.post("/api/v1/auth/token/", {"username": "tok_user", "password": "Fz#2026first"})
    assert resp.status_code == 200
    key = resp.json()["token"]
    # Whatever a module records about a token — the object itself, its snapshot — keeps no key.
    token = AuthToken.objects.get(user=user)  # the endpoint's knox token (stored hashed)
    record("api.token_issued", actor=user, obj=token, changes=snapshot(token))
    knox_token, knox_key = AuthToken.objects.create(user=user)
    record("api.token_issued", actor=user, obj=knox_token, changes={"token": snapshot(knox_token)})
    record("auth.password_change", actor=user, obj=user, changes={"password": [user.password, "x"]})
    text = _all_event_text()
    for secret in (key, knox_key, knox_token.digest, knox_token.token_key, user.password, "Fz#2026first"):
        assert secret not in text
    assert REDACTED in text
    assert verify_chain().ok


def test_captcha_answers_and_session_keys_never_enter_an_event() -> None:
    store = CaptchaStore.objects.get(hashkey=CaptchaStore.generate_key())
    session = Session.objects.create(
        session_key="s" * 32, session_data="secret-data", expire_date=datetime(2030, 1, 1, tzinfo=UTC)
    )
    record("t.captcha", obj=store, changes=snapshot(store))
    record("t.session", obj=session, changes=snapshot(session))
    record(
        "t.nested",
        changes={
            "form": {"captcha_1": store.response, "captcha_0": store.hashkey, "username": "u1"},
            "cookies": {"sessionid": session.session_key, "csrftoken": "c" * 32},
            "api_key": "k" * 40,
            "note": "pbkdf2_sha256$870000$salt$hash",
        },
    )
    text = _all_event_text()
    for secret in (
        store.response,
        store.challenge,
        store.hashkey,
        "s" * 32,
        "secret-data",
        "c" * 32,
        "k" * 40,
    ):
        assert secret not in text
    assert "pbkdf2_sha256$" not in text
    nested = AuditEvent.objects.get(action="t.nested").diff
    assert nested["form"]["username"] == "u1"  # ordinary fields stay


def test_settings_about_passwords_are_not_secrets() -> None:
    """A password *policy* (its maximum age, when a password was changed) is audited whole: hiding it
    made the policy's change diff empty, so a stricter password age was never saved."""
    from fazhi.audit.services import is_secret_name

    assert not is_secret_name("password_max_age_days") and not is_secret_name("password_changed_at")
    assert is_secret_name("password") and is_secret_name("new_password1") and is_secret_name("old_password")
