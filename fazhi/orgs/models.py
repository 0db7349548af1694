"""Organisations, users and roles (GLOSSARY: Organisation; DESIGN.md §5)."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from fazhi.core.pii import mask_phone, validate_credit_code, validate_phone


class Role(models.TextChoices):
    """The roles of DESIGN.md §5; each is a Group named by its Chinese label (data migration 0002)."""

    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITOR = "auditor", "审计管理员"
    BUREAU = "bureau", "司法局工作人员"
    CLERK = "clerk", "单位填报员"
    LEADER = "leader", "领导"
    # 行政复议机构负责人 (issue 15 item 4): approves the steps the law reserves to the head (延期 Art 62,
    # 转普通程序 Art 55, 中止, 终止, the decision, reopening a conclusion). Held together with 司法局工作人员.
    HEAD = "head", "机构负责人"


ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})
BUSINESS_ROLES = frozenset({Role.BUREAU, Role.CLERK, Role.LEADER})
ROLE_BY_LABEL = {r.label: r.value for r in Role}
ROLES_EXCLUSIVE_MESSAGE = "系统管理员、安全管理员、审计管理员须单独设置账号，不能兼任其他角色"


def validate_role_set(roles: set[str] | frozenset[str] | list[str]) -> None:
    """三员分立 (RULES.md §9): an administrator role is held alone — never two administrator
    roles, never an administrator role together with a business role."""
    roles = set(roles)
    unknown = roles - set(Role.values)
    if unknown:
        raise ValidationError(f"未知角色：{'、'.join(sorted(unknown))}")
    if roles & ADMIN_ROLES and len(roles) > 1:
        raise ValidationError(ROLES_EXCLUSIVE_MESSAGE, code="roles_exclusive")


class OrgUnitQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> OrgUnitQuerySet:
        """Units the user may see: for bureau staff and leaders their government's subtree (an upper
        government's holds the governments below it) plus the units under no government at all (courts,
        upper organs: shared reference units); the own subtree for clerks; the whole tree for the system
        administrator (who manages units). A county never sees a neighbour county's units."""
        if not user.is_authenticated:
            return self.none()
        roles = user.role_codes
        if Role.SYSADMIN in roles:
            return self
        if roles & {Role.BUREAU, Role.LEADER} and user.org_id:
            root = user.own_government or user.org
            return self.filter(models.Q(path__startswith=root.path) | ~models.Exists(self._governing()))
        if Role.CLERK in roles and user.org_id:
            return self.filter(path__startswith=user.org.path)
        return self.none()

    def _governing(self) -> models.QuerySet:
        """Governments whose subtree holds the outer unit (for ``Exists``)."""
        from django.db.models.functions import Length, Substr

        # "the outer path starts with this government's path", as a prefix comparison both backends index
        prefix = Substr(models.OuterRef("path"), 1, Length("path"))
        return (
            OrgUnit.objects.filter(kind=OrgUnit.Kind.GOVERNMENT)
            .annotate(outer_prefix=prefix)
            .filter(outer_prefix=models.F("path"))
        )


class OrgUnit(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "市政府"
        COMMITTEE = "committee", "委员会"
        JUSTICE_BUREAU = "justice_bureau", "司法局"
        DEPARTMENT = "department", "部门"
        TOWNSHIP = "township", "乡镇(街道)"
        COURT = "court", "法院"
        UPPER = "upper", "上级机关"

    class Level(models.TextChoices):
        """The level of a government (kind 市政府): which governments sit above which (行政区划)."""

        PROVINCE = "province", "省"
        CITY = "city", "地市"
        COUNTY = "county", "县(市、区)"

    code = models.SlugField(
        "单位代码", max_length=40, unique=True, help_text="英文字母、数字、下划线或连字符，创建后不可修改"
    )
    name = models.CharField("单位名称", max_length=100)
    short_name = models.CharField("简称", max_length=20, blank=True, help_text="用于案号，如「示」")
    kind = models.CharField("单位类别", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级单位",
    )
    path = models.CharField("树路径", max_length=500, unique=True, editable=False)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    is_enforcement_team = models.BooleanField("综合执法队伍", default=False)
    level = models.CharField(
        "政府层级",
        max_length=10,
        choices=Level.choices,
        blank=True,
        default="",
        db_default="",  # rows written without the column (older code, a data migration's model) stay valid
        help_text="仅人民政府填写：省、地市或县(市、区)；不填视为县级",
    )
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["sort_order", "id"]
        indexes = [models.Index(fields=["kind", "sort_order"], name="orgunit_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="government") | models.Q(level=""),
                name="orgunit_level_only_government",
                violation_error_message="只有人民政府才有政府层级",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        # The path is derived from the immutable codes, so it is computed on every save.
        self.path = (self.parent.path if self.parent_id else "/") + self.code + "/"
        if self.kind == self.Kind.GOVERNMENT and not self.level:
            self.level = self.Level.COUNTY  # the platform's first shape: one county-level government
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not re.fullmatch(r"[a-z0-9_-]+", self.code or ""):
            raise ValidationError({"code": "单位代码只能包含小写字母、数字、下划线或连字符"})
        if self.credit_code:
            try:
                self.credit_code = validate_credit_code(self.credit_code)
            except ValidationError as e:
                raise ValidationError({"credit_code": e.messages}) from None
        if self.parent_id and self.pk and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": "上级单位不能是本单位或其下级单位"})
        if self.kind != self.Kind.GOVERNMENT:
            if self.level:
                raise ValidationError({"level": "只有人民政府才有政府层级"})
        elif self.parent_id:
            above = self.parent.government
            order = list(self.Level.values)
            if above is not None and order.index(above.level or "county") >= order.index(
                self.level or "county"
            ):
                raise ValidationError({"level": f"下级政府的层级须低于上级「{above.name}」"})

    @property
    def government(self) -> OrgUnit | None:
        """The nearest ancestor (or self) of kind 市政府."""
        if self.kind == self.Kind.GOVERNMENT:
            return self
        codes = [c for c in self.path.strip("/").split("/") if c]
        return OrgUnit.objects.filter(code__in=codes, kind=self.Kind.GOVERNMENT).order_by("-path").first()

    @property
    def upper_government(self) -> OrgUnit | None:
        """The government one level above this unit's government (None at the top of the platform)."""
        gov = self.government
        return gov.parent.government if gov is not None and gov.parent_id else None

    def is_within(self, other: OrgUnit) -> bool:
        return self.path.startswith(other.path)


class User(AbstractUser):
    """An account of one person in one OrgUnit. Phone stored whole, shown masked."""

    org = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="所属单位",
    )
    real_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("电话", max_length=20, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            # A superuser bypasses every role check, so nobody may be one (三员分立, RULES.md §9);
            # administrators get exactly their role's permissions (fazhi.orgs.backends).
            models.CheckConstraint(
                condition=models.Q(is_superuser=False),
                name="user_never_superuser",
                violation_error_message="不允许设置超级用户（三员分立）",
            )
        ]

    def __str__(self) -> str:
        return self.real_name or self.username

    def clean(self) -> None:
        super().clean()
        if self.phone:
            try:
                self.phone = validate_phone(self.phone)
            except ValidationError as e:
                raise ValidationError({"phone": e.messages}) from None

    @cached_property
    def own_government(self) -> OrgUnit | None:
        """The government the user works for (nearest 市政府 above the user's unit); read per request."""
        return self.org.government if self.org_id else None

    @cached_property
    def role_codes(self) -> frozenset[str]:
        if not self.is_authenticated or not self.is_active:
            return frozenset()
        return frozenset(
            ROLE_BY_LABEL[n] for n in self.groups.values_list("name", flat=True) if n in ROLE_BY_LABEL
        )

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes & set(roles))

    @property
    def sees_business_data(self) -> bool:
        return bool(self.role_codes & BUSINESS_ROLES)

    @property
    def can_write_business(self) -> bool:
        """Bureau staff and unit clerks enter data; leaders read only; administrators see none."""
        return bool(self.role_codes & {Role.BUREAU, Role.CLERK})

    @property
    def sees_personal_data(self) -> bool:
        """Whole ID and phone numbers are shown only to the Justice Bureau (the case-handling office)."""
        return Role.BUREAU in self.role_codes

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def password_change_required(self) -> bool:
        if self.must_change_password:
            return True
        max_age = settings.FAZHI_PASSWORD_MAX_AGE_DAYS
        if max_age and self.password_changed_at:
            age = timezone.now() - self.password_changed_at
            if age > timedelta(days=max_age):
                return True
            # The security administrator's policy may be stricter (fazhi.security, at least 1 day):
            # a password younger than a day needs no lookup, which keeps this per-request check free.
            if age > timedelta(days=1):
                from fazhi.security.policy import password_max_age_days

                return age > timedelta(days=password_max_age_days())
        return False


#: the bounds of a government's 顾而不问 window in whole months (settings page, ``GovernmentSettings.idle_months``)
IDLE_MONTHS_MIN, IDLE_MONTHS_MAX = 1, 24


class GovernmentSettings(models.Model):
    """What each government on the platform sets for itself (issue 16 item 2); edited by its own 司法局 on
    the settings page (``fazhi.orgs.gov_settings``), audited. Number patterns are ``core.NumberPattern`` rows
    of the government; the annual report reads the signature and its section titles and order here."""

    government = models.OneToOneField(
        OrgUnit,
        on_delete=models.CASCADE,
        related_name="settings",
        verbose_name="人民政府",
        limit_choices_to={"kind": OrgUnit.Kind.GOVERNMENT},
    )
    signature = models.CharField(
        "署名", max_length=100, blank=True, help_text="年度报告等文件的落款署名；不填为政府全称"
    )
    seal_text = models.CharField(
        "印章文字",
        max_length=100,
        blank=True,
        help_text="加盖印章的文书上的印章文字；公开的年度报告不加盖印章",
    )
    #: the annual report's sections: ``[{"code", "title", "enabled"}]`` in order; titles may use {year}/{next}
    report_sections = models.JSONField("年度报告章节", default=list, blank=True)
    #: the government's own deadline lengths ``{rule code: days}`` for the rules declared ``local``
    #: (``workdays.rules``); a rule not named here counts as the platform sets it
    deadline_days = models.JSONField("本地期限", default=dict, blank=True)
    #: 顾而不问: months without a consultation after which an adviser under contract counts as idle
    #: (``governance.rules.idle_window``); empty = the platform's ``FAZHI_GOVERNANCE["idle_months"]``
    idle_months = models.PositiveSmallIntegerField(
        "法律顾问“顾而不问”认定期间（月）",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(IDLE_MONTHS_MIN, "“顾而不问”认定期间至少为1个月"),
            MaxValueValidator(IDLE_MONTHS_MAX, "“顾而不问”认定期间不得超过24个月"),
        ],
    )
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "政府设置"
        verbose_name_plural = "政府设置"

    def __str__(self) -> str:
        return f"{self.government.name}设置"

    def clean(self) -> None:
        if self.government_id and self.government.kind != OrgUnit.Kind.GOVERNMENT:
            raise ValidationError({"government": "只有人民政府才有政府设置"})
        rows = self.report_sections or []
        if not isinstance(rows, list) or any(
            not isinstance(r, dict) or not str(r.get("code", "")).strip() for r in rows
        ):
            raise ValidationError({"report_sections": "年度报告章节格式无效"})
        codes = [r["code"] for r in rows]
        if len(codes) != len(set(codes)):
            raise ValidationError({"report_sections": "年度报告章节重复"})
        self.deadline_days = self.clean_deadline_days(self.deadline_days)

    @staticmethod
    def clean_deadline_days(value: Any) -> dict[str, int]:
        """Every entry names a rule a government may set, within the bounds the law fixes (Chinese)."""
        from fazhi.workdays import rules

        if not isinstance(value, dict):
            raise ValidationError({"deadline_days": "本地期限格式无效"})
        out: dict[str, int] = {}
        errors: list[str] = []
        for code, days in value.items():
            try:
                rule = rules.get(str(code))
            except KeyError:
                errors.append(f"期限规则「{code}」不存在")
                continue
            try:
                out[rule.code] = rule.check_local(days)
            except ValidationError as e:
                errors.extend(e.messages)
        if errors:
            raise ValidationError({"deadline_days": errors})
        return out
