"""Shared model bases: every domain record has an org, who/when fields and a version (DESIGN.md §3)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from .dates import check_entered_dates


class EnteredDatesMixin:
    """Every save range-checks the model's user-entered dates (core.dates.check_entered_dates).

    Hooked into save() so page forms, the API and Excel imports cannot store 0002-01-01 whichever
    service they go through; ``future_date_fields`` names the fields that may lie ahead.
    """

    future_date_fields: frozenset[str] = frozenset()

    def clean(self) -> None:
        super().clean()  # type: ignore[misc]
        check_entered_dates(self)

    def save(self, *args: Any, **kwargs: Any) -> None:
        check_entered_dates(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)  # type: ignore[misc]


class TrackedModel(EnteredDatesMixin, models.Model):
    """Base of every domain record.

    ``org`` is the responsible OrgUnit that data scope is computed on; ``version`` is the
    optimistic lock checked by ``core.services.check_version``.
    """

    org = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="责任单位"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="创建人",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="更新人",
    )
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        abstract = True


class NumberSequence(models.Model):
    """Gap-free counter per (org, kind, year) for case/document numbers (DESIGN.md §3).

    Incremented inside the transaction that creates the record, so a rollback gives the number back.
    """

    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "编号序列"
        verbose_name_plural = "编号序列"
        constraints = [models.UniqueConstraint(fields=["org", "kind", "year"], name="uniq_number_sequence")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class NumberPattern(models.Model):
    """The number pattern an org uses for a kind of record, e.g. ``示政复〔{year}〕{seq}号``."""

    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name="单位")
    kind = models.CharField("编号类别", max_length=40)
    pattern = models.CharField(
        "编号格式", max_length=80, help_text="可用占位符：{year} 年份，{seq} 序号，{seq:03d} 三位补零序号"
    )

    class Meta:
        verbose_name = "编号格式"
        verbose_name_plural = "编号格式"
        constraints = [models.UniqueConstraint(fields=["org", "kind"], name="uniq_number_pattern")]

    def __str__(self) -> str:
        return self.pattern


class ImportJob(models.Model):
    """One Excel import: the record of what was imported (file hash, kind, user, time, rows), and
    the background job that does it (status, progress, result or row errors, staged file).

    ``file_sha256`` + ``kind`` of a succeeded job is how a second import of the same file is refused.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "导入中"
        SUCCEEDED = "succeeded", "已完成"
        FAILED = "failed", "未导入"

    kind = models.CharField("类别", max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="导入人",
    )
    source = models.CharField("来源", max_length=10, default="page")  # page | cli
    file_name = models.CharField("文件名", max_length=255, blank=True)
    file_size = models.BigIntegerField("文件大小", default=0)
    file_sha256 = models.CharField("文件SHA-256", max_length=64, db_index=True)
    staged_path = models.CharField("暂存文件", max_length=500, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    created = models.PositiveIntegerField("导入条数", default=0)
    errors = models.JSONField("错误", default=list, blank=True)
    message = models.TextField("结果", blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "file_sha256", "status"], name="core_importjob_dup")]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return int(self.rows_done * 100 / self.rows_total) if self.rows_total else 0


class FileJob(models.Model):
    """A file built in the background (a ZIP of many reports, later province roll-ups and batch PDFs):
    the page queues it on django-q2 and polls its progress; the result is stored under MEDIA_ROOT (shared
    by every app server) and downloaded by the user who asked for it only (``core.file_jobs``)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        SUCCEEDED = "succeeded", "已完成"
        FAILED = "failed", "失败"

    title = models.CharField("任务", max_length=200)
    builder = models.CharField("生成函数", max_length=200)  # dotted path, set by code only
    params = models.JSONField("参数", default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请人"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    message = models.TextField("结果", blank=True)
    file_name = models.CharField("文件名", max_length=255, blank=True)
    content_type = models.CharField("文件类型", max_length=100, blank=True)
    path = models.CharField("文件", max_length=500, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台生成任务"
        verbose_name_plural = "后台生成任务"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0
