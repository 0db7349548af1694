"""Scoped reads: the case list with its filters (shared by page, export, API and figure drill-downs)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from fazhi.core.dates import today as local_today
from fazhi.core.forms import StyledFormMixin
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import business_orgs

from .models import (
    OPEN_STATUSES,
    OUTCOME_GROUPS,
    ActCategory,
    Field,
    Outcome,
    Procedure,
    ReconsiderationCase,
    Status,
)

#: Sort options: code → (label, key for keyset_page, descending). Each key has a (key, id) index.
SORTS = {
    "-received_on": ("收到日期（新→旧）", "received_on", True),
    "received_on": ("收到日期（旧→新）", "received_on", False),
    "-id": ("录入顺序（新→旧）", "id", True),
}
DEFAULT_SORT = "-received_on"


def _blank(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", "全部"), *choices]


class CaseFilterForm(StyledFormMixin, forms.Form):
    """Every filter of the list page. Figure drill-downs are URLs of this form's fields."""

    q = forms.CharField(label="案号", required=False, max_length=60)
    status = forms.ChoiceField(label="状态", choices=_blank(Status.choices), required=False)
    org = forms.ModelChoiceField(
        label="被申请人", queryset=OrgUnit.objects.none(), required=False, empty_label="全部"
    )
    scope = forms.ModelChoiceField(
        label="单位范围（含下级）", queryset=OrgUnit.objects.none(), required=False, widget=forms.HiddenInput
    )
    field = forms.ChoiceField(label="管理领域", choices=_blank(Field.choices), required=False)
    act_category = forms.ChoiceField(label="行为类别", choices=_blank(ActCategory.choices), required=False)
    procedure = forms.ChoiceField(label="程序", choices=_blank(Procedure.choices), required=False)
    outcome = forms.MultipleChoiceField(
        label="审结结果",
        choices=Outcome.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"data-fz-select": "1", "placeholder": "全部"}),
    )
    outcome_group = forms.ChoiceField(
        label="结果分类", required=False, choices=_blank([(k, v[0]) for k, v in OUTCOME_GROUPS.items()])
    )
    received_from = forms.DateField(label="收到日期自", required=False)
    received_to = forms.DateField(label="收到日期至", required=False)
    accepted_from = forms.DateField(label="受理日期自", required=False)
    accepted_to = forms.DateField(label="受理日期至", required=False)
    declined_from = forms.DateField(label="不予受理日期自", required=False, widget=forms.HiddenInput)
    declined_to = forms.DateField(label="不予受理日期至", required=False, widget=forms.HiddenInput)
    concluded_from = forms.DateField(label="审结日期自", required=False)
    concluded_to = forms.DateField(label="审结日期至", required=False)
    overdue = forms.BooleanField(label="仅看已超期", required=False)
    carried_over = forms.DateField(label="旧存（截至该日未审结）", required=False, widget=forms.HiddenInput)
    overdue_from = forms.DateField(label="期间超期自", required=False, widget=forms.HiddenInput)
    overdue_to = forms.DateField(label="期间超期至", required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(label="排序", choices=[(k, v[0]) for k, v in SORTS.items()], required=False)

    def __init__(self, data: Any = None, *, user: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        units = business_orgs(user) if user is not None else OrgUnit.objects.all()
        self.fields["org"].queryset = units.filter(
            kind__in=[
                OrgUnit.Kind.DEPARTMENT,
                OrgUnit.Kind.TOWNSHIP,
                OrgUnit.Kind.GOVERNMENT,
                OrgUnit.Kind.JUSTICE_BUREAU,
            ]
        ).order_by("sort_order", "id")
        self.fields["scope"].queryset = units


def parse_filters(params: Any, user: Any) -> tuple[dict[str, Any], CaseFilterForm]:
    """Validate query parameters; invalid ones are dropped (and shown on the form)."""
    form = CaseFilterForm(params, user=user)
    form.is_valid()
    return {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [], False)}, form


def cases_for(user: Any) -> QuerySet[ReconsiderationCase]:
    return ReconsiderationCase.objects.visible_to(user).select_related("org")


def case_detail(user: Any, pk: int) -> ReconsiderationCase:
    """One case in the user's scope, or 404 (DESIGN.md §5)."""
    qs = ReconsiderationCase.objects.visible_to(user).select_related("org", "created_by")
    return get_object_or_404(qs.prefetch_related("parties", "corrections", "suspensions", "hearings"), pk=pk)


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


def apply_filters(
    qs: QuerySet[ReconsiderationCase], f: dict[str, Any], today: date | None = None
) -> QuerySet[ReconsiderationCase]:
    """Narrow ``qs`` by the cleaned filters of ``CaseFilterForm``; every condition is index-friendly."""
    if q := f.get("q"):
        qs = qs.filter(number__startswith=q.strip())
    for name in ("status", "field", "act_category", "procedure"):
        if name in f:
            qs = qs.filter(**{name: f[name]})
    if "org" in f:
        qs = qs.filter(org=f["org"])
    if "scope" in f:
        qs = qs.filter(org__path__startswith=f["scope"].path)
    if "outcome" in f:
        qs = qs.filter(outcome__in=f["outcome"])
    if "outcome_group" in f:
        qs = qs.filter(outcome__in=OUTCOME_GROUPS[f["outcome_group"]][1])
    for prefix in ("received", "accepted", "declined", "concluded"):
        if d := f.get(f"{prefix}_from"):
            qs = qs.filter(**{f"{prefix}_on__gte": d})
        if d := f.get(f"{prefix}_to"):
            qs = qs.filter(**{f"{prefix}_on__lte": d})
    if "overdue" in f:
        qs = qs.filter(overdue_now_q(today or local_today()))
    if "carried_over" in f:
        qs = qs.filter(carried_over_q(f["carried_over"]))
    if "overdue_to" in f:
        qs = qs.filter(overdue_in_period_q(f.get("overdue_from") or date.min, f["overdue_to"]))
    return qs


__all__ = [
    "OPEN_STATUSES",
    "SORTS",
    "DEFAULT_SORT",
    "apply_filters",
    "parse_filters",
    "cases_for",
    "case_detail",
]
