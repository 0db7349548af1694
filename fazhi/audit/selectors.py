"""Reading and checking the audit trail."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .anchors import Anchor, AnchorFileError, read_anchors, write_anchor
from .models import AuditEvent, AuditSeal
from .services import GENESIS, seal_grace, seal_pending, unsealed_events


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""
    head_seq: int = 0
    head_hash: str = GENESIS
    anchors: int = 0
    pending: int = 0
    notes: list[str] = field(default_factory=list)


class _Broken(Exception):
    def __init__(self, reason: str, event_id: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.event_id = event_id


def _check_seals(
    start_seq: int, prev: str, by_seq: dict[int, list[Anchor]], batch: int
) -> tuple[int, str, int]:
    """Walk the seals after ``start_seq`` in order; returns (last seq, last hash, events checked)."""
    seq, checked = start_seq, 0
    while True:
        seals = list(AuditSeal.objects.filter(seq__gt=seq).order_by("seq")[:batch])
        if not seals:
            return seq, prev, checked
        events = AuditEvent.objects.in_bulk([s.event_id for s in seals])
        for seal in seals:
            if seal.seq != seq + 1:
                missing = f"第 {seq + 1} 号" if seal.seq == seq + 2 else f"第 {seq + 1}–{seal.seq - 1} 号"
                raise _Broken(f"封存序号从第 {seq} 号跳到第 {seal.seq} 号：{missing}封存及其审计记录被删除")
            if seal.prev_hash != prev:
                raise _Broken(
                    f"第 {seal.seq} 号封存与前一封存的哈希不相连（其前的封存记录被删除、插入或改写）",
                    seal.event_id,
                )
            if seal.compute_hash() != seal.hash:
                raise _Broken(f"第 {seal.seq} 号封存的内容与哈希不符（封存记录被篡改）", seal.event_id)
            event = events.get(seal.event_id)
            if event is None:
                raise _Broken(
                    f"第 {seal.seq} 号封存所指的审计记录第 {seal.event_id} 号已不存在（记录被删除）",
                    seal.event_id,
                )
            if event.compute_hash() != event.hash:
                raise _Broken("内容与哈希不符（记录被篡改）", event.id)
            if event.hash != seal.event_hash:
                raise _Broken("记录哈希与封存时不同（记录被改写并重新计算了哈希）", event.id)
            for anchor in by_seq.get(seal.seq, ()):
                if anchor.hash != seal.hash:
                    raise _Broken(
                        f"第 {seal.seq} 号封存（审计记录第 {seal.event_id} 号）与 {anchor.at} 的外部锚定"
                        f"（锚定文件第 {anchor.line} 行）不符：此处及之前的审计记录被改写后重新计算了哈希",
                        seal.event_id,
                    )
            seq, prev = seal.seq, seal.hash
            checked += 1


def verify_chain(batch: int = 2000, *, incremental: bool = False, anchor: bool = True) -> VerifyResult:
    """Check the audit trail and, when it is whole, anchor its head outside the database.

    1. Seal committed events younger than the grace period (older ones should have been sealed
       already; they are reported instead, see 4).
    2. Walk the seal chain: gapless sequence, links, each event's own hash, each event's hash as
       sealed, and every external anchor on the way.
    3. No anchor may point past the newest seal (tail deleted or table truncated).
    4. Events still unsealed after the grace period are reported.
    ``incremental`` starts at the newest anchor instead of the genesis (the periodic job).
    """
    now = timezone.now()
    grace = seal_grace()
    result = VerifyResult(True, 0)
    try:
        anchors = read_anchors()
    except AnchorFileError as e:
        return VerifyResult(False, 0, None, str(e))
    result.anchors = len(anchors)
    by_seq: dict[int, list[Anchor]] = {}
    for a in anchors:
        by_seq.setdefault(a.seq, []).append(a)
    seal_pending(newer_than=now - grace)
    start_seq, prev = 0, GENESIS
    try:
        if incremental and anchors:
            last = max(anchors, key=lambda a: (a.seq, a.line))
            seal = AuditSeal.objects.filter(seq=last.seq).first() if last.seq else None
            if last.seq and seal is None:
                raise _Broken(_tail_reason(last, AuditSeal.objects.order_by("-seq").first()))
            if seal is not None:
                if seal.hash != last.hash:
                    raise _Broken(
                        f"第 {seal.seq} 号封存（审计记录第 {seal.event_id} 号）与 {last.at} 的外部锚定"
                        f"（锚定文件第 {last.line} 行）不符：此处及之前的审计记录被改写后重新计算了哈希",
                        seal.event_id,
                    )
                start_seq, prev = seal.seq, seal.hash
        head_seq, head_hash, checked = _check_seals(start_seq, prev, by_seq, batch)
        result.checked, result.head_seq, result.head_hash = checked, head_seq, head_hash
        beyond = [a for a in anchors if a.seq > head_seq]
        if beyond:
            newest = max(beyond, key=lambda a: a.seq)
            raise _Broken(_tail_reason(newest, AuditSeal.objects.order_by("-seq").first()))
    except _Broken as broken:
        result.ok, result.broken_id, result.reason = False, broken.event_id, broken.reason
        return result
    late = unsealed_events().filter(created_at__lt=now - grace)
    late_ids = list(late.values_list("id", flat=True)[:20])
    if late_ids:
        count = late.count()
        shown = "、".join(str(i) for i in late_ids) + ("……" if count > len(late_ids) else "")
        result.ok, result.broken_id = False, late_ids[0]
        result.reason = (
            f"有 {count} 条审计记录提交已超过 {int(grace.total_seconds() // 60)} 分钟仍未封存入链（第 {shown} 号）："
            "封存任务（fazhi audit seal）未运行，或有记录绕过系统直接写入数据库，请核查后运行 fazhi audit seal"
        )
        return result
    result.pending = unsealed_events().count()
    if anchor and head_seq:
        newest = max(anchors, key=lambda a: (a.seq, a.line)) if anchors else None
        if newest is None or (newest.seq, newest.hash) != (head_seq, head_hash):
            write_anchor(head_seq, head_hash)
            result.anchors += 1
    return result


def _tail_reason(anchor: Anchor, newest: AuditSeal | None) -> str:
    where = f"外部锚定（{anchor.at}，锚定文件第 {anchor.line} 行）记录到第 {anchor.seq} 号封存"
    if newest is None:
        return f"审计记录被清空（TRUNCATE 或全部删除）：{where}，数据库中已没有任何封存记录"
    return f"末尾的审计记录被删除：{where}，数据库中只到第 {newest.seq} 号（审计记录第 {newest.event_id} 号）"


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
