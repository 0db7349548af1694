"""The one filter declaration of the document list: page form, API parameters, export and the figures'
drill-downs."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F, Q, QuerySet

from fazhi.core.lists import ListFilterSet, ScopeFilter, Sort, UnitFilter, YearFilter, date_filter, filtered

from .forms import DRAFTERS, ISSUERS
from .models import NormativeDocument, Status, in_force_q


class DocumentFilterSet(ListFilterSet):
    """Every filter of the document list; ``scope`` is set by figure drill-downs."""

    SORTS = {
        "-id": Sort("登记顺序（新→旧）", "id", True),
        "id": Sort("登记顺序（旧→新）", "id", False),
        "-published_on": Sort("公布日期（新→旧）", "published_on", True),
        "valid_until": Sort("有效期至（近→远）", "valid_until", False),
    }
    DEFAULT_SORT = "-id"

    q = django_filters.CharFilter(label="文件名称或文号", method="filter_q", max_length=60)
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices, empty_label="全部")
    issuer = UnitFilter(label="制定机关", picker=ISSUERS, empty_label="全部")
    org = UnitFilter(label="起草单位", picker=DRAFTERS, empty_label="全部")
    year = YearFilter(label="公布年度", field_name="published_on", lookup_expr="year")
    provisional = django_filters.ChoiceFilter(
        label="暂行/试行", choices=[("1", "是"), ("0", "否")], method="filter_provisional", empty_label="全部"
    )
    in_force_on = django_filters.DateFilter(label="某日有效", method="filter_in_force")
    on_time = django_filters.ChoiceFilter(
        label="备案",
        choices=[("1", "按时备案"), ("0", "逾期备案")],
        method="filter_on_time",
        empty_label="全部",
    )
    by_cleanup = django_filters.ChoiceFilter(
        label="清理", choices=[("1", "经清理废止或宣布失效")], method="filter_by_cleanup", empty_label="全部"
    )
    published_from = date_filter("published_on", "gte", "公布自")
    published_to = date_filter("published_on", "lte", "公布至")
    filed_from = date_filter("filed_on", "gte", "备案自")
    filed_to = date_filter("filed_on", "lte", "备案至")
    valid_until_from = date_filter("valid_until", "gte", "有效期至（自）")
    valid_until_to = date_filter("valid_until", "lte", "有效期至（至）")
    ended_from = date_filter("ended_on", "gte", "失效/废止自")
    ended_to = date_filter("ended_on", "lte", "失效/废止至")
    scope = ScopeFilter()

    class Meta(ListFilterSet.Meta):
        model = NormativeDocument
        fields: list[str] = []

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        """A 文号 by its prefix (the index serves it), a title by any part of it."""
        text = value.strip()
        return qs.filter(Q(doc_number__startswith=text) | Q(title__contains=text)) if text else qs

    def filter_provisional(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(provisional=value == "1")

    def filter_in_force(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        return qs.filter(in_force_q(value)) if value else qs

    def filter_on_time(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        on_time = Q(filed_on__lte=F("filing_due"))
        return qs.filter(filed_on__isnull=False).filter(on_time if value == "1" else ~on_time)

    def filter_by_cleanup(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(cleanup__isnull=False)


def apply(qs: QuerySet, params: Any, user: Any = None) -> QuerySet:
    """``qs`` narrowed by the list parameters (invalid ones are dropped, as on the page)."""
    return filtered(DocumentFilterSet, params, qs, user=user)
