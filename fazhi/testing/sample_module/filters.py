"""The sample list's one filter declaration: the drill-down parameters its figure uses."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet

from fazhi.core.lists import ListFilterSet, UnitFilter
from fazhi.orgs.models import OrgUnit

from .models import SampleRecord


class SampleFilterSet(ListFilterSet):
    registered_from = django_filters.DateFilter(field_name="registered_on", lookup_expr="gte", label="登记自")
    registered_to = django_filters.DateFilter(field_name="registered_on", lookup_expr="lte", label="登记至")
    org = UnitFilter(label="单位")
    scope = UnitFilter(
        label="单位范围（含下级）",
        method="filter_scope",
        widget=forms.HiddenInput,
    )

    class Meta(ListFilterSet.Meta):
        model = SampleRecord
        fields: list[str] = []

    def filter_scope(self, qs: QuerySet, name: str, value: OrgUnit) -> QuerySet:
        return qs.filter(org__path__startswith=value.path)
