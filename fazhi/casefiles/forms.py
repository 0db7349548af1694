"""Page forms of the case file panel; each form's data is the service's input, as the API's is."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core.forms import StyledFormMixin

from .declare import CaseFiles
from .models import Method


class DocumentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="文书种类")
    issued_on = forms.DateField(label="落款日期", required=False, help_text="默认今天")
    facts = forms.CharField(
        label="查明事实（决定书）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reasons = forms.CharField(
        label="理由（决定书）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    basis = forms.CharField(
        label="法律依据（决定书）", required=False, widget=forms.Textarea(attrs={"rows": 1})
    )
    agent = forms.CharField(label="受托人（授权委托书）", required=False, max_length=100)

    def __init__(self, *args: Any, cf: CaseFiles, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = cf.kind_choices


class ServiceForm(StyledFormMixin, forms.Form):
    document = forms.TypedChoiceField(label="文书", coerce=int)
    method = forms.ChoiceField(label="送达方式", choices=Method.choices)
    served_on = forms.DateField(label="送达日期")
    recipient = forms.CharField(
        label="受送达人", required=False, max_length=200, help_text="默认文书的受送达人"
    )
    tracking_number = forms.CharField(label="邮件单号", required=False, max_length=40)
    receipt = forms.FileField(label="送达回证", required=False)

    def __init__(self, *args: Any, documents: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [(d.pk, f"{d.title}（{d.number}）") for d in documents]


class ArchiveForm(StyledFormMixin, forms.Form):
    archived_on = forms.DateField(label="归档日期")
    archive_number = forms.CharField(label="档号", max_length=60)


class RespondForm(StyledFormMixin, forms.Form):
    """提交答复: the evidence files come as ``evidence`` (several, ``request.FILES.getlist``)."""

    answered_on = forms.DateField(label="答复日期", error_messages={"required": "请填写答复日期"})
    answer_file = forms.FileField(label="答复书", error_messages={"required": "请上传答复书"})


class SuperviseForm(StyledFormMixin, forms.Form):
    due_on = forms.DateField(label="履行期限", error_messages={"required": "请填写履行期限"})


class PerformanceReportForm(StyledFormMixin, forms.Form):
    performed_on = forms.DateField(label="履行日期", error_messages={"required": "请填写履行日期"})
    report = forms.CharField(
        label="履行情况",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写履行情况"},
    )
