"""The one filter declaration of the 履行监督 list (``/<mount>/casefile/performance/``): page form and the
drill-downs of the module's 按期履行 figures (``performance.period_figures``)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F, Q, QuerySet

from fazhi.core.dates import today as local_today
from fazhi.core.lists import ListFilterSet, ScopeFilter, Sort, date_filter, unit_scope_q

from . import performance
from .declare import CaseFiles
from .models import Performance

#: ``state`` codes: how a supervised decision stands (``performed_on`` against ``due_on``, today).
STATES = {**performance.STATES, "unreported": "尚未报告履行"}


def state_q(state: str, today: Any = None) -> Q:
    """The rows of one ``STATES`` code; ``on_time`` is the very condition the figure counts."""
    if state == "on_time":
        return Q(performed_on__lte=F("due_on"))
    if state == "late":
        return Q(performed_on__gt=F("due_on"))
    if state == "unreported":
        return Q(performed_on__isnull=True)
    day = today or local_today()
    if state == "overdue":
        return Q(performed_on__isnull=True, due_on__lt=day)
    if state == "pending":
        return Q(performed_on__isnull=True, due_on__gte=day)
    return Q()


def _state(qs: QuerySet, name: str, value: str) -> QuerySet:
    return qs.filter(state_q(value)) if value else qs


class CaseScopeFilter(ScopeFilter):
    """``scope``: the supervised decisions of the cases of a unit and its subordinate units — the case's
    unit, as the figures count it (``cases`` in ``period_figures``), not the row's copy of it."""

    case_model: Any = None

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if value in (None, ""):
            return qs
        cases = self.case_model._default_manager.filter(unit_scope_q(value))
        return qs.filter(object_id__in=cases.values("pk"))


class PerformanceFilterSet(ListFilterSet):
    """Every filter of the 履行监督 list. ``due_from``/``due_to`` select the 履行期限 on its ``(due_on, id)``
    index, which is also the page's keyset order; ``scope`` is set by the figures' drill-downs."""

    SORTS = {
        "-due_on": Sort("履行期限（晚→早）", "due_on", True),
        "due_on": Sort("履行期限（早→晚）", "due_on", False),
        "-id": Sort("登记顺序（新→旧）", "id", True),
    }
    DEFAULT_SORT = "-due_on"

    state = django_filters.ChoiceFilter(
        label="履行情况", choices=list(STATES.items()), empty_label="全部", method=_state
    )
    due_from = date_filter("due_on", "gte", "履行期限自")
    due_to = date_filter("due_on", "lte", "履行期限至")
    scope = CaseScopeFilter()

    class Meta(ListFilterSet.Meta):
        model = Performance
        fields: list[str] = []


_SETS: dict[str, type[PerformanceFilterSet]] = {}


def filterset_for(cf: CaseFiles) -> type[PerformanceFilterSet]:
    """The list's FilterSet for one module's case files (its ``scope`` reads that module's cases)."""
    found = _SETS.get(cf.label)
    if found is None:
        scope = CaseScopeFilter()
        scope.case_model = cf.model
        found = type(f"{cf.model.__name__}PerformanceFilterSet", (PerformanceFilterSet,), {"scope": scope})
        _SETS[cf.label] = found
    return found
