"""The steps of 行政执法监督, declared once (``core.actions`` runs them): 案卷评查 ``conclude`` (the bureau's)
and ``rectify``, 执法投诉 ``handle``, 监督文书 ``reply``. A body's clerk runs the last three on its own records
only (scope: the body's unit); the registers of versions of the no-penalty list and of recorders have no
steps (their ``create`` is audited by the runner)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from rest_framework import serializers

from fazhi.core.api import entered_date, version_field
from fazhi.core.parts import write_history
from fazhi.core.workflow import Transition, Workflow

from .actions import BUREAU_ONLY
from .forms import ConcludeForm, HandleForm, RectifyForm, ReplyForm
from .models import NoPenaltyItem, NoPenaltyList, Recorder
from .supervision import (
    CaseReview,
    CaseReviewStatus,
    Complaint,
    ComplaintStatus,
    NoticeStatus,
    SupervisionNotice,
)


class CaseReviewConcludeSerializer(serializers.Serializer):
    date = serializers.DateField(validators=[entered_date])
    score = serializers.IntegerField(min_value=0, max_value=100)
    problems_found = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    rectify_due = serializers.DateField(required=False, allow_null=True, default=None)
    version = version_field()


class CaseReviewRectifySerializer(serializers.Serializer):
    date = serializers.DateField(validators=[entered_date])
    rectification = serializers.CharField(max_length=5000)
    version = version_field()


class ComplaintHandleSerializer(serializers.Serializer):
    date = serializers.DateField(validators=[entered_date])
    result = serializers.CharField(max_length=5000)
    version = version_field()


class NoticeReplySerializer(serializers.Serializer):
    date = serializers.DateField(validators=[entered_date])
    reply = serializers.CharField(max_length=5000)
    version = version_field()


def _conclude(r: CaseReview, data: dict[str, Any], ctx: Any) -> None:
    """评查结论: the score and problems; with a rectification due date the body has to rectify."""
    r.reviewed_on, r.score = data["date"], data["score"]
    r.problems_found = (data.get("problems_found") or "").strip()
    r.rectify_due = data.get("rectify_due")
    if r.rectify_due is not None and not r.problems_found:
        raise ValidationError({"problems_found": "责令整改的须写明发现的问题"})
    r.status = CaseReviewStatus.RECTIFYING if r.rectify_due else CaseReviewStatus.CLOSED


def _rectify(r: CaseReview, data: dict[str, Any], ctx: Any) -> None:
    r.rectified_on, r.rectification = data["date"], (data.get("rectification") or "").strip()


def _handle(c: Complaint, data: dict[str, Any], ctx: Any) -> None:
    c.handled_on, c.result = data["date"], (data.get("result") or "").strip()
    ctx.extra["handled_on_time"] = c.handled_on_time


def _reply(n: SupervisionNotice, data: dict[str, Any], ctx: Any) -> None:
    n.replied_on, n.reply = data["date"], (data.get("reply") or "").strip()
    ctx.extra["replied_on_time"] = n.replied_on_time


REVIEW_WORKFLOW = Workflow(
    dict(CaseReviewStatus.choices),
    [
        Transition(
            "conclude",
            "评查结论",
            frozenset({CaseReviewStatus.REVIEWING}),
            None,
            body=_conclude,
            form=ConcludeForm,
            serializer=CaseReviewConcludeSerializer,
            permission=BUREAU_ONLY,
        ),
        Transition(
            "rectify",
            "登记整改完成",
            frozenset({CaseReviewStatus.RECTIFYING}),
            CaseReviewStatus.CLOSED,
            body=_rectify,
            form=RectifyForm,
            serializer=CaseReviewRectifySerializer,
        ),
    ],
    model=CaseReview,
    prefix="enforcement_case_review",
    history=write_history,
    select_related=("org", "body"),
    labels={"create": "登记案卷评查"},
)

COMPLAINT_WORKFLOW = Workflow(
    dict(ComplaintStatus.choices),
    [
        Transition(
            "handle",
            "办结",
            frozenset({ComplaintStatus.RECEIVED}),
            ComplaintStatus.HANDLED,
            body=_handle,
            form=HandleForm,
            serializer=ComplaintHandleSerializer,
        )
    ],
    model=Complaint,
    prefix="enforcement_complaint",
    history=write_history,
    select_related=("org", "body"),
    labels={"create": "登记执法投诉"},
)

NOTICE_WORKFLOW = Workflow(
    dict(NoticeStatus.choices),
    [
        Transition(
            "reply",
            "登记书面回复",
            frozenset({NoticeStatus.ISSUED}),
            NoticeStatus.REPLIED,
            body=_reply,
            form=ReplyForm,
            serializer=NoticeReplySerializer,
        )
    ],
    model=SupervisionNotice,
    prefix="enforcement_notice",
    history=write_history,
    select_related=("org", "body"),
    labels={"create": "制发监督文书"},
)

# Registers without steps: the runner's ``create`` (scope, ``full_clean``, audit).
NO_PENALTY_LIST_TABLE = Workflow(
    {}, [], model=NoPenaltyList, prefix="enforcement_no_penalty_list", labels={"create": "发布清单版本"}
)
NO_PENALTY_TABLE = Workflow(
    {},
    [],
    model=NoPenaltyItem,
    prefix="enforcement_no_penalty",
    labels={"create": "登记清单事项", "import": "Excel 导入"},
)
RECORDER_TABLE = Workflow(
    {},
    [],
    model=Recorder,
    prefix="enforcement_recorder",
    labels={"create": "登记执法记录仪", "import": "Excel 导入"},
)
