"""Writes of 行政规范性文件 beyond the action runner: drafting a document, the daily lapse of expired
documents and a cleanup campaign applied in one transaction (RULES §5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.audit.services import record
from fazhi.core import actions
from fazhi.core.actions import TRUSTED, run
from fazhi.core.parts import numbering_government
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import ensure_can_write

from . import rules
from .actions import BUREAU_ONLY, WORKFLOW
from .models import (
    CleanupCampaign,
    CleanupChoice,
    CleanupDecision,
    NormativeDocument,
    Status,
    in_force_q,
)

_NOT_ISSUER = (OrgUnit.Kind.COURT, OrgUnit.Kind.UPPER, OrgUnit.Kind.JUSTICE_BUREAU)


@dataclass
class DocumentData:
    title: str
    issuer: OrgUnit
    drafter: OrgUnit
    doc_number: str
    provisional: bool = False


def create_document(
    *, actor: Any, data: DocumentData | dict[str, Any], request: Any = None
) -> NormativeDocument:
    """起草登记 of a draft by its drafting unit; 暂行/试行 in the title makes it provisional (RULES §5)."""
    if not isinstance(data, DocumentData):
        data = DocumentData(**data)
    if actor is not None:
        ensure_can_write(actor, data.drafter)
    errors: dict[str, str] = {}
    title = (data.title or "").strip()
    if not title:
        errors["title"] = "请填写文件名称"
    if data.issuer.kind in _NOT_ISSUER:
        errors["issuer"] = "制定机关应为本级政府或其工作部门、乡镇（街道）"
    if errors:
        raise ValidationError(errors)
    doc = NormativeDocument(
        org=data.drafter,
        issuer=data.issuer,
        title=title,
        doc_number=data.doc_number,
        provisional=bool(data.provisional) or rules.is_provisional(title),
    )
    return actions.create(WORKFLOW, doc, actor=actor, request=request)


def lapse_expired(today: date, *, batch: int = 200) -> int:
    """期满自动失效 (RULES §5): every document still marked 有效 whose term ended before ``today``, each through
    the runner (audited as 系统); returns how many lapsed."""
    count = 0
    expired = NormativeDocument.objects.filter(status=Status.PUBLISHED, valid_until__lt=today).order_by("id")
    for doc in expired[:batch].iterator() if batch else expired.iterator():
        run(WORKFLOW, "lapse", doc, actor=None, data={"date": today}, version=TRUSTED)
        count += 1
    return count


_ENDS = {CleanupChoice.REPEAL: Status.REPEALED, CleanupChoice.DECLARE_INVALID: Status.LAPSED}


@transaction.atomic
def apply_cleanup(
    *,
    actor: Any,
    government: OrgUnit,
    year: int,
    on: date,
    decisions: list[dict[str, Any]],
    title: str = "",
    request: Any = None,
) -> CleanupCampaign:
    """清理 (RULES §5): one decision (继续有效/修改/废止/宣布失效) for every document in force under
    ``government`` on ``on``; applied all or nothing — a bad document is named and nothing is changed."""
    if actor is not None:
        BUREAU_ONLY(actor, None)  # 清理 is the bureau's, like the other steps that end a document
        ensure_can_write(actor, government)
    gov = numbering_government(government)
    if on.year != year:
        raise ValidationError({"year": f"清理决定日期（{on}）应在{year}年内"})
    in_scope = NormativeDocument.objects.filter(issuer__path__startswith=gov.path)
    in_force = {d.pk: d for d in in_scope.filter(in_force_q(on)).select_for_update()}
    errors: list[str] = []
    chosen: dict[int, str] = {}
    for i, row in enumerate(decisions, start=1):
        pk, choice = row.get("document"), row.get("decision")
        pk = getattr(pk, "pk", pk)
        doc = in_force.get(pk) if isinstance(pk, int) else None
        if choice not in CleanupChoice.values:
            errors.append(f"第{i}项：清理决定「{choice}」无效（继续有效/修改/废止/宣布失效）")
        elif doc is None:
            named = NormativeDocument.objects.filter(pk=pk).first() if isinstance(pk, int) else None
            what = f"「{named}」" if named is not None else f"（ID {pk}）"
            errors.append(f"第{i}项：规范性文件{what}不是{on:%Y年%m月%d日}有效的本级文件，不能清理")
        elif pk in chosen:
            errors.append(f"第{i}项：规范性文件「{doc}」重复作出清理决定")
        else:
            chosen[pk] = choice
    missing = [str(d) for pk, d in in_force.items() if pk not in chosen]
    if missing:
        errors.append(
            f"以下有效文件未作出清理决定：{'、'.join(missing[:10])}{'等' if len(missing) > 10 else ''}"
        )
    if errors:
        raise ValidationError({"decisions": errors})
    campaign = CleanupCampaign(
        org=gov,
        year=year,
        title=(title or f"{year}年行政规范性文件清理").strip(),
        applied_on=on,
        created_by=actor,
        updated_by=actor,
    )
    campaign.full_clean()
    campaign.save()
    CleanupDecision.objects.bulk_create(
        [CleanupDecision(campaign=campaign, document_id=pk, decision=c) for pk, c in chosen.items()]
    )
    ended = [in_force[pk] for pk, c in chosen.items() if c in _ENDS]
    for doc in ended:
        before = doc.status
        doc.status, doc.ended_on, doc.cleanup = _ENDS[CleanupChoice(chosen[doc.pk])], on, campaign
        doc.version += 1
        doc.full_clean()
        doc.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        WORKFLOW.history(doc, before, "cleanup", on, actor, str(campaign))  # type: ignore[misc]
    NormativeDocument.objects.bulk_update(ended, ["status", "ended_on", "cleanup", "version", "updated_by"])
    counts = {c: list(chosen.values()).count(c) for c in CleanupChoice.values}
    record(
        "normative.cleanup",
        actor=actor,
        obj=campaign,
        request=request,
        changes={"decisions": counts, "ended": [d.pk for d in ended]},
    )
    return campaign
