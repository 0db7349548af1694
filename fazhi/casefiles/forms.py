"""Page forms of the case file panel; each form's data is the service's input, as the API's is."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core.forms import StyledFormMixin

from .declare import CaseFiles
from .models import Deliberation, Method, Verdict


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


class ApprovalRequestForm(StyledFormMixin, forms.Form):
    step = forms.ChoiceField(label="报请审批事项")
    reason = forms.CharField(
        label="报请理由",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写报请理由"},
    )

    def __init__(self, *args: Any, steps: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = steps


class DecideForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label="审批结果", choices=Verdict.choices)
    opinion = forms.CharField(label="审批意见", max_length=2000, required=False)


class DeliberationForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Deliberation.Kind.choices)
    held_on = forms.DateField(label="日期", error_messages={"required": "请填写日期"})
    members = forms.TypedMultipleChoiceField(label="参加人员", coerce=int, required=False)
    other_participants = forms.CharField(label="其他参加人员", max_length=300, required=False)
    opinion = forms.CharField(
        label="意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写案审/合议意见"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from fazhi.core.assignment import handler_name, handlers

        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(u.pk, handler_name(u)) for u in handlers()]
