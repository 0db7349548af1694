"""行政执法 (RULES §6; GLOSSARY ``enforcement``): enforcement bodies, officers and their certificates,
recorders, and enforcement decisions with the problems the three systems (三项制度) flag on them.

A decision that breaks a rule is still kept (most arrive by bulk import from the sectoral systems): each
breach is a row of ``ActionProblem`` with a named code, written by the service and the import in the same
pass, so the supervisors' problems list is an indexed read."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.models import TrackedModel
from fazhi.core.parts import PartyBase, StatusHistory, both_or_neither, check, date_order, named_errors
from fazhi.core.pii import validate_id_card
from fazhi.orgs.scope import ScopedQuerySet


class BodyKind(models.TextChoices):
    STATUTORY = "statutory", "行政机关"
    AUTHORISED = "authorised", "法律法规授权组织"
    ENTRUSTED = "entrusted", "受委托组织"


class BodyStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认"
    PUBLISHED = "published", "已公布"


class EnforcementBody(TrackedModel):
    """行政执法主体; ``org`` is the unit it is (or belongs to), the scope of its records."""

    name = models.CharField("主体名称", max_length=100, error_messages=named_errors("主体名称"))
    kind = models.CharField(
        "主体类别", max_length=12, choices=BodyKind.choices, error_messages=named_errors("主体类别")
    )
    legal_basis = models.TextField("设立/授权依据", error_messages=named_errors("设立/授权依据"))
    fields = models.CharField("执法领域", max_length=200, blank=True)
    powers = models.PositiveIntegerField("执法职权数", default=0)
    status = models.CharField("状态", max_length=10, choices=BodyStatus.choices, default=BodyStatus.PENDING)
    confirmed_on = models.DateField("确认日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "行政执法主体"
        verbose_name_plural = "行政执法主体"
        indexes = [
            models.Index(fields=["org", "id"], name="enf_body_org_idx"),
            models.Index(fields=["published_on", "id"], name="enf_body_published_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "name"],
                name="enf_body_name_uniq",
                violation_error_message="该单位已有同名执法主体",
            ),
            date_order("published_on", "confirmed_on", "公布日期不能早于确认日期"),
            both_or_neither(
                models.Q(status__in=[BodyStatus.CONFIRMED, BodyStatus.PUBLISHED]),
                models.Q(confirmed_on__isnull=False),
                "enf_body_confirmed_iff_date",
                "已确认的执法主体须有确认日期，待确认的不能有",
            ),
            both_or_neither(
                models.Q(status=BodyStatus.PUBLISHED),
                models.Q(published_on__isnull=False),
                "enf_body_published_iff_date",
                "已公布的执法主体须有公布日期，未公布的不能有",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BodyStatusChange(StatusHistory):
    body = models.ForeignKey(EnforcementBody, on_delete=models.CASCADE, related_name="status_changes")

    class Meta:
        ordering = ["at", "id"]


class OfficerStatus(models.TextChoices):
    ACTIVE = "active", "在册"


class Officer(TrackedModel):
    """执法人员; ``org`` is the unit employing the officer. The ID number is stored whole and shown
    through ``core.pii`` only."""

    name = models.CharField("姓名", max_length=50, error_messages=named_errors("姓名"))
    id_number = models.CharField(
        "身份证号", max_length=18, unique=True, error_messages=named_errors("身份证号")
    )
    in_post = models.BooleanField("在执法岗位", default=True)
    field = models.CharField("执法领域", max_length=100, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=OfficerStatus.choices, default=OfficerStatus.ACTIVE
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        indexes = [models.Index(fields=["org", "id"], name="enf_officer_org_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.id_number:
            try:
                self.id_number = validate_id_card(self.id_number)
            except ValidationError as e:
                raise ValidationError({"id_number": e.messages}) from None


class OfficerStatusChange(StatusHistory):
    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="status_changes")

    class Meta:
        ordering = ["at", "id"]


class CertificateStatus(models.TextChoices):
    VALID = "valid", "有效"
    SUSPENDED = "suspended", "暂扣"
    REVOKED = "revoked", "吊销"
    EXPIRED = "expired", "已过期"


def certificate_valid_q(on: date, prefix: str = "") -> models.Q:
    """Valid on ``on``: issued by then, not yet past its term, not suspended or revoked by then. Read from
    the dates, so a past day is answered as it stood (RULES §6 持证率 as of any date)."""
    return models.Q(**{f"{prefix}issued_on__lte": on, f"{prefix}valid_until__gte": on}) & (
        models.Q(**{f"{prefix}ended_on__isnull": True}) | models.Q(**{f"{prefix}ended_on__gt": on})
    )


class Certificate(models.Model):
    """执法证; ``status`` is the stored state (有效/暂扣/吊销); 已过期 is read from ``valid_until``."""

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="certificates")
    number = models.CharField("证件编号", max_length=40, unique=True, error_messages=named_errors("证件编号"))
    issuer = models.CharField("发证机关", max_length=100, blank=True)
    issued_on = models.DateField("发证日期")
    valid_until = models.DateField("有效期至")
    status = models.CharField(
        "状态", max_length=10, choices=CertificateStatus.choices[:3], default=CertificateStatus.VALID
    )
    ended_on = models.DateField("暂扣/吊销日期", null=True, blank=True)
    training_hours = models.PositiveSmallIntegerField("年度培训学时", default=0)

    class Meta:
        verbose_name = "执法证"
        verbose_name_plural = "执法证"
        indexes = [
            models.Index(fields=["officer", "valid_until"], name="enf_cert_officer_idx"),
            models.Index(fields=["valid_until", "id"], name="enf_cert_until_idx"),
        ]
        constraints = [
            date_order("valid_until", "issued_on", "有效期截止日期不能早于发证日期"),
            date_order("ended_on", "issued_on", "暂扣/吊销日期不能早于发证日期"),
            both_or_neither(
                models.Q(status__in=[CertificateStatus.SUSPENDED, CertificateStatus.REVOKED]),
                models.Q(ended_on__isnull=False),
                "enf_cert_ended_iff_date",
                "暂扣或吊销的执法证须有日期，有效的不能有",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def status_on(self, on: date) -> str:
        if self.ended_on is not None and self.ended_on <= on:
            return self.status
        return CertificateStatus.EXPIRED if self.valid_until < on else CertificateStatus.VALID

    @property
    def status_today(self) -> str:
        from fazhi.core.dates import today

        return self.status_on(today())

    def valid_on(self, on: date) -> bool:
        return self.issued_on <= on <= self.valid_until and (self.ended_on is None or self.ended_on > on)


class Recorder(TrackedModel):
    """执法记录仪 of a unit (全过程记录, 行政处罚法 Art 47)."""

    serial = models.CharField("序列号", max_length=40, unique=True, error_messages=named_errors("序列号"))
    model_name = models.CharField("型号", max_length=60, blank=True)
    in_service_from = models.DateField("启用日期")
    in_service_to = models.DateField("停用日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "执法记录仪"
        verbose_name_plural = "执法记录仪"
        indexes = [models.Index(fields=["org", "in_service_from"], name="enf_recorder_org_idx")]
        constraints = [date_order("in_service_to", "in_service_from", "停用日期不能早于启用日期")]

    def __str__(self) -> str:
        return self.serial


class ActionType(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    LICENSE = "license", "行政许可"
    COERCION = "coercion", "行政强制"
    INSPECTION = "inspection", "行政检查"
    LEVY = "levy", "行政征收"
    REQUISITION = "requisition", "行政征用"
    CONFIRMATION = "confirmation", "行政确认"
    BENEFIT = "benefit", "行政给付"
    ADJUDICATION = "adjudication", "行政裁决"
    OTHER = "other", "其他"


#: 许可 and 处罚 are published within 7 working days, the others within 20 (RULES §6).
SHORT_PUBLICITY = frozenset({ActionType.PENALTY, ActionType.LICENSE})


class ActionStatus(models.TextChoices):
    DECIDED = "decided", "已决定"
    PUBLICIZED = "publicized", "已公示"
    WITHDRAWN = "withdrawn", "已撤回公示"


class PenaltyKind(models.TextChoices):
    WARNING = "warning", "警告、通报批评"
    FINE = "fine", "罚款、没收违法所得、没收非法财物"
    QUALIFICATION = "qualification", "暂扣许可证件、降低资质等级、吊销许可证件"
    RESTRICTION = "restriction", "限制开展生产经营活动、责令停产停业、责令关闭、限制从业"
    DETENTION = "detention", "行政拘留"
    OTHER = "other", "其他"


class Problem(models.TextChoices):
    UNCERTIFIED = "uncertified", "执法人员无有效执法证"
    ONE_OFFICER = "one_officer", "处罚执法人员少于两人"
    UNREVIEWED = "unreviewed", "重大执法决定未经法制审核通过"
    LATE_PUBLICITY = "late_publicity", "逾期公示"
    LATE_DECISION = "late_decision", "处罚超过九十日作出"
    LATE_SERVICE = "late_service", "处罚决定书逾期送达"
    LATE_WITHDRAWAL = "late_withdrawal", "逾期撤回公示"


class ActionQuerySet(ScopedQuerySet):
    scope_field = "org"


class EnforcementAction(TrackedModel):
    """行政执法决定; ``org`` is the body's unit (scope), copied from ``body`` so the list filters on one index.

    ``publicity_due`` is cached (7 or 20 working days after the decision); ``problem_count`` mirrors the
    rows of ``problems`` so that the problems list is one index range."""

    body = models.ForeignKey(
        EnforcementBody, on_delete=models.PROTECT, related_name="actions", verbose_name="执法主体"
    )
    action_type = models.CharField(
        "执法类别", max_length=14, choices=ActionType.choices, error_messages=named_errors("执法类别")
    )
    case_number = models.CharField("案号/文书号", max_length=60, error_messages=named_errors("案号/文书号"))
    officers = models.ManyToManyField(
        Officer, through="ActionOfficer", related_name="actions", blank=True, verbose_name="执法人员"
    )
    filed_on = models.DateField("立案日期", null=True, blank=True)
    decided_on = models.DateField("决定日期")
    served_on = models.DateField("送达日期", null=True, blank=True)
    penalty_kind = models.CharField("处罚种类", max_length=14, choices=PenaltyKind.choices, blank=True)
    penalty_amount = models.DecimalField(
        "罚没金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    is_major = models.BooleanField("重大执法决定", default=False)
    status = models.CharField(
        "状态", max_length=10, choices=ActionStatus.choices, default=ActionStatus.DECIDED
    )
    publicity_due = models.DateField("公示期限", null=True, blank=True, editable=False)
    publicized_on = models.DateField("公示日期", null=True, blank=True)
    revoked_on = models.DateField("撤销/变更日期", null=True, blank=True)
    withdrawn_on = models.DateField("撤回公示日期", null=True, blank=True)
    recordings = models.CharField("全过程记录（音像记录编号）", max_length=200, blank=True)
    problem_count = models.PositiveSmallIntegerField("问题数", default=0, editable=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = "行政执法决定"
        verbose_name_plural = "行政执法决定"
        indexes = [
            models.Index(fields=["decided_on", "id"], name="enf_act_decided_idx"),
            models.Index(fields=["org", "decided_on", "id"], name="enf_act_org_decided_idx"),
            models.Index(fields=["body", "action_type", "decided_on", "id"], name="enf_act_body_type_idx"),
            models.Index(fields=["action_type", "decided_on", "id"], name="enf_act_type_idx"),
            models.Index(fields=["publicity_due", "id"], name="enf_act_pub_due_idx"),
            models.Index(
                fields=["org", "decided_on", "id"],
                condition=models.Q(problem_count__gt=0),
                name="enf_act_problems_idx",
            ),
            models.Index(
                fields=["case_number"], name="enf_act_case_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "case_number"],
                name="enf_act_case_uniq",
                violation_error_message="该执法主体已有相同案号的执法决定",
            ),
            date_order("decided_on", "filed_on", "决定日期不能早于立案日期"),
            date_order("served_on", "decided_on", "送达日期不能早于决定日期"),
            date_order("publicized_on", "decided_on", "公示日期不能早于决定日期"),
            date_order("revoked_on", "decided_on", "撤销/变更日期不能早于决定日期"),
            date_order("withdrawn_on", "publicized_on", "撤回公示日期不能早于公示日期"),
            date_order("withdrawn_on", "revoked_on", "撤回公示日期不能早于撤销/变更日期"),
            check(
                models.Q(penalty_amount__isnull=True) | models.Q(penalty_amount__gte=0),
                "enf_act_amount_positive",
                "罚没金额不能为负数",
            ),
            check(
                models.Q(action_type=ActionType.PENALTY)
                | (models.Q(penalty_kind="") & models.Q(penalty_amount__isnull=True)),
                "enf_act_penalty_only",
                "只有行政处罚才填写处罚种类和金额",
            ),
            both_or_neither(
                models.Q(status__in=[ActionStatus.PUBLICIZED, ActionStatus.WITHDRAWN]),
                models.Q(publicized_on__isnull=False),
                "enf_act_publicized_iff_date",
                "已公示的决定须有公示日期，未公示的不能有",
            ),
            both_or_neither(
                models.Q(status=ActionStatus.WITHDRAWN),
                models.Q(withdrawn_on__isnull=False),
                "enf_act_withdrawn_iff_date",
                "已撤回公示的决定须有撤回日期，其他状态不能有",
            ),
        ]

    def __str__(self) -> str:
        return self.case_number

    def clean(self) -> None:
        super().clean()
        if self.body_id is not None and self.org_id is not None and self.body.org_id != self.org_id:
            raise ValidationError({"org": "执法决定的单位应为执法主体所在单位"})
        if self.action_type == ActionType.PENALTY and self.filed_on is None:
            raise ValidationError({"filed_on": "行政处罚须填写立案日期（《行政处罚法》第五十四条）"})

    @property
    def published_on_time(self) -> bool | None:
        """公示 within the deadline (RULES §6); None until publicized or without a calendar."""
        if self.publicized_on is None or self.publicity_due is None:
            return None
        return self.publicized_on <= self.publicity_due

    @property
    def problem_codes(self) -> list[str]:
        return [p.code for p in self.problems.all()]


# Every row of a decision points at it by ``record`` (the import's one parent name for children and history).


class ActionOfficer(models.Model):
    record = models.ForeignKey(EnforcementAction, on_delete=models.CASCADE, related_name="+")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "执法决定的执法人员"
        verbose_name_plural = "执法决定的执法人员"
        constraints = [models.UniqueConstraint(fields=["record", "officer"], name="enf_action_officer_uniq")]

    def __str__(self) -> str:
        return f"{self.record_id}:{self.officer_id}"


class ActionParty(PartyBase):
    record = models.ForeignKey(EnforcementAction, on_delete=models.CASCADE, related_name="parties")

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"


class ActionProblem(models.Model):
    """One named breach of a decision (never dropped: the decision is kept and flagged)."""

    record = models.ForeignKey(EnforcementAction, on_delete=models.CASCADE, related_name="problems")
    code = models.CharField("问题", max_length=16, choices=Problem.choices)

    class Meta:
        verbose_name = "执法问题"
        verbose_name_plural = "执法问题"
        indexes = [models.Index(fields=["code", "record"], name="enf_problem_code_idx")]
        constraints = [
            models.UniqueConstraint(fields=["record", "code"], name="enf_problem_uniq"),
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class ActionStatusChange(StatusHistory):
    record = models.ForeignKey(EnforcementAction, on_delete=models.CASCADE, related_name="status_changes")

    class Meta:
        ordering = ["at", "id"]


class NoPenaltyList(TrackedModel):
    """A version of the local 涉企轻微违法不予处罚清单 (行政处罚法 Art 33), issued by ``org`` (a government or
    its Justice Bureau): published on ``published_on``, in force from ``in_force_from``; a later version of
    the same unit supersedes it from its own date (``superseded_on``, and its items end that day)."""

    future_date_fields = frozenset({"in_force_from"})  # a version is published ahead of the day it applies

    name = models.CharField("清单版本", max_length=40, error_messages=named_errors("清单版本"))
    published_on = models.DateField("发布日期", error_messages=named_errors("发布日期"))
    in_force_from = models.DateField("施行日期", error_messages=named_errors("施行日期"))
    superseded_on = models.DateField("被新版本替代日期", null=True, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "不予处罚清单版本"
        verbose_name_plural = "不予处罚清单版本"
        indexes = [models.Index(fields=["org", "in_force_from", "id"], name="enf_nplist_org_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "name"],
                name="enf_nplist_name_uniq",
                violation_error_message="该单位已有同名的清单版本",
            ),
            date_order("in_force_from", "published_on", "施行日期不能早于发布日期"),
            date_order("superseded_on", "in_force_from", "替代日期不能早于施行日期"),
        ]

    def __str__(self) -> str:
        return self.name


class NoPenaltyItem(TrackedModel):
    """An item of a version of the no-penalty list (``list``); ``org`` is the list's issuing unit. Its days in
    force lie within its version's: from the version's date (or later), until the next version's."""

    list = models.ForeignKey(
        NoPenaltyList, on_delete=models.PROTECT, related_name="items", verbose_name="清单版本"
    )
    field = models.CharField("执法领域", max_length=60, error_messages=named_errors("执法领域"))
    violation = models.CharField("违法行为", max_length=300, error_messages=named_errors("违法行为"))
    legal_basis = models.CharField("法律依据", max_length=300, blank=True)
    conditions = models.CharField("不予处罚的情形", max_length=300, blank=True)
    in_force_from = models.DateField("施行日期", error_messages=named_errors("施行日期"))
    in_force_until = models.DateField("停止施行日期", null=True, blank=True)

    # An item of a version published ahead applies from a day to come, and a version that supersedes
    # it from a day to come ends it then.
    future_date_fields = frozenset({"in_force_from", "in_force_until"})

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "不予处罚清单事项"
        verbose_name_plural = "不予处罚清单事项"
        indexes = [
            models.Index(fields=["in_force_from", "id"], name="enf_nopen_from_idx"),
            models.Index(fields=["org", "in_force_from", "id"], name="enf_nopen_org_from_idx"),
        ]
        constraints = [
            date_order("in_force_until", "in_force_from", "停止施行日期不能早于施行日期"),
            models.UniqueConstraint(
                fields=["list", "violation"],
                name="enf_nopen_violation_uniq",
                violation_error_message="该版本清单已有此违法行为",
            ),
        ]

    def __str__(self) -> str:
        return self.violation

    def clean(self) -> None:
        super().clean()
        lst = self.list if self.list_id is not None else None
        if lst is None:
            return
        if self.org_id is not None and lst.org_id != self.org_id:
            raise ValidationError({"org": "清单事项的单位应为清单的发布单位"})
        if self.in_force_from and self.in_force_from < lst.in_force_from:
            raise ValidationError({"in_force_from": "事项施行日期不能早于该版本清单的施行日期"})
        end = lst.superseded_on
        if end is not None and (self.in_force_until is None or self.in_force_until > end):
            raise ValidationError(
                {"in_force_until": "该版本清单已被新版本替代，事项停止施行日期不能晚于替代日期"}
            )


def in_force_q(on: date) -> models.Q:
    """In force on ``on`` (the last day before ``in_force_until``)."""
    return models.Q(in_force_from__lte=on) & (
        models.Q(in_force_until__isnull=True) | models.Q(in_force_until__gt=on)
    )


from .annual import AnnualStatistics  # noqa: E402, F401  (执法数据年报: its model beside its service)
from .supervision import (  # noqa: E402,F401  (models of 执法监督, item 7)
    CaseReview,
    CaseReviewAction,
    CaseReviewStatusChange,
    Complaint,
    ComplaintParty,
    ComplaintStatusChange,
    SupervisionNotice,
    SupervisionNoticeStatusChange,
)
