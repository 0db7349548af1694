"""Reading and checking the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEvent
from .services import GENESIS


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""


def verify_chain(batch: int = 2000) -> VerifyResult:
    """Recompute every hash in id order; report the first event whose hash or link is wrong."""
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return VerifyResult(True, checked)
        for event in rows:
            if event.prev_hash != prev:
                return VerifyResult(False, checked, event.id, "前一记录哈希不匹配（记录被删除或插入）")
            if event.compute_hash() != event.hash:
                return VerifyResult(False, checked, event.id, "内容与哈希不符（记录被篡改）")
            prev = event.hash
            checked += 1
            last_id = event.id


def events_for(obj_type: str, obj_id: Any) -> QuerySet[AuditEvent]:
    """The audit events of one record (for a detail page's timeline), oldest first."""
    return AuditEvent.objects.filter(object_type=obj_type, object_id=str(obj_id)).order_by("id")


def filter_events(
    qs: QuerySet[AuditEvent],
    *,
    actor: str = "",
    org: int | None = None,
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    if actor:
        qs = qs.filter(actor_username=actor)
    if org:
        qs = qs.filter(org_id_value=org)
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(created_at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return qs
