"""Writes of 法治建设综合: each create is ``core.actions.create_record`` (scope, the model's rules, audit, one
transaction); steps (整改完成, 指标确认) are the transitions of ``actions``, run by ``core.actions.run``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.actions import create_record

from . import actions
from .models import Indicator, IndicatorItem, IndicatorValue


def _own_unit(actor: Any, data: dict[str, Any]) -> dict[str, Any]:
    """A record without a unit in its input belongs to the actor's unit."""
    if data.get("org") is None and actor is not None:
        return {**data, "org": actor.org}
    return data


def create_holder(*, actor: Any, data: dict[str, Any], request: Any = None) -> Any:
    return create_record(actions.HOLDERS, _own_unit(actor, data), actor=actor, request=request)


def create_duty(*, actor: Any, data: dict[str, Any], request: Any = None) -> Any:
    """履职记录 of a first responsible person, kept in the holder's unit."""
    holder = data.get("person_post")
    data = {**data, "org": getattr(holder, "org", None)}
    return create_record(actions.DUTIES, data, actor=actor, request=request)


def create_adviser(*, actor: Any, data: dict[str, Any], request: Any = None) -> Any:
    return create_record(actions.ADVISERS, _own_unit(actor, data), actor=actor, request=request)


def create_consultation(*, actor: Any, data: dict[str, Any], request: Any = None) -> Any:
    """A consultation is kept in the unit that retains the adviser (its 顾而不问 counts there)."""
    data = {**data, "org": getattr(data.get("adviser"), "org", None)}
    return create_record(actions.CONSULTATIONS, data, actor=actor, request=request)


def create_value(*, actor: Any, data: dict[str, Any], request: Any = None) -> IndicatorValue:
    """填报 an indicator value; a list-type indicator may be given its items, whose count is the value."""
    data = _own_unit(actor, dict(data))
    items = [str(t).strip() for t in data.pop("items", None) or [] if str(t).strip()]
    indicator = data.get("indicator")
    if isinstance(indicator, str):
        indicator = data["indicator"] = Indicator.objects.filter(key=indicator).first()
        if indicator is None:
            raise ValidationError({"indicator": "没有这项指标"})
    if items:
        if indicator is not None and not indicator.is_list:
            raise ValidationError({"items": f"「{indicator}」不是清单型指标，请直接填写数值"})
        data["value"] = len(items)
    elif data.get("value") is None:
        raise ValidationError({"value": "请填写数值（清单型指标也可逐项填写清单事项）"})
    with transaction.atomic():
        value = create_record(actions.VALUE_WORKFLOW, data, actor=actor, request=request)
        IndicatorItem.objects.bulk_create([IndicatorItem(value=value, title=t[:200]) for t in items])
    return value


def create_rectification(*, actor: Any, data: dict[str, Any], request: Any = None) -> Any:
    return create_record(actions.WORKFLOW, data, actor=actor, request=request, on="")


def create_study(*, actor: Any, data: dict[str, Any], request: Any = None) -> Any:
    return create_record(actions.STUDY, _own_unit(actor, data), actor=actor, request=request)


def create_training(*, actor: Any, data: dict[str, Any], request: Any = None) -> Any:
    return create_record(actions.TRAININGS, _own_unit(actor, data), actor=actor, request=request)


def create_plan_item(*, actor: Any, data: dict[str, Any], request: Any = None) -> Any:
    return create_record(actions.PLAN, _own_unit(actor, data), actor=actor, request=request)


def create_exam(*, actor: Any, data: dict[str, Any], request: Any = None) -> Any:
    return create_record(actions.EXAMS, _own_unit(actor, data), actor=actor, request=request)
