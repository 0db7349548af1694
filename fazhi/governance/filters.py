"""The filter declarations of the 法治建设综合 lists: page forms, API parameters, exports and the figures'
drill-downs (``core.lists.ListFilterSet``)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F, Q, QuerySet

from fazhi.core.api import MAX_ID
from fazhi.core.dates import today
from fazhi.core.lists import ListFilterSet, ScopeFilter, Sort, UnitFilter, date_filter

from . import models as m
from .forms import UNITS
from .selectors import idle_q


def list_filters(
    model: type,
    sort: str,
    label: str,
    *,
    newest_first: bool = True,
    dates: tuple[str, str, str, str] | None = None,
    **declared: Any,
) -> type[ListFilterSet]:
    """The one shape of a 法治建设综合 list: the unit (picker) and the drill-downs' ``scope``, a sort on one
    field both ways, an optional date range ``dates = (field, prefix, from-label, to-label)`` giving
    ``<prefix>_from`` / ``<prefix>_to``, and the list's own filters (``declared``)."""
    attrs: dict[str, Any] = {
        "org": UnitFilter(label="单位", picker=UNITS, empty_label="全部"),
        "scope": ScopeFilter(),
        "SORTS": {
            f"-{sort}": Sort(f"{label}（新→旧）", sort, True),
            sort: Sort(f"{label}（旧→新）", sort, False),
        },
        "DEFAULT_SORT": f"-{sort}" if newest_first else sort,
        "Meta": type("Meta", (ListFilterSet.Meta,), {"model": model, "fields": []}),
    }
    if dates is not None:
        field, prefix, from_label, to_label = dates
        attrs[f"{prefix}_from"] = date_filter(field, "gte", from_label)
        attrs[f"{prefix}_to"] = date_filter(field, "lte", to_label)
    attrs.update(declared)
    return type(f"{model.__name__}FilterSet", (ListFilterSet,), attrs)


def _id(label: str, **kw: Any) -> django_filters.NumberFilter:
    """A hidden id filter (a drill-down's parent record); a larger id is an invalid filter, never a
    database overflow."""
    return django_filters.NumberFilter(
        label=label, widget=django_filters.widgets.forms.HiddenInput, min_value=1, max_value=MAX_ID, **kw
    )


def _year() -> django_filters.NumberFilter:
    return django_filters.NumberFilter(label="年度", min_value=2000, max_value=2100)


def _choice(label: str, choices: Any, **kw: Any) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(label=label, choices=choices, empty_label="全部", **kw)


DutyFilterSet = list_filters(
    m.LeadershipDuty,
    "date",
    "日期",
    dates=("date", "date", "日期自", "日期至"),
    kind=_choice("类别", m.DutyKind.choices),
    post=_choice("岗位", m.Post.choices, field_name="person_post__post"),
    person_post=_id("责任人"),
)
HolderFilterSet = list_filters(m.OfficeHolder, "term_from", "任职起", post=_choice("岗位", m.Post.choices))


def _idle(qs: QuerySet, name: str, value: Any) -> QuerySet:
    return qs.filter(idle_q(value)) if value else qs


def _in_force(qs: QuerySet, name: str, value: Any) -> QuerySet:
    return qs.filter(contract_from__lte=value, contract_until__gte=value) if value else qs


AdviserFilterSet = list_filters(
    m.LegalAdviser,
    "contract_until",
    "聘期止",
    q=django_filters.CharFilter(label="顾问名称", field_name="name", lookup_expr="startswith", max_length=60),
    idle_on=django_filters.DateFilter(label="顾而不问（截至日）", method=_idle),
    in_force_on=django_filters.DateFilter(label="聘期内（日）", method=_in_force),
)
ConsultationFilterSet = list_filters(
    m.Consultation,
    "date",
    "咨询日期",
    dates=("date", "date", "咨询自", "咨询至"),
    matter_kind=_choice("事项类别", m.MatterKind.choices),
    adviser=_id("顾问"),
)
ValueFilterSet = list_filters(
    m.IndicatorValue,
    "year",
    "年度",
    year=_year(),
    indicator=django_filters.CharFilter(label="指标代码", field_name="indicator__key", max_length=60),
    status=_choice("状态", m.ValueStatus.choices),
)


def _overdue(qs: QuerySet, name: str, value: Any) -> QuerySet:
    if value not in ("0", "1"):
        return qs
    late = {"status": m.RectificationStatus.OPEN, "due_on__lt": today()}
    return qs.filter(**late) if value == "1" else qs.exclude(**late)


def _on_time(qs: QuerySet, name: str, value: Any) -> QuerySet:
    if value not in ("0", "1"):
        return qs
    done = Q(completed_on__lte=F("due_on"))
    return qs.filter(done) if value == "1" else qs.exclude(done)


RectificationFilterSet = list_filters(
    m.Rectification,
    "due_on",
    "整改期限",
    newest_first=False,
    dates=("due_on", "due", "期限自", "期限至"),
    status=_choice("状态", m.RectificationStatus.choices),
    overdue=_choice("是否逾期", [("1", "已逾期"), ("0", "未逾期")], method=_overdue),
    on_time=_choice("按期完成", [("1", "按期完成"), ("0", "未按期完成")], method=_on_time),
    completed_from=date_filter("completed_on", "gte", "完成自"),
    completed_to=date_filter("completed_on", "lte", "完成至"),
    inspection=_id("督查", field_name="finding__inspection"),
)
StudyFilterSet = list_filters(m.StudySession, "date", "日期", dates=("date", "date", "日期自", "日期至"))
TrainingFilterSet = list_filters(
    m.Training, "start_on", "开始日期", dates=("start_on", "start", "开始自", "开始至")
)
ExamFilterSet = list_filters(m.Exam, "date", "日期", dates=("date", "date", "日期自", "日期至"))


def _late(qs: QuerySet, name: str, value: Any) -> QuerySet:
    """逾期未完成: past its 完成时限 and not 已完成 (whatever status was last recorded)."""
    if value not in ("0", "1"):
        return qs
    late = Q(due_on__lt=today()) & ~Q(status=m.PlanStatus.DONE)
    return qs.filter(late) if value == "1" else qs.exclude(late)


PlanItemFilterSet = list_filters(
    m.PlanItem,
    "year",
    "年度",
    year=_year(),
    status=_choice("状态", m.PlanStatus.choices),
    co_unit=UnitFilter(label="协办单位", picker=UNITS, empty_label="全部", field_name="co_units"),
    overdue=_choice("逾期未完成", [("1", "是"), ("0", "否")], method=_late),
    due_from=date_filter("due_on", "gte", "时限自"),
    due_to=date_filter("due_on", "lte", "时限至"),
)
InspectionFilterSet = list_filters(
    m.Inspection,
    "date",
    "督查日期",
    dates=("date", "date", "督查自", "督查至"),
    status=_choice("状态", m.InspectionStatus.choices),
)
AssessmentFilterSet = list_filters(m.Assessment, "year", "年度", year=_year())
ParticipantFilterSet = list_filters(
    m.TrainingParticipant,
    "id",
    "登记顺序",
    training=_id("培训"),
    q=django_filters.CharFilter(label="姓名", field_name="name", lookup_expr="startswith", max_length=50),
)
