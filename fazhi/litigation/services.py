"""Writes of 行政应诉 that are more than one declared step: registering a case (with its plaintiffs and
co-defendants), the bureau's decision on a co-defendant link, the judgment document's upload check.

The steps of a case (答辩举证, 开庭, 裁判, 送达, 上诉, 败诉责任调查) and the link to a 复议 case are
declared in ``actions.WORKFLOW`` / ``actions.EDITS`` and run with
``core.actions.run(WORKFLOW, "judge", case, actor=…, data={"date": …, "outcome": …}, version=…)`` (lock,
scope, version, transition check, history row and audit event in one transaction).

Every function validates first and changes nothing when it refuses (Chinese ValidationError,
PermissionDenied outside the actor's scope).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from fazhi.audit.services import record
from fazhi.core import links
from fazhi.core.parts import clean_parties
from fazhi.core.services import ConflictError
from fazhi.core.uploads import DOCUMENT_TYPES, check_uploaded_file
from fazhi.orgs.models import OrgUnit, Role
from fazhi.orgs.scope import ensure_can_write, scope_root

from .actions import case_snapshot, history
from .models import (
    CO_DEFENDANT_KINDS,
    CoDefendant,
    Instance,
    LitigationCase,
    Plaintiff,
    normalize_case_number,
)


def _ensure(actor: Any, org: OrgUnit) -> None:
    """Refuse writes outside the actor's scope. ``None`` is the command-line system import
    (``fazhi import`` without ``--user``; TabularKind contract): no scope limit, audited as 系统."""
    if actor is not None:
        ensure_can_write(actor, org)


@dataclass
class PlaintiffData:
    name: str
    kind: str = "person"
    id_number: str = ""
    phone: str = ""


@dataclass
class CaseData:
    court_case_number: str
    court: OrgUnit
    defendant: OrgUnit
    cause: str
    act_category: str
    served_on: date
    instance: str = Instance.FIRST
    previous_instance: LitigationCase | None = None
    plaintiffs: list[PlaintiffData] = field(default_factory=list)
    co_defendants: list[OrgUnit] = field(default_factory=list)
    agents: str = ""
    note: str = ""
    related_reconsideration: Any = None


def _full_clean(obj: Any, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude, validate_unique=True)


def build_plaintiffs(case: LitigationCase, plaintiffs: list[PlaintiffData]) -> list[Plaintiff]:
    rows = clean_parties(Plaintiff, plaintiffs, LitigationCase, noun="原告", field="plaintiffs")
    for row in rows:
        row.case = case
    return rows


RECONSIDERATION = "reconsideration.case"


def check_reconsideration(actor: Any, recon: Any) -> Any:
    """The optional link to a 行政复议 case must be a case the actor may see (through the link registry,
    i.e. the reconsideration selector); ``None`` actor is the system import."""
    if recon is None:
        return None
    return links.fetch(actor, RECONSIDERATION, recon, field="related_reconsideration")


def plan_co_defendants(actor: Any, defendant: OrgUnit, units: list[OrgUnit]) -> list[CoDefendant]:
    """Validate the co-defendants (共同被告) named for a case and decide each link's state (issue 8 item 9):
    a unit inside the actor's own subtree (for the bureau: its whole government) is confirmed at once;
    any other unit is a pending link the bureau confirms, and until then the case is not in its scope.
    The court, the government, committees and upper bodies are refused. Nothing is saved here."""
    errors: list[str] = []
    seen: set[int] = {defendant.pk}
    root = scope_root(actor) if actor is not None else None
    now = timezone.now()
    out: list[CoDefendant] = []
    for unit in units:
        if unit.pk in seen:
            continue  # the defendant itself or a repeat: nothing to link
        seen.add(unit.pk)
        if unit.kind not in CO_DEFENDANT_KINDS:
            errors.append(
                f"「{unit.name}」是{unit.get_kind_display()}，不能作为共同被告"
                "（共同被告应为本级政府的部门、乡镇（街道）或司法局）"
            )
            continue
        own = getattr(actor, "own_government", None)
        if own is not None and not unit.path.startswith(own.path):
            errors.append(f"「{unit.name}」不属于本级政府，不能作为共同被告")
            continue
        inside = actor is None or (root is not None and unit.path.startswith(root.path))
        out.append(
            CoDefendant(
                org=unit,
                state=CoDefendant.State.CONFIRMED if inside else CoDefendant.State.PENDING,
                requested_by=actor if getattr(actor, "is_authenticated", False) else None,
                confirmed_at=now if inside else None,
                confirmed_by=actor if inside and getattr(actor, "is_authenticated", False) else None,
            )
        )
    if errors:
        raise ValidationError({"co_defendants": errors})
    return out


def _co_defendant_changes(rows: list[CoDefendant]) -> list[dict[str, str]]:
    return [{"org": r.org.name, "state": r.get_state_display()} for r in rows]


@transaction.atomic
def create_case(*, actor: Any, data: CaseData, request: Any = None) -> LitigationCase:
    """登记收到起诉状副本 (served): a new case for the defendant unit."""
    _ensure(actor, data.defendant)
    if not data.plaintiffs:
        raise ValidationError({"plaintiffs": "至少登记一名原告"})
    if data.defendant.kind in (OrgUnit.Kind.COURT, OrgUnit.Kind.UPPER):
        raise ValidationError({"defendant": "被告应为本级政府或其部门、乡镇（街道）"})
    case = LitigationCase(
        org=data.defendant,
        court=data.court,
        court_case_number=data.court_case_number,
        instance=data.instance,
        previous_instance=data.previous_instance,
        cause=data.cause,
        act_category=data.act_category,
        served_on=data.served_on,
        agents=data.agents,
        related_reconsideration=check_reconsideration(actor, data.related_reconsideration),
        note=data.note,
        created_by=actor,
        updated_by=actor,
    )
    try:
        case.court_case_number = normalize_case_number(case.court_case_number)
    except ValidationError as e:
        raise ValidationError({"court_case_number": e.messages}) from None
    _full_clean(case)
    plaintiffs = build_plaintiffs(case, data.plaintiffs)
    co_rows = plan_co_defendants(actor, data.defendant, list(data.co_defendants))
    try:
        # Savepoint: two users registering the same 案号 at once both pass validate_unique; the
        # loser's INSERT fails here and must become a Chinese message, not a 500 or a broken transaction.
        with transaction.atomic():
            case.save()
    except IntegrityError:
        # 案号 is the only unique column a create can collide on (the row id is the database's).
        raise ValidationError(
            {
                "court_case_number": f"法院案号「{case.court_case_number}」已由他人同时登记，本次未保存，请核对后再提交"
            },
            code="duplicate",
        ) from None
    for p in plaintiffs:
        p.case = case
    Plaintiff.objects.bulk_create(plaintiffs)
    for row in co_rows:
        row.case = case
    CoDefendant.objects.bulk_create(co_rows)
    history(case, "", "create", data.served_on, actor)
    changes: dict[str, Any] = {**case_snapshot(case), "plaintiffs": [p.name for p in plaintiffs]}
    if co_rows:
        changes["co_defendants"] = _co_defendant_changes(co_rows)
    record("litigation.create", actor=actor, obj=case, request=request, changes=changes)
    return case


def check_document(upload: UploadedFile) -> str:
    """The platform's upload check (core.uploads) for a judgment document; returns the extension."""
    try:
        return check_uploaded_file(
            upload,
            types=DOCUMENT_TYPES,
            max_bytes=settings.FAZHI_ATTACHMENT_MAX_BYTES,
            wrong_type="裁判文书仅支持 PDF、OFD、Word（doc/docx）或 JPG/PNG 图片",
            wrong_content="文件内容与扩展名不符，请上传真实的裁判文书文件",
        )
    except ValidationError as e:
        raise ValidationError({"document": e.messages}) from None


def _locked_link(actor: Any, link: CoDefendant | int) -> CoDefendant:
    """The pending link, locked, if ``actor`` is bureau staff whose scope holds the case."""
    if actor is None or Role.BUREAU not in actor.role_codes:
        raise PermissionDenied("只有司法局工作人员可以确认共同被告")
    pk = link.pk if isinstance(link, CoDefendant) else link
    row = (
        # Lock only the link row: PostgreSQL refuses FOR UPDATE on the nullable side of the requested_by join.
        CoDefendant.objects.select_for_update(of=("self",))
        .select_related("case", "case__org", "org", "requested_by")
        .filter(pk=pk)
        .first()
    )
    if row is None:
        raise ConflictError("该共同被告申请已由他人处理，本次未保存")
    ensure_can_write(actor, row.case.org)
    if row.state != CoDefendant.State.PENDING:
        raise ConflictError("该共同被告申请已由他人处理，本次未保存")
    return row


@transaction.atomic
def confirm_co_defendant(*, actor: Any, link: CoDefendant | int, request: Any = None) -> CoDefendant:
    """司法局确认共同被告: from now on the unit sees the case (read only)."""
    row = _locked_link(actor, link)
    row.state, row.confirmed_at, row.confirmed_by = CoDefendant.State.CONFIRMED, timezone.now(), actor
    row.save(update_fields=["state", "confirmed_at", "confirmed_by"])
    record(
        "litigation.confirm_co_defendant",
        actor=actor,
        obj=row.case,
        request=request,
        changes={
            "co_defendant": row.org.name,
            "state": [CoDefendant.State.PENDING.label, row.get_state_display()],
        },
    )
    return row


@transaction.atomic
def reject_co_defendant(
    *, actor: Any, link: CoDefendant | int, reason: str = "", request: Any = None
) -> LitigationCase:
    """司法局不予确认: the link is removed; the unit never saw the case."""
    row = _locked_link(actor, link)
    case, name, requested_by = row.case, row.org.name, row.requested_by
    row.delete()
    record(
        "litigation.reject_co_defendant",
        actor=actor,
        obj=case,
        request=request,
        changes={
            "co_defendant": name,
            "requested_by": str(requested_by or ""),
            "reason": (reason or "").strip()[:300],
        },
    )
    return case
