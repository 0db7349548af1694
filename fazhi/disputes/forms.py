"""Forms of the dispute pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from fazhi.core import links
from fazhi.core.forms import StyledFormMixin
from fazhi.core.pickers import UnitChoiceField, unit_picker
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import org_choices_for

from .models import UNIT_KINDS, Channel, PartyKind, Source

#: A dispute's unit, for a new dispute and for the list's filter: an active unit of the user's scope that
#: handles disputes.
UNITS = unit_picker("disputes.units", lambda user: org_choices_for(user, kind__in=UNIT_KINDS))


class DisputeForm(StyledFormMixin, forms.Form):
    org = UnitChoiceField(label="事权单位", queryset=OrgUnit.objects.none(), picker=UNITS)
    source = forms.ChoiceField(label="来源", choices=Source.choices)
    channel = forms.ChoiceField(label="化解渠道", choices=Channel.choices)
    opened_on = forms.DateField(label="受理日期")
    summary = forms.CharField(label="争议概要", widget=forms.Textarea(attrs={"rows": 3}))
    litigation_number = forms.CharField(label="关联诉讼案号", required=False, max_length=60)
    party_name = forms.CharField(label="当事人名称", max_length=100, required=False)
    party_kind = forms.ChoiceField(label="当事人类型", choices=PartyKind.choices)
    party_id_number = forms.CharField(label="当事人证件号码", max_length=18, required=False)
    party_phone = forms.CharField(label="当事人联系电话", max_length=20, required=False)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["org"].queryset = UNITS.units(user)

    def to_data(self) -> dict[str, Any]:
        """The input of ``services.create_dispute``: one party when a name was entered."""
        cd = self.cleaned_data
        party = {k: cd[f"party_{k}"] for k in ("name", "kind", "id_number", "phone")}
        return {
            **{k: cd[k] for k in ("org", "source", "channel", "opened_on", "summary")},
            "parties": [party] if party["name"] else [],
            "related_litigation": cd["litigation_number"],
        }

    def clean_litigation_number(self) -> Any:
        try:
            return links.find(self.user, "litigation.case", self.cleaned_data.get("litigation_number") or "")
        except ValidationError as e:
            raise forms.ValidationError(e.messages) from None


class CloseForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="办结日期")
    resolved = forms.TypedChoiceField(
        label="化解结果", choices=[("1", "化解成功"), ("0", "未化解")], coerce=lambda v: v == "1"
    )
    how_resolved = forms.CharField(label="化解方式", max_length=200, required=False)
