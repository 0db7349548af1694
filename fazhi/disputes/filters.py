"""The one filter declaration of the dispute list: page form, API parameters, export and the
figures' drill-downs."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from fazhi.core.lists import ListFilterSet, Sort, UnitFilter, filtered
from fazhi.core.pickers import unit_picker
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import org_choices_for

from .forms import UNIT_KINDS
from .models import Channel, Dispute, Source, Status

#: The list's unit filter: the active units of the user's scope that handle disputes.
UNIT_FILTER = unit_picker("disputes.units", lambda user: org_choices_for(user, kind__in=UNIT_KINDS))


def scope_q(org: OrgUnit | None) -> Q:
    return Q(org__path__startswith=org.path) if org is not None else Q()


def _date(field: str, lookup: str, label: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(field_name=field, lookup_expr=lookup, label=label)


class DisputeFilterSet(ListFilterSet):
    """Every filter of the dispute list; ``scope`` is set by figure drill-downs."""

    SORTS = {
        "-opened_on": Sort("受理日期（新→旧）", "opened_on", True),
        "opened_on": Sort("受理日期（旧→新）", "opened_on", False),
        "-id": Sort("登记顺序（新→旧）", "id", True),
        "id": Sort("登记顺序（旧→新）", "id", False),
    }
    DEFAULT_SORT = "-opened_on"

    q = django_filters.CharFilter(label="编号", field_name="number", lookup_expr="startswith", max_length=60)
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices, empty_label="全部")
    source = django_filters.ChoiceFilter(label="来源", choices=Source.choices, empty_label="全部")
    channel = django_filters.ChoiceFilter(label="化解渠道", choices=Channel.choices, empty_label="全部")
    resolved = django_filters.ChoiceFilter(
        label="化解结果",
        choices=[("1", "化解成功"), ("0", "未化解")],
        method="filter_resolved",
        empty_label="全部",
    )
    org = UnitFilter(label="事权单位", picker=UNIT_FILTER, empty_label="全部")
    opened_from = _date("opened_on", "gte", "受理自")
    opened_to = _date("opened_on", "lte", "受理至")
    closed_from = _date("closed_on", "gte", "办结自")
    closed_to = _date("closed_on", "lte", "办结至")
    scope = UnitFilter(
        label="单位范围（含下级）",
        method="filter_scope",
        widget=forms.HiddenInput,
    )

    class Meta(ListFilterSet.Meta):
        model = Dispute
        fields: list[str] = []

    def filter_resolved(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(resolved=value == "1")

    def filter_scope(self, qs: QuerySet, name: str, value: OrgUnit) -> QuerySet:
        return qs.filter(scope_q(value))


def apply(qs: QuerySet, params: Any, user: Any = None) -> QuerySet:
    """``qs`` narrowed by the list parameters (invalid ones are dropped, as on the page)."""
    return filtered(DisputeFilterSet, params, qs, user=user)
