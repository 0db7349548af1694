"""文书模板 page (``/casefiles/templates/``): the bureau of a government sees which template each kind uses and
uploads a new version (docxtpl); the shipped default can be downloaded as the starting point."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from fazhi.core.forms import StyledFormMixin
from fazhi.core.parts import numbering_government
from fazhi.core.permissions import role_required

from . import render as docx_render
from . import services
from .api import DOCX
from .models import DocumentTemplate
from .registry import declared


def kind_choices() -> list[tuple[str, str]]:
    out = [("", "通用（未单独设置模板的文书）")]
    for cf in declared().values():
        out += [(f"{cf.label}.{k.code}", f"{cf.model._meta.verbose_name}·{k.title}") for k in cf.kinds]
    return out


class TemplateForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="文书种类", required=False)
    file = forms.FileField(label="模板文件（DOCX）", error_messages={"required": "请选择模板文件"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()


@role_required("bureau")
def templates(request: HttpRequest) -> HttpResponse:
    government = numbering_government(request.user.org)
    form = TemplateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.upload_template(
                government=government,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                actor=request.user,
                request=request,
            )
        except ValidationError as e:
            for message in e.messages:
                form.add_error("file", message)
        else:
            messages.success(request, f"已上传模板第{row.version}版，此后制作的文书使用该版本")
            return redirect("casefiles:templates")
    rows = (
        DocumentTemplate.objects.filter(government=government)
        .select_related("uploaded_by")
        .order_by("kind", "-version")
    )
    labels = dict(kind_choices())
    return render(
        request,
        "casefiles/templates.html",
        {
            "form": form,
            "rows": [(labels.get(r.kind, r.kind), r) for r in rows],
            "names": docx_render.CONTEXT_HELP,
        },
    )


@role_required("bureau")
def template_download(request: HttpRequest, pk: int | None = None) -> FileResponse:
    if pk is None:
        return FileResponse(
            docx_render.DEFAULT.open("rb"),
            as_attachment=True,
            filename="默认文书模板.docx",
            content_type=DOCX,
        )
    row = get_object_or_404(DocumentTemplate, pk=pk, government=numbering_government(request.user.org))
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.filename, content_type=DOCX)


app_name = "casefiles"
urlpatterns = [
    path("templates/", templates, name="templates"),
    path("templates/default/", template_download, name="template_default"),
    path("templates/<int:pk>/", template_download, name="template_download"),
]
