"""Pages of 行政争议化解: thin — parse input, call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from fazhi.core.lists import list_page
from fazhi.core.permissions import business_required, writer_required
from fazhi.core.services import ConflictError

from . import filters, selectors, services
from .forms import CloseForm, DisputeForm
from .models import WORKFLOW


def _errors_to_form(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errs in error.message_dict.items():
            for msg in errs:
                form.add_error(name if name in form.fields else None, msg)
    else:
        for msg in error.messages:
            form.add_error(None, msg)


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


def _detail(request: HttpRequest, d: Any, close_form: Any = None, status: int = 200) -> HttpResponse:
    can_close = request.user.can_write_business and any(t.name == "close" for t in WORKFLOW.allowed(d.status))
    return render(
        request,
        "disputes/dispute_detail.html",
        {
            "d": d,
            "timeline": selectors.timeline(d),
            "links": selectors.links_of(request.user, d),
            "sees_pii": request.user.sees_personal_data,
            "close_form": (close_form or CloseForm()) if can_close else None,
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
def dispute_close(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.dispute_detail(request.user, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        cd = form.cleaned_data
        try:
            services.close_dispute(
                actor=request.user,
                dispute=d,
                on=cd["date"],
                resolved=cd["resolved"] == "1",
                how_resolved=cd["how_resolved"],
                version=request.POST.get("version"),
                request=request,
            )
        except ValidationError as e:
            _errors_to_form(form, e)
            if isinstance(e, ConflictError):
                # The form of a transition someone else already made is no longer on the page:
                # the conflict must still be seen.
                messages.error(request, "；".join(e.messages))
        else:
            messages.success(request, "已办结")
            return redirect("disputes:dispute_detail", pk=d.pk)
    return _detail(request, selectors.dispute_detail(request.user, pk), form, status=400)
