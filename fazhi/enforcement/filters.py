"""The filter declarations of the enforcement lists: page form, API parameters, export and the
figures' drill-downs."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from fazhi.core.api import MAX_ID
from fazhi.core.lists import (
    ListFilterSet,
    PartyFilter,
    ScopeFilter,
    Sort,
    UnitFilter,
    YesNoFilter,
    date_filter,
)
from fazhi.orgs.models import OrgUnit

from .forms import UNITS
from .models import (
    ActionProblem,
    ActionStatus,
    ActionType,
    BodyKind,
    BodyStatus,
    Certificate,
    EnforcementAction,
    EnforcementBody,
    NoPenaltyItem,
    NoPenaltyList,
    Officer,
    Problem,
    Recorder,
    certificate_valid_q,
    in_force_q,
)
from .supervision import (
    CaseReview,
    CaseReviewStatus,
    Complaint,
    ComplaintStatus,
    NoticeKind,
    NoticeStatus,
    SupervisionNotice,
)

_ID_SORTS = {
    "-id": Sort("登记顺序（新→旧）", "id", True),
    "id": Sort("登记顺序（旧→新）", "id", False),
}


def _yes_no(label: str, yes: str, no: str, method: str) -> django_filters.ChoiceFilter:
    """A yes/no question answered by a method (a computed condition, not a boolean field)."""
    return django_filters.ChoiceFilter(
        label=label, choices=[("1", yes), ("0", no)], empty_label="全部", method=method
    )


def certified_q(on: date) -> Q:
    """Holds a certificate valid on ``on`` (RULES §6 持证率)."""
    return Q(Exists(Certificate.objects.filter(certificate_valid_q(on), officer=OuterRef("pk"))))


def on_time_q() -> Q:
    return Q(publicized_on__isnull=False, publicity_due__isnull=False, publicized_on__lte=F("publicity_due"))


class BodyFilterSet(ListFilterSet):
    SORTS = _ID_SORTS
    DEFAULT_SORT = "-id"

    q = django_filters.CharFilter(label="名称", field_name="name", lookup_expr="startswith", max_length=60)
    status = django_filters.ChoiceFilter(label="状态", choices=BodyStatus.choices, empty_label="全部")
    kind = django_filters.ChoiceFilter(label="主体类别", choices=BodyKind.choices, empty_label="全部")
    org = UnitFilter(label="所在单位", picker=UNITS, empty_label="全部")
    published_to = date_filter("published_on", "lte", "公布于此日及以前")
    scope = ScopeFilter()

    class Meta(ListFilterSet.Meta):
        model = EnforcementBody
        fields: list[str] = []


class OfficerFilterSet(ListFilterSet):
    SORTS = _ID_SORTS
    DEFAULT_SORT = "-id"

    q = django_filters.CharFilter(label="姓名", field_name="name", lookup_expr="startswith", max_length=50)
    in_post = YesNoFilter(label="执法岗位", yes="在执法岗位", no="不在执法岗位")
    org = UnitFilter(label="所在单位", picker=UNITS, empty_label="全部")
    certified_on = django_filters.DateFilter(label="持有效证件（日期）", method="_certified")
    uncertified_on = django_filters.DateFilter(label="无有效证件（日期）", method="_uncertified")
    scope = ScopeFilter()

    class Meta(ListFilterSet.Meta):
        model = Officer
        fields: list[str] = []

    def _certified(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        return qs.filter(certified_q(value)) if value else qs

    def _uncertified(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        return qs.exclude(certified_q(value)) if value else qs


class RecorderFilterSet(ListFilterSet):
    SORTS = _ID_SORTS
    DEFAULT_SORT = "-id"

    q = django_filters.CharFilter(
        label="序列号", field_name="serial", lookup_expr="startswith", max_length=40
    )
    org = UnitFilter(label="所在单位", picker=UNITS, empty_label="全部")
    in_service_on = django_filters.DateFilter(label="在用（日期）", method="_in_service")
    scope = ScopeFilter()

    class Meta(ListFilterSet.Meta):
        model = Recorder
        fields: list[str] = []

    def _in_service(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        if not value:
            return qs
        return qs.filter(in_service_q(value))


class TeamFilterSet(ListFilterSet):
    """综合执法队伍 (units flagged ``is_enforcement_team``); ``scope`` is the teams figure's drill-down."""

    SORTS = {"id": Sort("登记顺序", "id", False)}
    DEFAULT_SORT = "id"

    active = YesNoFilter(label="状态", field_name="is_active", yes="在用", no="已撤销")
    scope = ScopeFilter(method="_in_scope")

    class Meta(ListFilterSet.Meta):
        model = OrgUnit
        fields: list[str] = []

    def _in_scope(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        return qs if value in (None, "") else qs.filter(path__startswith=value.path)


def in_service_q(on: date) -> Q:
    return Q(in_service_from__lte=on) & (Q(in_service_to__isnull=True) | Q(in_service_to__gt=on))


class ActionFilterSet(ListFilterSet):
    """Every filter of the decision list; ``scope`` is set by figure drill-downs."""

    SORTS = {
        "-decided_on": Sort("决定日期（新→旧）", "decided_on", True),
        "decided_on": Sort("决定日期（旧→新）", "decided_on", False),
        **_ID_SORTS,
    }
    DEFAULT_SORT = "-decided_on"

    q = django_filters.CharFilter(
        label="案号", field_name="case_number", lookup_expr="startswith", max_length=60
    )
    action_type = django_filters.ChoiceFilter(
        label="执法类别", choices=ActionType.choices, empty_label="全部"
    )
    status = django_filters.ChoiceFilter(label="状态", choices=ActionStatus.choices, empty_label="全部")
    body = django_filters.NumberFilter(
        label="执法主体（ID）", field_name="body_id", min_value=1, max_value=MAX_ID
    )
    org = UnitFilter(label="所在单位", picker=UNITS, empty_label="全部")
    party = PartyFilter(label="当事人", relation="parties")
    is_major = YesNoFilter(label="重大执法决定", yes="是", no="否")
    problem = django_filters.ChoiceFilter(
        label="问题", choices=Problem.choices, empty_label="全部", method="_problem"
    )
    has_problems = _yes_no("存在问题", "有", "无", "_has_problems")
    on_time = _yes_no("按时公示", "按时", "逾期或未公示", "_on_time")
    must_publicize = _yes_no("应公示", "是", "否", "_must")
    decided_from = date_filter("decided_on", "gte", "决定自")
    decided_to = date_filter("decided_on", "lte", "决定至")
    scope = ScopeFilter()

    class Meta(ListFilterSet.Meta):
        model = EnforcementAction
        fields: list[str] = []

    def _problem(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return qs
        return qs.filter(Exists(ActionProblem.objects.filter(record=OuterRef("pk"), code=value)))

    def _has_problems(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if value == "1":
            return qs.filter(problem_count__gt=0)
        return qs.filter(problem_count=0) if value == "0" else qs

    def _on_time(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if value == "1":
            return qs.filter(on_time_q())
        return qs.exclude(on_time_q()) if value == "0" else qs

    def _must(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if value == "1":
            return qs.filter(must_publicize_q())
        return qs.exclude(must_publicize_q()) if value == "0" else qs


def must_publicize_q() -> Q:
    """Decisions that must be publicized (RULES §6): every decision except 行政检查 records."""
    return ~Q(action_type=ActionType.INSPECTION)


class NoPenaltyFilterSet(ListFilterSet):
    SORTS = _ID_SORTS
    DEFAULT_SORT = "id"

    q = django_filters.CharFilter(
        label="违法行为", field_name="violation", lookup_expr="contains", max_length=60
    )
    field = django_filters.CharFilter(label="执法领域", field_name="field", max_length=60)
    list = django_filters.NumberFilter(
        label="清单版本（ID）", field_name="list_id", min_value=1, max_value=MAX_ID
    )
    in_force_on = django_filters.DateFilter(label="施行中（日期）", method="_in_force")
    org = UnitFilter(label="制定单位", picker=UNITS, empty_label="全部")
    scope = ScopeFilter()

    class Meta(ListFilterSet.Meta):
        model = NoPenaltyItem
        fields: list[str] = []

    def _in_force(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        return qs.filter(in_force_q(value)) if value else qs


class NoPenaltyListFilterSet(ListFilterSet):
    SORTS = _ID_SORTS
    DEFAULT_SORT = "-id"

    q = django_filters.CharFilter(label="版本", field_name="name", lookup_expr="startswith", max_length=40)
    org = UnitFilter(label="制定单位", picker=UNITS, empty_label="全部")
    scope = ScopeFilter()

    class Meta(ListFilterSet.Meta):
        model = NoPenaltyList
        fields: list[str] = []


def _on_time(done: str, due: str) -> Q:
    return Q(**{f"{done}__isnull": False, f"{due}__isnull": False, f"{done}__lte": F(due)})


class _SupervisionFilterSet(ListFilterSet):
    """The shared filters of the supervision lists (body, unit, scope)."""

    SORTS = _ID_SORTS
    DEFAULT_SORT = "-id"
    ON_TIME: tuple[str, str] = ("", "")

    body = django_filters.NumberFilter(
        label="执法主体（ID）", field_name="body_id", min_value=1, max_value=MAX_ID
    )
    org = UnitFilter(label="所在单位", picker=UNITS, empty_label="全部")
    scope = ScopeFilter()

    def _on_time(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        q = _on_time(*self.ON_TIME)
        if value == "1":
            return qs.filter(q)
        return qs.exclude(q) if value == "0" else qs


class CaseReviewFilterSet(_SupervisionFilterSet):
    q = django_filters.CharFilter(
        label="评查事项", field_name="title", lookup_expr="startswith", max_length=60
    )
    status = django_filters.ChoiceFilter(label="状态", choices=CaseReviewStatus.choices, empty_label="全部")
    reviewed_from = date_filter("reviewed_on", "gte", "评查自")
    reviewed_to = date_filter("reviewed_on", "lte", "评查至")

    class Meta(ListFilterSet.Meta):
        model = CaseReview
        fields: list[str] = []


class ComplaintFilterSet(_SupervisionFilterSet):
    ON_TIME = ("handled_on", "due_on")

    status = django_filters.ChoiceFilter(label="状态", choices=ComplaintStatus.choices, empty_label="全部")
    party = PartyFilter(label="投诉人", relation="parties")
    on_time = _yes_no("按期办结", "按期", "逾期或未办结", "_on_time")
    received_from = date_filter("received_on", "gte", "收到自")
    received_to = date_filter("received_on", "lte", "收到至")

    class Meta(ListFilterSet.Meta):
        model = Complaint
        fields: list[str] = []


class NoticeFilterSet(_SupervisionFilterSet):
    ON_TIME = ("replied_on", "reply_due")

    kind = django_filters.ChoiceFilter(label="文书类别", choices=NoticeKind.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="状态", choices=NoticeStatus.choices, empty_label="全部")
    on_time = _yes_no("按期回复", "按期", "逾期或未回复", "_on_time")
    issued_from = date_filter("issued_on", "gte", "制发自")
    issued_to = date_filter("issued_on", "lte", "制发至")

    class Meta(ListFilterSet.Meta):
        model = SupervisionNotice
        fields: list[str] = []
