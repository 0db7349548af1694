"""One notification to one user; ``key`` makes a generated notification idempotent (one per user and key)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    ASSIGNMENT = "assignment", "分案"
    DEADLINE = "deadline", "期限临近"
    RETURNED = "returned", "报告退回"
    ANSWER = "answer", "被申请人答复"
    PERFORMANCE = "performance", "履行监督"
    OTHER = "other", "其他"


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="接收人",
    )
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    title = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=300, blank=True)
    # "" for an event that happens once (an assignment); set for a generated reminder, so a rerun of the
    # job never writes the same reminder twice (deadline, due date and threshold).
    key = models.CharField("去重键", max_length=64, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        indexes = [
            models.Index(fields=["user", "id"], name="notif_user_idx"),
            models.Index(fields=["user"], name="notif_unread_idx", condition=models.Q(read_at__isnull=True)),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="notif_user_key_uniq",
                violation_error_message="该通知已发送",
            )
        ]

    def __str__(self) -> str:
        return self.title
