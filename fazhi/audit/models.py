"""Append-only audit trail with a SHA-256 hash chain (RULES.md §9; DESIGN.md §2)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionDenied("审计记录不可修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("审计记录不可删除")


class AuditEvent(models.Model):
    """One recorded action. Rows are never changed: the model refuses, and a database trigger
    (migration 0002) refuses UPDATE and DELETE; ``fazhi audit verify`` re-computes the chain."""

    created_at = models.DateTimeField("时间", db_index=True)
    actor_id_value = models.BigIntegerField("操作人ID", null=True, blank=True, db_column="actor_id")
    actor_username = models.CharField("操作人账号", max_length=150, blank=True)
    actor_name = models.CharField("操作人", max_length=100, blank=True)
    org_id_value = models.BigIntegerField("操作人单位ID", null=True, blank=True, db_column="org_id")
    org_name = models.CharField("操作人单位", max_length=100, blank=True)
    ip = models.CharField("IP地址", max_length=45, blank=True)
    action = models.CharField("操作", max_length=80)
    object_type = models.CharField("对象类型", max_length=80, blank=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    diff = models.JSONField("变更内容", default=dict, blank=True)
    prev_hash = models.CharField("前一记录哈希", max_length=64)
    hash = models.CharField("本记录哈希", max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        indexes = [
            models.Index(fields=["object_type", "object_id", "id"], name="audit_object_idx"),
            models.Index(fields=["actor_id_value", "id"], name="audit_actor_idx"),
            models.Index(fields=["org_id_value", "id"], name="audit_org_idx"),
            models.Index(fields=["action", "id"], name="audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_name or self.actor_username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionDenied("审计记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("审计记录不可删除")

    def payload(self) -> dict[str, Any]:
        return {
            "created_at": self.created_at.isoformat(timespec="microseconds"),
            "actor_id": self.actor_id_value,
            "actor_username": self.actor_username,
            "actor_name": self.actor_name,
            "org_id": self.org_id_value,
            "org_name": self.org_name,
            "ip": self.ip,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "diff": self.diff,
        }

    def compute_hash(self) -> str:
        body = json.dumps(
            self.payload(), ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
        )
        return hashlib.sha256((self.prev_hash + "\n" + body).encode("utf-8")).hexdigest()


class AuditChainHead(models.Model):
    """Single row holding the newest hash; locked while an event is appended so the chain stays linear."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return self.last_hash
