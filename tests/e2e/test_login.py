"""Browser: log in, see the workbench; be locked out after 5 wrong passwords (RULES.md §9)."""

from __future__ import annotations

import pytest

from fazhi.orgs.models import Role
from fazhi.testing.factories import PASSWORD, make_user

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_login_shows_workbench(page) -> None:  # type: ignore[no-untyped-def]
    make_user(Role.BUREAU, username="bureau_e2e", real_name="王复议")
    login(page, "bureau_e2e", PASSWORD)
    page.wait_for_url("**/")
    assert page.locator("h1").inner_text() == "工作台"
    assert page.get_by_test_id("panel-todo").is_visible()
    assert page.get_by_test_id("panel-due").is_visible()
    assert "王复议" in page.get_by_test_id("user-menu").inner_text()


def test_lockout_after_five_failures(page) -> None:  # type: ignore[no-untyped-def]
    make_user(Role.CLERK, username="clerk_e2e")
    for _ in range(5):
        login(page, "clerk_e2e", "Wrong@Pass1")
        assert (
            "用户名或密码错误" in page.get_by_test_id("login-error").inner_text() or "锁定" in page.content()
        )
    # The correct password no longer works: the account is locked for 30 minutes.
    login(page, "clerk_e2e", PASSWORD)
    assert "锁定30分钟" in page.get_by_test_id("login-error").inner_text()
    assert page.url.endswith("/accounts/login/")
    expected = [e for e in page.fz_errors if "429" in e]
    assert expected  # the lockout answer is HTTP 429
    page.fz_errors[:] = [e for e in page.fz_errors if e not in expected]
