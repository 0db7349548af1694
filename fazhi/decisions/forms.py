"""Forms of the decision and legality-review pages (the transitions' page forms and the create forms)."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core.forms import StyledFormMixin
from fazhi.core.pickers import UnitChoiceField, unit_picker
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import org_choices_for

from .models import RECORDED_STEPS, MeetingResult, Opinion, RiskLevel, SubjectKind

UNIT_KINDS = [
    OrgUnit.Kind.GOVERNMENT,
    OrgUnit.Kind.DEPARTMENT,
    OrgUnit.Kind.TOWNSHIP,
    OrgUnit.Kind.JUSTICE_BUREAU,
]


#: A new decision's sponsor or a matter's submitting unit: a unit of the user's scope.
UNITS = unit_picker("decisions.new_unit", lambda user: org_choices_for(user, kind__in=UNIT_KINDS))


def _blank(choices: Any) -> list[tuple[str, str]]:
    return [("", "—"), *choices]


class DecisionForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="决策事项", max_length=200)
    sponsor = UnitChoiceField(label="承办单位", queryset=OrgUnit.objects.none(), picker=UNITS)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    in_catalog = forms.BooleanField(label="列入年度决策事项目录", required=False)
    planned_meeting_on = forms.DateField(label="拟提交集体讨论日期", required=False)
    summary = forms.CharField(label="决策内容概要", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = UNITS.units(user)

    def to_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ReviewForm(StyledFormMixin, forms.Form):
    subject_kind = forms.ChoiceField(label="审查事项类别", choices=SubjectKind.choices)
    subject_id = forms.IntegerField(label="关联事项编号（ID，可不填）", required=False, min_value=1)
    title = forms.CharField(label="送审事项", max_length=200)
    submitted_by = UnitChoiceField(label="送审单位", queryset=OrgUnit.objects.none(), picker=UNITS)
    received_on = forms.DateField(label="收到送审材料日期")

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submitted_by"].queryset = UNITS.units(user)

    def to_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class RecordStepForm(StyledFormMixin, forms.Form):
    step = forms.ChoiceField(label="程序步骤", choices=[(s.value, s.label) for s in RECORDED_STEPS])
    date = forms.DateField(label="日期")
    not_applicable = forms.BooleanField(label="本步骤不适用", required=False)
    reason = forms.CharField(
        label="说明理由（不适用或征求意见不足30日时必填）", max_length=300, required=False
    )
    started_on = forms.DateField(label="征求意见开始日期", required=False)
    ended_on = forms.DateField(label="征求意见结束日期", required=False)
    comments_received = forms.IntegerField(label="收到意见数", min_value=0, required=False)
    comments_adopted = forms.IntegerField(label="采纳意见数", min_value=0, required=False)
    experts = forms.CharField(label="论证专家", max_length=300, required=False)
    risk_level = forms.ChoiceField(label="风险等级", choices=_blank(RiskLevel.choices), required=False)
    conclusion = forms.CharField(label="结论", max_length=500, required=False)
    meeting = forms.CharField(label="会议名称", max_length=100, required=False)
    result = forms.ChoiceField(label="会议结果", choices=_blank(MeetingResult.choices), required=False)
    channel = forms.CharField(label="公布渠道", max_length=100, required=False)
    summary = forms.CharField(label="情况摘要", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DateNoteForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="日期")
    note = forms.CharField(label="说明", max_length=300, required=False)


class ConcludeForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="出具意见日期")
    opinion = forms.ChoiceField(label="审查意见", choices=Opinion.choices)
    reasons = forms.CharField(label="意见理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label="法律依据", max_length=500, required=False)
    # named as the API's field, so the one upload check's error lands on it in both
    opinion_document = forms.FileField(label="审查意见书（PDF/DOCX，可不传）", required=False)


class ConfirmForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="确认修改日期")
