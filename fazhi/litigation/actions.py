"""The transitions of 行政应诉, declared once: page form, API input, guard and body (``core.actions`` runs them).

Every body validates first and changes nothing when it refuses (Chinese ValidationError); the runner
locks the case, checks scope and version, and writes the history row and the audit event.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from rest_framework import serializers

from fazhi.audit.services import diff, snapshot
from fazhi.core.api import entered_date, version_field
from fazhi.core.assignment import assign_transition
from fazhi.core.casework import edit_transition, reopen_transition, void_transition
from fazhi.core.dates import cn_date
from fazhi.core.services import ConflictError, bump_version
from fazhi.core.workflow import Transition, Workflow

from . import forms
from .edits import EDITABLE
from .models import (
    CourtSession,
    HeadPost,
    JudgmentKind,
    LitigationCase,
    LossAccountability,
    Outcome,
    Status,
    StatusChange,
    is_loss_outcome,
    judgment_kind_for,
)


class LitigationDateSerializer(serializers.Serializer):
    """Every action: the date it happened and the ``version`` the caller read (9.3)."""

    date = serializers.DateField(validators=[entered_date])
    version = version_field()


class LitigationSessionSerializer(LitigationDateSerializer):
    date = serializers.DateField()  # a session may be scheduled ahead; the model's range check applies
    head_appeared = serializers.BooleanField()
    head_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    head_post = serializers.ChoiceField(
        choices=HeadPost.choices, required=False, allow_blank=True, default=""
    )
    absence_reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    substitute = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    notice_received_on = serializers.DateField(required=False, allow_null=True, default=None)


class LitigationJudgeSerializer(LitigationDateSerializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    kind = serializers.ChoiceField(
        choices=JudgmentKind.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="可省略：按裁判结果确定（驳回起诉、不予立案、准许撤诉为裁定），与结果矛盾时 400",
    )
    served_on = serializers.DateField(required=False, allow_null=True, default=None)


class LitigationAppealSerializer(LitigationDateSerializer):
    filed = serializers.BooleanField(default=True)


class LitigationCloseAccountabilitySerializer(LitigationDateSerializer):
    conclusion = serializers.CharField(max_length=5000)
    responsible_persons = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


def case_snapshot(case: LitigationCase) -> dict[str, Any]:
    data = snapshot(case)
    data["judgment_document"] = case.judgment_document.name or ""
    return data


def history(
    case: LitigationCase, before: str, action: str, on: date | None, actor: Any, note: str = ""
) -> None:
    StatusChange.objects.create(
        case=case,
        from_status=before,
        to_status=case.status,
        action=action,
        on=on,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _record_answer(case: LitigationCase, data: dict[str, Any], ctx: Any) -> None:
    """答辩举证 (行政诉讼法 Art 67)."""
    if data["date"] < case.served_on:
        raise ValidationError({"date": "答辩举证日期不能早于收到起诉状副本日期"})
    case.answer_filed_on = data["date"]


def _add_session(case: LitigationCase, data: dict[str, Any], ctx: Any) -> None:
    """登记开庭 and whether the head appeared (RULES §3, 法释〔2020〕3号)."""
    held_on: date = data["date"]
    if held_on < case.served_on:
        raise ValidationError({"date": "开庭日期不能早于收到起诉状副本日期"})
    appeared = bool(data.get("head_appeared"))
    session = CourtSession(
        case=case,
        held_on=held_on,
        head_appeared=appeared,
        head_name=(data.get("head_name") or "").strip(),
        head_post=(data.get("head_post") or "") if appeared else "",
        absence_reason=(data.get("absence_reason") or "").strip(),
        substitute=(data.get("substitute") or "").strip(),
        notice_received_on=data.get("notice_received_on"),
    )
    session.full_clean(exclude=["case"])
    session.save()
    ctx.result = session
    ctx.extra["session"] = {
        "held_on": held_on.isoformat(),
        "head_appeared": appeared,
        "head_name": session.head_name,
        "head_post": session.head_post,
        "absence_reason": session.absence_reason,
    }


def _judge(case: LitigationCase, data: dict[str, Any], ctx: Any) -> None:
    """登记判决/裁定: concluded (审结) on the date with the outcome; 判决/裁定 and is_loss follow from it."""
    on: date = data["date"]
    outcome: str = data.get("outcome") or ""
    kind: str | None = data.get("kind") or None
    served_on: date | None = data.get("served_on")
    document = data.get("document")
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
        from .services import check_document

        ext = check_document(document)
        case.judgment_document.save(f"{uuid.uuid4().hex}{ext}", document, save=False)
    case.outcome, case.judgment_kind, case.concluded_on = outcome, kind, on
    # RULES §3: the appeal period runs from service; no service date → 待送达 (never the judgment date).
    case.judgment_served_on = served_on
    # Withdrawal and mediation end the case with nothing to appeal.
    if outcome in (Outcome.WITHDRAWN, Outcome.MEDIATED):
        case.status, case.appeal_filed, case.appeal_decided_on = Status.FINAL, False, on
    ctx.extra["is_loss"] = is_loss_outcome(outcome)


def _not_served(case: LitigationCase) -> str:
    return "裁判文书送达日期已登记，不能重复登记" if case.judgment_served_on else ""


def _serve_judgment(case: LitigationCase, data: dict[str, Any], ctx: Any) -> None:
    """登记裁判文书送达: the appeal period (行政诉讼法 Art 85) starts the next day (RULES §3)."""
    if case.concluded_on and data["date"] < case.concluded_on:
        raise ValidationError({"date": "裁判文书送达日期不能早于裁判日期"})
    case.judgment_served_on = data["date"]


def _appeal(case: LitigationCase, data: dict[str, Any], ctx: Any) -> None:
    """上诉决定: appealed (a second-instance record follows) or not (the judgment is final)."""
    if case.concluded_on and data["date"] < case.concluded_on:
        raise ValidationError({"date": "上诉决定日期不能早于裁判日期"})
    filed = data.get("filed", True)
    filed = filed == "1" if isinstance(filed, str) else bool(filed)
    case.appeal_filed, case.appeal_decided_on = filed, data["date"]
    case.status = Status.APPEALED if filed else Status.FINAL


def _accountability(case: LitigationCase) -> LossAccountability | None:
    try:
        return case.accountability  # cached on the case: the page asks every guard once
    except LossAccountability.DoesNotExist:
        return None


def _may_open_accountability(case: LitigationCase) -> str:
    existing = _accountability(case)
    if existing is not None:
        # Someone else opened it first: a conflict naming them, not a generic refusal.
        who = existing.created_by or "他人"
        raise ConflictError(f"该案件已由{who}于{cn_date(existing.created_at)}启动败诉责任调查，本次未保存")
    return "" if case.is_loss else "该案件不是败诉案件，无需启动败诉责任调查"


def _open_accountability(case: LitigationCase, data: dict[str, Any], ctx: Any) -> None:
    """Open the 败诉责任调查 of a lost case (国办发〔2016〕54号); one per case."""
    on: date = data["date"]
    if case.concluded_on and on < case.concluded_on:
        raise ValidationError({"date": "启动调查日期不能早于裁判日期"})
    actor = ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None
    ctx.result = LossAccountability.objects.create(
        case=case, org=case.org, opened_on=on, created_by=actor, updated_by=actor
    )
    ctx.extra["accountability"] = {"opened_on": on.isoformat()}


def _may_close_accountability(case: LitigationCase) -> str:
    acc = _accountability(case)
    if acc is None:
        return "该案件尚未启动败诉责任调查"
    return "该败诉责任调查已结束" if acc.closed_on else ""


def _close_accountability(case: LitigationCase, data: dict[str, Any], ctx: Any) -> None:
    acc = LossAccountability.objects.select_for_update().get(case=case)
    on: date = data["date"]
    conclusion = (data.get("conclusion") or "").strip()
    if on < acc.opened_on:
        raise ValidationError({"date": "调查结束日期不能早于启动日期"})
    if not conclusion:
        raise ValidationError({"conclusion": "请填写调查结论"})
    before = snapshot(acc)
    acc.closed_on, acc.conclusion = on, conclusion
    acc.responsible_persons = (data.get("responsible_persons") or "").strip()
    bump_version(acc, ctx.actor)
    acc.save()
    ctx.result = acc
    ctx.extra["accountability"] = diff(before, snapshot(acc))


# whether the case was lost decides, not its status; a voided case takes no step (issue 15 item 3)
_ANY = frozenset(Status.values) - {Status.VOIDED}

#: 撤回审结 needs the head's approval (core.casework.reopen_transition; casefiles.approvals).
APPROVAL_REOPEN = "撤回已登记的判决/裁定（录入错误），经负责人批准；法院的裁判不因此改变"


def _reopenable(case: LitigationCase) -> str:
    if _accountability(case) is not None:
        return "已启动败诉责任调查，不能撤回审结；请先核实调查记录"
    return ""


def _clear_judgment(case: LitigationCase) -> None:
    case.outcome, case.judgment_kind, case.concluded_on, case.judgment_served_on = "", "", None, None
    case.appeal_filed, case.appeal_decided_on = None, None


WORKFLOW = Workflow(
    dict(Status.choices),
    [
        Transition(
            "record_answer",
            "登记答辩举证",
            frozenset({Status.SERVED}),
            Status.ANSWERED,
            body=_record_answer,
            form=forms.AnswerForm,
            serializer=LitigationDateSerializer,
        ),
        Transition(
            "add_session",
            "登记开庭",
            frozenset({Status.ANSWERED, Status.IN_TRIAL}),
            Status.IN_TRIAL,
            body=_add_session,
            form=forms.SessionForm,
            serializer=LitigationSessionSerializer,
        ),
        Transition(
            "judge",
            "登记判决/裁定",
            frozenset({Status.SERVED, Status.ANSWERED, Status.IN_TRIAL}),
            Status.JUDGED,
            body=_judge,
            form=forms.JudgeForm,
            serializer=LitigationJudgeSerializer,
        ),
        Transition(
            "serve_judgment",
            "登记裁判文书送达",
            frozenset({Status.JUDGED}),
            None,
            body=_serve_judgment,
            guard=_not_served,
            form=forms.ServeJudgmentForm,
            serializer=LitigationDateSerializer,
        ),
        Transition(
            "appeal",
            "上诉决定",
            frozenset({Status.JUDGED}),
            None,
            body=_appeal,
            form=forms.AppealForm,
            serializer=LitigationAppealSerializer,
        ),
        Transition(
            "open_accountability",
            "启动败诉责任调查",
            _ANY,
            None,
            body=_open_accountability,
            guard=_may_open_accountability,
            form=forms.OpenAccountabilityForm,
            serializer=LitigationDateSerializer,
            style="danger",
        ),
        Transition(
            "close_accountability",
            "结束败诉责任调查",
            _ANY,
            None,
            body=_close_accountability,
            guard=_may_close_accountability,
            form=forms.CloseAccountabilityForm,
            serializer=LitigationCloseAccountabilitySerializer,
        ),
        # 作废 a wrongly registered case before the judgment (issue 15 item 3; core.casework)
        void_transition({Status.SERVED, Status.ANSWERED, Status.IN_TRIAL}),
        assign_transition(_ANY),  # 承办人/协办人 (issue 15 item 4; core.assignment)
        # 撤回审结 entered by mistake, with the head's approval (issue 15 item 3; core.casework)
        reopen_transition(
            {Status.JUDGED, Status.FINAL},
            concluding={"judge"},
            clear=_clear_judgment,
            approval=APPROVAL_REOPEN,
            guard=_reopenable,
        ),
    ],
    model=LitigationCase,
    prefix="litigation",
    history=history,
    snapshot=case_snapshot,
    select_related=("org", "court"),
    labels={
        "create": "登记案件",
        "import": "Excel 导入",
        "confirm_co_defendant": "司法局确认共同被告",
        "reject_co_defendant": "司法局不予确认共同被告",
    },
)


# --- edits that are not steps of the case (no status change, no button among the steps) ----------


def _link_reconsideration(case: LitigationCase, data: dict[str, Any], ctx: Any) -> None:
    """关联行政复议案件 (复议后起诉), counted by reconsideration.sued_after: only a case the actor may see."""
    from .services import check_reconsideration

    case.related_reconsideration = check_reconsideration(ctx.actor, data.get("reconsideration"))


EDITS = Workflow(
    dict(Status.choices),
    [
        Transition("link_reconsideration", "关联行政复议案件", _ANY, None, body=_link_reconsideration),
        edit_transition(_ANY, EDITABLE),  # 更正登记信息 (issue 15 item 3)
    ],
    model=LitigationCase,
    prefix="litigation",
    history=history,
    snapshot=case_snapshot,
    select_related=("org", "court"),
)
