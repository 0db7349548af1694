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
    (migration 0002) refuses UPDATE and DELETE; ``fazhi audit verify`` re-computes the chain.

    ``hash`` covers this event's own content (and ``prev_hash``, which only events written before
    sealing existed carry). The order of events is fixed afterwards by an :class:`AuditSeal` row,
    so that writing an event never waits for a lock shared by every transaction."""

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
    prev_hash = models.CharField("前一记录哈希", max_length=64, blank=True, default="")
    hash = models.CharField("本记录哈希", max_length=64, db_index=True)

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


class AuditSealQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionDenied("审计封存记录不可修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("审计封存记录不可删除")


class AuditSeal(models.Model):
    """Links one committed event into the hash chain, in the order sealing saw it (append-only, like
    the events: the model refuses changes and database triggers refuse UPDATE/DELETE/TRUNCATE).

    ``hash = SHA-256(prev_hash + "\n" + seq + ":" + event id + ":" + event hash)``; ``seq`` counts
    from 1 without gaps, so a removed seal shows as a gap or a broken link, and the newest
    ``(seq, hash)`` is what the external anchor file signs."""

    seq = models.BigIntegerField("封存序号", primary_key=True)
    event = models.OneToOneField(
        AuditEvent, on_delete=models.PROTECT, related_name="seal", verbose_name="审计记录"
    )
    event_hash = models.CharField("记录哈希", max_length=64)
    prev_hash = models.CharField("前一封存哈希", max_length=64)
    hash = models.CharField("封存哈希", max_length=64)
    sealed_at = models.DateTimeField("封存时间")

    objects = AuditSealQuerySet.as_manager()

    class Meta:
        verbose_name = "审计封存"
        verbose_name_plural = "审计封存"

    def __str__(self) -> str:
        return f"{self.seq} {self.hash[:12]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionDenied("审计封存记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("审计封存记录不可删除")

    @staticmethod
    def link_hash(prev_hash: str, seq: int, event_id: int, event_hash: str) -> str:
        return hashlib.sha256(f"{prev_hash}\n{seq}:{event_id}:{event_hash}".encode()).hexdigest()

    def compute_hash(self) -> str:
        return self.link_hash(self.prev_hash, self.seq, self.event_id, self.event_hash)


class AuditChainHead(models.Model):
    """Single row, locked for an instant while committed events are sealed so the seal chain
    stays linear. Writing an event does not touch it (``last_hash`` is kept for older code)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return self.last_hash
