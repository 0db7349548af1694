"""Pages of 行政争议化解: thin — parse input, call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from fazhi.core.actions import action_forms, action_view
from fazhi.core.actions import errors_to_form as _errors_to_form
from fazhi.core.lists import list_page
from fazhi.core.permissions import business_required, writer_required

from . import filters, selectors, services
from .actions import WORKFLOW
from .forms import DisputeForm


@business_required
@require_GET
def dispute_list(request: HttpRequest) -> HttpResponse:
    result = list_page(
        filters.DisputeFilterSet,
        request.GET,
        selectors.disputes_for(request.user),
        user=request.user,
        cursor=request.GET.get("cursor"),
        related=selectors.with_related,
    )
    return render(request, "disputes/dispute_list.html", result.context())


@business_required
@writer_required
def dispute_create(request: HttpRequest) -> HttpResponse:
    form = DisputeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        parties = (
            [services.PartyData(cd["party_name"], cd["party_kind"], cd["party_id_number"], cd["party_phone"])]
            if cd["party_name"]
            else []
        )
        data = services.DisputeData(
            org=cd["org"],
            source=cd["source"],
            channel=cd["channel"],
            opened_on=cd["opened_on"],
            summary=cd["summary"],
            parties=parties,
            related_litigation=cd["litigation_number"],
        )
        try:
            d = services.create_dispute(actor=request.user, data=data, request=request)
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, f"已登记行政争议 {d.number}")
            return redirect("disputes:dispute_detail", pk=d.pk)
    return render(request, "disputes/dispute_form.html", {"form": form})


def _detail(
    request: HttpRequest, d: Any, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "disputes/dispute_detail.html",
        {
            "d": d,
            "timeline": selectors.timeline(d),
            "links": selectors.links_of(request.user, d),
            "sees_pii": request.user.sees_personal_data,
            "action_forms": action_forms(WORKFLOW, d, request.user, bound),
            "action_url": "disputes:dispute_action",
        },
        status=status,
    )


@business_required
@require_GET
def dispute_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.dispute_detail(request.user, pk))


@business_required
@writer_required
@require_POST
def dispute_action(request: HttpRequest, pk: int, name: str = "close") -> HttpResponse:
    d = selectors.dispute_detail(request.user, pk)
    return action_view(
        request,
        WORKFLOW,
        d,
        name,
        success_url=reverse("disputes:dispute_detail", args=[d.pk]),
        render_failure=lambda form: _detail(
            request, selectors.dispute_detail(request.user, pk), {name: form}, status=400
        ),
    )
