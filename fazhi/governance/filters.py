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


def _sorts(field: str, label: str) -> dict[str, Sort]:
    return {
        f"-{field}": Sort(f"{label}（新→旧）", field, True),
        field: Sort(f"{label}（旧→新）", field, False),
    }


class _Base(ListFilterSet):
    org = UnitFilter(label="单位", picker=UNITS, empty_label="全部")
    scope = ScopeFilter()


class DutyFilterSet(_Base):
    SORTS = _sorts("date", "日期")
    DEFAULT_SORT = "-date"
    kind = django_filters.ChoiceFilter(label="类别", choices=m.DutyKind.choices, empty_label="全部")
    post = django_filters.ChoiceFilter(
        label="岗位", field_name="person_post__post", choices=m.Post.choices, empty_label="全部"
    )
    person_post = django_filters.NumberFilter(
        label="责任人", widget=django_filters.widgets.forms.HiddenInput, min_value=1, max_value=MAX_ID
    )
    date_from = date_filter("date", "gte", "日期自")
    date_to = date_filter("date", "lte", "日期至")

    class Meta(ListFilterSet.Meta):
        model = m.LeadershipDuty
        fields: list[str] = []


class HolderFilterSet(_Base):
    SORTS = _sorts("term_from", "任职起")
    DEFAULT_SORT = "-term_from"
    post = django_filters.ChoiceFilter(label="岗位", choices=m.Post.choices, empty_label="全部")

    class Meta(ListFilterSet.Meta):
        model = m.OfficeHolder
        fields: list[str] = []


def _idle(qs: QuerySet, name: str, value: Any) -> QuerySet:
    return qs.filter(idle_q(value)) if value else qs


def _in_force(qs: QuerySet, name: str, value: Any) -> QuerySet:
    return qs.filter(contract_from__lte=value, contract_until__gte=value) if value else qs


class AdviserFilterSet(_Base):
    SORTS = _sorts("contract_until", "聘期止")
    DEFAULT_SORT = "-contract_until"
    q = django_filters.CharFilter(
        label="顾问名称", field_name="name", lookup_expr="startswith", max_length=60
    )
    idle_on = django_filters.DateFilter(label="顾而不问（截至日）", method=_idle)
    in_force_on = django_filters.DateFilter(label="聘期内（日）", method=_in_force)

    class Meta(ListFilterSet.Meta):
        model = m.LegalAdviser
        fields: list[str] = []


class ConsultationFilterSet(_Base):
    SORTS = _sorts("date", "咨询日期")
    DEFAULT_SORT = "-date"
    matter_kind = django_filters.ChoiceFilter(
        label="事项类别", choices=m.MatterKind.choices, empty_label="全部"
    )
    adviser = django_filters.NumberFilter(
        label="顾问",
        widget=django_filters.widgets.forms.HiddenInput,
        min_value=1,
        max_value=MAX_ID,  # a larger id is an invalid filter, never a database overflow
    )
    date_from = date_filter("date", "gte", "咨询自")
    date_to = date_filter("date", "lte", "咨询至")

    class Meta(ListFilterSet.Meta):
        model = m.Consultation
        fields: list[str] = []


class ValueFilterSet(_Base):
    SORTS = {"-year": Sort("年度（新→旧）", "year", True), "year": Sort("年度（旧→新）", "year", False)}
    DEFAULT_SORT = "-year"
    year = django_filters.NumberFilter(label="年度", min_value=2000, max_value=2100)
    indicator = django_filters.CharFilter(label="指标代码", field_name="indicator__key", max_length=60)
    status = django_filters.ChoiceFilter(label="状态", choices=m.ValueStatus.choices, empty_label="全部")

    class Meta(ListFilterSet.Meta):
        model = m.IndicatorValue
        fields: list[str] = []


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


class RectificationFilterSet(_Base):
    SORTS = _sorts("due_on", "整改期限")
    DEFAULT_SORT = "due_on"
    status = django_filters.ChoiceFilter(
        label="状态", choices=m.RectificationStatus.choices, empty_label="全部"
    )
    overdue = django_filters.ChoiceFilter(
        label="是否逾期", choices=[("1", "已逾期"), ("0", "未逾期")], empty_label="全部", method=_overdue
    )
    on_time = django_filters.ChoiceFilter(
        label="按期完成",
        choices=[("1", "按期完成"), ("0", "未按期完成")],
        empty_label="全部",
        method=_on_time,
    )
    due_from = date_filter("due_on", "gte", "期限自")
    due_to = date_filter("due_on", "lte", "期限至")
    completed_from = date_filter("completed_on", "gte", "完成自")
    completed_to = date_filter("completed_on", "lte", "完成至")

    class Meta(ListFilterSet.Meta):
        model = m.Rectification
        fields: list[str] = []


class StudyFilterSet(_Base):
    SORTS = _sorts("date", "日期")
    DEFAULT_SORT = "-date"
    date_from = date_filter("date", "gte", "日期自")
    date_to = date_filter("date", "lte", "日期至")

    class Meta(ListFilterSet.Meta):
        model = m.StudySession
        fields: list[str] = []


class TrainingFilterSet(_Base):
    SORTS = _sorts("start_on", "开始日期")
    DEFAULT_SORT = "-start_on"
    start_from = date_filter("start_on", "gte", "开始自")
    start_to = date_filter("start_on", "lte", "开始至")

    class Meta(ListFilterSet.Meta):
        model = m.Training
        fields: list[str] = []


class PlanItemFilterSet(_Base):
    SORTS = {"-year": Sort("年度（新→旧）", "year", True), "year": Sort("年度（旧→新）", "year", False)}
    DEFAULT_SORT = "-year"
    year = django_filters.NumberFilter(label="年度", min_value=2000, max_value=2100)

    class Meta(ListFilterSet.Meta):
        model = m.PlanItem
        fields: list[str] = []


class ExamFilterSet(_Base):
    SORTS = _sorts("date", "日期")
    DEFAULT_SORT = "-date"
    date_from = date_filter("date", "gte", "日期自")
    date_to = date_filter("date", "lte", "日期至")

    class Meta(ListFilterSet.Meta):
        model = m.Exam
        fields: list[str] = []
