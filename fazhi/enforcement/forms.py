"""Forms of the enforcement pages: the create forms and each transition's page form."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms

from fazhi.core.forms import StyledFormMixin
from fazhi.core.parts import PartyKind
from fazhi.core.pickers import UnitChoiceField, unit_picker
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import org_choices_for

from .models import ActionType, BodyKind, PenaltyKind
from .supervision import NoticeKind

UNIT_KINDS = [
    OrgUnit.Kind.GOVERNMENT,
    OrgUnit.Kind.DEPARTMENT,
    OrgUnit.Kind.TOWNSHIP,
    OrgUnit.Kind.JUSTICE_BUREAU,
]
#: The unit of a body, an officer or a recorder: an active unit of the user's scope.
UNITS = unit_picker("enforcement.units", lambda user: org_choices_for(user, kind__in=UNIT_KINDS))


class _UnitForm(StyledFormMixin, forms.Form):
    org = UnitChoiceField(label="所在单位", queryset=OrgUnit.objects.none(), picker=UNITS)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["org"].queryset = UNITS.units(user)

    def to_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class BodyForm(_UnitForm):
    name = forms.CharField(label="主体名称", max_length=100)
    kind = forms.ChoiceField(label="主体类别", choices=BodyKind.choices)
    legal_basis = forms.CharField(label="设立/授权依据", widget=forms.Textarea(attrs={"rows": 2}))
    fields = forms.CharField(label="执法领域", max_length=200, required=False)
    powers = forms.IntegerField(label="执法职权数", min_value=0, initial=0)


class OfficerForm(_UnitForm):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号", max_length=18)
    in_post = forms.BooleanField(label="在执法岗位", required=False, initial=True)
    field = forms.CharField(label="执法领域", max_length=100, required=False)


class ActionForm(StyledFormMixin, forms.Form):
    body = forms.IntegerField(label="执法主体（ID）", min_value=1)
    action_type = forms.ChoiceField(label="执法类别", choices=ActionType.choices)
    case_number = forms.CharField(label="案号/文书号", max_length=60)
    filed_on = forms.DateField(label="立案日期", required=False)
    decided_on = forms.DateField(label="决定日期")
    served_on = forms.DateField(label="送达日期", required=False)
    officers = forms.CharField(label="执法人员（ID，逗号分隔）", max_length=200, required=False)
    penalty_kind = forms.ChoiceField(
        label="处罚种类", choices=[("", "—"), *PenaltyKind.choices], required=False
    )
    penalty_amount = forms.DecimalField(label="罚没金额（元）", min_value=0, decimal_places=2, required=False)
    is_major = forms.BooleanField(label="重大执法决定", required=False)
    review = forms.IntegerField(label="法制审核（审查事项ID）", min_value=1, required=False)
    party_kind = forms.ChoiceField(label="当事人类型", choices=PartyKind.choices)
    party_name = forms.CharField(label="当事人名称", max_length=100)
    party_id_number = forms.CharField(label="身份证号/统一社会信用代码", max_length=18, required=False)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_officers(self) -> list[int]:
        raw = (self.cleaned_data.get("officers") or "").replace("，", ",")
        try:
            return [int(x) for x in raw.split(",") if x.strip()]
        except ValueError:
            raise forms.ValidationError("执法人员应填写ID，用逗号分隔") from None

    def to_data(self) -> dict[str, Any]:
        cd = dict(self.cleaned_data)
        return {
            **{k: v for k, v in cd.items() if not k.startswith("party_")},
            "parties": [
                {"kind": cd["party_kind"], "name": cd["party_name"], "id_number": cd["party_id_number"]}
            ],
        }


class DateForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="日期")


class AnnualStatisticsForm(StyledFormMixin, forms.Form):
    """公布执法数据年报: the year and the day it is published."""

    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, error_messages={"required": "请填写年度"}
    )
    date = forms.DateField(label="公布日期", error_messages={"required": "请填写公布日期"})


def _today() -> date:
    from fazhi.core.dates import today

    return today()


def _six_years() -> date:
    """The usual term of a 行政执法证 (the form's suggestion; the certificate's own date is what counts)."""
    return _today() + timedelta(days=6 * 365)


class CertificateForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label="证件编号", max_length=40)
    issuer = forms.CharField(label="发证机关", max_length=100, required=False)
    issued_on = forms.DateField(label="发证日期", initial=_today)
    valid_until = forms.DateField(label="有效期至", initial=_six_years)
    training_hours = forms.IntegerField(label="年度培训学时", min_value=0, max_value=1000, required=False)


class ConcludeForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="评查日期")
    score = forms.IntegerField(label="评查得分", min_value=0, max_value=100)
    problems_found = forms.CharField(
        label="发现的问题", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    rectify_due = forms.DateField(label="整改期限（责令整改的填写）", required=False)


class RectifyForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="整改完成日期")
    rectification = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 2}))


class HandleForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="办结日期")
    result = forms.CharField(label="办理结果", widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="回复日期")
    reply = forms.CharField(label="回复内容", widget=forms.Textarea(attrs={"rows": 2}))


def _ids(raw: str | None, message: str) -> list[int]:
    try:
        return [int(x) for x in (raw or "").replace("，", ",").split(",") if x.strip()]
    except ValueError:
        raise forms.ValidationError(message) from None


class NoPenaltyListForm(_UnitForm):
    name = forms.CharField(label="清单版本", max_length=40)
    published_on = forms.DateField(label="发布日期")
    in_force_from = forms.DateField(label="施行日期")


class NoPenaltyItemForm(StyledFormMixin, forms.Form):
    list = forms.ModelChoiceField(label="清单版本", queryset=OrgUnit.objects.none())
    field = forms.CharField(label="执法领域", max_length=60)
    violation = forms.CharField(label="违法行为", max_length=300)
    legal_basis = forms.CharField(label="法律依据", max_length=300, required=False)
    conditions = forms.CharField(label="不予处罚的情形", max_length=300, required=False)
    in_force_from = forms.DateField(label="施行日期（默认为清单施行日期）", required=False)
    in_force_until = forms.DateField(label="停止施行日期", required=False)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        from .models import NoPenaltyList

        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["list"].queryset = NoPenaltyList.objects.visible_to(user).order_by(
            "-in_force_from", "-id"
        )

    def to_data(self) -> dict[str, Any]:
        return {**self.cleaned_data, "list": self.cleaned_data["list"].pk}


class RecorderForm(_UnitForm):
    serial = forms.CharField(label="序列号", max_length=40)
    model_name = forms.CharField(label="型号", max_length=60, required=False)
    in_service_from = forms.DateField(label="启用日期")
    in_service_to = forms.DateField(label="停用日期", required=False)


class _BodyForm(StyledFormMixin, forms.Form):
    body = forms.IntegerField(label="执法主体（ID）", min_value=1)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def to_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class CaseReviewForm(_BodyForm):
    title = forms.CharField(label="评查事项", max_length=100)
    reviewer = forms.CharField(label="评查人", max_length=50)
    started_on = forms.DateField(label="抽查日期")
    actions = forms.CharField(label="抽查的执法决定（ID，逗号分隔）", max_length=500)

    def clean_actions(self) -> list[int]:
        return _ids(self.cleaned_data.get("actions"), "执法决定应填写ID，用逗号分隔")


class ComplaintForm(_BodyForm):
    received_on = forms.DateField(label="收到投诉日期")
    summary = forms.CharField(label="投诉事项", widget=forms.Textarea(attrs={"rows": 2}))
    party_kind = forms.ChoiceField(label="投诉人类型", choices=PartyKind.choices)
    party_name = forms.CharField(label="投诉人", max_length=100)
    party_id_number = forms.CharField(label="身份证号/统一社会信用代码", max_length=18, required=False)
    party_phone = forms.CharField(label="联系电话", max_length=20, required=False)

    def to_data(self) -> dict[str, Any]:
        cd = dict(self.cleaned_data)
        party = {k.removeprefix("party_"): cd.pop(k) for k in list(cd) if k.startswith("party_")}
        return {**cd, "parties": [party]}


class NoticeForm(_BodyForm):
    kind = forms.ChoiceField(label="文书类别", choices=NoticeKind.choices)
    number = forms.CharField(label="文号", max_length=60, required=False)
    issued_on = forms.DateField(label="制发日期")
    content = forms.CharField(label="监督意见/建议", widget=forms.Textarea(attrs={"rows": 3}))
