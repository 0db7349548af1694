"""Forms of the reconsideration pages; each transition has its own small form (Chinese messages)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from fazhi.core.forms import StyledFormMixin
from fazhi.core.pickers import UnitChoiceField, unit_picker
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import org_choices_for

from . import rules
from .models import ActCategory, Attachment, Channel, Field, Outcome, Party, Procedure

DATE_ERRORS = {"invalid": "日期格式不正确，请写作 2019-07-04", "required": "请填写日期"}


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, error_messages=DATE_ERRORS)


RESPONDENT_KINDS = [OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.TOWNSHIP]
#: A new case's respondent: an active department or township the user may write for.
RESPONDENTS = unit_picker(
    "reconsideration.new_respondent", lambda user: org_choices_for(user, kind__in=RESPONDENT_KINDS)
)


class CaseCreateForm(StyledFormMixin, forms.Form):
    respondent = UnitChoiceField(
        label="被申请人",
        queryset=OrgUnit.objects.none(),
        picker=RESPONDENTS,
        error_messages={"required": "请选择被申请人"},
    )
    received_on = _date("收到申请日期")
    channel = forms.ChoiceField(label="申请方式", choices=Channel.choices)
    procedure = forms.ChoiceField(label="程序", choices=Procedure.choices)
    contested_act = forms.CharField(
        label="被申请的行政行为", max_length=300, error_messages={"required": "请填写被申请的行政行为"}
    )
    act_category = forms.ChoiceField(label="行为类别", choices=ActCategory.choices)
    field = forms.ChoiceField(label="管理领域", choices=Field.choices)
    act_date = _date("行政行为作出日期", required=False)
    known_on = _date("申请人知道该行政行为日期", required=False)
    late_reason = forms.CharField(
        label="超过六十日的正当理由（如有）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    request_text = forms.CharField(label="复议请求", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_major = forms.BooleanField(label="重大、疑难、复杂案件（须听证）", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["respondent"].queryset = RESPONDENTS.units(user)


class PartyForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(label="身份", choices=Party.Role.choices)
    kind = forms.ChoiceField(label="类型", choices=Party.Kind.choices)
    name = forms.CharField(label="姓名或名称", max_length=100, required=False)
    id_number = forms.CharField(label="身份证号/统一社会信用代码", max_length=18, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("name") and (data.get("id_number") or data.get("phone")):
            raise ValidationError({"name": "请填写姓名或名称"})
        if data.get("name"):
            from .services import clean_party  # services declare their actions with these forms

            try:
                data.update(clean_party(data))
            except ValidationError as e:
                raise ValidationError(
                    {"id_number" if data.get("id_number") else "name": e.messages}
                ) from None
        return data


PartyFormSet = forms.formset_factory(PartyForm, extra=2, min_num=1, validate_min=True, max_num=20)


class ActionForm(StyledFormMixin, forms.Form):
    on = _date("日期")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def to_data(self) -> dict[str, Any]:
        """The action's input: the page's 日期 is the API's ``date``."""
        data = dict(self.cleaned_data)
        data["date"] = data.pop("on", None)
        return data


class AcceptForm(ActionForm):
    procedure = forms.ChoiceField(label="适用程序", choices=Procedure.choices)


class CorrectionForm(ActionForm):
    items = forms.CharField(
        label="补正事项",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请写明需要补正的事项"},
    )


class DeclineForm(ActionForm):
    reason = forms.CharField(
        label="不予受理理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写不予受理的理由"},
    )


class TransferForm(ActionForm):
    transfer_to = forms.CharField(
        label="告知向其提出申请的机关", max_length=100, error_messages={"required": "请填写机关名称"}
    )


class SuspendForm(ActionForm):
    reason = forms.CharField(label="中止原因", max_length=300, error_messages={"required": "请填写中止原因"})


class ExtendForm(ActionForm):
    days = forms.IntegerField(
        label="延长天数",
        min_value=1,
        max_value=rules.MAX_EXTENSION_DAYS,
        error_messages={
            "min_value": "至少延长1日",
            "max_value": f"最多延长{rules.MAX_EXTENSION_DAYS}日（第六十二条）",
            "required": "请填写延长天数",
            "invalid": "请填写整数",
        },
    )
    reason = forms.CharField(
        label="延期理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写延期理由"},
    )


class ConcludeForm(ActionForm):
    outcome = forms.ChoiceField(
        label="审结结果",
        choices=[("", "请选择"), *Outcome.choices],
        error_messages={"required": "请选择审结结果"},
    )
    summary = forms.CharField(label="决定要旨", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class HearingForm(StyledFormMixin, forms.Form):
    notified_on = _date("通知日期")
    held_on = forms.DateField(label="听证日期", error_messages=DATE_ERRORS)
    place = forms.CharField(label="地点", max_length=100, required=False)
    summary = forms.CharField(label="听证情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AttachmentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Attachment.Kind.choices)
    file = forms.FileField(label="文件", error_messages={"required": "请选择文件"})

    def __init__(self, *args: Any, office: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not office:
            self.fields["kind"].choices = [
                (Attachment.Kind.ANSWER, "答复书"),
                (Attachment.Kind.EVIDENCE, "证据材料"),
            ]
