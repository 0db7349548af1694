"""Forms of the 行政协议 pages: the register form (with its one counterparty) and the transitions' forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from fazhi.core.forms import StyledFormMixin
from fazhi.core.parts import PartyKind
from fazhi.core.pickers import UnitChoiceField
from fazhi.orgs.models import OrgUnit

from .forms import UNITS


class ContractForm(StyledFormMixin, forms.Form):
    org = UnitChoiceField(label="行政机关", queryset=OrgUnit.objects.none(), picker=UNITS)
    title = forms.CharField(label="协议名称", max_length=200)
    subject = forms.CharField(label="协议标的", max_length=300)
    amount = forms.DecimalField(
        label="协议金额（元）", min_value=Decimal(0), max_digits=14, decimal_places=2, required=False
    )
    registered_on = forms.DateField(label="登记日期")
    term_start = forms.DateField(label="履行期限起", required=False)
    term_end = forms.DateField(label="履行期限止", required=False)
    party_kind = forms.ChoiceField(label="相对人类型", choices=PartyKind.choices)
    party_name = forms.CharField(label="相对人名称", max_length=100)
    party_id_number = forms.CharField(label="身份证号/统一社会信用代码", max_length=18, required=False)
    party_phone = forms.CharField(label="相对人联系电话", max_length=20, required=False)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = UNITS.units(user)

    def to_data(self) -> dict[str, Any]:
        """The input of ``contract_services.create_contract``: the contract and its counterparty."""
        cd = self.cleaned_data
        fields = ("org", "title", "subject", "amount", "registered_on", "term_start", "term_end")
        return {
            **{k: cd[k] for k in fields},
            "counterparty": {k: cd[f"party_{k}"] for k in ("kind", "name", "id_number", "phone")},
        }


class SignForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="签订日期")


class TerminateForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="终止日期")
    reason = forms.CharField(label="终止原因", max_length=300)


class EditForm(StyledFormMixin, forms.Form):
    """Only the fields filled in change (an empty field keeps its value)."""

    title = forms.CharField(label="协议名称", max_length=200, required=False)
    subject = forms.CharField(label="协议标的", max_length=300, required=False)
    amount = forms.DecimalField(
        label="协议金额（元）", min_value=Decimal(0), max_digits=14, decimal_places=2, required=False
    )
    term_start = forms.DateField(label="履行期限起", required=False)
    term_end = forms.DateField(label="履行期限止", required=False)
