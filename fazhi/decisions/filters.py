"""The list declarations of the module (page filters, API parameters and the figures' drill-downs)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from fazhi.core.lists import ListFilterSet, ScopeFilter, Sort, UnitFilter, YearFilter, date_filter
from fazhi.core.pickers import unit_picker
from fazhi.orgs.models import OrgUnit, Role, User
from fazhi.orgs.scope import org_choices_for

from .forms import UNIT_KINDS
from .models import DecisionStatus, LegalityReview, MajorDecision, Opinion, ReviewStatus, SubjectKind


def scope_q(org: OrgUnit | None) -> Q:
    return Q(org__path__startswith=org.path) if org is not None else Q()


#: The lists' unit filter: the units of the user's scope that sponsor decisions or submit matters.
UNIT_FILTER = unit_picker("decisions.units", lambda user: org_choices_for(user, kind__in=UNIT_KINDS))


class _Scoped(ListFilterSet):
    scope = ScopeFilter()


class ReviewFilterSet(_Scoped):
    """The one legality-review queue: by kind, unit, status, reviewer, dates and opinion."""

    SORTS = {
        "due_on": Sort("审查期限（近→远）", "due_on", False),
        "-received_on": Sort("收到日期（新→旧）", "received_on", True),
        "received_on": Sort("收到日期（旧→新）", "received_on", False),
        "-id": Sort("登记顺序（新→旧）", "id", True),
    }
    DEFAULT_SORT = "-received_on"

    q = django_filters.CharFilter(label="编号或事项", method="filter_q", max_length=60)
    subject_kind = django_filters.ChoiceFilter(
        label="事项类别", choices=SubjectKind.choices, empty_label="全部"
    )
    status = django_filters.ChoiceFilter(label="状态", choices=ReviewStatus.choices, empty_label="全部")
    opinion = django_filters.ChoiceFilter(label="审查意见", choices=Opinion.choices, empty_label="全部")
    org = UnitFilter(label="送审单位", picker=UNIT_FILTER, empty_label="全部")
    reviewer = django_filters.ModelChoiceFilter(
        label="审查人",
        queryset=User.objects.filter(groups__name=Role.BUREAU.label).order_by("id"),
        empty_label="全部",
    )
    overdue = django_filters.ChoiceFilter(
        label="期限", choices=[("1", "超期（含超期办结）")], method="filter_overdue", empty_label="全部"
    )
    received_from = date_filter("received_on", "gte", "收到自")
    received_to = date_filter("received_on", "lte", "收到至")
    concluded_from = date_filter("concluded_on", "gte", "出具意见自")
    concluded_to = date_filter("concluded_on", "lte", "出具意见至")

    class Meta(ListFilterSet.Meta):
        model = LegalityReview
        fields: list[str] = []

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(Q(number__startswith=value) | Q(title__contains=value))

    def filter_overdue(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        from .stats import overdue_q

        return qs.filter(overdue_q())


class DecisionFilterSet(_Scoped):
    """Decisions and catalogue items (``in_catalog``) by year, sponsor and status."""

    SORTS = {
        "-id": Sort("登记顺序（新→旧）", "id", True),
        "id": Sort("登记顺序（旧→新）", "id", False),
    }
    DEFAULT_SORT = "-id"

    q = django_filters.CharFilter(label="编号或事项", method="filter_q", max_length=60)
    year = YearFilter(label="年度", field_name="year")
    in_catalog = django_filters.ChoiceFilter(
        label="目录",
        choices=[("1", "目录内"), ("0", "目录外")],
        method="filter_in_catalog",
        empty_label="全部",
    )
    status = django_filters.ChoiceFilter(label="状态", choices=DecisionStatus.choices, empty_label="全部")
    org = UnitFilter(label="承办单位", picker=UNIT_FILTER, empty_label="全部")
    decided_from = date_filter("decided_on", "gte", "决定自")
    decided_to = date_filter("decided_on", "lte", "决定至")

    class Meta(ListFilterSet.Meta):
        model = MajorDecision
        fields: list[str] = []

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(Q(number__startswith=value) | Q(title__contains=value))

    def filter_in_catalog(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(catalog__isnull=value != "1")
