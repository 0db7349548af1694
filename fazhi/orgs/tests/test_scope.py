"""Data scope (DESIGN.md §5): bureau sees the government, a clerk its own subtree, admins nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from fazhi.orgs.models import OrgUnit, Role
from fazhi.orgs.scope import business_orgs, ensure_can_write
from fazhi.testing.factories import OrgUnitFactory, bureau_unit, court, department, government, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> dict[str, OrgUnit]:
    gov = government()
    d1 = department("d01", "示例市公安局")
    sub = OrgUnitFactory(code="d01a", name="示例市公安局某派出所", parent=d1)
    d2 = department("d02", "示例市民政局")
    return {"gov": gov, "sfj": bureau_unit(), "d1": d1, "sub": sub, "d2": d2, "court": court()}


def test_clerk_sees_own_unit_and_children(tree: dict[str, OrgUnit]) -> None:
    clerk = make_user(Role.CLERK, tree["d1"])
    assert set(business_orgs(clerk)) == {tree["d1"], tree["sub"]}
    assert set(OrgUnit.objects.visible_to(clerk)) == {tree["d1"], tree["sub"]}


def test_bureau_and_leader_see_the_government(tree: dict[str, OrgUnit]) -> None:
    for role in (Role.BUREAU, Role.LEADER):
        user = make_user(role, tree["sfj"], username=f"u_{role}")
        assert {tree["gov"], tree["d1"], tree["sub"], tree["d2"], tree["sfj"]} <= set(business_orgs(user))
        assert tree["court"] not in set(business_orgs(user))


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR])
def test_administrators_see_no_business_data(tree: dict[str, OrgUnit], role: str) -> None:
    user = make_user(role, tree["sfj"], username=f"adm_{role}")
    assert not business_orgs(user).exists()
    assert not user.sees_business_data
    with pytest.raises(PermissionDenied):
        ensure_can_write(user, tree["d1"])


def test_writes_are_checked_against_scope(tree: dict[str, OrgUnit]) -> None:
    clerk = make_user(Role.CLERK, tree["d1"])
    ensure_can_write(clerk, tree["sub"])
    with pytest.raises(PermissionDenied, match="无权操作「示例市民政局」"):
        ensure_can_write(clerk, tree["d2"])
    leader = make_user(Role.LEADER, tree["gov"], username="leader1")
    with pytest.raises(PermissionDenied, match="只能查看"):
        ensure_can_write(leader, tree["d1"])


def test_scope_is_an_orm_filter_on_the_path(tree: dict[str, OrgUnit]) -> None:
    clerk = make_user(Role.CLERK, tree["d1"])
    sql = str(business_orgs(clerk).query)
    assert "LIKE" in sql.upper() and "path" in sql


def test_clerk_gets_404_for_another_units_org_page(client, tree: dict[str, OrgUnit]) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user(Role.CLERK, tree["d1"])
    client.force_login(clerk)
    assert client.get(f"/orgs/{tree['d1'].pk}/").status_code == 200
    assert client.get(f"/orgs/{tree['d2'].pk}/").status_code == 404
    assert client.get(f"/api/v1/orgs/{tree['d2'].pk}/").status_code == 404
    assert client.get(f"/api/v1/orgs/{tree['sub'].pk}/").status_code == 200
