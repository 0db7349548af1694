"""The demo county 示例市: units and one account per role (``fazhi demo``). Idempotent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from fazhi.core.pii import make_credit_code

from .models import OrgUnit, Role, User

DEPARTMENTS = [
    "发展和改革局",
    "经济和信息化局",
    "教育局",
    "科学技术局",
    "公安局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "生态环境分局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和广电旅游体育局",
    "卫生健康局",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "综合行政执法局",
    "行政审批服务局",
    "信访局",
    "大数据发展管理局",
    "金融工作中心",
    "机关事务管理局",
    "林业局",
    "粮食和物资储备局",
    "人民防空办公室",
    "税务局",
    "消防救援大队",
    "气象局",
    "档案馆",
    "供销合作社",
    "城市管理局",
    "国有资产管理中心",
    "投资促进中心",
    "港航管理中心",
    "公路与运输管理中心",
    "不动产登记中心",
    "公共资源交易中心",
    "住房公积金管理中心",
]
TEAMS = [
    "市场监管综合行政执法队",
    "生态环境保护综合执法队",
    "文化市场综合执法队",
    "交通运输综合行政执法队",
    "农业综合行政执法队",
]
TOWNSHIPS = [
    "东山街道",
    "西湖街道",
    "南滨街道",
    "北麓街道",
    "中心街道",
    "云江街道",
    "玉溪街道",
    "锦湖街道",
    "飞云镇",
    "塘下镇",
    "马屿镇",
    "陶山镇",
    "湖岭镇",
    "高楼镇",
    "平阳坑镇",
    "曹村镇",
    "桐浦镇",
    "仙降镇",
    "林川镇",
    "芳庄乡",
    "北麂乡",
    "龙湖镇",
    "清溪乡",
]


@dataclass
class DemoAccounts:
    password: str
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, unit


def _org(code: str, name: str, kind: str, parent: OrgUnit | None, order: int, **extra: Any) -> OrgUnit:
    org = OrgUnit.objects.filter(code=code).first()
    if org is None:
        org = OrgUnit(code=code, name=name, kind=kind, parent=parent, sort_order=order, **extra)
        org.full_clean()
        org.save()
    return org


def _credit(n: int) -> str:
    return make_credit_code(f"11330300{n:09d}"[:17])


def load_units() -> dict[str, OrgUnit]:
    gov = _org(
        "gov", "示例市人民政府", OrgUnit.Kind.GOVERNMENT, None, 1, short_name="示", credit_code=_credit(1)
    )
    units = {"gov": gov}
    units["committee"] = _org("committee", "示例市委全面依法治市委员会", OrgUnit.Kind.COMMITTEE, gov, 2)
    units["sfj"] = _org(
        "sfj", "示例市司法局", OrgUnit.Kind.JUSTICE_BUREAU, gov, 3, short_name="示司", credit_code=_credit(3)
    )
    for i, name in enumerate(DEPARTMENTS, start=1):
        code = f"d{i:02d}"
        units[code] = _org(
            code, f"示例市{name}", OrgUnit.Kind.DEPARTMENT, gov, 10 + i, credit_code=_credit(100 + i)
        )
    for i, name in enumerate(TEAMS, start=1):
        code = f"e{i:02d}"
        units[code] = _org(
            code,
            f"示例市{name}",
            OrgUnit.Kind.DEPARTMENT,
            gov,
            80 + i,
            is_enforcement_team=True,
            credit_code=_credit(200 + i),
        )
    for i, name in enumerate(TOWNSHIPS, start=1):
        code = f"t{i:02d}"
        units[code] = _org(
            code, f"示例市{name}", OrgUnit.Kind.TOWNSHIP, gov, 100 + i, credit_code=_credit(300 + i)
        )
    units["court"] = _org("court", "示例市人民法院", OrgUnit.Kind.COURT, None, 500)
    units["court2"] = _org("court2", "示例地区中级人民法院", OrgUnit.Kind.COURT, None, 501)
    units["upper"] = _org("upper", "示例地区行政公署", OrgUnit.Kind.UPPER, None, 600)
    return units


def _account(
    username: str, password_hash: str, org: OrgUnit, role: str | tuple[str, ...], real_name: str, phone: str
) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, org=org, real_name=real_name, phone=phone)
    user.org = org
    user.password = password_hash
    user.must_change_password = False  # demo accounts skip the forced first change
    user.password_changed_at = timezone.now()
    user.is_active = True
    roles = (role,) if isinstance(role, str) else role
    user.is_staff = roles[0] in (Role.SYSADMIN, Role.SECADMIN)
    user.is_superuser = False  # nobody is a superuser (三员分立); admins get their role's permissions
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set([Group.objects.get(name=Role(r).label) for r in roles])
    return user


@transaction.atomic
def load(password: str) -> DemoAccounts:
    units = load_units()
    accounts = DemoAccounts(password=password)
    # Argon2 is deliberately slow; the demo accounts share one password, so hash it once.
    password_hash = make_password(password)
    fixed = [
        ("sysadmin", Role.SYSADMIN, "sfj", "系统管理员", "13900000001"),
        ("secadmin", Role.SECADMIN, "sfj", "安全管理员", "13900000002"),
        ("auditor", Role.AUDITOR, "sfj", "审计管理员", "13900000003"),
        ("bureau", Role.BUREAU, "sfj", "司法局 王复议", "13900000004"),
        ("leader", Role.LEADER, "gov", "市领导 李市长", "13900000005"),
        # The head of the reconsideration office: approves 延期, 中止, the decision … (issue 15 item 4).
        ("head", (Role.BUREAU, Role.HEAD), "sfj", "司法局 赵局长", "13900000006"),
    ]
    for username, role, unit, name, phone in fixed:
        _account(username, password_hash, units[unit], role, name, phone)
        labels = "、".join(Role(r).label for r in ((role,) if isinstance(role, str) else role))
        accounts.rows.append((username, labels, units[unit].name))
    n = 0
    for code, org in units.items():
        if org.kind in (OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.TOWNSHIP):
            n += 1
            _account(f"clerk_{code}", password_hash, org, Role.CLERK, f"{org.name}填报员", f"139{n:08d}")
    accounts.rows.append(
        ("clerk_<单位代码>", Role.CLERK.label, f"每个部门、乡镇一个，共{n}个，如 clerk_d05（公安局）")
    )
    return accounts
