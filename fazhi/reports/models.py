"""法治政府建设年度报告 (RULES.md §7): sections, versioned narrative, workflow and frozen snapshot."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from fazhi.core.models import TrackedModel
from fazhi.orgs.scope import ScopedQuerySet


class AnnualReportQuerySet(ScopedQuerySet):
    pass


class AnnualReport(TrackedModel):
    future_date_fields = frozenset({"planned_publication_on"})  # planned: ahead by nature

    """One government's report on one year. ``org`` is the government (the report's scope)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEW = "review", "保密审查中"
        CLEARED = "cleared", "待批准"
        APPROVED = "approved", "已批准"
        PUBLISHED = "published", "已公开"

    year = models.PositiveSmallIntegerField("报告年度")
    title = models.CharField("标题", max_length=200)
    issuer = models.CharField("发文机关", max_length=100)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    planned_publication_on = models.DateField("计划公开日期", null=True, blank=True)
    signed_on = models.DateField("成文日期", null=True, blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    approved_on = models.DateField("批准日期", null=True, blank=True)
    # Problem ids (checks.Problem.id) the bureau has acknowledged; approval needs all current ones.
    acknowledged_checks = models.JSONField("已确认的数据问题", default=list, blank=True)
    # Who sent the report to 保密审查: the review must be passed by another person (issue 9 item 4).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="提交人",
    )
    # 报送 (督察规定 Art 24): the approved report sent to the government above (``submission.py``).
    reported_on = models.DateField("报送上级日期", null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="报送人",
    )
    returned_on = models.DateField("上级退回日期", null=True, blank=True)
    return_comment = models.TextField("上级退回意见", blank=True)
    # Frozen at approval: {"figures": {key: figure_dict}, "sections": [...], "title", "issuer", ...}
    snapshot = models.JSONField("批准时冻结的内容", null=True, blank=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = "法治政府建设年度报告"
        verbose_name_plural = "法治政府建设年度报告"
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="uniq_annual_report_org_year"),
            # Only an approved (or published) report can have been sent to the government above.
            models.CheckConstraint(
                condition=models.Q(reported_on__isnull=True) | models.Q(status__in=["approved", "published"]),
                name="annual_report_reported_when_approved",
                violation_error_message="只有已批准的报告才能报送上级",
            ),
        ]
        permissions = [
            ("review_confidentiality", "年度报告保密审查"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.snapshot is not None and self.status in (self.Status.APPROVED, self.Status.PUBLISHED)

    @property
    def deadline(self) -> date:
        """Art 24: published before 1 April of the following year, i.e. by 31 March."""
        return date(self.year + 1, 3, 31)

    @property
    def publication_late(self) -> bool:
        planned = self.published_on or self.planned_publication_on
        return planned is not None and planned > self.deadline


class ReportSection(models.Model):
    """A section of the report: title and order editable per government (RULES §7); its text is
    plain text — one paragraph a line, "（一）" headings, and ``{{figure.key}}`` placeholders."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="sections", verbose_name="报告"
    )
    code = models.CharField(
        "代码", max_length=30
    )  # intro / measures / shortcomings / leaders / plans / other
    title = models.CharField("标题", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    enabled = models.BooleanField("列入报告", default=True)
    text = models.TextField("正文", blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "报告章节"
        verbose_name_plural = "报告章节"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "code"], name="uniq_report_section_code")]

    def __str__(self) -> str:
        return self.title or self.code

    @property
    def has_heading(self) -> bool:
        return self.code != "intro"


class SectionVersion(models.Model):
    """Every saved text of a section (autosave included), newest last: nothing typed is lost."""

    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    title = models.CharField("标题", max_length=200, blank=True)
    text = models.TextField("正文", blank=True)
    saved_at = models.DateTimeField("保存时间", auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="保存人",
    )

    class Meta:
        verbose_name = "章节版本"
        verbose_name_plural = "章节版本"
        ordering = ["section", "number"]
        constraints = [models.UniqueConstraint(fields=["section", "number"], name="uniq_section_version")]

    def __str__(self) -> str:
        return f"{self.section} 第{self.number}版"
