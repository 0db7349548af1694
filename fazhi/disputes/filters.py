"""The one filter declaration of the dispute list: page form, API parameters, export and the
figures' drill-downs."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from fazhi.core.lists import ListFilterSet, ScopeFilter, Sort, UnitFilter, date_filter, filtered
from fazhi.core.pickers import unit_picker
from fazhi.orgs.scope import org_choices_for

from .forms import UNIT_KINDS
from .models import Channel, Dispute, Source, Status

#: The list's unit filter: the active units of the user's scope that handle disputes.
UNIT_FILTER = unit_picker("disputes.units", lambda user: org_choices_for(user, kind__in=UNIT_KINDS))


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
    opened_from = date_filter("opened_on", "gte", "受理自")
    opened_to = date_filter("opened_on", "lte", "受理至")
    closed_from = date_filter("closed_on", "gte", "办结自")
    closed_to = date_filter("closed_on", "lte", "办结至")
    scope = ScopeFilter()

    class Meta(ListFilterSet.Meta):
        model = Dispute
        fields: list[str] = []

    def filter_resolved(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(resolved=value == "1")


def apply(qs: QuerySet, params: Any, user: Any = None) -> QuerySet:
    """``qs`` narrowed by the list parameters (invalid ones are dropped, as on the page)."""
    return filtered(DisputeFilterSet, params, qs, user=user)
