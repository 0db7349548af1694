"""The official holiday calendar: statutory holidays and 调休 make-up working days (RULES.md §1)."""

from __future__ import annotations

from django.db import models


class CalendarYear(models.Model):
    """A year whose holiday arrangement has been entered; dates in other years are 日历缺失."""

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    source = models.CharField(
        "来源", max_length=200, help_text="如：国务院办公厅关于2027年部分节假日安排的通知"
    )
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "日历年度"
        verbose_name_plural = "日历年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class SpecialDay(models.Model):
    """A day that differs from the plain weekday rule: a holiday, or a weekend made a working day."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "法定节假日（休息）"
        MAKEUP_WORKDAY = "workday", "调休上班"

    date = models.DateField("日期", primary_key=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=40, blank=True, help_text="如：国庆节、春节")

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"
