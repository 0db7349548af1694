"""行政规范性文件 (RULES §5; GLOSSARY ``normative``): a document drafted by a department (``org``, 起草单位),
registered, numbered and published by its issuing authority (``issuer``, 三统一), filed for record, in force
for a limited term and swept by cleanup campaigns (清理)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from fazhi.core.models import TrackedModel
from fazhi.core.parts import StatusHistory, both_or_neither, date_order
from fazhi.orgs.scope import ScopedQuerySet

from . import rules


class Status(models.TextChoices):
    DRAFT = "draft", "起草中"
    REGISTERED = "registered", "已登记"
    PUBLISHED = "published", "有效"
    AMENDED = "amended", "已修改"
    LAPSED = "lapsed", "失效"
    REPEALED = "repealed", "已废止"


PUBLISHED_STATUSES = [Status.PUBLISHED, Status.AMENDED, Status.LAPSED, Status.REPEALED]
ENDED_STATUSES = [Status.AMENDED, Status.LAPSED, Status.REPEALED]


class CleanupChoice(models.TextChoices):
    KEEP = "keep", "继续有效"
    AMEND = "amend", "修改"
    REPEAL = "repeal", "废止"
    DECLARE_INVALID = "declare_invalid", "宣布失效"


class DocumentQuerySet(ScopedQuerySet):
    scope_field = "org"

    def in_force_q(self, on: date) -> models.Q:
        return in_force_q(on)


def in_force_q(on: date) -> models.Q:
    """In force on ``on``: published, within its term and not ended (amended, repealed, lapsed) by then.
    Read from the dates, not the status, so a past day is answered as it stood."""
    return models.Q(published_on__lte=on, valid_from__lte=on, valid_until__gte=on) & (
        models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=on)
    )


class NormativeDocument(TrackedModel):
    """One normative document; ``org`` is the drafting unit (起草单位), the scope of its records."""

    issuer = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="制定机关"
    )
    title = models.CharField("文件名称", max_length=200)
    doc_number = models.CharField("文号", max_length=40)
    provisional = models.BooleanField("暂行/试行", default=False)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    decided_on = models.DateField("集体审议日期", null=True, blank=True)
    meeting = models.CharField("审议会议", max_length=100, blank=True)
    registration_number = models.CharField("统一编号", max_length=60, blank=True)
    registered_on = models.DateField("统一登记日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    valid_from = models.DateField("施行日期", null=True, blank=True)
    # computed (publication + term, + filing days), not entered: outside the entered-date range check
    valid_until = models.DateField("有效期至", null=True, blank=True, editable=False)
    filing_due = models.DateField("备案期限", null=True, blank=True, editable=False)
    filed_on = models.DateField("报送备案日期", null=True, blank=True)
    ended_on = models.DateField("失效/废止日期", null=True, blank=True)
    cleanup = models.ForeignKey(
        "CleanupCampaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ended_documents",
        verbose_name="废止或宣布失效的清理",
    )
    new_version = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="修改后的文件"
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "行政规范性文件"
        verbose_name_plural = "行政规范性文件"
        indexes = [
            models.Index(fields=["published_on", "id"], name="norm_published_idx"),
            models.Index(fields=["org", "published_on", "id"], name="norm_org_published_idx"),
            models.Index(fields=["issuer", "published_on", "id"], name="norm_issuer_published_idx"),
            models.Index(fields=["status", "published_on", "id"], name="norm_status_published_idx"),
            models.Index(fields=["valid_until", "id"], name="norm_valid_until_idx"),
            models.Index(fields=["filed_on", "id"], name="norm_filed_idx"),
            models.Index(fields=["ended_on", "id"], name="norm_ended_idx"),
            # 文号 prefix search (``LIKE 'x%'``) on PostgreSQL; other databases ignore opclasses
            models.Index(
                fields=["doc_number"], name="norm_doc_number_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "doc_number"],
                name="normative_doc_number_uniq",
                violation_error_message="该制定机关已有相同文号的规范性文件",
            ),
            models.UniqueConstraint(
                fields=["issuer", "registration_number"],
                condition=~models.Q(registration_number=""),
                name="normative_registration_uniq",
                violation_error_message="该统一编号已被使用",
            ),
            date_order("published_on", "decided_on", "公布日期不能早于集体审议日期"),
            date_order("published_on", "registered_on", "公布日期不能早于统一登记日期"),
            date_order("valid_from", "published_on", "施行日期不能早于公布日期（未经公布的不得施行）"),
            date_order("valid_until", "valid_from", "有效期截止日期不能早于施行日期"),
            date_order("filed_on", "published_on", "报送备案日期不能早于公布日期"),
            date_order("ended_on", "published_on", "失效/废止日期不能早于公布日期"),
            both_or_neither(
                ~models.Q(status="draft"),
                ~models.Q(registration_number=""),
                "registered_iff_number",
                "统一登记后的文件须有统一编号，起草中的文件不能有",
            ),
            both_or_neither(
                models.Q(status__in=PUBLISHED_STATUSES),
                models.Q(published_on__isnull=False, valid_from__isnull=False, valid_until__isnull=False),
                "published_iff_term",
                "已公布的文件须有公布日期和有效期，未公布的文件不能有",
            ),
            both_or_neither(
                models.Q(status__in=ENDED_STATUSES),
                models.Q(ended_on__isnull=False),
                "ended_iff_date",
                "已修改、失效或废止的文件须有日期，有效的文件不能有",
            ),
            both_or_neither(
                models.Q(status="amended"),
                models.Q(new_version__isnull=False),
                "amended_iff_new_version",
                "已修改的文件须关联修改后的文件",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.doc_number} {self.title}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        try:
            self.doc_number = rules.validate_doc_number(self.doc_number)
        except ValidationError as e:
            errors["doc_number"] = e.messages[0]
        # RULES §5 有效期: not a CHECK (a year is not a fixed number of days), so here and in the service.
        if self.valid_from and self.valid_until:
            years = rules.max_years(self.provisional)
            if self.valid_until > rules.valid_until(self.valid_from, years):
                errors["valid_until"] = f"有效期超过{years}年（{rules.BASIS_VALIDITY}）"
        if self.new_version_id is not None and self.new_version_id == self.pk:
            errors["new_version"] = "修改后的文件不能是文件本身"
        if errors:
            raise ValidationError(errors)

    def in_force_on(self, on: date) -> bool:
        if not (self.published_on and self.valid_from and self.valid_until):
            return False
        ended = self.ended_on is not None and self.ended_on <= on
        return self.published_on <= on and self.valid_from <= on <= self.valid_until and not ended

    @property
    def in_force(self) -> bool:
        return self.in_force_on(timezone.localdate())

    @property
    def filed_on_time(self) -> bool | None:
        """备案 within the deadline (RULES §5); None until filed."""
        if self.filed_on is None or self.filing_due is None:
            return None
        return self.filed_on <= self.filing_due


class FullText(models.Model):
    """The document's full text (DOCX/PDF), checked by ``core.uploads``; a file is kept apart from the
    record so the record's audit snapshot stays plain data."""

    document = models.OneToOneField(NormativeDocument, on_delete=models.CASCADE, related_name="full_text")
    file = models.FileField("全文", upload_to="normative/%Y/")
    uploaded_at = models.DateTimeField("上传时间", auto_now=True)

    class Meta:
        verbose_name = "规范性文件全文"
        verbose_name_plural = "规范性文件全文"

    def __str__(self) -> str:
        return self.file.name


class DocumentStatusChange(StatusHistory):
    document = models.ForeignKey(NormativeDocument, on_delete=models.CASCADE, related_name="status_changes")

    class Meta:
        ordering = ["at", "id"]


class CampaignQuerySet(ScopedQuerySet):
    scope_field = "org"


class CleanupCampaign(TrackedModel):
    """A cleanup (清理) of the documents in force under a government (``org``), applied on one day."""

    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("清理名称", max_length=200)
    applied_on = models.DateField("清理决定日期")

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "规范性文件清理"
        verbose_name_plural = "规范性文件清理"
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="normative_cleanup_year_range",
                violation_error_message="年度应在2000年至2100年之间",
            )
        ]

    def __str__(self) -> str:
        return self.title


class CleanupDecision(models.Model):
    """The cleanup's decision on one document in force (继续有效 / 修改 / 废止 / 宣布失效)."""

    campaign = models.ForeignKey(CleanupCampaign, on_delete=models.CASCADE, related_name="decisions")
    document = models.ForeignKey(
        NormativeDocument, on_delete=models.PROTECT, related_name="cleanup_decisions"
    )
    decision = models.CharField("清理决定", max_length=16, choices=CleanupChoice.choices)

    class Meta:
        verbose_name = "清理决定"
        verbose_name_plural = "清理决定"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "document"],
                name="normative_cleanup_one_decision",
                violation_error_message="同一次清理对同一文件只能作出一个决定",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_id}：{self.get_decision_display()}"
