"""OrgUnit tree, credit-code validation, roles from the data migration."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from fazhi.orgs.models import OrgUnit, Role
from fazhi.testing.factories import bureau_unit, department, government

pytestmark = pytest.mark.django_db


def test_roles_exist_from_data_migration() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "系统管理员",
        "安全管理员",
        "审计管理员",
        "司法局工作人员",
        "单位填报员",
        "领导",
    }


def test_path_follows_the_tree() -> None:
    gov = government()
    sfj = bureau_unit()
    assert gov.path == "/gov/"
    assert sfj.path == "/gov/sfj/"
    assert sfj.government == gov
    assert sfj.is_within(gov) and not gov.is_within(sfj)


def test_credit_code_checksum_is_validated() -> None:
    org = OrgUnit(
        code="x1",
        name="某局",
        kind=OrgUnit.Kind.DEPARTMENT,
        parent=government(),
        credit_code="91330381MA2H7LYQ10",
    )
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert "校验位错误" in str(exc.value.message_dict["credit_code"])


def test_code_must_be_a_slug() -> None:
    org = OrgUnit(code="公安", name="某局", kind=OrgUnit.Kind.DEPARTMENT)
    with pytest.raises(ValidationError):
        org.full_clean()


def test_parent_cannot_be_a_descendant() -> None:
    gov = government()
    d = department()
    gov.parent = d
    with pytest.raises(ValidationError, match="上级单位不能是本单位或其下级单位"):
        gov.clean()


def test_user_phone_is_validated_and_masked() -> None:
    from fazhi.testing.factories import UserFactory

    user = UserFactory(phone="13812345678", roles=[Role.CLERK])
    assert user.masked_phone == "138****5678"
    user.phone = "123"
    with pytest.raises(ValidationError):
        user.full_clean(exclude=["password"])
