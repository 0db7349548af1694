"""The transition tables of 法治建设综合, declared once (``core.actions`` runs them): 整改 ``complete``
(``WORKFLOW``), the bureau's confirmation of an indicator value (``VALUE_WORKFLOW``), and the register
tables (records without status steps) whose ``create`` the runner audits."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fazhi.core import actions
from fazhi.core.api import entered_date, version_field
from fazhi.core.parts import write_history
from fazhi.core.workflow import Transition, Workflow

from . import models as m
from .forms import CompleteForm, ConfirmForm


class RectificationCompleteSerializer(serializers.Serializer):
    date = serializers.DateField(validators=[entered_date])
    version = version_field()
    evidence = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ValueConfirmSerializer(serializers.Serializer):
    date = serializers.DateField(validators=[entered_date])
    version = version_field()


def _complete(r: m.Rectification, data: dict[str, Any], ctx: Any) -> None:
    r.completed_on = data["date"]
    r.evidence = (data.get("evidence") or r.evidence or "").strip()


def _confirm(v: m.IndicatorValue, data: dict[str, Any], ctx: Any) -> None:
    """确认: the bureau vouches for the value and its evidence; only confirmed values feed the figures."""
    v.confirmed_on = data["date"]
    v.confirmed_by = ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None


WORKFLOW = Workflow(
    dict(m.RectificationStatus.choices),
    [
        Transition(
            "complete",
            "整改完成",
            frozenset({m.RectificationStatus.OPEN}),
            m.RectificationStatus.DONE,
            body=_complete,
            form=CompleteForm,
            serializer=RectificationCompleteSerializer,
        )
    ],
    model=m.Rectification,
    prefix="governance",
    history=write_history,
    labels={"create": "登记", "import": "Excel 导入"},
)

VALUE_WORKFLOW = Workflow(
    dict(m.ValueStatus.choices),
    [
        Transition(
            "confirm",
            "确认指标值",
            frozenset({m.ValueStatus.ENTERED}),
            m.ValueStatus.CONFIRMED,
            body=_confirm,
            form=ConfirmForm,
            serializer=ValueConfirmSerializer,
            permission=actions.role_permission(
                {"bureau"}, "指标值由司法局（法治政府建设领导小组办公室）确认"
            ),
        )
    ],
    model=m.IndicatorValue,
    prefix="governance",
    history=write_history,
)


def register_table(model: type) -> Workflow:
    """A record kind without status steps: the runner's ``create`` (scope, ``full_clean``, audit)."""
    return Workflow({}, [], model=model, prefix="governance")


HOLDERS = register_table(m.OfficeHolder)
DUTIES = register_table(m.LeadershipDuty)
ADVISERS = register_table(m.LegalAdviser)
CONSULTATIONS = register_table(m.Consultation)
STUDY = register_table(m.StudySession)
TRAININGS = register_table(m.Training)
EXAMS = register_table(m.Exam)
PLAN = register_table(m.PlanItem)
