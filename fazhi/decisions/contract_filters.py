"""The one filter declaration of the contract list: page form, API parameters and figure drill-downs."""

from __future__ import annotations

from datetime import date

import django_filters
from django.db.models import Q, QuerySet

from fazhi.core.lists import ListFilterSet, ScopeFilter, Sort, UnitFilter, YearFilter, date_filter

from .contracts import AdministrativeContract, ContractStatus
from .filters import UNIT_FILTER


class ContractFilterSet(ListFilterSet):
    SORTS = {
        "-registered_on": Sort("登记日期（新→旧）", "registered_on", True),
        "registered_on": Sort("登记日期（旧→新）", "registered_on", False),
        "-id": Sort("登记顺序（新→旧）", "id", True),
    }
    DEFAULT_SORT = "-registered_on"

    q = django_filters.CharFilter(label="编号、名称或标的", method="filter_q", max_length=60)
    status = django_filters.ChoiceFilter(label="状态", choices=ContractStatus.choices, empty_label="全部")
    org = UnitFilter(label="行政机关", picker=UNIT_FILTER, empty_label="全部")
    signed_year = YearFilter(label="签订年度", method="filter_signed_year", min_value=2000)
    signed_from = date_filter("signed_on", "gte", "签订自")
    signed_to = date_filter("signed_on", "lte", "签订至")
    scope = ScopeFilter()

    class Meta(ListFilterSet.Meta):
        model = AdministrativeContract
        fields: list[str] = []

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(Q(number__startswith=value) | Q(title__contains=value) | Q(subject__contains=value))

    def filter_signed_year(self, qs: QuerySet, name: str, value: int) -> QuerySet:
        # a date range, not ``__year``: it keeps the (signed_on, id) index usable
        year = int(value)
        return qs.filter(signed_on__gte=date(year, 1, 1), signed_on__lte=date(year, 12, 31))
