from django import forms

from fazhi.core.forms import StyledFormMixin
from fazhi.orgs.models import OrgUnit


class AuditFilterForm(StyledFormMixin, forms.Form):
    actor = forms.CharField(label="操作人账号", required=False)
    org = forms.ModelChoiceField(label="单位", queryset=OrgUnit.objects.order_by("path"), required=False)
    action = forms.CharField(label="操作", required=False, help_text="前缀匹配，如 auth. 或 reconsideration.")
    object_type = forms.CharField(label="对象类型", required=False)
    object_id = forms.CharField(label="对象ID", required=False)
    date_from = forms.DateField(label="起始日期", required=False)
    date_to = forms.DateField(label="截止日期", required=False)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("起始日期不能晚于截止日期")
        return data
