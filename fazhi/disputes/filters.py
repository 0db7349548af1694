"""The one filter declaration of the dispute list: page form, API parameters, export and the
figures' drill-downs."""

from __future__ import annotations

import django_filters

from fazhi.core.lists import ListFilterSet, ScopeFilter, Sort, UnitFilter, YesNoFilter, date_filter

from .forms import UNITS
from .models import Channel, Dispute, Source, Status


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
    resolved = YesNoFilter(label="化解结果", yes="化解成功", no="未化解")
    org = UnitFilter(label="事权单位", picker=UNITS, empty_label="全部")
    opened_from = date_filter("opened_on", "gte", "受理自")
    opened_to = date_filter("opened_on", "lte", "受理至")
    closed_from = date_filter("closed_on", "gte", "办结自")
    closed_to = date_filter("closed_on", "lte", "办结至")
    scope = ScopeFilter()

    class Meta(ListFilterSet.Meta):
        model = Dispute
        fields: list[str] = []
