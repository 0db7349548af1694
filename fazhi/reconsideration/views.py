"""Pages of the reconsideration module: thin — parse input, call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.actions import action_forms, action_view, locked_reason
from fazhi.core.casework import edit_form, edit_page, filing_window, remove_attachment, voided_notice
from fazhi.core.dates import today as local_today
from fazhi.core.lists import list_page
from fazhi.core.permissions import business_required, role_required, writer_required
from fazhi.core.search import repeat_hint
from fazhi.orgs.models import Role

from . import deadlines, selectors, services
from .actions import WORKFLOW
from .edits import EDITABLE, EDITS
from .filters import CaseFilterSet
from .forms import AttachmentForm, CaseCreateForm, PartyFormSet
from .models import Attachment, Party, ReconsiderationCase, Status
from .rows import case_rows
from .services.attachments import CONTENT_TYPES

LABEL = "reconsideration.reconsiderationcase"


def notices(user: Any, case: ReconsiderationCase) -> dict[str, Any]:
    """``core/partials/case_notices.html``: the 重复申请 hint while the application is being examined."""
    hint = []
    if case.status in (Status.RECEIVED, Status.CORRECTION):
        hint = repeat_hint(selectors.cases_for(user), case, relation="parties", date_field="received_on")
    window = filing_window(case.known_on, case.received_on, case.late_reason)
    return {"repeat_hint": hint, "voided": voided_notice(case), "filing_window": window}


def _errors(form, error: ValidationError) -> None:  # type: ignore[no-untyped-def]
    for message in error.messages:
        form.add_error(None, message)


@business_required
def case_list(request: HttpRequest) -> HttpResponse:
    today = local_today()
    result = list_page(
        CaseFilterSet,
        request.GET,
        selectors.cases_for(request.user),
        user=request.user,
        cursor=request.GET.get("cursor"),
        # the applicants only, as a list (``to_attr``: no queryset built per row by the prefetch)
        related=lambda qs: qs.prefetch_related(
            Prefetch(
                "parties", queryset=Party.objects.filter(role=Party.Role.APPLICANT), to_attr="row_applicants"
            )
        ),
    )
    return render(
        request,
        "reconsideration/case_list.html",
        {
            **result.context(),
            "rows": case_rows(result.page.items, today),
            "can_create": Role.BUREAU in request.user.role_codes,
        },
    )


def _detail(
    request: HttpRequest, case: ReconsiderationCase, failed: tuple[str, Any] | None = None
) -> HttpResponse:
    """The detail page; ``failed``: (action name, refused form) shown open with its errors (400)."""
    today = local_today()
    office = Role.BUREAU in request.user.role_codes
    bound = dict([failed]) if failed else None
    forms_ = action_forms(
        WORKFLOW, case, request.user, bound, initial={"on": today, "procedure": case.procedure}
    )
    # 删除附件, 更正登记信息: the office, on a case not archived (read for the buttons already: no query).
    writable = office and request.user.can_write_business and not locked_reason(case)
    return render(
        request,
        "reconsideration/case_detail.html",
        {
            "case": case,
            "deadlines": deadlines.case_deadlines(case, today),
            "deemed_on": deadlines.deemed_acceptance_date(case, today),
            "sees_pii": request.user.sees_personal_data,
            # Forms open with today's date and the case's procedure: submitted unchanged they are valid.
            "action_forms": forms_,
            "can_remove": writable,
            "can_edit": writable and case.status != Status.VOIDED,
            "action_url": "reconsideration:case_action",
            "failed_action": failed[0] if failed else "",
            "timeline": selectors.timeline(case),
            "attachments": case.attachments.all(),
            "attachment_form": AttachmentForm(office=office) if request.user.can_write_business else None,
            "max_mb": settings.FAZHI_ATTACHMENT_MAX_BYTES // 1024 // 1024,
            **notices(request.user, case),
        },
        status=400 if failed else 200,
    )


@business_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.case_detail(request.user, pk))


@writer_required
@role_required(Role.BUREAU)
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    form = CaseCreateForm(request.POST or None, user=request.user)
    parties = PartyFormSet(
        request.POST or None,
        prefix="party",
        initial=[{"role": "applicant", "kind": "person"}] if request.method == "GET" else None,
    )
    if request.method == "POST" and form.is_valid() and parties.is_valid():
        data = form.cleaned_data
        try:
            case = services.receive(
                actor=request.user,
                respondent=data["respondent"],
                received_on=data["received_on"],
                contested_act=data["contested_act"],
                act_category=data["act_category"],
                field=data["field"],
                procedure=data["procedure"],
                channel=data["channel"],
                act_date=data["act_date"],
                request_text=data["request_text"],
                is_major=data["is_major"],
                known_on=data.get("known_on"),
                late_reason=data.get("late_reason") or "",
                request=request,
                parties=[p for p in parties.cleaned_data if p and p.get("name")],
            )
        except ValidationError as e:
            _errors(form, e)
        else:
            messages.success(request, f"已登记复议申请，案号 {case.number}")
            return redirect("reconsideration:case_detail", pk=case.pk)
    return render(request, "reconsideration/case_form.html", {"form": form, "parties": parties})


EditForm = edit_form(ReconsiderationCase, EDITABLE)


@writer_required
@role_required(Role.BUREAU)
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """更正登记信息 (issue 15 item 3): the page over the same step as ``POST …/cases/{id}/edit/``."""
    case = selectors.case_detail(request.user, pk)
    url = reverse("reconsideration:case_detail", args=[case.pk])
    return edit_page(request, case, EDITS, EditForm, detail_url=url, title=f"更正登记信息 {case.number}")


@business_required
@writer_required
@require_POST
def case_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    case = selectors.case_detail(request.user, pk)
    if name not in WORKFLOW.transitions:
        raise Http404

    def failed(form: Any) -> HttpResponse:
        return _detail(request, selectors.case_detail(request.user, pk), (name, form))

    return action_view(
        request,
        WORKFLOW,
        case,
        name,
        success_url=reverse("reconsideration:case_detail", args=[case.pk]),
        render_failure=failed,
    )


@writer_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_detail(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES, office=Role.BUREAU in request.user.role_codes)
    if form.is_valid():
        try:
            services.add_attachment(
                case,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                request=request,
            )
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
        else:
            messages.success(request, "附件已上传")
    else:
        messages.error(request, "；".join(m for errs in form.errors.values() for m in errs))
    return redirect("reconsideration:case_detail", pk=case.pk)


@writer_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """删除附件 with a reason (issue 15 item 3); the attachment's case is found in the user's scope (404)."""
    att = get_object_or_404(
        Attachment.objects.select_related("case"),
        pk=pk,
        case__in=ReconsiderationCase.objects.visible_to(request.user),
    )
    try:
        remove_attachment(
            att.case,
            att.pk,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            prefix="reconsideration",
            model=Attachment,
            request=request,
        )
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    else:
        messages.success(request, f"已删除附件「{att.filename}」（保留在审计记录中）")
    return redirect("reconsideration:case_detail", pk=att.case_id)


@business_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Served only through data scope: a file of a case outside the user's scope is a 404."""
    att = get_object_or_404(
        Attachment.objects.select_related("case"),
        pk=pk,
        case__in=ReconsiderationCase.objects.visible_to(request.user),
    )
    ext = "." + att.file.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        att.file.open("rb"),
        as_attachment=True,
        filename=att.filename,
        content_type=CONTENT_TYPES.get(ext, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
