"""The one filter declaration of the litigation case list: page form, API parameters, export and
figure drill-downs, so that a figure's drill-down URL selects exactly the records the figure counts."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from fazhi.core.assignment import MineFilter
from fazhi.core.lists import ListFilterSet, PartyFilter, Sort, UnitFilter, filtered, paired
from fazhi.core.pickers import unit_picker
from fazhi.core.query_params import date_range_q
from fazhi.core.search import CaseSearchFilter
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import org_choices_for

from .forms import DEFENDANT_KINDS
from .models import (
    QUALIFYING_POSTS,
    ActCategory,
    CourtSession,
    HeadPost,
    Instance,
    JudgmentKind,
    LitigationCase,
    LossAccountability,
    Outcome,
    Status,
    loss_q,
)

#: The list's defendant filter: the active defendant units of the user's scope.
DEFENDANT_FILTER = unit_picker(
    "litigation.defendants", lambda user: org_choices_for(user, kind__in=DEFENDANT_KINDS)
)


def session_exists(
    start: date | None, end: date | None, *, qualifying: bool = False, principal: bool = False
) -> Exists:
    """A court session of the case within [start, end] (optionally with a qualifying head appearing)."""
    sessions = CourtSession.objects.filter(date_range_q("held_on", start, end), case=OuterRef("pk"))
    if principal:
        sessions = sessions.filter(head_appeared=True, head_post=HeadPost.PRINCIPAL)
    elif qualifying:
        sessions = sessions.filter(head_appeared=True, head_post__in=sorted(QUALIFYING_POSTS))
    return Exists(sessions)


def scope_q(org: OrgUnit | None) -> Q:
    return Q(org__path__startswith=org.path) if org is not None else Q()


def _date(field: str, lookup: str, label: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(field_name=field, lookup_expr=lookup, label=label)


def _hidden_date(label: str, method: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(label=label, method=method, widget=forms.HiddenInput)


class CaseFilterSet(ListFilterSet):
    """Every filter of the case list; the hidden ones are set by figure drill-downs."""

    SORTS = {
        "-served_on": Sort("收到日期（新→旧）", "served_on", True),
        "served_on": Sort("收到日期（旧→新）", "served_on", False),
        "-id": Sort("登记顺序（新→旧）", "id", True),
        "id": Sort("登记顺序（旧→新）", "id", False),
    }
    DEFAULT_SORT = "-served_on"

    q = CaseSearchFilter(
        label="搜索（原告、证件号、法院案号、被告、案由）",
        parties="plaintiffs",
        number="court_case_number",
        texts=("cause",),
    )
    party = PartyFilter(label="原告名称或证件号", relation="plaintiffs")
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices, empty_label="全部")
    mine = MineFilter()
    outcome = django_filters.ChoiceFilter(label="裁判结果", choices=Outcome.choices, empty_label="全部")
    instance = django_filters.ChoiceFilter(label="审级", choices=Instance.choices, empty_label="全部")
    loss = django_filters.ChoiceFilter(
        label="是否败诉", choices=[("1", "败诉"), ("0", "未败诉")], method="filter_loss", empty_label="全部"
    )
    org = UnitFilter(label="被告单位", picker=DEFENDANT_FILTER, empty_label="全部")
    served_from = _date("served_on", "gte", "收到起诉状自")
    served_to = _date("served_on", "lte", "收到起诉状至")
    concluded_from = _date("concluded_on", "gte", "审结自")
    concluded_to = _date("concluded_on", "lte", "审结至")
    act_category = django_filters.ChoiceFilter(
        label="被诉行为类别", choices=ActCategory.choices, widget=forms.HiddenInput
    )
    judgment_kind = django_filters.ChoiceFilter(
        label="裁判文书类型", choices=JudgmentKind.choices, widget=forms.HiddenInput
    )
    scope = UnitFilter(
        label="单位范围（含下级）",
        method="filter_scope",
        widget=forms.HiddenInput,
    )
    court = UnitFilter(
        label="受理法院",
        queryset=OrgUnit.objects.filter(kind=OrgUnit.Kind.COURT),
        scoped=False,  # courts are outside every government's tree
        widget=forms.HiddenInput,
    )
    judgments = django_filters.ChoiceFilter(
        label="以判决结案", choices=[("1", "是")], method="filter_judgments", widget=forms.HiddenInput
    )
    heard_from = _hidden_date("开庭日期自", "filter_sessions")
    heard_to = _hidden_date("开庭日期至", "filter_sessions")
    head_from = _hidden_date("负责人出庭日期自", "filter_sessions")
    head_to = _hidden_date("负责人出庭日期至", "filter_sessions")
    principal_from = _hidden_date("正职负责人出庭日期自", "filter_sessions")
    principal_to = _hidden_date("正职负责人出庭日期至", "filter_sessions")
    acc_from = _hidden_date("启动败诉责任调查自", "filter_accountability")
    acc_to = _hidden_date("启动败诉责任调查至", "filter_accountability")
    recon_from = _hidden_date("关联复议审结自", "filter_recon")
    recon_to = _hidden_date("关联复议审结至", "filter_recon")
    recon_scope = UnitFilter(
        label="关联复议单位范围",
        method="filter_recon_scope",
        widget=forms.HiddenInput,
    )

    class Meta(ListFilterSet.Meta):
        model = LitigationCase
        fields: list[str] = []

    def filter_loss(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if value == "1":
            return qs.filter(loss_q())
        return qs.exclude(loss_q()).exclude(outcome="")

    def filter_scope(self, qs: QuerySet, name: str, value: OrgUnit) -> QuerySet:
        return qs.filter(scope_q(value))

    def filter_judgments(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        from .stats import judgments_q

        return qs.filter(judgments_q())

    def filter_sessions(self, qs: QuerySet, name: str, value: date) -> QuerySet:
        # One session within both bounds, not one after the start and another before the end.
        bounds = paired(self, name)
        if bounds is None:
            return qs
        kind = name.rsplit("_", 1)[0]
        return qs.filter(session_exists(*bounds, qualifying=kind == "head", principal=kind == "principal"))

    def filter_accountability(self, qs: QuerySet, name: str, value: date) -> QuerySet:
        bounds = paired(self, name)
        if bounds is None:
            return qs
        return qs.filter(
            Exists(LossAccountability.objects.filter(date_range_q("opened_on", *bounds), case=OuterRef("pk")))
        )

    def filter_recon(self, qs: QuerySet, name: str, value: date) -> QuerySet:
        bounds = paired(self, name)
        if bounds is None:
            return qs
        return qs.filter(
            date_range_q("related_reconsideration__concluded_on", *bounds),
            related_reconsideration__isnull=False,
        )

    def filter_recon_scope(self, qs: QuerySet, name: str, value: OrgUnit) -> QuerySet:
        return qs.filter(related_reconsideration__org__path__startswith=value.path)


def apply(qs: QuerySet, params: Any, user: Any = None) -> QuerySet:
    """``qs`` narrowed by the list parameters (invalid ones are dropped, as on the page)."""
    return filtered(CaseFilterSet, params, qs, user=user)
