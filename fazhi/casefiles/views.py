"""Pages of a declared case file, mounted at ``/<mount>/casefile/`` (namespace ``casefiles_<label>``):
make a document, download it (DOCX) or print it (PDF), record its service, the case file index, the bound
PDF and 归档. The detail page shows them through ``{% casefile_panel case %}``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_GET, require_POST

from fazhi.core import file_jobs
from fazhi.core.dates import today as local_today
from fazhi.core.lists import list_page, row_urls
from fazhi.core.permissions import business_required, writer_required

from . import approvals, casefile, performance, publication, respondent, services
from .api import DOCX
from .archive import archive_of
from .declare import CaseFiles
from .filters import filterset_for
from .forms import (
    ApprovalRequestForm,
    ArchiveForm,
    DecideForm,
    DeliberationForm,
    DocumentForm,
    PerformanceReportForm,
    RespondForm,
    ServiceForm,
    SuperviseForm,
)


def _report(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _public_url(cf: CaseFiles, case: Any) -> str:
    try:
        return reverse(f"portal_{cf.label}:decision", args=[case.pk])
    except NoReverseMatch:  # the module declares no public pages
        return ""


def page_urls(cf: CaseFiles) -> list[Any]:
    def case_of(request: HttpRequest, pk: int) -> Any:
        return get_object_or_404(cf.scoped(request.user), pk=pk)

    def back(case: Any) -> HttpResponse:
        return redirect(reverse(cf.detail, kwargs={"pk": case.pk}) + "#casefile")

    def document_of(case: Any, doc: int) -> Any:
        return get_object_or_404(services.documents_of(case), pk=doc)

    @writer_required
    @require_POST
    def document_create(request: HttpRequest, pk: int) -> HttpResponse:
        case = case_of(request, pk)
        form = DocumentForm(request.POST, cf=cf)
        if not form.is_valid():
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
            return back(case)
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            doc = services.generate(
                cf, case, data.pop("kind"), actor=request.user, data=data, request=request
            )
        except ValidationError as e:
            _report(request, e)
        else:
            messages.success(request, f"已制作{doc.title}，文号 {doc.number}")
        return back(case)

    @business_required
    @require_GET
    def document_download(request: HttpRequest, pk: int, doc: int) -> FileResponse:
        found = document_of(case_of(request, pk), doc)
        response = FileResponse(
            found.file.open("rb"), as_attachment=True, filename=found.filename, content_type=DOCX
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @business_required
    @require_GET
    def document_pdf(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
        """打印: the stored DOCX through LibreOffice, shown inline for the browser's print."""
        from fazhi.reports.pdf import PdfUnavailable, docx_to_pdf

        case = case_of(request, pk)
        found = document_of(case, doc)
        try:
            with found.file.open("rb") as f:
                pdf = docx_to_pdf(f.read())
        except PdfUnavailable as e:
            messages.error(request, str(e))
            return back(case)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = "inline"
        return response

    @writer_required
    @require_POST
    def service_create(request: HttpRequest, pk: int) -> HttpResponse:
        case = case_of(request, pk)
        docs = list(services.documents_of(case))
        form = ServiceForm(request.POST, request.FILES, documents=docs)
        if not form.is_valid():
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
            return back(case)
        data = dict(form.cleaned_data)
        chosen = data.pop("document")  # popped once: the generator below tests every document against it
        document = next(d for d in docs if d.pk == chosen)
        receipt = data.pop("receipt", None)
        try:
            services.serve(
                cf, case, document, actor=request.user, data=data, receipt=receipt, request=request
            )
        except ValidationError as e:
            _report(request, e)
        else:
            messages.success(request, f"已登记{document.title}的送达")
        return back(case)

    @business_required
    @require_GET
    def receipt_download(request: HttpRequest, pk: int, doc: int) -> FileResponse:
        found = document_of(case_of(request, pk), doc)
        service = getattr(found, "service", None)
        if service is None or not service.receipt:
            from django.http import Http404

            raise Http404("没有送达回证")
        response = FileResponse(service.receipt.open("rb"), as_attachment=True, filename=service.receipt_name)
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @business_required
    @require_GET
    def file_index(request: HttpRequest, pk: int) -> HttpResponse:
        case = case_of(request, pk)
        archive = archive_of(case)
        can_archive = archive is None and request.user.can_write_business and cf.closed(case)
        return render(
            request,
            "casefiles/casefile.html",
            {
                "case": case,
                "cf": cf,
                "ns": f"casefiles_{cf.label}",
                "detail_url": reverse(cf.detail, kwargs={"pk": case.pk}),
                "items": casefile.items(cf, case),
                "archive": archive,
                "archive_form": ArchiveForm() if can_archive else None,
            },
        )

    @business_required
    @require_POST
    def file_pdf(request: HttpRequest, pk: int) -> HttpResponse:
        """The bound PDF is built on the job queue (every item converted by LibreOffice): the browser goes
        to the job's page, which shows the progress and then the download (the asker's only)."""
        case = case_of(request, pk)
        job = file_jobs.start(
            title=casefile.pdf_name(case).removesuffix(".pdf") + "（装订 PDF）",
            builder="fazhi.casefiles.casefile.pdf_job",
            user=request.user,
            params={"label": cf.label, "pk": case.pk},
        )
        return redirect("file_job", job.pk)

    @writer_required
    @require_POST
    def archive_create(request: HttpRequest, pk: int) -> HttpResponse:
        case = case_of(request, pk)
        form = ArchiveForm(request.POST)
        if form.is_valid():
            try:
                row = services.archive(cf, case, actor=request.user, data=form.cleaned_data, request=request)
            except ValidationError as e:
                _report(request, e)
            else:
                messages.success(request, f"已归档，档号 {row.archive_number}；案卷此后只读")
        else:
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
        return redirect(f"casefiles_{cf.label}:file_index", pk=case.pk)

    @writer_required
    def respond(request: HttpRequest, pk: int) -> HttpResponse:
        """提交答复 (issue 15 item 7): the respondent unit's clerk only (404 for anyone else)."""
        case = respondent.case_for_respondent(cf, request.user, pk)
        assert cf.respondent is not None
        form = RespondForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                respondent.answer(
                    cf,
                    case,
                    actor=request.user,
                    on=form.cleaned_data["answered_on"],
                    answer_file=form.cleaned_data["answer_file"],
                    evidence=request.FILES.getlist("evidence"),
                    request=request,
                )
            except ValidationError as e:
                _report(request, e)
            else:
                messages.success(request, "答复已提交，复议机构可以看到提交时间")
                return redirect(f"casefiles_{cf.label}:respond", pk=case.pk)
        return render(
            request,
            "casefiles/respond.html",
            {
                "case": case,
                "ns": f"casefiles_{cf.label}",
                "summary": cf.respondent.summary(case),
                "notices": respondent.served_notices(cf, case),
                "answered_on": cf.respondent.answered_on(case),
                "form": form,
            },
        )

    @writer_required
    def publish(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
        """审核公开: GET shows the public version (names masked, numbers removed); POST publishes it."""
        case = case_of(request, pk)
        found = document_of(case, doc)
        kind = cf.kind(found.kind)
        if kind is None or not kind.publishable or not cf.issuer_roles & set(request.user.role_codes):
            raise Http404
        if request.method == "POST":
            try:
                publication.publish(cf, case, found, actor=request.user, request=request)
            except ValidationError as e:
                _report(request, e)
            else:
                messages.success(request, f"已审核并公开{found.title}（{found.number}）")
                return back(case)
        return render(
            request,
            "casefiles/publish.html",
            {
                "case": case,
                "document": found,
                "ns": f"casefiles_{cf.label}",
                "paragraphs": publication.public_version(cf, case, found),
                "published": publication.Publication.objects.filter(document=found).first(),
                "public_url": _public_url(cf, case),
            },
        )

    @business_required
    def performance_page(request: HttpRequest, pk: int) -> HttpResponse:
        """履行监督 of one case: the office sets the due date, the respondent's clerk reports."""
        case = case_of(request, pk)
        if cf.orders_action is None:
            raise Http404
        user = request.user
        row = performance.performance_of(cf, case)
        office = user.can_write_business and bool(cf.issuer_roles & set(user.role_codes))
        clerk = user.can_write_business and respondent.is_respondent(user, case)
        supervise_form = SuperviseForm(request.POST if "due_on" in request.POST else None)
        report_form = PerformanceReportForm(request.POST if "performed_on" in request.POST else None)
        if request.method == "POST":
            if not (office or clerk):
                raise PermissionDenied("只有复议机构或被申请人的工作人员可以办理履行监督")
            try:
                if office and supervise_form.is_bound and supervise_form.is_valid():
                    performance.supervise(
                        cf, case, actor=user, due_on=supervise_form.cleaned_data["due_on"], request=request
                    )
                    messages.success(request, "已登记履行监督")
                    return redirect(f"casefiles_{cf.label}:performance", pk=case.pk)
                if clerk and report_form.is_bound and report_form.is_valid():
                    performance.report(
                        cf,
                        case,
                        actor=user,
                        performed_on=report_form.cleaned_data["performed_on"],
                        text=report_form.cleaned_data["report"],
                        request=request,
                    )
                    messages.success(request, "已报告履行情况")
                    return redirect(f"casefiles_{cf.label}:performance", pk=case.pk)
            except ValidationError as e:
                _report(request, e)
        return render(
            request,
            "casefiles/performance.html",
            {
                "case": case,
                "row": row,
                "applies": cf.closed(case) and cf.orders_action(case),
                "supervise_form": supervise_form if office and row is None else None,
                "report_form": report_form
                if clerk and row is not None and row.performed_on is None
                else None,
                "detail_url": reverse(cf.detail, args=[case.pk]) if not clerk else "",
            },
        )

    @business_required
    @require_GET
    def performance_list(request: HttpRequest) -> HttpResponse:
        """The 履行监督 list (a ``core.lists`` page: ``filters.PerformanceFilterSet``, keyset pages, capped
        count) with the scope's 按期履行 counts, each linking to its rows; the drill-down of the module's
        按期履行 figures."""
        if cf.orders_action is None:
            raise Http404
        result = list_page(
            filterset_for(cf),
            request.GET,
            performance.supervised(cf, request.user),
            user=request.user,
            cursor=request.GET.get("cursor"),
            related=lambda qs: qs.select_related("org"),
        )
        items = result.page.items
        cases = {c.pk: c for c in cf.model._default_manager.filter(pk__in=[r.object_id for r in items])}
        figures = performance.on_time_figures(cf, request.user, local_today())
        done = figures["on_time"] + figures["late"]
        case_url = row_urls(f"casefiles_{cf.label}:performance")
        due = result.filterset
        return render(
            request,
            "casefiles/performance_list.html",
            {
                **result.context(),
                "action": request.path,
                "results": "performance-results",
                "rows": [(r, cases.get(r.object_id), case_url(r.object_id)) for r in items],
                "figures": figures,
                "rate": f"{figures['on_time'] / done:.1%}" if done else "—",
                "states": performance.STATES,
                "state": due.cleaned("state") or "",
                "due_from": due.cleaned("due_from"),
                "due_to": due.cleaned("due_to"),
            },
        )

    def _form_errors(request: HttpRequest, form: Any) -> None:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)

    def to_approvals(case: Any) -> HttpResponse:
        return redirect(f"casefiles_{cf.label}:approvals", pk=case.pk)

    @business_required
    @require_GET
    def approvals_page(request: HttpRequest, pk: int) -> HttpResponse:
        """审批与合议: the head's approvals of the case's steps and its 案审/合议 records."""
        case = case_of(request, pk)
        user = request.user
        writer = archive_of(case) is None and user.can_write_business and "bureau" in user.role_codes
        steps = approvals.steps(cf)
        return render(
            request,
            "casefiles/approvals.html",
            {
                "case": case,
                "ns": f"casefiles_{cf.label}",
                "detail_url": reverse(cf.detail, kwargs={"pk": case.pk}),
                "approvals": approvals.approvals_of(case),
                "deliberations": approvals.deliberations_of(case),
                "request_form": ApprovalRequestForm(steps=steps) if writer and steps else None,
                "decide_form": DecideForm() if writer and approvals.is_head(user) else None,
                "deliberation_form": DeliberationForm() if writer else None,
            },
        )

    @writer_required
    @require_POST
    def approval_request(request: HttpRequest, pk: int) -> HttpResponse:
        case = case_of(request, pk)
        form = ApprovalRequestForm(request.POST, steps=approvals.steps(cf))
        if not form.is_valid():
            _form_errors(request, form)
            return to_approvals(case)
        try:
            row = approvals.request_approval(
                cf,
                case,
                form.cleaned_data["step"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as e:
            _report(request, e)
        else:
            messages.success(request, f"已报请负责人审批：{row.step_label}")
        return to_approvals(case)

    @writer_required
    @require_POST
    def approval_decide(request: HttpRequest, pk: int, approval: int) -> HttpResponse:
        case = case_of(request, pk)
        form = DecideForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return to_approvals(case)
        try:
            row = approvals.decide(
                cf,
                case,
                approval,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approved",
                opinion=form.cleaned_data["opinion"],
                request=request,
            )
        except ValidationError as e:
            _report(request, e)
        else:
            messages.success(request, f"{row.step_label}：{row.get_decision_display()}")
        return to_approvals(case)

    @writer_required
    @require_POST
    def deliberation_create(request: HttpRequest, pk: int) -> HttpResponse:
        case = case_of(request, pk)
        form = DeliberationForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return to_approvals(case)
        try:
            row = approvals.add_deliberation(
                cf, case, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as e:
            _report(request, e)
        else:
            messages.success(request, f"已登记{row.get_kind_display()}记录")
        return to_approvals(case)

    views = {
        "performance": performance_page,
        "performance_list": performance_list,
        "publish": publish,
        "respond": respond,
        "approvals_page": approvals_page,
        "approval_request": approval_request,
        "approval_decide": approval_decide,
        "deliberation_create": deliberation_create,
        "document_create": document_create,
        "document_download": document_download,
        "document_pdf": document_pdf,
        "service_create": service_create,
        "receipt_download": receipt_download,
        "file_index": file_index,
        "file_pdf": file_pdf,
        "archive_create": archive_create,
    }
    for name, view in views.items():
        view.__module__ = cf.module  # the module's own pages (contract suite, access checks)
        view.__qualname__ = f"{cf.label}_{name}"
    return [
        path("<int:pk>/documents/", document_create, name="document_create"),
        path("<int:pk>/documents/<int:doc>/", document_download, name="document_download"),
        path("<int:pk>/documents/<int:doc>/pdf/", document_pdf, name="document_pdf"),
        path("<int:pk>/documents/<int:doc>/receipt/", receipt_download, name="receipt_download"),
        path("<int:pk>/services/", service_create, name="service_create"),
        path("<int:pk>/", file_index, name="file_index"),
        path("<int:pk>/pdf/", file_pdf, name="file_pdf"),
        path("<int:pk>/archive/", archive_create, name="archive_create"),
        path("<int:pk>/respond/", respond, name="respond"),
        path("<int:pk>/performance/", performance_page, name="performance"),
        path("performance/", performance_list, name="performance_list"),
        path("<int:pk>/documents/<int:doc>/publish/", publish, name="publish"),
        path("<int:pk>/approvals/", approvals_page, name="approvals"),
        path("<int:pk>/approvals/request/", approval_request, name="approval_request"),
        path("<int:pk>/approvals/<int:approval>/decide/", approval_decide, name="approval_decide"),
        path("<int:pk>/deliberations/", deliberation_create, name="deliberation_create"),
    ]
