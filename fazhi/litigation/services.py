"""Writes of 行政应诉: one named action per state change, each with its audit event, in one transaction.

Every function validates first and changes nothing when it refuses (Chinese ValidationError,
PermissionDenied outside the actor's scope).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from fazhi.audit.services import diff, record, snapshot
from fazhi.core import links
from fazhi.core.dates import cn_date
from fazhi.core.services import ConflictError, bump_version, check_version
from fazhi.core.uploads import DOCUMENT_TYPES, check_uploaded_file
from fazhi.orgs.models import OrgUnit, Role
from fazhi.orgs.scope import ensure_can_write, scope_root

from .models import (
    CO_DEFENDANT_KINDS,
    WORKFLOW,
    CoDefendant,
    CourtSession,
    Instance,
    JudgmentKind,
    LitigationCase,
    LossAccountability,
    Outcome,
    Plaintiff,
    Status,
    StatusChange,
    is_loss_outcome,
    judgment_kind_for,
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


def _snap(case: LitigationCase) -> dict[str, Any]:
    data = snapshot(case)
    data["judgment_document"] = case.judgment_document.name or ""
    return data


def _history(case: LitigationCase, before: str, action: str, on: date | None, actor: Any) -> None:
    StatusChange.objects.create(
        case=case,
        from_status=before,
        to_status=case.status,
        action=action,
        on=on,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _locked(case: LitigationCase) -> LitigationCase:
    return LitigationCase.objects.select_for_update().select_related("org", "court").get(pk=case.pk)


def _full_clean(obj: Any, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude, validate_unique=True)


def build_plaintiffs(case: LitigationCase, plaintiffs: list[PlaintiffData]) -> list[Plaintiff]:
    rows: list[Plaintiff] = []
    errors: list[str] = []
    for i, p in enumerate(plaintiffs, start=1):
        row = Plaintiff(
            case=case,
            kind=p.kind,
            name=(p.name or "").strip(),
            id_number=(p.id_number or "").strip(),
            phone=(p.phone or "").strip(),
        )
        try:
            row.full_clean(exclude=["case"])
        except ValidationError as e:
            errors.extend(
                f"第{i}个原告{Plaintiff._meta.get_field(k).verbose_name}：{'；'.join(v)}"
                for k, v in e.message_dict.items()
            )
        rows.append(row)
    if errors:
        raise ValidationError({"plaintiffs": errors})
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
    _history(case, "", "create", data.served_on, actor)
    changes: dict[str, Any] = {**_snap(case), "plaintiffs": [p.name for p in plaintiffs]}
    if co_rows:
        changes["co_defendants"] = _co_defendant_changes(co_rows)
    record("litigation.create", actor=actor, obj=case, request=request, changes=changes)
    return case


def _transition(
    case: LitigationCase, name: str, actor: Any, version: Any
) -> tuple[LitigationCase, str, dict]:
    _ensure(actor, case.org)
    locked = _locked(case)
    check_version(locked, version)
    WORKFLOW.check(locked.status, name)
    return locked, locked.status, _snap(locked)


def _finish(
    case: LitigationCase,
    before_status: str,
    before: dict,
    action: str,
    on: date | None,
    actor: Any,
    request: Any,
    extra: dict | None = None,
) -> LitigationCase:
    bump_version(case, actor)
    case.save()
    if case.status != before_status:
        _history(case, before_status, action, on, actor)
    record(
        f"litigation.{action}",
        actor=actor,
        obj=case,
        request=request,
        changes={**diff(before, _snap(case)), **(extra or {})},
    )
    return case


@transaction.atomic
def record_answer(
    *, actor: Any, case: LitigationCase, on: date, version: Any = None, request: Any = None
) -> LitigationCase:
    """答辩举证 (行政诉讼法 Art 67)."""
    case, before_status, before = _transition(case, "record_answer", actor, version)
    if on < case.served_on:
        raise ValidationError({"date": "答辩举证日期不能早于收到起诉状副本日期"})
    case.answer_filed_on = on
    case.status = Status.ANSWERED
    return _finish(case, before_status, before, "record_answer", on, actor, request)


@transaction.atomic
def add_session(
    *,
    actor: Any,
    case: LitigationCase,
    held_on: date,
    head_appeared: bool,
    head_name: str = "",
    head_post: str = "",
    absence_reason: str = "",
    substitute: str = "",
    notice_received_on: date | None = None,
    version: Any = None,
    request: Any = None,
) -> CourtSession:
    """登记开庭 and whether the head appeared (RULES §3, 法释〔2020〕3号)."""
    case, before_status, before = _transition(case, "add_session", actor, version)
    if held_on < case.served_on:
        raise ValidationError({"date": "开庭日期不能早于收到起诉状副本日期"})
    session = CourtSession(
        case=case,
        held_on=held_on,
        head_appeared=head_appeared,
        head_name=head_name.strip(),
        head_post=head_post if head_appeared else "",
        absence_reason=absence_reason.strip(),
        substitute=substitute.strip(),
        notice_received_on=notice_received_on,
    )
    session.full_clean(exclude=["case"])
    session.save()
    case.status = Status.IN_TRIAL
    _finish(
        case,
        before_status,
        before,
        "add_session",
        held_on,
        actor,
        request,
        extra={
            "session": {
                "held_on": held_on.isoformat(),
                "head_appeared": head_appeared,
                "head_name": session.head_name,
                "head_post": session.head_post,
                "absence_reason": session.absence_reason,
            }
        },
    )
    return session


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


@transaction.atomic
def judge(
    *,
    actor: Any,
    case: LitigationCase,
    on: date,
    outcome: str,
    kind: str | None = None,
    served_on: date | None = None,
    document: UploadedFile | None = None,
    version: Any = None,
    request: Any = None,
) -> LitigationCase:
    """登记判决/裁定: the case is concluded (审结) on ``on`` with ``outcome``; is_loss follows from it."""
    case, before_status, before = _transition(case, "judge", actor, version)
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = f"裁判结果「{outcome}」无效"
    derived = judgment_kind_for(outcome) if outcome in Outcome.values else None
    if kind and kind not in JudgmentKind.values:
        errors["kind"] = f"裁判文书类型「{kind}」无效，应为判决或裁定"
    elif kind and derived and kind != derived:
        errors["kind"] = (
            f"裁判结果「{Outcome(outcome).label}」应以{JudgmentKind(derived).label}作出，与所选文书类型"
            f"「{JudgmentKind(kind).label}」不符（行政诉讼法第85条：判决上诉期15日，裁定10日）"
        )
    kind = derived or kind or JudgmentKind.JUDGMENT
    if on < case.served_on:
        errors["date"] = "裁判日期不能早于收到起诉状副本日期"
    last = case.sessions.order_by("-held_on").values_list("held_on", flat=True).first()
    if last and on < last:
        errors["date"] = "裁判日期不能早于最后一次开庭日期"
    if served_on and served_on < on:
        errors["served_on"] = "裁判文书送达日期不能早于裁判日期"
    if errors:
        raise ValidationError(errors)
    if document is not None:
        ext = check_document(document)
        case.judgment_document.save(f"{uuid.uuid4().hex}{ext}", document, save=False)
    case.outcome, case.judgment_kind, case.concluded_on = outcome, kind, on
    # RULES §3: the appeal period runs from service; no service date → 待送达 (never the judgment date).
    case.judgment_served_on = served_on
    # Withdrawal and mediation end the case with nothing to appeal.
    if outcome in (Outcome.WITHDRAWN, Outcome.MEDIATED):
        case.status, case.appeal_filed, case.appeal_decided_on = Status.FINAL, False, on
    else:
        case.status = Status.JUDGED
    return _finish(
        case, before_status, before, "judge", on, actor, request, extra={"is_loss": is_loss_outcome(outcome)}
    )


@transaction.atomic
def serve_judgment(
    *, actor: Any, case: LitigationCase, on: date, version: Any = None, request: Any = None
) -> LitigationCase:
    """登记裁判文书送达: the appeal period (行政诉讼法 Art 85) starts the next day (RULES §3)."""
    case, before_status, before = _transition(case, "serve_judgment", actor, version)
    if case.judgment_served_on:
        raise ValidationError({"date": "裁判文书送达日期已登记，不能重复登记"})
    if case.concluded_on and on < case.concluded_on:
        raise ValidationError({"date": "裁判文书送达日期不能早于裁判日期"})
    case.judgment_served_on = on
    return _finish(case, before_status, before, "serve_judgment", on, actor, request)


@transaction.atomic
def appeal(
    *,
    actor: Any,
    case: LitigationCase,
    on: date,
    filed: bool = True,
    version: Any = None,
    request: Any = None,
) -> LitigationCase:
    """上诉决定: appealed (a second-instance record follows) or not (the judgment is final)."""
    case, before_status, before = _transition(case, "appeal", actor, version)
    if case.concluded_on and on < case.concluded_on:
        raise ValidationError({"date": "上诉决定日期不能早于裁判日期"})
    case.appeal_filed, case.appeal_decided_on = filed, on
    case.status = Status.APPEALED if filed else Status.FINAL
    return _finish(case, before_status, before, "appeal", on, actor, request)


@transaction.atomic
def open_accountability(
    *, actor: Any, case: LitigationCase, on: date, version: Any = None, request: Any = None
) -> LossAccountability:
    """Open the 败诉责任调查 of a lost case (国办发〔2016〕54号); one per case."""
    _ensure(actor, case.org)
    case = _locked(case)
    existing = LossAccountability.objects.select_related("created_by").filter(case=case).first()
    if existing is not None:
        # Someone else opened it first: a conflict naming them, not a generic refusal.
        who = existing.created_by or "他人"
        raise ConflictError(f"该案件已由{who}于{cn_date(existing.created_at)}启动败诉责任调查，本次未保存")
    check_version(case, version)
    if not case.is_loss:
        raise ValidationError("该案件不是败诉案件，无需启动败诉责任调查")
    if case.concluded_on and on < case.concluded_on:
        raise ValidationError({"date": "启动调查日期不能早于裁判日期"})
    acc = LossAccountability.objects.create(
        case=case, org=case.org, opened_on=on, created_by=actor, updated_by=actor
    )
    record(
        "litigation.open_accountability",
        actor=actor,
        obj=case,
        request=request,
        changes={"accountability": {"opened_on": on.isoformat()}},
    )
    return acc


@transaction.atomic
def close_accountability(
    *,
    actor: Any,
    accountability: LossAccountability,
    on: date,
    conclusion: str,
    responsible_persons: str = "",
    request: Any = None,
) -> LossAccountability:
    _ensure(actor, accountability.org)
    acc = LossAccountability.objects.select_for_update().get(pk=accountability.pk)
    if acc.closed_on:
        raise ValidationError("该败诉责任调查已结束")
    if on < acc.opened_on:
        raise ValidationError({"date": "调查结束日期不能早于启动日期"})
    if not conclusion.strip():
        raise ValidationError({"conclusion": "请填写调查结论"})
    before = snapshot(acc)
    acc.closed_on, acc.conclusion, acc.responsible_persons = (
        on,
        conclusion.strip(),
        responsible_persons.strip(),
    )
    bump_version(acc, actor)
    acc.save()
    record(
        "litigation.close_accountability",
        actor=actor,
        obj=acc.case,
        request=request,
        changes={"accountability": diff(before, snapshot(acc))},
    )
    return acc


@transaction.atomic
def link_reconsideration(
    *, actor: Any, case: LitigationCase, recon: Any, request: Any = None
) -> LitigationCase:
    """关联行政复议案件 (复议后起诉): counted by reconsideration.sued_after."""
    _ensure(actor, case.org)
    case = _locked(case)
    before = _snap(case)
    case.related_reconsideration = check_reconsideration(actor, recon)
    bump_version(case, actor)
    case.save()
    record(
        "litigation.link_reconsideration",
        actor=actor,
        obj=case,
        request=request,
        changes=diff(before, _snap(case)),
    )
    return case


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
