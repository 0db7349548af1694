"""The one filter declaration of the case list: page form, API parameters, export and figure
drill-downs (a drill-down is the list URL with these parameters, FIGURES.md)."""

from __future__ import annotations

from datetime import date

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet

from fazhi.core.assignment import MineFilter
from fazhi.core.dates import today as local_today
from fazhi.core.lists import ListFilterSet, PartyFilter, Sort, UnitFilter, paired
from fazhi.core.pickers import unit_picker
from fazhi.core.search import CaseSearchFilter
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import business_orgs

from .models import OUTCOME_GROUPS, ActCategory, Field, Outcome, Procedure, ReconsiderationCase, Status

RESPONDENT_KINDS = [
    OrgUnit.Kind.DEPARTMENT,
    OrgUnit.Kind.TOWNSHIP,
    OrgUnit.Kind.GOVERNMENT,
    OrgUnit.Kind.JUSTICE_BUREAU,
]
#: The list's respondent filter offers the respondents of the user's scope (closed units too: their
#: old cases stay findable).
RESPONDENT_FILTER = unit_picker(
    "reconsideration.respondents", lambda user: business_orgs(user).filter(kind__in=RESPONDENT_KINDS)
)


def carried_over_q(first_day: date) -> Q:
    """Accepted before ``first_day`` and not concluded by then (FIGURES.md carried_over)."""
    return Q(accepted_on__lt=first_day) & (Q(concluded_on__isnull=True) | Q(concluded_on__gte=first_day))


def overdue_in_period_q(start: date, end: date) -> Q:
    """Open on the period's last day past the decision deadline, or concluded in the period after it
    (FIGURES.md ``reconsideration.overdue``)."""
    open_then = (
        Q(accepted_on__lte=end)
        & (Q(concluded_on__isnull=True) | Q(concluded_on__gt=end))
        & Q(decision_due__lt=end)
        & ~Q(status=Status.SUSPENDED)
    )
    late = Q(concluded_on__gte=start, concluded_on__lte=end, concluded_on__gt=F("decision_due"))
    return open_then | late


def overdue_now_q(today: date) -> Q:
    return Q(status__in=[Status.ACCEPTED, Status.UNDER_REVIEW], decision_due__lt=today)


def _date(field: str, lookup: str, label: str, *, hidden: bool = False) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        field_name=field, lookup_expr=lookup, label=label, widget=forms.HiddenInput if hidden else None
    )


class CaseFilterSet(ListFilterSet):
    """Every filter of the case list; the hidden ones are set by figure drill-downs."""

    SORTS = {
        "-received_on": Sort("收到日期（新→旧）", "received_on", True),
        "received_on": Sort("收到日期（旧→新）", "received_on", False),
        "-id": Sort("录入顺序（新→旧）", "id", True),
    }
    DEFAULT_SORT = "-received_on"

    q = CaseSearchFilter(
        label="搜索（申请人、证件号、案号、被申请人、行政行为）", parties="parties", texts=("contested_act",)
    )
    party = PartyFilter(label="当事人名称或证件号", relation="parties")
    act = django_filters.CharFilter(
        label="被申请的行政行为", field_name="contested_act", lookup_expr="icontains", max_length=100
    )
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices, empty_label="全部")
    mine = MineFilter()
    org = UnitFilter(label="被申请人", picker=RESPONDENT_FILTER, empty_label="全部")
    scope = UnitFilter(
        label="单位范围（含下级）",
        method="filter_scope",
        widget=forms.HiddenInput,
    )
    field = django_filters.ChoiceFilter(label="管理领域", choices=Field.choices, empty_label="全部")
    act_category = django_filters.ChoiceFilter(
        label="行为类别", choices=ActCategory.choices, empty_label="全部"
    )
    procedure = django_filters.ChoiceFilter(label="程序", choices=Procedure.choices, empty_label="全部")
    outcome = django_filters.MultipleChoiceFilter(
        label="审结结果",
        choices=Outcome.choices,
        method="filter_outcome",
        widget=forms.SelectMultiple(attrs={"data-fz-select": "1", "placeholder": "全部"}),
    )
    outcome_group = django_filters.ChoiceFilter(
        label="结果分类",
        choices=[(k, v[0]) for k, v in OUTCOME_GROUPS.items()],
        method="filter_outcome_group",
        empty_label="全部",
    )
    received_from = _date("received_on", "gte", "收到日期自")
    received_to = _date("received_on", "lte", "收到日期至")
    accepted_from = _date("accepted_on", "gte", "受理日期自")
    accepted_to = _date("accepted_on", "lte", "受理日期至")
    declined_from = _date("declined_on", "gte", "不予受理日期自", hidden=True)
    declined_to = _date("declined_on", "lte", "不予受理日期至", hidden=True)
    concluded_from = _date("concluded_on", "gte", "审结日期自")
    concluded_to = _date("concluded_on", "lte", "审结日期至")
    overdue = django_filters.BooleanFilter(
        label="仅看已超期", method="filter_overdue", widget=forms.CheckboxInput
    )
    carried_over = django_filters.DateFilter(
        label="旧存（截至该日未审结）", method="filter_carried_over", widget=forms.HiddenInput
    )
    overdue_from = django_filters.DateFilter(
        label="期间超期自", method="filter_overdue_period", widget=forms.HiddenInput
    )
    overdue_to = django_filters.DateFilter(
        label="期间超期至", method="filter_overdue_period", widget=forms.HiddenInput
    )

    class Meta(ListFilterSet.Meta):
        model = ReconsiderationCase
        fields: list[str] = []

    def filter_scope(self, qs: QuerySet, name: str, value: OrgUnit) -> QuerySet:
        return qs.filter(org__path__startswith=value.path)

    def filter_outcome(self, qs: QuerySet, name: str, value: list[str]) -> QuerySet:
        return qs.filter(outcome__in=value)

    def filter_outcome_group(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(outcome__in=OUTCOME_GROUPS[value][1])

    def filter_overdue(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        return qs.filter(overdue_now_q(local_today())) if value else qs

    def filter_carried_over(self, qs: QuerySet, name: str, value: date) -> QuerySet:
        return qs.filter(carried_over_q(value))

    def filter_overdue_period(self, qs: QuerySet, name: str, value: date) -> QuerySet:
        # Counted over a period that ends on ``overdue_to``; a lone ``overdue_from`` selects nothing more.
        bounds = paired(self, name)
        if bounds is None or bounds[1] is None:
            return qs
        return qs.filter(overdue_in_period_q(bounds[0] or date.min, bounds[1]))
