"""Browser: the security administrator unlocks an account with a reason (issue 8 item 3, RULES.md §9)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt

from fazhi.audit.models import AuditEvent
from fazhi.orgs.models import Role
from fazhi.testing.factories import PASSWORD, make_user

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_secadmin_unlocks_a_locked_account(page) -> None:  # type: ignore[no-untyped-def]
    make_user(Role.SECADMIN, username="secadmin_e2e", real_name="安全员")
    make_user(Role.CLERK, username="locked_e2e")
    # A lock on (account, address) as django-axes records it after 5 failures.
    from django.utils import timezone

    AccessAttempt.objects.create(
        username="locked_e2e",
        ip_address="10.0.0.66",
        user_agent="",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
        failures_since_start=5,
        attempt_time=timezone.now(),
    )
    login(page, "secadmin_e2e", PASSWORD)
    page.wait_for_url("**/")
    page.get_by_role("link", name="安全管理").first.click()
    page.wait_for_url("**/security/")
    assert "locked_e2e" in page.content()
    page.get_by_role("link", name="锁定账号").first.click()
    row = page.get_by_test_id("locked-table").locator("tr", has_text="locked_e2e")
    row.get_by_label("解锁原因").fill("本人来电确认")
    row.get_by_role("button", name="解锁").click()
    page.wait_for_url("**/security/locked/")
    assert "已解锁账号 locked_e2e" in page.content()
    assert "没有被锁定的账号" in page.get_by_test_id("locked-table").inner_text()
    assert not AccessAttempt.objects.filter(username="locked_e2e").exists()
    assert AuditEvent.objects.filter(action="security.unlock", actor_username="secadmin_e2e").exists()
    # The policy tab refuses a looser policy in Chinese.
    page.get_by_role("link", name="密码与锁定策略").click()
    page.fill("input[name=lock_minutes]", "10")
    page.get_by_role("button", name="保存").click()
    assert "不少于30分钟" in page.get_by_test_id("policy-form").inner_text()
