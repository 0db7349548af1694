"""Pages of 重大行政决策 and the 合法性审查 queue: thin — parse input, call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from fazhi.core.actions import action_forms, action_view, errors_to_form
from fazhi.core.dates import today
from fazhi.core.lists import list_page
from fazhi.core.permissions import business_required, writer_required

from . import filters, selectors, services
from .actions import REVIEW_WORKFLOW, WORKFLOW, gate_refusal
from .forms import DecisionForm, ReviewForm
from .models import DecisionStatus


@business_required
@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    result = list_page(
        filters.DecisionFilterSet,
        request.GET,
        selectors.decisions_for(request.user),
        user=request.user,
        cursor=request.GET.get("cursor"),
        related=selectors.decisions_related,
    )
    return render(request, "decisions/decision_list.html", result.context())


@business_required
@require_GET
def catalog_list(request: HttpRequest) -> HttpResponse:
    return render(request, "decisions/catalog_list.html", {"catalogs": selectors.catalogs(request.user)})


@business_required
@writer_required
@require_POST
def catalog_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """公布目录 (Art 9): the government's office or the bureau, with the version the page showed."""
    catalog = get_object_or_404(selectors.catalogs(request.user), pk=pk)
    try:
        services.publish_catalog(
            actor=request.user,
            catalog=catalog,
            on=today(),
            version=request.POST.get("version"),
            request=request,
        )
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    else:
        messages.success(request, f"{catalog}已公布")
    return redirect("decisions:catalog_list")


@business_required
@writer_required
def decision_create(request: HttpRequest) -> HttpResponse:
    form = DecisionForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            d = services.create_decision(
                actor=request.user, data=services.DecisionData(**form.cleaned_data), request=request
            )
        except ValidationError as e:
            errors_to_form(form, e)
        else:
            messages.success(request, f"已登记重大行政决策 {d.number}")
            return redirect("decisions:decision_detail", pk=d.pk)
    return render(request, "decisions/form.html", {"form": form, "title": "登记重大行政决策"})


def _decision_page(
    request: HttpRequest, d: Any, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    reviews = selectors.reviews_of_decision(request.user, d)
    latest = reviews[0] if reviews else None
    open_ = d.status in (DecisionStatus.DRAFTING, DecisionStatus.POSTPONED)
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "d": d,
            "reviews": reviews,
            "gate": gate_refusal(d) if open_ else "",
            "review_warning": services.review_time_warning(d, latest) if open_ else "",
            "timeline": selectors.timeline(d, WORKFLOW.prefix),
            "action_forms": action_forms(WORKFLOW, d, request.user, bound),
            "action_url": "decisions:decision_action",
        },
        status=status,
    )


@business_required
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision_page(request, selectors.decision_detail(request.user, pk))


@business_required
@writer_required
@require_POST
def decision_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    d = selectors.decision_detail(request.user, pk)
    return action_view(
        request,
        WORKFLOW,
        d,
        name,
        success_url=reverse("decisions:decision_detail", args=[d.pk]),
        render_failure=lambda form: _decision_page(
            request, selectors.decision_detail(request.user, pk), {name: form}, status=400
        ),
    )


@business_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    result = list_page(
        filters.ReviewFilterSet,
        request.GET,
        selectors.reviews_for(request.user),
        user=request.user,
        cursor=request.GET.get("cursor"),
        related=selectors.reviews_related,
    )
    return render(request, "decisions/review_list.html", {**result.context(), "today": today()})


@business_required
@writer_required
def review_create(request: HttpRequest) -> HttpResponse:
    # "送审" from a decision's page names the subject in the query string
    initial = {
        "received_on": today(),
        **{k: request.GET[k] for k in ("subject_kind", "subject_id") if k in request.GET},
    }
    form = ReviewForm(request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            r = services.create_review(
                actor=request.user, data=services.ReviewData(**form.cleaned_data), request=request
            )
        except ValidationError as e:
            errors_to_form(form, e)
        else:
            messages.success(request, f"已登记合法性审查 {r.number}")
            return redirect("decisions:review_detail", pk=r.pk)
    return render(request, "decisions/form.html", {"form": form, "title": "登记合法性审查"})


def _review_page(
    request: HttpRequest, r: Any, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    now = today()
    deadline = selectors.review_deadline(r, now)
    return render(
        request,
        "decisions/review_detail.html",
        {
            "r": r,
            "subject": selectors.subject_link(request.user, r),
            "deadlines": [deadline] if deadline else [],
            "is_overdue": selectors.is_overdue(r, now),
            "timeline": selectors.timeline(r, REVIEW_WORKFLOW.prefix),
            "action_forms": action_forms(REVIEW_WORKFLOW, r, request.user, bound),
            "action_url": "decisions:review_action",
        },
        status=status,
    )


@business_required
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_page(request, selectors.review_detail(request.user, pk))


@business_required
@writer_required
@require_POST
def review_action(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    # The URL parameter is ``step``, not ``name``: the contract suite reads ``name`` as a step of the
    # module's WORKFLOW (the decision's), and the review desk has its own table.
    r = selectors.review_detail(request.user, pk)
    return action_view(
        request,
        REVIEW_WORKFLOW,
        r,
        step,
        success_url=reverse("decisions:review_detail", args=[r.pk]),
        render_failure=lambda form: _review_page(
            request, selectors.review_detail(request.user, pk), {step: form}, status=400
        ),
    )
