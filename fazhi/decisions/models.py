"""重大行政决策 (catalogue, decisions and their statutory steps) and the one 合法性审查 queue (RULES §4–5;
GLOSSARY ``decisions``).

A decision's steps are rows of ``DecisionStep`` (one per recorded step; a step that does not apply is a
row marked 不适用 with its reason). Its legality review is a ``LegalityReview`` whose subject is the
decision: the review queue holds every subject kind (decisions, normative documents, contracts, major
enforcement decisions, other matters), each linked through ``fazhi.core.links`` by kind and id, so a new
subject module plugs in by registering its ``LinkKind``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.models import TrackedModel
from fazhi.core.parts import (
    CachedDeadlines,
    NumberedRecord,
    StatusHistory,
    both_or_neither,
    check,
    date_order,
    number_unique,
)
from fazhi.orgs.scope import ScopedQuerySet


class Step(models.TextChoices):
    PUBLIC_PARTICIPATION = "public_participation", "公众参与"
    EXPERT_REVIEW = "expert_review", "专家论证"
    RISK_ASSESSMENT = "risk_assessment", "风险评估"
    LEGALITY_REVIEW = "legality_review", "合法性审查"
    COLLECTIVE_DECISION = "collective_decision", "集体讨论决定"
    PUBLICATION = "publication", "公布"
    POST_EVALUATION = "post_evaluation", "后评估"


#: Steps recorded through ``record_step`` (the legality review is the review queue's record).
RECORDED_STEPS = [s for s in Step if s != Step.LEGALITY_REVIEW]
#: Steps that may be marked 不适用 (RULES §4: expert review and risk assessment "where needed").
OPTIONAL_STEPS = frozenset(
    {Step.PUBLIC_PARTICIPATION, Step.EXPERT_REVIEW, Step.RISK_ASSESSMENT, Step.POST_EVALUATION}
)
#: Steps that must be done or marked 不适用 before the collective discussion (RULES §4 order).
BEFORE_DISCUSSION = (Step.PUBLIC_PARTICIPATION, Step.EXPERT_REVIEW, Step.RISK_ASSESSMENT)


class MeetingResult(models.TextChoices):
    AGREE = "agree", "同意"
    DISAGREE = "disagree", "不同意"
    AMEND = "amend", "修改"
    POSTPONE = "postpone", "暂缓"
    REDISCUSS = "rediscuss", "再次讨论"


class RiskLevel(models.TextChoices):
    LOW = "low", "低风险"
    MEDIUM = "medium", "中风险"
    HIGH = "high", "高风险"


class DecisionStatus(models.TextChoices):
    DRAFTING = "drafting", "起草论证中"
    POSTPONED = "postponed", "暂缓决策"
    DECIDED = "decided", "已作出决定"
    REJECTED = "rejected", "未通过"
    PUBLISHED = "published", "已公布"


class DecisionCatalog(TrackedModel):
    """A government's catalogue of major decision items for one year (Art 9); ``org`` is the government."""

    year = models.PositiveSmallIntegerField("年度")
    published_on = models.DateField("目录公布日期", null=True, blank=True)

    class Meta:
        verbose_name = "重大行政决策事项目录"
        verbose_name_plural = "重大行政决策事项目录"
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="decisions_catalog_org_year_uniq"),
            check(models.Q(year__gte=2000, year__lte=2100), "year_range", "年度应在2000年至2100年之间"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年重大行政决策事项目录"


class DecisionQuerySet(ScopedQuerySet):
    scope_field = "org"


class MajorDecision(NumberedRecord, TrackedModel):
    """One major administrative decision; ``org`` is the sponsor (承办单位). In the catalogue when
    ``catalog`` is set (a 目录 item)."""

    number = models.CharField("编号", max_length=40)
    title = models.CharField("决策事项", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    catalog = models.ForeignKey(
        DecisionCatalog,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name="所属目录",
    )
    summary = models.TextField("决策内容概要", blank=True)
    planned_meeting_on = models.DateField("拟提交集体讨论日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.DRAFTING
    )
    decided_on = models.DateField("决定日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)

    future_date_fields = frozenset({"planned_meeting_on"})  # planned: ahead by nature

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "重大行政决策"
        verbose_name_plural = "重大行政决策"
        indexes = [
            models.Index(fields=["year", "id"], name="dec_year_idx"),
            models.Index(fields=["org", "year", "id"], name="dec_org_year_idx"),
            models.Index(fields=["status", "id"], name="dec_status_idx"),
            models.Index(fields=["published_on", "id"], name="dec_published_idx"),
        ]
        constraints = [
            number_unique(),
            check(models.Q(year__gte=2000, year__lte=2100), "year_range", "年度应在2000年至2100年之间"),
            date_order("published_on", "decided_on", "公布日期不能早于决定日期"),
            both_or_neither(
                models.Q(status__in=["decided", "published"]),
                models.Q(decided_on__isnull=False),
                "decided_iff_decided_on",
                "已作出决定的事项须有决定日期，其他状态不能有决定日期",
            ),
            both_or_neither(
                models.Q(status="published"),
                models.Q(published_on__isnull=False),
                "published_iff_published_on",
                "已公布的事项须有公布日期，其他状态不能有公布日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def in_catalog(self) -> bool:
        return self.catalog_id is not None


class DecisionStep(models.Model):
    """One recorded step of a decision (RULES §4): its date, the step's own fields and summary; a step
    that does not apply is ``applicable=False`` with a reason."""

    decision = models.ForeignKey(MajorDecision, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField("程序步骤", max_length=24, choices=Step.choices)
    applicable = models.BooleanField("适用", default=True)
    reason = models.CharField("说明理由", max_length=300, blank=True)
    on = models.DateField("日期")
    summary = models.TextField("情况摘要", blank=True)
    # 公众参与
    started_on = models.DateField("征求意见开始日期", null=True, blank=True)
    ended_on = models.DateField("征求意见结束日期", null=True, blank=True)
    comments_received = models.PositiveIntegerField("收到意见数", null=True, blank=True)
    comments_adopted = models.PositiveIntegerField("采纳意见数", null=True, blank=True)
    # 专家论证 / 风险评估 / 后评估
    experts = models.CharField("论证专家", max_length=300, blank=True)
    risk_level = models.CharField("风险等级", max_length=8, choices=RiskLevel.choices, blank=True)
    conclusion = models.CharField("结论", max_length=500, blank=True)
    # 集体讨论决定
    meeting = models.CharField("会议名称", max_length=100, blank=True)
    result = models.CharField("会议结果", max_length=10, choices=MeetingResult.choices, blank=True)
    # 公布
    channel = models.CharField("公布渠道", max_length=100, blank=True)
    actor = models.ForeignKey(
        "orgs.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="记录人"
    )
    at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "决策程序步骤"
        verbose_name_plural = "决策程序步骤"
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["decision", "step"], name="dec_step_idx")]
        constraints = [
            date_order("ended_on", "started_on", "征求意见结束日期不能早于开始日期"),
            check(
                models.Q(comments_adopted__lte=models.F("comments_received")),
                "adopted_lte_received",
                "采纳意见数不能多于收到意见数",
            ),
            check(
                models.Q(applicable=True) | ~models.Q(reason=""),
                "not_applicable_reason",
                "不适用的步骤须说明理由",
            ),
            both_or_neither(
                models.Q(step="collective_decision", applicable=True),
                ~models.Q(result=""),
                "result_iff_meeting",
                "集体讨论决定须记录会议结果，其他步骤不能记录会议结果",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()}（{self.on}）"

    @property
    def consultation_days(self) -> int | None:
        if self.started_on and self.ended_on:
            return (self.ended_on - self.started_on).days
        return None


class DecisionStatusChange(StatusHistory):
    decision = models.ForeignKey(MajorDecision, on_delete=models.CASCADE, related_name="status_changes")

    class Meta:
        ordering = ["at", "id"]

    @property
    def to_label(self) -> str:
        return (
            DecisionStatus(self.to_status).label
            if self.to_status in DecisionStatus.values
            else self.to_status
        )


# --- 合法性审查 -------------------------------------------------------------------------------------


class SubjectKind(models.TextChoices):
    DECISION = "decision", "重大行政决策"
    NORMATIVE = "normative", "行政规范性文件"
    CONTRACT = "contract", "行政协议"
    ENFORCEMENT = "enforcement", "重大执法决定"
    OTHER = "other", "其他事项"


#: The ``fazhi.core.links`` kind a subject of each kind is linked through. The module that owns the
#: records registers that LinkKind from its manifest; until it does, a review of that kind is entered
#: without a link (``subject_id`` empty).
SUBJECT_LINKS = {
    SubjectKind.DECISION: "decisions.decision",
    SubjectKind.NORMATIVE: "normative.document",
    SubjectKind.CONTRACT: "decisions.contract",
    SubjectKind.ENFORCEMENT: "enforcement.major_decision",
}


class Opinion(models.TextChoices):
    LAWFUL = "lawful", "合法"
    LAWFUL_IF_AMENDED = "lawful_if_amended", "修改后合法"
    UNLAWFUL = "unlawful", "不合法"


class ReviewStatus(models.TextChoices):
    REVIEWING = "reviewing", "审查中"
    WAITING = "waiting", "待补充材料"
    CONCLUDED = "concluded", "已出具意见"


class ReviewQuerySet(ScopedQuerySet):
    scope_field = "org"


class LegalityReview(NumberedRecord, CachedDeadlines, TrackedModel):
    """One matter on the Justice Bureau's legality-review desk; ``org`` is the submitting unit (送审单位).

    ``due_on`` is cached: ``received_on`` + the kind's working days + the working days spent waiting
    for supplementary material; none while a material wait is open (the period stands still)."""

    number = models.CharField("审查编号", max_length=40)
    subject_kind = models.CharField("审查事项类别", max_length=12, choices=SubjectKind.choices)
    subject_id = models.PositiveBigIntegerField("关联事项", null=True, blank=True)
    title = models.CharField("送审事项", max_length=200)
    received_on = models.DateField("收到送审材料日期")
    reviewer = models.ForeignKey(
        "orgs.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="审查人"
    )
    status = models.CharField(
        "状态", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.REVIEWING
    )
    waited_days = models.PositiveIntegerField("补充材料已用工作日", default=0)
    due_on = models.DateField("审查期限", null=True, blank=True, editable=False)
    concluded_on = models.DateField("出具意见日期", null=True, blank=True)
    opinion = models.CharField("审查意见", max_length=20, choices=Opinion.choices, blank=True)
    reasons = models.TextField("意见理由", blank=True)
    legal_basis = models.CharField("法律依据", max_length=500, blank=True)
    amendment_confirmed_on = models.DateField("承办单位确认修改日期", null=True, blank=True)
    # Stored under MEDIA_ROOT with a random name, served only through the scoped download view.
    opinion_document = models.FileField(
        "审查意见书", upload_to="decisions/reviews/%Y/", blank=True, max_length=200
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "合法性审查"
        verbose_name_plural = "合法性审查"
        indexes = [
            models.Index(fields=["received_on", "id"], name="lrev_received_idx"),
            models.Index(fields=["concluded_on", "id"], name="lrev_concluded_idx"),
            models.Index(fields=["due_on", "id"], name="lrev_due_idx"),
            models.Index(fields=["status", "due_on", "id"], name="lrev_status_due_idx"),
            models.Index(fields=["org", "received_on", "id"], name="lrev_org_received_idx"),
            models.Index(fields=["subject_kind", "subject_id"], name="lrev_subject_idx"),
        ]
        constraints = [
            number_unique(),
            date_order("concluded_on", "received_on", "出具意见日期不能早于收到送审材料日期"),
            date_order("amendment_confirmed_on", "concluded_on", "确认修改日期不能早于出具意见日期"),
            both_or_neither(
                models.Q(status="concluded"),
                models.Q(concluded_on__isnull=False),
                "concluded_iff_date",
                "已出具意见的审查须有出具意见日期，其他状态不能有",
            ),
            both_or_neither(
                models.Q(status="concluded"),
                ~models.Q(opinion=""),
                "concluded_iff_opinion",
                "已出具意见的审查须有审查意见，其他状态不能有",
            ),
            check(
                models.Q(opinion__in=["", "lawful"]) | ~models.Q(reasons=""),
                "reasons_when_not_lawful",
                "审查意见为修改后合法或不合法的，须写明理由",
            ),
            check(
                models.Q(amendment_confirmed_on__isnull=True) | models.Q(opinion="lawful_if_amended"),
                "amendment_only_if_amended",
                "只有修改后合法的意见才需确认修改",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def clean(self) -> None:
        super().clean()
        if (
            self.status == ReviewStatus.CONCLUDED
            and self.opinion != Opinion.LAWFUL
            and not self.reasons.strip()
        ):
            raise ValidationError({"reasons": "审查意见为修改后合法或不合法的，须写明理由"})

    def compute_deadlines(self) -> dict[str, object]:
        from fazhi.workdays import calendar

        from . import rules

        if self.received_on is None or self.status == ReviewStatus.WAITING:
            return {"due_on": None}
        try:
            return {
                "due_on": rules.review_rule(self.subject_kind)
                .for_record(self)
                .due(self.received_on, self.waited_days)
            }
        except calendar.CalendarMissing:
            return {"due_on": None}

    @property
    def passes_gate(self) -> bool:
        """RULES §4 hard gate (Art 26): 合法, or 修改后合法 with the sponsor's amendment confirmed."""
        if self.status != ReviewStatus.CONCLUDED:
            return False
        if self.opinion == Opinion.LAWFUL:
            return True
        return self.opinion == Opinion.LAWFUL_IF_AMENDED and self.amendment_confirmed_on is not None

    @property
    def is_overdue(self) -> bool:
        """The opinion (today while none) later than the review period (RULES §4)."""
        from fazhi.core.dates import today

        return self.due_on is not None and (self.concluded_on or today()) > self.due_on

    @property
    def reviewer_name(self) -> str:
        return str(self.reviewer) if self.reviewer else ""

    @property
    def link_kind(self) -> str:
        return SUBJECT_LINKS.get(self.subject_kind, "")


class MaterialWait(models.Model):
    """A period waiting for supplementary material (补充材料): its working days are not counted."""

    review = models.ForeignKey(LegalityReview, on_delete=models.CASCADE, related_name="material_waits")
    requested_on = models.DateField("要求补充材料日期")
    received_on = models.DateField("收到补充材料日期", null=True, blank=True)
    note = models.CharField("所需材料", max_length=300, blank=True)

    class Meta:
        verbose_name = "补充材料"
        verbose_name_plural = "补充材料"
        ordering = ["requested_on", "id"]
        constraints = [date_order("received_on", "requested_on", "收到补充材料日期不能早于要求补充日期")]

    def __str__(self) -> str:
        return f"补充材料 {self.requested_on}"


class ReviewStatusChange(StatusHistory):
    review = models.ForeignKey(LegalityReview, on_delete=models.CASCADE, related_name="status_changes")

    class Meta:
        ordering = ["at", "id"]

    @property
    def to_label(self) -> str:
        return ReviewStatus(self.to_status).label if self.to_status in ReviewStatus.values else self.to_status


from .contracts import AdministrativeContract, ContractParty, ContractStatusChange  # noqa: E402,F401
