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
