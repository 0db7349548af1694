"""The transition tables of 法治建设综合, declared once (``core.actions`` runs them): 整改 ``complete``
(``WORKFLOW``), the bureau's confirmation of an indicator value (``VALUE_WORKFLOW``), and the register
tables (records without status steps) whose ``create`` the runner audits."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from rest_framework import serializers

from fazhi.core import actions
from fazhi.core.api import MAX_ID, entered_date, version_field
from fazhi.core.parts import write_history
from fazhi.core.workflow import Transition, Workflow
from fazhi.orgs.models import OrgUnit

from . import models as m
from .forms import CloseForm, CompleteForm, ConfirmForm, FindingForm, ProgressForm


class RectificationCompleteSerializer(serializers.Serializer):
    date = serializers.DateField(validators=[entered_date])
    version = version_field()
    evidence = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ValueConfirmSerializer(serializers.Serializer):
    date = serializers.DateField(validators=[entered_date])
    version = version_field()


class ProgressSerializer(serializers.Serializer):
    date = serializers.DateField(validators=[entered_date])
    version = version_field()
    note = serializers.CharField(max_length=500)
    status = serializers.ChoiceField(choices=m.PlanStatus.choices)


class FindingSerializer(serializers.Serializer):
    version = version_field()
    # an id, looked up in the step within the actor's government (after the version check, so a stale
    # request is a 409 whatever the unit; a unit outside the government is refused like a missing one)
    org = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="被督查单位（ID）")
    text = serializers.CharField(max_length=300)
    due_on = serializers.DateField(help_text="整改期限")


class CloseSerializer(serializers.Serializer):
    date = serializers.DateField(validators=[entered_date])
    version = version_field()


def _progress(p: m.PlanItem, data: dict[str, Any], ctx: Any) -> None:
    """推进情况: a dated note and the status it leaves the item in (滞后 included)."""
    note = (data.get("note") or "").strip()
    if not note:
        raise ValidationError({"note": "请填写推进情况"})
    p.status = data["status"]
    actor = ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None
    row = m.PlanProgress(item=p, date=data["date"], note=note, status=p.status, author=actor)
    row.full_clean()
    row.save()
    ctx.note = note
    ctx.extra["progress"] = {"date": data["date"].isoformat(), "note": note}


def _finding(i: m.Inspection, data: dict[str, Any], ctx: Any) -> None:
    """A problem found in a unit: the finding and its 整改 task (the task's own create, audited), one
    transaction."""
    from fazhi.orgs.scope import government_orgs

    from .services import create_rectification

    text = (data.get("text") or "").strip()
    org = data.get("org")
    if org is None:
        raise ValidationError({"org": "请选择被督查单位"})
    if not isinstance(org, OrgUnit):
        actor = ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None
        units = government_orgs(actor) if actor is not None else OrgUnit.objects.all()
        org = units.filter(pk=org).first()
        if org is None:
            raise ValidationError({"org": "被督查单位不存在或不在本级政府范围内"})
    finding = m.Finding(inspection=i, org=org, text=text)
    finding.full_clean()
    finding.save()
    r = create_rectification(
        actor=ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None,
        data={"org": finding.org, "title": text, "due_on": data.get("due_on"), "finding": finding},
        request=ctx.request,
    )
    ctx.extra["finding"] = {"id": finding.pk, "org": finding.org_id, "rectification": r.pk}
    ctx.on = i.date


def _close(i: m.Inspection, data: dict[str, Any], ctx: Any) -> None:
    i.closed_on = data["date"]


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

PLAN = Workflow(
    dict(m.PlanStatus.choices),
    [
        Transition(
            "progress",
            "记录推进情况",
            frozenset(m.PlanStatus.values),
            None,
            body=_progress,
            form=ProgressForm,
            serializer=ProgressSerializer,
        )
    ],
    model=m.PlanItem,
    prefix="governance",
    labels={"create": "登记"},
)

_OFFICE = actions.role_permission({"bureau"}, "督查由司法局（法治政府建设领导小组办公室）组织")
INSPECTIONS = Workflow(
    dict(m.InspectionStatus.choices),
    [
        Transition(
            "finding",
            "登记发现问题",
            frozenset({m.InspectionStatus.OPEN}),
            None,
            body=_finding,
            form=FindingForm,
            serializer=FindingSerializer,
            permission=_OFFICE,
        ),
        Transition(
            "close",
            "办结",
            frozenset({m.InspectionStatus.OPEN}),
            m.InspectionStatus.CLOSED,
            body=_close,
            form=CloseForm,
            serializer=CloseSerializer,
            permission=_OFFICE,
            style="secondary",
        ),
    ],
    model=m.Inspection,
    prefix="governance",
    history=write_history,
    labels={"create": "登记"},
)

ASSESSMENTS = Workflow(
    {},
    [],
    model=m.Assessment,
    prefix="governance",
    labels={"assessment_items": "考核指标体系", "scores": "录入考核得分", "co_units": "协办单位"},
)
