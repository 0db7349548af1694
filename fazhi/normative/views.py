"""Pages of 行政规范性文件: the declared list/detail/create/action pages (``core.pages.RecordPages``), the
cleanup page (documents in force, one decision each, applied all or nothing) and the public full text."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from fazhi.core.dates import today
from fazhi.core.pages import RecordPages
from fazhi.core.parts import numbering_government
from fazhi.core.permissions import business_required, writer_required

from . import filters, selectors, services
from .actions import BUREAU_ONLY, WORKFLOW
from .forms import DocumentForm
from .models import CleanupChoice
from .portal import full_text_response


class DocumentPages(RecordPages):
    def get(self, user: Any, pk: int) -> Any:
        doc = super().get(user, pk)
        # The review in the one queue, resolved through its own selector (无权查看 if outside scope).
        doc.review_link = selectors.review_link(user, doc)
        return doc


pages = DocumentPages(
    "normative",
    "document",
    selectors.documents_for,
    selectors.with_related,
    filters.DocumentFilterSet,
    WORKFLOW,
    form=DocumentForm,
    create=services.create_document,
    created="已起草登记规范性文件 {doc_number}",
    context_name="doc",
)
document_list, document_detail, document_create, document_action = pages.views()


@business_required
@writer_required
def cleanup(request: HttpRequest) -> HttpResponse:
    """清理: every document in force under the user's government today, one decision each (the bureau's)."""
    BUREAU_ONLY(request.user, None)
    gov = numbering_government(request.user.org)
    on = today()
    docs = list(
        selectors.in_force(selectors.documents_for(request.user), on)
        .filter(issuer__path__startswith=gov.path)
        .select_related("issuer")
        .order_by("valid_until", "id")[:2000]
    )
    error = ""
    if request.method == "POST":
        chosen = [{"document": d.pk, "decision": request.POST.get(f"d{d.pk}", "")} for d in docs]
        try:
            services.apply_cleanup(
                actor=request.user,
                government=gov,
                year=on.year,
                on=on,
                decisions=chosen,
                title=request.POST.get("title", ""),
                request=request,
            )
        except ValidationError as e:
            error = "；".join(e.messages)
        else:
            messages.success(request, f"已完成{on.year}年规范性文件清理（{len(chosen)}件）")
            return redirect("normative:document_list")
    context = {
        "docs": docs,
        "choices": CleanupChoice.choices,
        "error": error,
        "on": on,
        "campaigns": selectors.campaigns_for(request.user)[:10],
    }
    return render(request, "normative/cleanup.html", context, status=400 if error else 200)


@business_required
@require_GET
def full_text(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded full text (DOCX/PDF) of a document the user may see."""
    return full_text_response(get_object_or_404(selectors.documents_for(request.user), pk=pk))
