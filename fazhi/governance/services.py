"""Writes of 法治建设综合: each create is ``core.actions.create_record`` (scope, the model's rules, audit, one
transaction); steps (整改完成, 指标确认) are the transitions of ``actions``, run by ``core.actions.run``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from fazhi.audit.services import record
from fazhi.core.actions import create_record
from fazhi.core.uploads import DOCUMENT_TYPES, check_uploaded_file
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import ensure_can_write, government_orgs

from . import actions
from . import models as m
from .models import Indicator, IndicatorItem, IndicatorValue

OFFICE_ONLY = "考核由司法局（法治政府建设领导小组办公室）组织，其他单位只能查看本单位得分"


def _checked_file(data: dict[str, Any], name: str, what: str) -> dict[str, Any]:
    """An uploaded document (履职文件, 佐证材料) through the one upload check (``core.uploads``): type by its
    first bytes, size, name; refused in Chinese under the field's name."""
    upload = data.get(name)
    if not upload:
        return {k: v for k, v in data.items() if k != name}
    try:
        check_uploaded_file(
            upload, types=DOCUMENT_TYPES, max_bytes=settings.FAZHI_ATTACHMENT_MAX_BYTES, what=what
        )
    except ValidationError as e:
        raise ValidationError({name: e.messages}) from None
    return data


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
    data = _checked_file({**data, "org": getattr(holder, "org", None)}, "document", "文件")
    return create_record(actions.DUTIES, data, actor=actor, request=request)


def create_adviser(*, actor: Any, data: dict[str, Any], request: Any = None) -> Any:
    return create_record(actions.ADVISERS, _own_unit(actor, data), actor=actor, request=request)


def create_consultation(*, actor: Any, data: dict[str, Any], request: Any = None) -> Any:
    """A consultation is kept in the unit that retains the adviser (its 顾而不问 counts there)."""
    data = {**data, "org": getattr(data.get("adviser"), "org", None)}
    return create_record(actions.CONSULTATIONS, data, actor=actor, request=request)


def create_value(*, actor: Any, data: dict[str, Any], request: Any = None) -> IndicatorValue:
    """填报 an indicator value; a list-type indicator may be given its items, whose count is the value."""
    data = _checked_file(_own_unit(actor, dict(data)), "evidence", "佐证材料")
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
    """整改任务 of a unit, on its own or from an inspection's finding (``finding``)."""
    return create_record(actions.WORKFLOW, data, actor=actor, request=request, on="")


def create_study(*, actor: Any, data: dict[str, Any], request: Any = None) -> Any:
    return create_record(actions.STUDY, _own_unit(actor, data), actor=actor, request=request)


def create_training(*, actor: Any, data: dict[str, Any], request: Any = None) -> Any:
    return create_record(actions.TRAININGS, _own_unit(actor, data), actor=actor, request=request)


def create_plan_item(*, actor: Any, data: dict[str, Any], request: Any = None) -> m.PlanItem:
    """A 工作要点 with its co-units: real units of the actor's government (a unit outside it is refused)."""
    data = _own_unit(actor, dict(data))
    co = list(data.pop("co_units", None) or [])
    if co and actor is not None:
        allowed = set(government_orgs(actor).filter(pk__in=[u.pk for u in co]).values_list("pk", flat=True))
        outside = [u.name for u in co if u.pk not in allowed]
        if outside:
            raise ValidationError({"co_units": f"协办单位不在本级政府范围内：{'、'.join(outside)}"})
    with transaction.atomic():
        item = create_record(actions.PLAN, data, actor=actor, request=request)
        if co:
            item.co_units.set(co)
            record(
                "governance.co_units",
                actor=actor,
                obj=item,
                request=request,
                changes={"co_units": [u.name for u in co]},
            )
    return item


def create_inspection(*, actor: Any, data: dict[str, Any], request: Any = None) -> m.Inspection:
    """督查 is the office's (the bureau's)."""
    if actor is not None and not actor.has_role("bureau"):
        raise PermissionDenied("督查由司法局（法治政府建设领导小组办公室）组织")
    return create_record(actions.INSPECTIONS, _own_unit(actor, data), actor=actor, request=request)


def _decimal(value: Any, label: str) -> Decimal:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"items": f"「{label}」的数值无效：{value}"}) from None


def _tree(assessment: m.Assessment, rows: list[dict[str, Any]]) -> list[m.AssessmentItem]:
    """The indicator tree, checked: weights of the first level add up to 100, a parent's weight is its
    children's sum, a leaf has a 满分."""
    out: list[m.AssessmentItem] = []
    total = Decimal(0)
    for i, row in enumerate(rows):
        title = str(row.get("title") or "").strip()
        if not title:
            raise ValidationError({"items": "指标名称不能为空"})
        weight = _decimal(row.get("weight"), title)
        children = row.get("children") or []
        if not children and row.get("max_score") in (None, ""):
            raise ValidationError({"items": f"末级指标「{title}」须有满分"})
        parent = m.AssessmentItem(
            assessment=assessment,
            title=title,
            weight=weight,
            max_score=_decimal(row.get("max_score") or weight, title),
            order=i * 100,
        )
        out.append(parent)
        total += weight
        sub = Decimal(0)
        for j, c in enumerate(children):
            ct = str(c.get("title") or "").strip()
            if not ct or c.get("max_score") in (None, ""):
                raise ValidationError({"items": f"「{title}」下的二级指标须有名称和满分"})
            w = _decimal(c.get("weight"), ct)
            sub += w
            out.append(
                m.AssessmentItem(
                    assessment=assessment,
                    parent=parent,
                    title=ct,
                    weight=w,
                    max_score=_decimal(c.get("max_score"), ct),
                    order=i * 100 + j + 1,
                )
            )
        if children and sub != weight:
            raise ValidationError({"items": f"「{title}」的权重{weight}与其二级指标权重之和{sub}不一致"})
    if total != 100:
        raise ValidationError({"items": f"一级指标权重之和应为100，现为{total}"})
    return out


def create_assessment(*, actor: Any, data: dict[str, Any], request: Any = None) -> m.Assessment:
    """考核 with its indicator tree (``items``: [{title, weight, max_score?, children: […]}]); the bureau's."""
    if actor is not None and not actor.has_role("bureau"):
        raise PermissionDenied(OFFICE_ONLY)
    data = _own_unit(actor, dict(data))
    rows = data.pop("items", None) or []
    with transaction.atomic():
        a = create_record(actions.ASSESSMENTS, data, actor=actor, request=request)
        items = _tree(a, rows)
        for it in items:  # parents first: a child's parent has its id when the child is saved
            if it.parent is not None:
                it.parent_id = it.parent.pk
            it.full_clean()
            it.save()
        record(
            "governance.assessment_items",
            actor=actor,
            obj=a,
            request=request,
            changes={"items": [f"{it.title}（{it.weight}）" for it in items]},
        )
    return a


def enter_scores(
    assessment: m.Assessment,
    *,
    actor: Any,
    org: OrgUnit,
    scores: dict[int, Any],
    request: Any = None,
) -> list[m.AssessmentScore]:
    """录入得分 of one unit on the assessment's leaf items ({item id: score}); a score already entered is
    replaced. The bureau's only; the assessed unit must be of its government; each score within 0–满分.
    All or nothing, audited with the old and new scores."""
    if actor is not None:
        if not actor.has_role("bureau"):
            raise PermissionDenied(OFFICE_ONLY)
        ensure_can_write(actor, assessment.org)
        if not government_orgs(actor).filter(pk=org.pk).exists():
            raise ValidationError({"org": "被考核单位不在本级政府范围内"})
    leaves = {it.pk: it for it in assessment.items.filter(children__isnull=True).order_by("order", "id")}
    errors: list[str] = []
    rows: list[m.AssessmentScore] = []
    for item_id, raw in scores.items():
        item = leaves.get(int(item_id))
        if item is None:
            errors.append(f"指标{item_id}不是本次考核的末级指标")
            continue
        if raw in (None, ""):
            continue
        row = m.AssessmentScore(item=item, org=org, score=_decimal(raw, item.title))
        try:  # the row replaces the unit's earlier score: its uniqueness is the delete below
            row.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as e:
            errors += e.messages
        if row.score < 0:
            errors.append("得分不能为负数")
        rows.append(row)
    if errors:
        raise ValidationError({"scores": errors})
    if not rows:
        raise ValidationError({"scores": "请至少填写一项得分"})
    with transaction.atomic():
        old = dict(
            m.AssessmentScore.objects.select_for_update()
            .filter(item__in=[r.item for r in rows], org=org)
            .values_list("item__title", "score")
        )
        m.AssessmentScore.objects.filter(item__in=[r.item for r in rows], org=org).delete()
        m.AssessmentScore.objects.bulk_create(rows)
        record(
            "governance.scores",
            actor=actor,
            obj=assessment,
            request=request,
            changes={
                "org": org.name,
                "scores": {r.item.title: [str(old.get(r.item.title, "")), str(r.score)] for r in rows},
            },
        )
    return rows


def create_exam(*, actor: Any, data: dict[str, Any], request: Any = None) -> Any:
    return create_record(actions.EXAMS, _own_unit(actor, data), actor=actor, request=request)
