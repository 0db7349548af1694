"""Pages of 重大行政决策 and the 合法性审查 queue, declared (``fazhi.core.pages.RecordPages``): list, detail,
登记 and the steps of each table; the year's catalogue and its publication."""

from __future__ import annotations

from functools import partial
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from fazhi.core.dates import today
from fazhi.core.pages import RecordPages
from fazhi.core.permissions import business_required, writer_required
from fazhi.core.uploads import content_type

from . import filters, selectors, services
from .actions import REVIEW_WORKFLOW, WORKFLOW, gate_refusal
from .forms import DecisionForm, ReviewForm
from .models import DecisionStatus


def _decision_extra(request: HttpRequest, d: Any) -> dict[str, Any]:
    """The decision's reviews, the hard gate (Art 26) and the review-time warning (Art 27) while open."""
    reviews = selectors.reviews_of_decision(request.user, d)
    open_ = d.status in (DecisionStatus.DRAFTING, DecisionStatus.POSTPONED)
    return {
        "reviews": reviews,
        "gate": gate_refusal(d) if open_ else "",
        "review_warning": services.review_time_warning(d, reviews[0] if reviews else None) if open_ else "",
    }


def _review_extra(request: HttpRequest, r: Any) -> dict[str, Any]:
    deadline = selectors.review_deadline(r, today())
    return {
        "subject": selectors.subject_link(request.user, r),
        "deadlines": [deadline] if deadline else [],
    }


def _review_initial(request: HttpRequest) -> dict[str, Any]:
    # "送审" from a decision's page names the subject in the query string
    return {
        "received_on": today(),
        **{k: request.GET[k] for k in ("subject_kind", "subject_id") if k in request.GET},
    }


decision_pages = RecordPages(
    "decisions",
    "decision",
    selectors.decisions_for,
    selectors.decision_related,
    filters.DecisionFilterSet,
    WORKFLOW,
    form=DecisionForm,
    create=services.create_decision,
    created="已登记重大行政决策 {number}",
    context_name="d",
    extra=_decision_extra,
    history=partial(selectors.timeline, prefix=WORKFLOW.prefix),
)
decision_list, decision_detail, decision_create, decision_action = decision_pages.views()

review_pages = RecordPages(
    "decisions",
    "review",
    selectors.reviews_for,
    selectors.review_related,
    filters.ReviewFilterSet,
    REVIEW_WORKFLOW,
    form=ReviewForm,
    create=services.create_review,
    created="已登记合法性审查 {number}",
    context_name="r",
    extra=_review_extra,
    history=partial(selectors.timeline, prefix=REVIEW_WORKFLOW.prefix),
    initial=_review_initial,
)
review_list, review_detail, review_create, review_action = review_pages.views()


@business_required
@require_GET
def review_document(request: HttpRequest, pk: int) -> FileResponse:
    """The review's opinion document (审查意见书), only for users whose scope holds the review (never a
    public media URL, never on the portal)."""
    r = get_object_or_404(selectors.reviews_for(request.user), pk=pk)
    if not r.opinion_document:
        raise Http404("该审查尚无审查意见书")
    try:
        handle = r.opinion_document.open("rb")
    except FileNotFoundError:
        raise Http404("审查意见书文件不存在") from None
    ext = PurePath(r.opinion_document.name).suffix.lower()
    resp = FileResponse(
        handle, content_type=content_type(ext), as_attachment=True, filename=f"{r.number}审查意见书{ext}"
    )
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


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
