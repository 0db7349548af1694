"""法治建设综合 (GLOSSARY ``governance``; issue 14): first responsible persons and their duty records, law
study and training, legal advisers and consultations, business-environment indicators and rectification
tasks. Every rule is a ``clean()`` or a CHECK constraint, so page, API, import and demo meet the same ones."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.models import TrackedModel
from fazhi.core.parts import StatusHistory, check, date_order, named_errors
from fazhi.orgs.scope import ScopedQuerySet


class Post(models.TextChoices):
    SECRETARY = "secretary", "党委主要负责人"
    MAYOR = "mayor", "政府主要负责人"
    OTHER = "other", "其他负责人"


class DutyKind(models.TextChoices):
    MEETING = "meeting", "主持会议"
    STUDY = "study", "学法"
    INSTRUCTION = "instruction", "批示"
    REPORT = "report", "述法"
    CONSTITUTION_DAY = "constitution_day", "宪法日"
    OTHER = "other", "其他"


class OfficeHolder(TrackedModel):
    """A first responsible person (第一责任人) for a term, with the duty list (清单) of the post."""

    post = models.CharField("岗位", max_length=12, choices=Post.choices, error_messages=named_errors("岗位"))
    title = models.CharField("职务", max_length=40, help_text="如「市委书记」「市长」")
    person = models.CharField("姓名", max_length=40)
    term_from = models.DateField("任职起")
    term_until = models.DateField("任职止", null=True, blank=True)
    duty_list = models.TextField("职责清单", blank=True)
    law_report_on = models.DateField("年终述职述法日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "第一责任人"
        verbose_name_plural = "第一责任人"
        indexes = [models.Index(fields=["org", "term_from", "id"], name="gov_holder_org_idx")]
        constraints = [date_order("term_until", "term_from", "任职止不能早于任职起")]

    def __str__(self) -> str:
        return f"{self.title}{self.person}"


class LeadershipDuty(TrackedModel):
    """One act of a first responsible person (履职记录): a meeting chaired, law study, a 批示 …"""

    date = models.DateField("日期")
    person_post = models.ForeignKey(
        OfficeHolder, on_delete=models.PROTECT, related_name="duties", verbose_name="责任人"
    )
    kind = models.CharField(
        "类别", max_length=20, choices=DutyKind.choices, error_messages=named_errors("类别")
    )
    subject = models.CharField("事项", max_length=300, error_messages=named_errors("事项"))
    document = models.FileField("文件", upload_to="governance/duties/%Y/", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "第一责任人履职记录"
        verbose_name_plural = "第一责任人履职记录"
        indexes = [
            models.Index(fields=["date", "id"], name="gov_duty_date_idx"),
            models.Index(fields=["org", "date", "id"], name="gov_duty_org_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.subject}"

    def clean(self) -> None:
        super().clean()
        holder = self.person_post if self.person_post_id else None
        if holder is None:
            return
        if self.org_id is not None and self.org_id != holder.org_id:
            raise ValidationError({"person_post": "履职记录应记在责任人所在单位"})
        if self.date and (
            self.date < holder.term_from or (holder.term_until and self.date > holder.term_until)
        ):
            raise ValidationError({"date": f"日期不在{holder}的任职期内"})


class AdviserKind(models.TextChoices):
    PERSON = "person", "个人"
    FIRM = "firm", "律师事务所"


class LegalAdviser(TrackedModel):
    """A legal adviser (政府法律顾问) retained by ``org`` for a contract period."""

    name = models.CharField("顾问名称", max_length=100, error_messages=named_errors("顾问名称"))
    kind = models.CharField("类型", max_length=10, choices=AdviserKind.choices, default=AdviserKind.PERSON)
    firm = models.CharField("所在律所", max_length=100, blank=True)
    contract_from = models.DateField("聘期起")
    contract_until = models.DateField("聘期止")
    fee = models.DecimalField("年费（元）", max_digits=12, decimal_places=2, null=True, blank=True)

    future_date_fields = frozenset({"contract_until"})  # a contract runs ahead by nature

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "法律顾问"
        verbose_name_plural = "法律顾问"
        indexes = [
            models.Index(fields=["contract_until", "id"], name="gov_adviser_until_idx"),
            models.Index(fields=["org", "contract_until", "id"], name="gov_adviser_org_idx"),
        ]
        constraints = [
            date_order("contract_until", "contract_from", "聘期止不能早于聘期起"),
            check(models.Q(fee__isnull=True) | models.Q(fee__gte=0), "adviser_fee", "顾问费不能为负数"),
        ]

    def __str__(self) -> str:
        return self.name


class MatterKind(models.TextChoices):
    LEGALITY = "legality", "合法性审查"
    CONTRACT = "contract", "合同"
    LITIGATION = "litigation", "诉讼"
    PETITION = "petition", "信访"
    DECISION = "decision", "决策"
    OTHER = "other", "其他"


class Consultation(TrackedModel):
    """A matter put to a legal adviser; ``org`` is the adviser's retaining unit."""

    adviser = models.ForeignKey(
        LegalAdviser, on_delete=models.PROTECT, related_name="consultations", verbose_name="法律顾问"
    )
    date = models.DateField("咨询日期")
    matter_kind = models.CharField(
        "事项类别", max_length=12, choices=MatterKind.choices, error_messages=named_errors("事项类别")
    )
    summary = models.CharField("事项概要", max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "法律顾问咨询"
        verbose_name_plural = "法律顾问咨询"
        indexes = [
            models.Index(fields=["date", "id"], name="gov_consult_date_idx"),
            models.Index(fields=["adviser", "date"], name="gov_consult_adviser_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_matter_kind_display()}"

    def clean(self) -> None:
        super().clean()
        if self.adviser_id is None or self.date is None:
            return
        a = self.adviser
        if self.org_id is not None and self.org_id != a.org_id:
            raise ValidationError({"adviser": "咨询应记在聘请该顾问的单位"})
        if not a.contract_from <= self.date <= a.contract_until:
            raise ValidationError({"date": f"咨询日期不在{a.name}的聘期内"})


class IndicatorUnit(models.TextChoices):
    PERCENT = "%", "%"
    HOURS = "小时", "小时"
    DAYS = "天", "天"
    ITEMS = "项", "项"


class Direction(models.TextChoices):
    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"


class Indicator(models.Model):
    """An indicator definition; ``key`` is its figure key (``business.online_rate``)."""

    key = models.CharField("指标代码", max_length=60, unique=True)
    label = models.CharField("指标名称", max_length=100)
    unit = models.CharField("计量单位", max_length=4, choices=IndicatorUnit.choices)
    direction = models.CharField("方向", max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    is_list = models.BooleanField("清单型（按事项条数计）", default=False)
    owner = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="责任单位",
    )
    order = models.PositiveSmallIntegerField("顺序", default=100)

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class ValueStatus(models.TextChoices):
    ENTERED = "entered", "待确认"
    CONFIRMED = "confirmed", "已确认"


class IndicatorValue(TrackedModel):
    """An indicator's value for a year and a unit (the scope), with its source and evidence; only a value
    the bureau confirmed feeds figures and the report."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name="指标"
    )
    year = models.PositiveSmallIntegerField("年度")
    value = models.DecimalField("数值", max_digits=12, decimal_places=2)
    source = models.CharField("数据来源", max_length=200, error_messages=named_errors("数据来源"))
    evidence = models.FileField("佐证材料", upload_to="governance/evidence/%Y/", blank=True)
    status = models.CharField("状态", max_length=10, choices=ValueStatus.choices, default=ValueStatus.ENTERED)
    confirmed_on = models.DateField("确认日期", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="确认人",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "指标值"
        verbose_name_plural = "指标值"
        indexes = [models.Index(fields=["year", "id"], name="gov_value_year_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "org"],
                name="gov_value_uniq",
                violation_error_message="该单位该年度的此项指标已填报",
            ),
            check(models.Q(year__gte=2000, year__lte=2100), "value_year", "年度应在2000年至2100年之间"),
            check(models.Q(value__gte=0), "value_nonneg", "指标值不能为负数"),
            models.CheckConstraint(
                condition=models.Q(status="confirmed", confirmed_on__isnull=False)
                | models.Q(status="entered", confirmed_on__isnull=True),
                name="gov_value_confirmed_iff_date",
                violation_error_message="已确认的指标值须有确认日期，待确认的不能有",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.indicator}"

    def clean(self) -> None:
        super().clean()
        if self.indicator_id and self.indicator.unit == IndicatorUnit.PERCENT and self.value is not None:
            if self.value > 100:
                raise ValidationError({"value": "百分比指标的数值应在0至100之间"})


class IndicatorItem(models.Model):
    """One item of a list-type indicator's value (告知承诺制事项); the value is their count."""

    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="items")
    title = models.CharField("事项", max_length=200)

    class Meta:
        verbose_name = "清单事项"
        verbose_name_plural = "清单事项"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class ValueChange(StatusHistory):
    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="status_changes")

    class Meta:
        ordering = ["at", "id"]


class RectificationStatus(models.TextChoices):
    OPEN = "open", "整改中"
    DONE = "done", "已完成"


class Rectification(TrackedModel):
    """A rectification task (整改) of ``org`` with its due date; overdue while open after ``due_on``."""

    title = models.CharField("整改事项", max_length=300, error_messages=named_errors("整改事项"))
    due_on = models.DateField("整改期限")
    status = models.CharField(
        "状态", max_length=8, choices=RectificationStatus.choices, default=RectificationStatus.OPEN
    )
    completed_on = models.DateField("完成日期", null=True, blank=True)
    evidence = models.TextField("整改情况", blank=True)
    finding = models.ForeignKey(
        "Finding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectifications",
        verbose_name="督查发现问题",
    )

    future_date_fields = frozenset({"due_on"})

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "整改任务"
        verbose_name_plural = "整改任务"
        indexes = [
            models.Index(fields=["due_on", "id"], name="gov_rect_due_idx"),
            models.Index(fields=["status", "due_on", "id"], name="gov_rect_status_idx"),
            models.Index(fields=["org", "due_on", "id"], name="gov_rect_org_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="done", completed_on__isnull=False)
                | models.Q(status="open", completed_on__isnull=True),
                name="gov_rect_done_iff_date",
                violation_error_message="已完成的整改须有完成日期，整改中的不能有",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.finding_id and self.org_id and self.finding.org_id != self.org_id:
            raise ValidationError({"org": "整改单位应是督查发现问题的单位"})


class RectificationChange(StatusHistory):
    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="status_changes")

    class Meta:
        ordering = ["at", "id"]


class StudySession(TrackedModel):
    """Law study at a meeting (常委会 / 常务会议学法): the laws studied, as titles."""

    meeting = models.CharField("会议", max_length=100)
    date = models.DateField("日期")
    laws = models.JSONField("学习的法律法规", default=list)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "会议学法"
        verbose_name_plural = "会议学法"
        indexes = [models.Index(fields=["date", "id"], name="gov_study_date_idx")]

    def __str__(self) -> str:
        return f"{self.meeting}（{self.date}）"

    def clean(self) -> None:
        super().clean()
        if (
            not isinstance(self.laws, list)
            or not self.laws
            or not all(isinstance(t, str) and t.strip() for t in self.laws)
        ):
            raise ValidationError({"laws": "请至少填写一部学习的法律法规（标题）"})


class Training(TrackedModel):
    """A training course (专题培训) with its participants count and hours."""

    title = models.CharField("培训名称", max_length=200)
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期", null=True, blank=True)
    organiser = models.CharField("主办", max_length=100, blank=True)
    participants = models.PositiveIntegerField("参训人数")
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1, null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "专题培训"
        verbose_name_plural = "专题培训"
        indexes = [models.Index(fields=["start_on", "id"], name="gov_training_start_idx")]
        constraints = [date_order("end_on", "start_on", "结束日期不能早于开始日期")]

    def __str__(self) -> str:
        return self.title


class Exam(TrackedModel):
    """A law exam (学法用法考试 / 执法人员考试): takers and passed."""

    title = models.CharField("考试名称", max_length=200)
    date = models.DateField("日期")
    takers = models.PositiveIntegerField("参考人数")
    passed = models.PositiveIntegerField("合格人数")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "考试"
        verbose_name_plural = "考试"
        indexes = [models.Index(fields=["date", "id"], name="gov_exam_date_idx")]
        constraints = [
            check(models.Q(passed__lte=models.F("takers")), "exam_passed", "合格人数不能多于参考人数")
        ]

    def __str__(self) -> str:
        return self.title


class PlanStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"
    LATE = "late", "滞后"


class PlanItem(TrackedModel):
    """An item of the year's 法治政府建设工作要点: a direction with its content, lead unit (``org``), co-units
    (real units of the tree) and due date, its status and dated progress notes; next year's items are
    section 四 of the report."""

    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("要点", max_length=100, error_messages=named_errors("要点"))
    content = models.TextField("主要内容", blank=True)
    co_units = models.ManyToManyField("orgs.OrgUnit", blank=True, related_name="+", verbose_name="协办单位")
    due_on = models.DateField("完成时限", null=True, blank=True)
    order = models.PositiveSmallIntegerField("顺序", default=10)
    status = models.CharField(
        "状态", max_length=12, choices=PlanStatus.choices, default=PlanStatus.NOT_STARTED
    )

    future_date_fields = frozenset({"due_on"})

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "工作要点"
        verbose_name_plural = "工作要点"
        indexes = [
            models.Index(fields=["year", "id"], name="gov_plan_year_idx"),
            models.Index(fields=["org", "year", "id"], name="gov_plan_org_year_idx"),
        ]
        constraints = [
            check(models.Q(year__gte=2000, year__lte=2100), "plan_year", "年度应在2000年至2100年之间")
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.title}"


class PlanProgress(models.Model):
    """A dated progress note (推进情况) of a plan item, with the status it left the item in."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="progress", verbose_name="要点")
    date = models.DateField("日期")
    note = models.CharField("推进情况", max_length=500)
    status = models.CharField("状态", max_length=12, choices=PlanStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "推进情况"
        verbose_name_plural = "推进情况"
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["item", "date", "id"], name="gov_progress_item_idx")]

    def __str__(self) -> str:
        return f"{self.date} {self.note}"


class InspectionStatus(models.TextChoices):
    OPEN = "open", "督查中"
    CLOSED = "closed", "已办结"


class Inspection(TrackedModel):
    """A 督查 by the office (``org``, the inspecting unit); each finding names a unit and creates its
    rectification task."""

    title = models.CharField("督查事项", max_length=200, error_messages=named_errors("督查事项"))
    date = models.DateField("督查日期")
    subject = models.TextField("督查内容", blank=True)
    status = models.CharField(
        "状态", max_length=8, choices=InspectionStatus.choices, default=InspectionStatus.OPEN
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "督查"
        verbose_name_plural = "督查"
        indexes = [
            models.Index(fields=["date", "id"], name="gov_insp_date_idx"),
            models.Index(fields=["org", "date", "id"], name="gov_insp_org_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="closed", closed_on__isnull=False)
                | models.Q(status="open", closed_on__isnull=True),
                name="gov_insp_closed_iff_date",
                violation_error_message="已办结的督查须有办结日期，督查中的不能有",
            ),
            date_order("closed_on", "date", "办结日期不能早于督查日期"),
        ]

    def __str__(self) -> str:
        return self.title


class InspectionChange(StatusHistory):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="status_changes")

    class Meta:
        ordering = ["at", "id"]


class Finding(models.Model):
    """A problem an inspection found in a unit (``org``); its rectification task points back to it."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="findings", verbose_name="督查"
    )
    org = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="被督查单位"
    )
    text = models.CharField("发现问题", max_length=300, error_messages=named_errors("发现问题"))

    class Meta:
        verbose_name = "督查发现问题"
        verbose_name_plural = "督查发现问题"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class TrainingParticipant(models.Model):
    """One name of a training's participant list (imported from Excel); an ID number, when given, matches
    the enforcement officer whose certificate counts the hours."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="participant_rows", verbose_name="培训"
    )
    name = models.CharField("姓名", max_length=50, error_messages=named_errors("姓名"))
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    id_number = models.CharField("身份证号", max_length=18, blank=True, db_index=True)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = "参训人员"
        verbose_name_plural = "参训人员"
        ordering = ["id"]
        indexes = [models.Index(fields=["training", "id"], name="gov_part_training_idx")]
        constraints = [check(models.Q(hours__gte=0), "participant_hours", "学时不能为负数")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.id_number:
            from fazhi.core.pii import validate_id_card

            try:
                self.id_number = validate_id_card(self.id_number)
            except ValidationError as e:
                raise ValidationError({"id_number": e.messages}) from None


from .assessment import Assessment, AssessmentItem, AssessmentScore  # noqa: E402, F401  (考核: its models apart)
