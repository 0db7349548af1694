"""factory_boy factories for the platform models. Domain apps add theirs in their own tests."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.models import Group

from fazhi.core.pii import make_credit_code
from fazhi.orgs.models import OrgUnit, Role, User

PASSWORD = "Test@Pass123"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"u{n:04d}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = OrgUnit.Kind.DEPARTMENT
    parent = None
    credit_code = factory.Sequence(lambda n: make_credit_code(f"11330300{n:09d}"[:17]))


def government() -> OrgUnit:
    return OrgUnitFactory(code="gov", name="示例市人民政府", kind=OrgUnit.Kind.GOVERNMENT, short_name="示")


def bureau_unit() -> OrgUnit:
    return OrgUnitFactory(
        code="sfj", name="示例市司法局", kind=OrgUnit.Kind.JUSTICE_BUREAU, parent=government()
    )


def department(code: str = "d01", name: str = "示例市公安局") -> OrgUnit:
    return OrgUnitFactory(code=code, name=name, kind=OrgUnit.Kind.DEPARTMENT, parent=government())


def court() -> OrgUnit:
    return OrgUnitFactory(
        code="court", name="示例市人民法院", kind=OrgUnit.Kind.COURT, parent=None, credit_code=""
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"用户{n}")
    phone = "13812345678"
    org = factory.LazyFunction(bureau_unit)
    must_change_password = False
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create or not extracted:
            return
        self.groups.set(Group.objects.filter(name__in=[Role(r).label for r in extracted]))
        self.__dict__.pop("role_codes", None)


def make_user(role: str, org: OrgUnit | None = None, username: str | None = None, **kw: Any) -> User:
    return UserFactory(
        username=username or f"{role}_{(org.code if org else 'sfj')}",
        org=org or bureau_unit(),
        roles=[role],
        **kw,
    )
