"""Pages of 行政执法, declared (``fazhi.core.pages.RecordPages``): bodies, officers and decisions (list,
detail, 登记 and their steps), plus the read-only lists of problems, recorders and teams."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fazhi.core.lists import list_page
from fazhi.core.pages import RecordPages
from fazhi.core.permissions import business_required
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import business_orgs

from . import filters, problems, selectors, services
from .actions import BODY_WORKFLOW, OFFICER_WORKFLOW, WORKFLOW
from .forms import ActionForm, BodyForm, OfficerForm
from .models import NoPenaltyItem
from .selectors import review_of


def _action_extra(request: HttpRequest, a: Any) -> dict[str, Any]:
    return {
        "review": review_of(a) if a.is_major else None,
        "publicity_rule": problems.publicity_rule(a.action_type),
    }


body_pages = RecordPages(
    "enforcement",
    "body",
    selectors.bodies_for,
    selectors.bodies_related,
    filters.BodyFilterSet,
    BODY_WORKFLOW,
    form=BodyForm,
    create=services.create_body,
    created="已登记执法主体 {name}",
    context_name="b",
)
body_list, body_detail, body_create, body_action = body_pages.views()


def _officer_extra(request: HttpRequest, o: Any) -> dict[str, Any]:
    """The officer's training hours per year from the training participant lists of 法治建设综合 (matched by
    ID number; read, never stored, so they cannot drift from the lists)."""
    from django.apps import apps

    if not apps.is_installed("fazhi.governance"):
        return {}
    from fazhi.governance.selectors import hours_by_year

    return {"training_hours": hours_by_year(o.id_number)}


officer_pages = RecordPages(
    "enforcement",
    "officer",
    selectors.officers_for,
    selectors.officers_related,
    filters.OfficerFilterSet,
    OFFICER_WORKFLOW,
    form=OfficerForm,
    create=services.create_officer,
    created="已登记执法人员 {name}",
    context_name="o",
    extra=_officer_extra,
)
officer_list, officer_detail, officer_create, officer_action = officer_pages.views()

action_pages = RecordPages(
    "enforcement",
    "action",
    selectors.actions_for,
    selectors.actions_related,
    filters.ActionFilterSet,
    WORKFLOW,
    form=ActionForm,
    create=services.create_action,
    created="已登记执法决定 {case_number}",
    context_name="a",
    extra=_action_extra,
)
action_list, action_detail, action_create, action_action = action_pages.views()


@business_required
@require_GET
def problem_list(request: HttpRequest) -> HttpResponse:
    """The supervisors' problems list: decisions kept with a named problem (an indexed range)."""
    qs = selectors.actions_for(request.user).filter(problem_count__gt=0)
    result = list_page(
        filters.ActionFilterSet,
        request.GET,
        qs,
        user=request.user,
        cursor=request.GET.get("cursor"),
        related=selectors.actions_related,
    )
    return render(request, "enforcement/problem_list.html", result.context())


@business_required
@require_GET
def recorder_list(request: HttpRequest) -> HttpResponse:
    result = list_page(
        filters.RecorderFilterSet,
        request.GET,
        selectors.recorders_for(request.user),
        user=request.user,
        cursor=request.GET.get("cursor"),
        related=lambda qs: qs.select_related("org"),
    )
    return render(request, "enforcement/recorder_list.html", result.context())


@business_required
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    """综合执法队伍: the ``is_enforcement_team`` units of the user's scope (a handful per county)."""
    teams = OrgUnit.objects.filter(pk__in=business_orgs(request.user), is_enforcement_team=True)
    result = list_page(
        filters.TeamFilterSet,
        request.GET,
        teams,
        user=request.user,
        cursor=request.GET.get("cursor"),
        related=lambda qs: qs.select_related("parent"),
    )
    return render(request, "enforcement/team_list.html", result.context())


@business_required
@require_GET
def no_penalty_list(request: HttpRequest) -> HttpResponse:
    """涉企轻微违法不予处罚清单 (行政处罚法 Art 33)."""
    result = list_page(
        filters.NoPenaltyFilterSet,
        request.GET,
        NoPenaltyItem.objects.visible_to(request.user),
        user=request.user,
        cursor=request.GET.get("cursor"),
    )
    return render(request, "enforcement/no_penalty_list.html", result.context())
