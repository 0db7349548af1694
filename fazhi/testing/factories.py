"""factory_boy factories for the platform models. Domain apps add theirs in their own tests."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import factory
from django.contrib.auth.models import Group

from fazhi.core.pii import make_credit_code, make_id_card
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


def city_government(code: str = "city", name: str = "示例地区人民政府", short_name: str = "地") -> OrgUnit:
    """A 地市 government above the counties (issue 16): create it before the counties under it."""
    return OrgUnitFactory(
        code=code, name=name, kind=OrgUnit.Kind.GOVERNMENT, level=OrgUnit.Level.CITY, short_name=short_name
    )


def county_under(city: OrgUnit) -> OrgUnit:
    """The shared fixtures' government ``gov`` as a county of ``city``; call before anything makes ``gov``
    (a unit's path is fixed when it is saved)."""
    return OrgUnitFactory(
        code="gov",
        name="示例市人民政府",
        kind=OrgUnit.Kind.GOVERNMENT,
        level=OrgUnit.Level.COUNTY,
        short_name="示",
        parent=city,
    )


def second_county(
    city: OrgUnit, code: str = "yx", name: str = "乙县", short_name: str = "乙"
) -> dict[str, Any]:
    """Another county government under ``city`` with its own 司法局, a department (公安局) and one account per
    business role: ``{"gov", "sfj", "unit", "bureau", "clerk", "leader"}``. Unit names start with ``name``
    and usernames with ``code``, so a page that leaks this county shows it."""
    gov = OrgUnitFactory(
        code=f"{code}-gov",
        name=f"{name}人民政府",
        kind=OrgUnit.Kind.GOVERNMENT,
        level=OrgUnit.Level.COUNTY,
        short_name=short_name,
        parent=city,
    )
    sfj = OrgUnitFactory(
        code=f"{code}-sfj", name=f"{name}司法局", kind=OrgUnit.Kind.JUSTICE_BUREAU, parent=gov
    )
    unit = OrgUnitFactory(code=f"{code}-d01", name=f"{name}公安局", kind=OrgUnit.Kind.DEPARTMENT, parent=gov)
    return {
        "gov": gov,
        "sfj": sfj,
        "unit": unit,
        "bureau": make_user(Role.BUREAU, sfj, username=f"{code}_bureau"),
        "clerk": make_user(Role.CLERK, unit, username=f"{code}_clerk"),
        "leader": make_user(Role.LEADER, gov, username=f"{code}_leader"),
    }


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


def make_user(
    role: str, org: OrgUnit | None = None, username: str | None = None, *, head: bool = True, **kw: Any
) -> User:
    """A user of ``role``. A 司法局 account is also the office's head (机构负责人, who approves 延期, 中止,
    the decision … itself) unless ``head=False``: the officer who must ask for the head's approval."""
    roles = [role, Role.HEAD] if role == Role.BUREAU and head else [role]
    return UserFactory(
        username=username or f"{role}_{(org.code if org else 'sfj')}",
        org=org or bureau_unit(),
        roles=roles,
        **kw,
    )


# --- Records of the domain modules, built through each module's public services so they are valid ---
# The services are imported inside the functions: a module that is not installed costs nothing here.

ID_NUMBER = make_id_card("330381", date(1980, 5, 17), 123)
PHONE = "13812345678"
_numbers = itertools.count(1)


def _actor(actor: User | None) -> User:
    return actor or make_user(Role.BUREAU, bureau_unit(), username="bureau")


def make_reconsideration_case(
    actor: User | None = None,
    respondent: OrgUnit | None = None,
    received_on: date = date(2024, 3, 1),
    **kw: Any,
) -> Any:
    """收到申请 through ``reconsideration.services.receive`` (a 公安局 penalty, one applicant)."""
    from fazhi.reconsideration import services

    args: dict[str, Any] = {
        "actor": _actor(actor),
        "respondent": respondent or department("d05", "示例市公安局"),
        "received_on": received_on,
        "contested_act": "治安管理处罚决定",
        "act_category": "penalty",
        "field": "public_security",
        "parties": [{"name": "张三", "kind": "person", "id_number": ID_NUMBER, "phone": PHONE}],
    }
    args.update(kw)
    return services.receive(**args)


def make_litigation_case(
    actor: User | None = None,
    defendant: OrgUnit | None = None,
    court_unit: OrgUnit | None = None,
    served_on: date = date(2019, 3, 1),
    *,
    number: str | None = None,
    **kw: Any,
) -> Any:
    """An administrative lawsuit served on ``defendant``, through ``litigation.services.create_case``."""
    from fazhi.litigation import services

    data = services.CaseData(
        court_case_number=number or f"({served_on.year})浙0381行初{next(_numbers)}号",
        court=court_unit or court(),
        defendant=defendant or department(),
        cause=kw.pop("cause", "不服行政处罚决定"),
        act_category="penalty",
        served_on=served_on,
        plaintiffs=kw.pop("plaintiffs", None) or [services.PlaintiffData("张三", "person", ID_NUMBER, PHONE)],
        **kw,
    )
    return services.create_case(actor=_actor(actor), data=data)


def make_dispute(
    actor: User | None = None,
    org: OrgUnit | None = None,
    opened_on: date = date(2019, 3, 1),
    *,
    source: str = "pre_litigation",
    channel: str = "responsible_agency",
    **kw: Any,
) -> Any:
    """An administrative dispute of ``org``, through ``disputes.services.create_dispute``."""
    from fazhi.disputes import services

    data = dict(
        org=org or department(),
        source=source,
        channel=channel,
        opened_on=opened_on,
        summary=kw.pop("summary", "征收补偿标准争议"),
        parties=kw.pop("parties", None) or [services.PartyData("张三", "person", ID_NUMBER, PHONE)],
        **kw,
    )
    return services.create_dispute(actor=_actor(actor), data=data)


def make_report(actor: User | None = None, org: OrgUnit | None = None, year: int = 2019) -> Any:
    """A draft annual report of ``org`` (default: the government), through ``reports.services``."""
    from fazhi.reports import services

    return services.create_report(actor=_actor(actor), org=org or government(), year=year)


def applicant(**kw: Any) -> dict[str, Any]:
    """A 复议 applicant as ``reconsideration.services.receive`` takes it (``parties=[applicant()]``)."""
    return {"name": "张三", "kind": "person", "id_number": ID_NUMBER, "phone": PHONE, **kw}
