"""Pages of 行政应诉: thin — parse input, call a selector or service, render."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from fazhi.core.actions import action_forms, action_view, locked_reason
from fazhi.core.actions import errors_to_form as _errors_to_form
from fazhi.core.casework import VOIDED, edit_form, edit_page, voided_notice
from fazhi.core.dates import today
from fazhi.core.lists import list_page
from fazhi.core.permissions import business_required, writer_required
from fazhi.orgs.models import Role

from . import deadlines, filters, selectors, services
from .actions import EDITS, WORKFLOW
from .edits import EDITABLE
from .forms import PLAINTIFF_ROWS, CaseForm
from .models import LitigationCase, LossAccountability
from .rows import case_rows


@business_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    result = list_page(
        filters.CaseFilterSet,
        request.GET,
        selectors.cases_for(request.user),
        user=request.user,
        cursor=request.GET.get("cursor"),
        related=selectors.with_row_plaintiffs,
    )
    rows = case_rows(result.page.items, today())
    return render(request, "litigation/case_list.html", {**result.context(), "rows": rows})


def _plaintiffs_from(cd: dict[str, Any]) -> list[services.PlaintiffData]:
    out = []
    for i in range(1, PLAINTIFF_ROWS + 1):
        if cd.get(f"p{i}_name"):
            out.append(
                services.PlaintiffData(
                    cd[f"p{i}_name"],
                    cd[f"p{i}_kind"],
                    cd.get(f"p{i}_id_number") or "",
                    cd.get(f"p{i}_phone") or "",
                )
            )
    return out


@business_required
@writer_required
def case_create(request: HttpRequest) -> HttpResponse:
    # "登记二审案件" from an appealed case pre-fills the instance, the earlier record and the defendant.
    initial = {
        k: request.GET[k] for k in ("instance", "previous_number", "defendant", "cause") if k in request.GET
    }
    form = CaseForm(request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        data = services.CaseData(
            court_case_number=cd["court_case_number"],
            court=cd["court"],
            defendant=cd["defendant"],
            cause=cd["cause"],
            act_category=cd["act_category"],
            served_on=cd["served_on"],
            instance=cd["instance"],
            previous_instance=cd["previous_number"],
            plaintiffs=_plaintiffs_from(cd),
            co_defendants=list(cd["co_defendants"]),
            agents=cd["agents"],
            related_reconsideration=cd["previous_recon"],
        )
        try:
            case = services.create_case(actor=request.user, data=data, request=request)
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, f"已登记案件 {case.court_case_number}")
            return redirect("litigation:case_detail", pk=case.pk)
    rows = [
        [form[f"p{i}_{f}"] for f in ("name", "kind", "id_number", "phone")]
        for i in range(1, PLAINTIFF_ROWS + 1)
    ]
    return render(request, "litigation/case_form.html", {"form": form, "plaintiff_rows": rows})


def _detail_context(request: HttpRequest, case: Any, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "case": case,
        "deadlines": deadlines.case_deadlines(case, today()),
        "accountability": LossAccountability.objects.filter(case=case).first(),
        "timeline": selectors.timeline(case),
        # Co-defendant units see the case but only the defendant's scope may act on it (the runner's check).
        "action_forms": action_forms(WORKFLOW, case, request.user, bound),
        "action_url": "litigation:case_action",
        # 更正登记信息: the office, on a case neither voided nor archived (the archive was read just above).
        "can_edit": Role.BUREAU in request.user.role_codes
        and request.user.can_write_business
        and case.status != VOIDED
        and not locked_reason(case),
        "sees_pii": request.user.sees_personal_data,
        "sessions": list(case.sessions.all()),
        "links": selectors.links_of(request.user, case),
        "voided": voided_notice(case),
    }


@business_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_detail(request.user, pk)
    return render(request, "litigation/case_detail.html", _detail_context(request, case))


EditForm = edit_form(LitigationCase, EDITABLE)


@business_required
@writer_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """更正登记信息 (issue 15 item 3): the page over the same step as ``POST …/cases/{id}/edit/``."""
    if Role.BUREAU not in request.user.role_codes:
        raise PermissionDenied("只有司法局工作人员可以更正登记信息")
    if request.method not in ("GET", "POST"):
        from django.http import HttpResponseNotAllowed

        return HttpResponseNotAllowed(["GET", "POST"])
    case = selectors.case_detail(request.user, pk)
    url = reverse("litigation:case_detail", args=[case.pk])
    title = f"更正登记信息 {case.court_case_number}"
    return edit_page(request, case, EDITS, EditForm, detail_url=url, title=title)


@business_required
@writer_required
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = selectors.case_detail(request.user, pk)
    if action not in WORKFLOW.transitions:
        raise Http404

    def failed(form: Any) -> HttpResponse:
        ctx = _detail_context(request, selectors.case_detail(request.user, pk), {action: form})
        ctx["failed_action"] = action
        return render(request, "litigation/case_detail.html", ctx, status=400)

    return action_view(
        request,
        WORKFLOW,
        case,
        action,
        success_url=reverse("litigation:case_detail", args=[case.pk]),
        render_failure=failed,
    )


@business_required
@require_GET
def case_document(request: HttpRequest, pk: int) -> FileResponse:
    """The judgment document, only for users who may see the case (never a public media URL)."""
    case = selectors.case_detail(request.user, pk)
    if not case.judgment_document:
        raise Http404
    try:
        handle = case.judgment_document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    ctype = mimetypes.guess_type(case.judgment_document.name)[0] or "application/octet-stream"
    ext = case.judgment_document.name.rsplit(".", 1)[-1]
    resp = FileResponse(
        handle, content_type=ctype, as_attachment=True, filename=f"{case.court_case_number}裁判文书.{ext}"
    )
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


@business_required
@require_GET
def co_defendant_queue(request: HttpRequest) -> HttpResponse:
    """The bureau's queue of co-defendants named outside the clerk's subtree (issue 8 item 9)."""
    if Role.BUREAU not in request.user.role_codes:
        raise PermissionDenied("只有司法局工作人员可以确认共同被告")
    rows = list(selectors.pending_co_defendants(request.user)[:200])
    return render(request, "litigation/co_defendant_queue.html", {"rows": rows})


@business_required
@writer_required
@require_POST
def co_defendant_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in ("confirm", "reject"):
        raise Http404
    link = get_object_or_404(selectors.pending_co_defendants(request.user), pk=pk)
    try:
        if decision == "confirm":
            services.confirm_co_defendant(actor=request.user, link=link, request=request)
        else:
            reason = (request.POST.get("reason") or "")[:300]
            services.reject_co_defendant(actor=request.user, link=link, reason=reason, request=request)
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    else:
        verdict = "已确认" if decision == "confirm" else "已不予确认"
        messages.success(request, f"{verdict}：{link.case.court_case_number} 共同被告「{link.org.name}」")
    return redirect("litigation:co_defendant_queue")
