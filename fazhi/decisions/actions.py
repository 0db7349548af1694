"""The transitions of 重大行政决策 and of the 合法性审查 queue, declared once (``core.actions`` runs them).

``WORKFLOW`` (the decision): ``record_step`` records one statutory step (RULES §4) and moves the
decision on; the hard gate (Art 26) refuses the collective discussion unless the decision's latest
legality review concluded 合法, or 修改后合法 with the amendment confirmed by the sponsor.
``REVIEW_WORKFLOW`` (the review desk): material waits, the opinion, the sponsor's confirmation.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import serializers

from fazhi.audit.services import snapshot
from fazhi.core import links
from fazhi.core.api import entered_date, version_field
from fazhi.core.uploads import DOCUMENT_TYPES, check_uploaded_file
from fazhi.core.workflow import Transition, Workflow
from fazhi.orgs.models import Role
from fazhi.orgs.scope import ensure_can_write
from fazhi.workdays import calendar

from . import rules
from .forms import ConcludeForm, ConfirmForm, DateNoteForm, RecordStepForm
from .models import (
    BEFORE_DISCUSSION,
    OPTIONAL_STEPS,
    RECORDED_STEPS,
    DecisionStatus,
    DecisionStatusChange,
    DecisionStep,
    LegalityReview,
    MajorDecision,
    MaterialWait,
    MeetingResult,
    Opinion,
    ReviewStatus,
    ReviewStatusChange,
    RiskLevel,
    Step,
    SubjectKind,
)

# --- API input ---------------------------------------------------------------------------------------


class RecordStepSerializer(serializers.Serializer):
    version = version_field()
    step = serializers.ChoiceField(choices=[(s.value, s.label) for s in RECORDED_STEPS])
    date = serializers.DateField(validators=[entered_date])
    not_applicable = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    started_on = serializers.DateField(required=False, allow_null=True, default=None)
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    comments_received = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    comments_adopted = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    experts = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    risk_level = serializers.ChoiceField(
        choices=RiskLevel.choices, required=False, allow_blank=True, default=""
    )
    conclusion = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    meeting = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    result = serializers.ChoiceField(
        choices=MeetingResult.choices, required=False, allow_blank=True, default=""
    )
    channel = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class DateNoteSerializer(serializers.Serializer):
    version = version_field()
    date = serializers.DateField(validators=[entered_date])
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ConcludeSerializer(serializers.Serializer):
    version = version_field()
    date = serializers.DateField(validators=[entered_date])
    opinion = serializers.ChoiceField(choices=Opinion.choices)
    reasons = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    legal_basis = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    # multipart only (JSON without it still concludes); checked as the page's upload by ``_attach_opinion``
    opinion_document = serializers.FileField(
        required=False,
        allow_null=True,
        default=None,
        help_text="审查意见书（PDF/DOCX，multipart/form-data 上传，可不传）",
    )


class ConfirmSerializer(serializers.Serializer):
    version = version_field()
    date = serializers.DateField(validators=[entered_date])


# --- the decision --------------------------------------------------------------------------------------


def decision_history(
    d: MajorDecision, before: str, action: str, on: date | None, actor: Any, note: str = ""
) -> None:
    DecisionStatusChange.objects.create(
        decision=d,
        from_status=before,
        to_status=d.status,
        action=action,
        on=on,
        note=note,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def latest_review(d: MajorDecision) -> LegalityReview | None:
    """The decision's legality review: the latest one sent for it (a revised draft is reviewed again)."""
    return (
        LegalityReview.objects.filter(subject_kind=SubjectKind.DECISION, subject_id=d.pk)
        .order_by("-received_on", "-id")
        .first()
    )


def gate_refusal(d: MajorDecision) -> str:
    """Why the decision may not go to collective discussion (RULES §4, 国务院令第713号 Art 26); "" if it may."""
    review = latest_review(d)
    basis = rules.GATE_BASIS
    if review is None:
        return f"决策草案未经合法性审查，不得提交集体讨论（{basis}）"
    if review.status != ReviewStatus.CONCLUDED:
        return f"合法性审查（{review.number}）尚未出具意见，不得提交集体讨论（{basis}）"
    if review.opinion == Opinion.UNLAWFUL:
        return f"合法性审查意见为不合法（{review.number}），不得提交集体讨论（{basis}）"
    if review.opinion == Opinion.LAWFUL_IF_AMENDED and review.amendment_confirmed_on is None:
        return f"合法性审查意见为修改后合法（{review.number}），承办单位确认修改前不得提交集体讨论（{basis}）"
    return ""


def _text(data: dict[str, Any], name: str) -> str:
    return (data.get(name) or "").strip()


def _require(data: dict[str, Any], names: dict[str, str]) -> None:
    errors = {n: f"请填写{label}" for n, label in names.items() if data.get(n) in (None, "")}
    if errors:
        raise ValidationError(errors)


def _steps_done(d: MajorDecision) -> set[str]:
    return set(d.steps.values_list("step", flat=True))


def _record_step(d: MajorDecision, data: dict[str, Any], ctx: Any) -> None:
    step, on = data["step"], data["date"]
    label = Step(step).label
    open_statuses = {DecisionStatus.DRAFTING, DecisionStatus.POSTPONED}
    row = DecisionStep(
        decision=d,
        step=step,
        on=on,
        applicable=not data.get("not_applicable"),
        reason=_text(data, "reason"),
        summary=_text(data, "summary"),
        actor=ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None,
    )
    if not row.applicable:
        if step not in OPTIONAL_STEPS:
            raise ValidationError({"not_applicable": f"「{label}」是法定必经程序，不能标为不适用"})
        if not row.reason:
            raise ValidationError({"reason": f"「{label}」不适用的，须说明理由"})
    if step in BEFORE_DISCUSSION and d.status not in open_statuses:
        raise ValidationError({"step": f"决策已{d.get_status_display()}，不能再记录「{label}」"})
    if row.applicable and step == Step.PUBLIC_PARTICIPATION:
        _require(data, {"started_on": "征求意见开始日期", "ended_on": "征求意见结束日期"})
        row.started_on, row.ended_on = data["started_on"], data["ended_on"]
        row.comments_received, row.comments_adopted = (
            data.get("comments_received"),
            data.get("comments_adopted"),
        )
        if row.ended_on < row.started_on:
            raise ValidationError({"ended_on": "征求意见结束日期不能早于开始日期"})
        if (row.comments_adopted or 0) > (row.comments_received or 0):
            raise ValidationError({"comments_adopted": "采纳意见数不能多于收到意见数"})
        minimum = rules.CONSULTATION.for_record(d).days
        if row.consultation_days < minimum and not row.reason:  # type: ignore[operator]
            raise ValidationError(
                {
                    "reason": f"征求意见期限为{row.consultation_days}日，少于{minimum}日的须说明理由（{rules.CONSULTATION.basis}）"
                }
            )
    elif row.applicable and step == Step.EXPERT_REVIEW:
        _require(data, {"experts": "论证专家", "conclusion": "论证结论"})
        row.experts, row.conclusion = _text(data, "experts"), _text(data, "conclusion")
    elif row.applicable and step == Step.RISK_ASSESSMENT:
        _require(data, {"risk_level": "风险等级", "conclusion": "评估结论"})
        row.risk_level, row.conclusion = data["risk_level"], _text(data, "conclusion")
    elif step == Step.COLLECTIVE_DECISION:
        _collective(d, row, data)
    elif step == Step.PUBLICATION:
        if d.status != DecisionStatus.DECIDED:
            raise ValidationError({"step": "集体讨论决定同意后方可公布决策（国务院令第713号第三十三条）"})
        _require(data, {"channel": "公布渠道"})
        row.channel = _text(data, "channel")
        if d.decided_on and on < d.decided_on:
            raise ValidationError({"date": "公布日期不能早于决定日期"})
        d.status, d.published_on = DecisionStatus.PUBLISHED, on
    elif step == Step.POST_EVALUATION:
        if d.status != DecisionStatus.PUBLISHED:
            raise ValidationError({"step": "决策公布后方可进行后评估"})
        if row.applicable:
            _require(data, {"conclusion": "评估结论"})
            row.conclusion = _text(data, "conclusion")
    row.full_clean(exclude=["decision", "actor"])
    row.save()
    ctx.on, ctx.note = on, label + ("（不适用）" if not row.applicable else "")
    ctx.extra = {"step": step, "step_id": row.pk}


def _collective(d: MajorDecision, row: DecisionStep, data: dict[str, Any]) -> None:
    """集体讨论决定: the hard gate first (nothing is written when it refuses), then the meeting's result."""
    if d.status not in (DecisionStatus.DRAFTING, DecisionStatus.POSTPONED):
        raise ValidationError({"step": f"决策已{d.get_status_display()}，不能再提交集体讨论"})
    missing = [Step(s).label for s in BEFORE_DISCUSSION if s not in _steps_done(d)]
    if missing:
        raise ValidationError(
            {
                "step": f"集体讨论前须完成或注明不适用：{'、'.join(missing)}（国务院令第713号第十二条至第二十四条）"
            }
        )
    reason = gate_refusal(d)
    if reason:
        raise ValidationError({"step": reason}, code="gate")
    review = latest_review(d)
    if review is not None and review.concluded_on and row.on < review.concluded_on:
        raise ValidationError({"date": "集体讨论日期不能早于合法性审查出具意见日期"})
    _require(data, {"meeting": "会议名称", "result": "会议结果"})
    row.meeting, row.result = _text(data, "meeting"), data["result"]
    if row.result == MeetingResult.AGREE:
        d.status, d.decided_on = DecisionStatus.DECIDED, row.on
    elif row.result == MeetingResult.DISAGREE:
        d.status = DecisionStatus.REJECTED
    elif row.result == MeetingResult.POSTPONE:
        d.status = DecisionStatus.POSTPONED
    else:  # 修改 / 再次讨论: back to the drafting unit, discussed again later
        d.status = DecisionStatus.DRAFTING


WORKFLOW = Workflow(
    dict(DecisionStatus.choices),
    [
        Transition(
            "record_step",
            "记录程序步骤",
            frozenset(
                {
                    DecisionStatus.DRAFTING,
                    DecisionStatus.POSTPONED,
                    DecisionStatus.DECIDED,
                    DecisionStatus.PUBLISHED,
                }
            ),
            None,
            body=_record_step,
            form=RecordStepForm,
            serializer=RecordStepSerializer,
        )
    ],
    model=MajorDecision,
    prefix="decisions",
    history=decision_history,
    history_always=True,
    labels={"create": "登记重大行政决策"},
)


# --- the legality-review desk ------------------------------------------------------------------------


def review_desk(user: Any, review: Any) -> None:
    """Only the Justice Bureau's review staff act on the desk's side of a review (RULES §4)."""
    ensure_can_write(user, getattr(review, "org", None), record=review)
    if Role.BUREAU not in user.role_codes:
        raise PermissionDenied("只有司法局合法性审查人员可以办理审查")


def review_history(
    r: LegalityReview, before: str, action: str, on: date | None, actor: Any, note: str = ""
) -> None:
    ReviewStatusChange.objects.create(
        review=r,
        from_status=before,
        to_status=r.status,
        action=action,
        on=on,
        note=note,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _request_material(r: LegalityReview, data: dict[str, Any], ctx: Any) -> None:
    on = data["date"]
    if on < r.received_on:
        raise ValidationError({"date": "要求补充材料日期不能早于收到送审材料日期"})
    MaterialWait.objects.create(review=r, requested_on=on, note=_text(data, "note"))
    ctx.note = _text(data, "note")


def _material_received(r: LegalityReview, data: dict[str, Any], ctx: Any) -> None:
    on = data["date"]
    wait = r.material_waits.filter(received_on__isnull=True).order_by("-requested_on", "-id").first()
    if wait is None:
        raise ValidationError("没有待补充的材料")
    if on < wait.requested_on:
        raise ValidationError({"date": "收到补充材料日期不能早于要求补充日期"})
    try:
        r.waited_days += calendar.working_days_between(wait.requested_on, on)
    except calendar.CalendarMissing as e:
        raise ValidationError({"date": str(e.messages[0])}) from None
    wait.received_on = on
    wait.full_clean()
    wait.save()


#: The opinion document (审查意见书) is a signed DOCX or PDF, nothing else.
OPINION_TYPES = {ext: DOCUMENT_TYPES[ext] for ext in (".pdf", ".docx")}


def review_snapshot(r: LegalityReview) -> dict[str, Any]:
    """The audit's before/after of a review; the opinion document by its stored name (a FileField is not
    JSON)."""
    data = snapshot(r)
    data["opinion_document"] = r.opinion_document.name or ""
    return data


def _attach_opinion(r: LegalityReview, upload: Any) -> None:
    """The platform's one upload check (``core.uploads``: name, size, magic bytes) before anything is stored."""
    try:
        ext = check_uploaded_file(
            upload, types=OPINION_TYPES, max_bytes=settings.FAZHI_ATTACHMENT_MAX_BYTES, what="审查意见书"
        )
    except ValidationError as e:
        raise ValidationError({"opinion_document": e.messages}) from None
    r.opinion_document.save(f"{uuid.uuid4().hex}{ext}", upload, save=False)


def _conclude(r: LegalityReview, data: dict[str, Any], ctx: Any) -> None:
    on = data["date"]
    if on < r.received_on:
        raise ValidationError({"date": "出具意见日期不能早于收到送审材料日期"})
    r.concluded_on, r.opinion = on, data["opinion"]
    r.reasons, r.legal_basis = _text(data, "reasons"), _text(data, "legal_basis")
    if r.opinion != Opinion.LAWFUL and not r.reasons:
        raise ValidationError({"reasons": "审查意见为修改后合法或不合法的，须写明理由"})
    if r.reviewer_id is None and getattr(ctx.actor, "is_authenticated", False):
        r.reviewer = ctx.actor
    if data.get("opinion_document") is not None:
        _attach_opinion(r, data["opinion_document"])
    ctx.note = Opinion(r.opinion).label


def _confirm_guard(r: LegalityReview) -> str:
    if r.opinion != Opinion.LAWFUL_IF_AMENDED:
        return "只有修改后合法的审查意见需要确认修改"
    if r.amendment_confirmed_on is not None:
        return "承办单位已确认修改"
    return ""


def _confirm(r: LegalityReview, data: dict[str, Any], ctx: Any) -> None:
    on = data["date"]
    if r.concluded_on and on < r.concluded_on:
        raise ValidationError({"date": "确认修改日期不能早于出具意见日期"})
    r.amendment_confirmed_on = on


def _tell_subject(r: LegalityReview, step: str) -> None:
    """A step of a review changes whether its subject passed the gate (e.g. a major enforcement decision
    flagged 未经法制审核 until a review that passed before it is concluded): its module recomputes."""
    if r.subject_id is not None:
        links.notify_changed(r.link_kind, [r.subject_id])


REVIEW_WORKFLOW = Workflow(
    dict(ReviewStatus.choices),
    [
        Transition(
            "request_material",
            "要求补充材料",
            frozenset({ReviewStatus.REVIEWING}),
            ReviewStatus.WAITING,
            body=_request_material,
            form=DateNoteForm,
            serializer=DateNoteSerializer,
            permission=review_desk,
            style="secondary",
        ),
        Transition(
            "material_received",
            "收到补充材料",
            frozenset({ReviewStatus.WAITING}),
            ReviewStatus.REVIEWING,
            body=_material_received,
            form=DateNoteForm,
            serializer=DateNoteSerializer,
            permission=review_desk,
        ),
        Transition(
            "conclude",
            "出具审查意见",
            frozenset({ReviewStatus.REVIEWING}),
            ReviewStatus.CONCLUDED,
            body=_conclude,
            form=ConcludeForm,
            serializer=ConcludeSerializer,
            permission=review_desk,
        ),
        Transition(
            "confirm_amendment",
            "确认已按意见修改",
            frozenset({ReviewStatus.CONCLUDED}),
            ReviewStatus.CONCLUDED,
            body=_confirm,
            form=ConfirmForm,
            serializer=ConfirmSerializer,
            guard=_confirm_guard,
        ),
    ],
    model=LegalityReview,
    prefix="legality",
    history=review_history,
    snapshot=review_snapshot,
    history_always=True,
    labels={"create": "登记合法性审查"},
    after=_tell_subject,
)
