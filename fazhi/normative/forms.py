"""Forms of the normative-document pages: the create form and each transition's page form."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core.forms import StyledFormMixin
from fazhi.core.pickers import UnitChoiceField, unit_picker
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import org_choices_for

from . import rules

DRAFTER_KINDS = [
    OrgUnit.Kind.GOVERNMENT,
    OrgUnit.Kind.DEPARTMENT,
    OrgUnit.Kind.TOWNSHIP,
    OrgUnit.Kind.JUSTICE_BUREAU,
]
ISSUER_KINDS = [OrgUnit.Kind.GOVERNMENT, OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.TOWNSHIP]

#: 起草单位 / 制定机关: units of the user's scope (the drafting unit is the scope of the record).
DRAFTERS = unit_picker("normative.drafter", lambda user: org_choices_for(user, kind__in=DRAFTER_KINDS))
ISSUERS = unit_picker("normative.issuer", lambda user: org_choices_for(user, kind__in=ISSUER_KINDS))


class DocumentForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="文件名称", max_length=200)
    doc_number = forms.CharField(label="文号", max_length=40, help_text=rules.DOC_NUMBER_HELP)
    drafter = UnitChoiceField(label="起草单位", queryset=OrgUnit.objects.none(), picker=DRAFTERS)
    issuer = UnitChoiceField(label="制定机关", queryset=OrgUnit.objects.none(), picker=ISSUERS)
    provisional = forms.BooleanField(label="暂行/试行", required=False)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["drafter"].queryset = DRAFTERS.units(user)
        self.fields["issuer"].queryset = ISSUERS.units(user)

    def to_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class DateForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="日期")


class DecideForm(DateForm):
    meeting = forms.CharField(label="审议会议", max_length=100, initial="政府常务会议")


class PublishForm(DateForm):
    valid_years = forms.IntegerField(label="有效期（年）", min_value=1, max_value=rules.MAX_YEARS, initial=5)


class AmendForm(DateForm):
    new_version = forms.IntegerField(label="修改后文件的编号（ID）", min_value=1)


class FullTextForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="全文（DOCX/PDF）")
