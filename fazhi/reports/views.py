"""Pages of the annual report: list, read (HTML with drill-down), edit (autosave), workflow, downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.core import file_jobs
from fazhi.core.actions import available_actions, run
from fazhi.core.dates import today
from fazhi.orgs.scope import scope_root

from . import output, publication, roles, selectors, services
from .actions import EDITS, WORKFLOW
from .figures import module_label
from .forms import DetailsForm
from .models import ReportSection


def grouped(figures: dict) -> list[tuple[str, list]]:  # type: ignore[type-arg]
    """Figures by module (行政复议, 行政应诉 …) for the side tables: the same label means different things."""
    out: dict[str, list] = {}  # type: ignore[type-arg]
    for key, fig in figures.items():
        out.setdefault(module_label(key), []).append(fig)
    return list(out.items())


def _guard_read(request: HttpRequest) -> None:
    if not roles.can_read(request.user):
        raise PermissionDenied("您的角色无权查看年度报告")


def report_list(request: HttpRequest) -> HttpResponse:
    reports = selectors.reports_for(request.user)
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": reports,
            "can_edit": roles.can_edit(request.user),
            "default_year": today().year - 1,
        },
    )


@require_POST
def report_create(request: HttpRequest) -> HttpResponse:
    _guard_read(request)
    root = scope_root(request.user)
    gov = (root.government or root) if root else None
    try:
        year = int(request.POST.get("year", ""))
        if not 2000 <= year <= today().year:
            raise ValueError
    except ValueError:
        messages.error(request, "请填写有效的报告年度")
        return redirect("reports:report_list")
    if gov is None:
        raise PermissionDenied("您没有所属的政府，不能新建报告")
    try:
        report = services.create_report(actor=request.user, org=gov, year=year, request=request)
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
        return redirect("reports:report_list")
    messages.success(request, "已根据业务数据生成报告草稿")
    return redirect("reports:report_detail", report.pk)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    blocks, figures = output.report_blocks(report)
    issuer, day = output.closing(report)
    problems = [] if report.is_frozen else services.current_problems(report)
    acknowledged = set(report.acknowledged_checks or [])
    user = request.user
    actions = [(t.name, t.label) for t in available_actions(WORKFLOW, report, user)]
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "blocks": blocks,
            "groups": grouped(figures),
            "problems": [(p, p.id in acknowledged) for p in problems],
            "open_problems": sum(1 for p in problems if p.id not in acknowledged),
            "warnings": services.warnings(report),
            "actions": actions,
            "can_edit": roles.can_edit(user) and report.status == report.Status.DRAFT,
            "can_acknowledge": roles.can_edit(user) and not report.is_frozen,
            "details_form": DetailsForm(instance=report),
            "public_pdf": _public_pdf_notice(report, user),
        },
    )


def _public_pdf_notice(report: Any, user: Any) -> dict[str, Any] | None:
    """A published report without its portal PDF (published before the PDF job existed, or the
    conversion failed): said on the page, and the 司法局 may produce it (issue 16 item 4)."""
    if report.status != report.Status.PUBLISHED:
        return None
    state, job = output.public_pdf_state(report)
    if state not in (output.PublicPdf.MISSING, output.PublicPdf.FAILED):
        return None
    why = f"上次生成失败：{job.message}" if state == output.PublicPdf.FAILED and job.message else ""
    return {"why": why, "can_produce": roles.can_edit(user)}


@require_POST
def report_public_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the portal's PDF of a published report that has none (the 司法局 only; idempotent)."""
    report = selectors.report_for(request.user, pk)
    try:
        job = output.produce_public_pdf(report, actor=request.user, request=request)
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
        return redirect("reports:report_detail", pk=report.pk)
    if job is None:
        messages.info(request, "公开版 PDF 已有或正在生成")
    else:
        messages.success(request, "已排队生成公开版 PDF，完成后门户网站即提供下载")
    return redirect("reports:report_detail", pk=report.pk)


def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    if not roles.can_edit(request.user):
        raise PermissionDenied("只有司法局工作人员可以编辑年度报告")
    figures = selectors.live_figures(report)
    return render(
        request,
        "reports/report_edit.html",
        {
            "report": report,
            "sections": report.sections.all(),
            "groups": grouped(figures),
            "editable": report.status == report.Status.DRAFT,
            "details_form": DetailsForm(instance=report),
        },
    )


@require_POST
def section_save(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    section = get_object_or_404(ReportSection, pk=sid, report=report)
    try:
        data = {"section": section, "text": request.POST.get("text", ""), "title": request.POST.get("title")}
        section = run(
            EDITS,
            "section_save",
            report,
            actor=request.user,
            data=data,
            version=request.POST.get("version"),
            request=request,
        )
    except ValidationError as e:
        return render(
            request,
            "reports/_save_status.html",
            {"section": section, "error": "；".join(e.messages)},
            status=409 if getattr(e, "code", "") == "conflict" else 400,
        )
    return render(request, "reports/_save_status.html", {"section": section})


def section_versions(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    section = get_object_or_404(ReportSection, pk=sid, report=report)
    versions = section.versions.select_related("saved_by").order_by("-number")
    return render(
        request,
        "reports/section_versions.html",
        {
            "report": report,
            "section": section,
            "versions": versions,
            "can_restore": roles.can_edit(request.user) and report.status == report.Status.DRAFT,
        },
    )


@require_POST
def section_restore(request: HttpRequest, pk: int, sid: int, number: int) -> HttpResponse:
    """Bring back an earlier version: saved as the newest version (nothing is overwritten)."""
    report = selectors.report_for(request.user, pk)
    section = get_object_or_404(ReportSection, pk=sid, report=report)
    old = get_object_or_404(section.versions, number=number)
    try:
        run(
            EDITS,
            "section_save",
            report,
            actor=request.user,
            data={"section": section, "text": old.text, "title": old.title},
            version=request.POST.get("version"),
            request=request,
        )
        messages.success(request, f"已恢复第{number}版（另存为最新版本）")
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    return redirect("reports:report_edit", report.pk)


@require_POST
def report_arrange(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    rows = []
    for sec in report.sections.all():
        rows.append(
            {
                "id": sec.pk,
                "title": request.POST.get(f"title-{sec.pk}", sec.title),
                "order": request.POST.get(f"order-{sec.pk}", sec.order) or sec.order,
                "enabled": request.POST.get(f"enabled-{sec.pk}") == "on" or sec.code != "other",
            }
        )
    try:
        run(
            EDITS,
            "arrange",
            report,
            actor=request.user,
            data={"rows": rows},
            version=request.POST.get("version"),
            request=request,
        )
        messages.success(request, "章节设置已保存")
    except (ValidationError, ValueError) as e:
        messages.error(request, "；".join(getattr(e, "messages", [str(e)])))
    return redirect("reports:report_edit", report.pk)


@require_POST
def report_details(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    form = DetailsForm(request.POST, instance=report)
    if form.is_valid():
        try:
            run(
                EDITS,
                "update",
                report,
                actor=request.user,
                data=form.cleaned_data,
                version=request.POST.get("version"),
                request=request,
            )
            messages.success(request, "报告信息已保存")
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
    else:
        messages.error(request, "；".join(m for errs in form.errors.values() for m in errs))
    return redirect("reports:report_edit", report.pk)


@require_POST
def report_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    try:
        run(
            EDITS,
            "acknowledge_checks",
            report,
            actor=request.user,
            data={"problem_ids": request.POST.getlist("problem")},
            version=request.POST.get("version"),
            request=request,
        )
        messages.success(request, "已确认所选数据问题")
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    return redirect("reports:report_detail", report.pk)


@require_POST
def report_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    if name not in WORKFLOW.transitions:
        return HttpResponse("未知的操作", status=400)
    data = {"comment": request.POST.get("comment", "")}
    try:
        run(
            WORKFLOW,
            name,
            report,
            actor=request.user,
            data=data,
            version=request.POST.get("version"),
            request=request,
        )
    except ValidationError as e:
        return render(
            request, "reports/transition_error.html", {"report": report, "errors": e.messages}, status=400
        )
    label = WORKFLOW.transitions[name].label
    messages.success(request, f"已{label}")
    if name == "send_back":  # no longer submitted: the government above no longer opens it
        return redirect(f"{reverse('reports:submission_board')}?year={report.year}")
    return redirect("reports:report_detail", report.pk)


def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """公开: every suspected personal datum in the exact page text and DOCX is listed (where, what,
    masked); the publisher confirms each as a false positive, or the report is not published."""
    report = selectors.report_for(request.user, pk)
    if not roles.may(request.user, "publish", report.status):
        raise PermissionDenied("您无权公开年度报告")
    errors: list[str] = []
    if request.method == "POST":
        try:
            run(
                WORKFLOW,
                "publish",
                report,
                actor=request.user,
                data={"confirmed": request.POST.getlist("confirm")},
                version=request.POST.get("version"),
                request=request,
            )
        except ValidationError as e:
            errors = e.messages
        else:
            messages.success(request, "已公开")
            return redirect("reports:report_detail", report.pk)
    hits = publication.check(report) if report.status == report.Status.APPROVED else []
    return render(
        request,
        "reports/publish.html",
        {"report": report, "hits": hits, "errors": errors},
        status=400 if errors else 200,
    )


def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    return _file(
        output.report_docx(report),
        output.filename(report, "docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@require_POST
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF is converted by LibreOffice on the job queue (``core.file_jobs``), not in the request: the
    browser goes to the job's page (progress, then the download for the asker only)."""
    report = selectors.report_for(request.user, pk)
    job = file_jobs.start(
        title=output.filename(report, "pdf"),
        builder="fazhi.reports.output.pdf_job",
        user=request.user,
        params={"pk": report.pk},
    )
    return redirect("file_job", job.pk)


def report_json(request: HttpRequest, pk: int) -> JsonResponse:
    report = selectors.report_for(request.user, pk)
    return JsonResponse(output.report_json(report), json_dumps_params={"ensure_ascii": False})


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    from urllib.parse import quote

    resp = HttpResponse(data, content_type=content_type)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return resp
