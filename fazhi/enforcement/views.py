"""Pages of 行政执法, declared (``fazhi.core.pages.RecordPages``): bodies, officers and decisions (list,
detail, 登记 and their steps), plus the read-only lists of problems, recorders and teams."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fazhi.core.dates import today
from fazhi.core.lists import list_page
from fazhi.core.pages import RecordPages, audit_timeline
from fazhi.core.permissions import business_required
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import business_orgs
from fazhi.workdays.deadlines import evaluate

from . import filters, forms, problems, rules, selectors, services
from . import supervision_actions as sa
from . import supervision_services as ss
from .actions import BODY_WORKFLOW, OFFICER_WORKFLOW, WORKFLOW
from .forms import ActionForm, BodyForm, OfficerForm
from .rows import action_rows
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
    rows=action_rows,
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
    return render(
        request, "enforcement/problem_list.html", {**result.context(), "rows": action_rows(result.page.items)}
    )


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


def _register(
    noun: str, scoped: Any, related: Any, fs: Any, table: Any, form: Any, create: Any, created: str
) -> Any:
    """A record kind without steps: list, detail (its audit events as 办理过程) and 登记."""
    return RecordPages(
        "enforcement",
        noun,
        scoped,
        related,
        fs,
        table,
        form=form,
        create=create,
        created=created,
        context_name="r",
        history=audit_timeline,
    ).views()


recorder_list, recorder_detail, recorder_create, _ = _register(
    "recorder",
    selectors.recorders_for,
    selectors.with_org,
    filters.RecorderFilterSet,
    sa.RECORDER_TABLE,
    forms.RecorderForm,
    ss.create_recorder,
    "已登记执法记录仪 {serial}",
)
no_penalty_list, no_penalty_detail, no_penalty_create, _ = _register(
    "no_penalty",
    selectors.no_penalty_items_for,
    selectors.no_penalty_related,
    filters.NoPenaltyFilterSet,
    sa.NO_PENALTY_TABLE,
    forms.NoPenaltyItemForm,
    ss.create_no_penalty_item,
    "已登记不予处罚清单事项",
)
np_version_list, np_version_detail, np_version_create, _ = _register(
    "np_version",
    selectors.no_penalty_lists_for,
    selectors.with_org,
    filters.NoPenaltyListFilterSet,
    sa.NO_PENALTY_LIST_TABLE,
    forms.NoPenaltyListForm,
    ss.create_no_penalty_list,
    "已发布不予处罚清单 {name}",
)


def _deadline(rule: Any, start: str, done: str) -> Any:
    """The detail's 期限 card: the due date on the holiday calendar, its status and basis."""

    def extra(request: HttpRequest, r: Any) -> dict[str, Any]:
        d = evaluate(rule, getattr(r, start), today=today(), done_on=getattr(r, done))
        return {"deadlines": [d] if d else [], "title": "办理期限"}

    return extra


def _supervision(
    noun: str,
    scoped: Any,
    related: Any,
    fs: Any,
    wf: Any,
    form: Any,
    create: Any,
    created: str,
    extra: Any = None,
) -> Any:
    return RecordPages(
        "enforcement",
        noun,
        scoped,
        related,
        fs,
        wf,
        form=form,
        create=create,
        created=created,
        context_name="r",
        extra=extra,
    ).views()


case_review_list, case_review_detail, case_review_create, case_review_action = _supervision(
    "case_review",
    selectors.case_reviews_for,
    selectors.case_reviews_related,
    filters.CaseReviewFilterSet,
    sa.REVIEW_WORKFLOW,
    forms.CaseReviewForm,
    ss.create_case_review,
    "已登记案卷评查 {title}",
)
complaint_list, complaint_detail, complaint_create, complaint_action = _supervision(
    "complaint",
    selectors.complaints_for,
    selectors.complaints_related,
    filters.ComplaintFilterSet,
    sa.COMPLAINT_WORKFLOW,
    forms.ComplaintForm,
    ss.create_complaint,
    "已登记执法投诉",
    _deadline(rules.COMPLAINT, "received_on", "handled_on"),
)
notice_list, notice_detail, notice_create, notice_action = _supervision(
    "notice",
    selectors.notices_for,
    selectors.notices_related,
    filters.NoticeFilterSet,
    sa.NOTICE_WORKFLOW,
    forms.NoticeForm,
    ss.create_notice,
    "已制发监督文书",
    _deadline(rules.NOTICE_REPLY, "issued_on", "replied_on"),
)
