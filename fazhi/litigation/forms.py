"""Forms of the litigation pages (Chinese labels and messages; validation lives in the services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from fazhi.core import links
from fazhi.core.forms import StyledFormMixin
from fazhi.core.pickers import UnitChoiceField, UnitMultipleChoiceField, unit_picker
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import government_orgs, org_choices_for

from .models import (
    CASE_NUMBER_HELP,
    CO_DEFENDANT_KINDS,
    ActCategory,
    HeadPost,
    Instance,
    JudgmentKind,
    LitigationCase,
    Outcome,
    PartyKind,
)

RECONSIDERATION = "reconsideration.case"

DEFENDANT_KINDS = [
    OrgUnit.Kind.GOVERNMENT,
    OrgUnit.Kind.DEPARTMENT,
    OrgUnit.Kind.TOWNSHIP,
    OrgUnit.Kind.JUSTICE_BUREAU,
]
PLAINTIFF_ROWS = 3

#: A new case's defendant: an active defendant unit the user may write for.
DEFENDANTS = unit_picker(
    "litigation.new_defendant", lambda user: org_choices_for(user, kind__in=DEFENDANT_KINDS)
)
#: Any active department or township of the user's government may be named a co-defendant; one outside the
#: user's own subtree waits for the bureau's confirmation (services.plan_co_defendants). Never another
#: county's units (issue 16: a county never sees a neighbour county).
CO_DEFENDANTS = unit_picker(
    "litigation.co_defendants",
    lambda user: government_orgs(user).filter(kind__in=sorted(CO_DEFENDANT_KINDS), is_active=True),
)
COURTS = unit_picker("litigation.courts", lambda user: OrgUnit.objects.filter(kind=OrgUnit.Kind.COURT))


def _blank(choices: list[tuple[str, str]], label: str = "全部") -> list[tuple[str, str]]:
    return [("", label), *choices]


class CaseForm(StyledFormMixin, forms.Form):
    court_case_number = forms.CharField(label="法院案号", max_length=60, help_text=CASE_NUMBER_HELP)
    court = UnitChoiceField(
        label="受理法院", queryset=OrgUnit.objects.filter(kind=OrgUnit.Kind.COURT), picker=COURTS
    )
    instance = forms.ChoiceField(label="审级", choices=Instance.choices)
    previous_number = forms.CharField(
        label="前审案号", required=False, help_text="二审、再审案件填写前审的法院案号"
    )
    defendant = UnitChoiceField(label="被告单位", queryset=OrgUnit.objects.none(), picker=DEFENDANTS)
    co_defendants = UnitMultipleChoiceField(
        label="共同被告",
        required=False,
        queryset=OrgUnit.objects.none(),
        picker=CO_DEFENDANTS,
        help_text="本单位以外的单位须经司法局确认后，该单位才能看到本案",
    )
    cause = forms.CharField(label="案由", max_length=200)
    act_category = forms.ChoiceField(label="被诉行为类别", choices=ActCategory.choices)
    served_on = forms.DateField(label="收到起诉状副本日期")
    agents = forms.CharField(label="应诉代理人", max_length=200, required=False)
    previous_recon = forms.CharField(
        label="关联复议案号", max_length=60, required=False, help_text="经行政复议后起诉的，填写复议案号"
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["defendant"].queryset = DEFENDANTS.units(user)
        self.fields["co_defendants"].queryset = CO_DEFENDANTS.units(user)
        for i in range(1, PLAINTIFF_ROWS + 1):
            req = i == 1
            self.fields[f"p{i}_name"] = forms.CharField(label=f"原告{i}名称", max_length=100, required=req)
            self.fields[f"p{i}_kind"] = forms.ChoiceField(label=f"原告{i}类型", choices=PartyKind.choices)
            self.fields[f"p{i}_id_number"] = forms.CharField(
                label=f"原告{i}证件号码", max_length=18, required=False
            )
            self.fields[f"p{i}_phone"] = forms.CharField(
                label=f"原告{i}联系电话", max_length=20, required=False
            )
        for name in self.fields:
            if name.startswith("p") and name[1:2].isdigit():
                w = self.fields[name].widget
                w.attrs.setdefault(
                    "class",
                    "form-select form-select-sm"
                    if isinstance(w, forms.Select)
                    else "form-control form-control-sm",
                )

    def clean_previous_recon(self) -> Any:
        try:
            return links.find(self.user, RECONSIDERATION, self.cleaned_data.get("previous_recon") or "")
        except ValidationError as e:
            raise forms.ValidationError(e.messages) from None

    def clean_previous_number(self) -> LitigationCase | None:
        number = (
            (self.cleaned_data.get("previous_number") or "").strip().replace("（", "(").replace("）", ")")
        )
        if not number:
            return None
        case = LitigationCase.objects.filter(court_case_number=number).first()
        if case is None:
            raise forms.ValidationError(f"未找到前审案件「{number}」")
        return case


class AnswerForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="答辩举证日期")


class SessionForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="开庭日期")
    notice_received_on = forms.DateField(label="出庭通知收到日期", required=False)
    head_appeared = forms.BooleanField(label="负责人出庭", required=False)
    head_name = forms.CharField(label="出庭负责人姓名", max_length=50, required=False)
    head_post = forms.ChoiceField(
        label="出庭负责人职务", required=False, choices=_blank(HeadPost.choices, "—")
    )
    absence_reason = forms.CharField(label="未出庭原因", max_length=200, required=False)
    substitute = forms.CharField(label="实际出庭人员", max_length=100, required=False)


class JudgeForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="裁判日期")
    kind = forms.ChoiceField(
        label="文书类型",
        choices=[("", "按裁判结果确定"), *JudgmentKind.choices],
        required=False,
        help_text="驳回起诉、不予立案、准许撤诉为裁定（上诉期10日），实体判决为判决（15日）",
    )
    outcome = forms.ChoiceField(label="裁判结果", choices=Outcome.choices)
    served_on = forms.DateField(label="文书送达日期", required=False, help_text="上诉期限自送达之日起计算")
    document = forms.FileField(label="裁判文书", required=False)


class ServeJudgmentForm(StyledFormMixin, forms.Form):
    date = forms.DateField(
        label="裁判文书送达日期", help_text="上诉期限自送达之次日起计算（行政诉讼法第八十五条）"
    )


class AppealForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="决定日期")
    filed = forms.ChoiceField(label="上诉决定", choices=[("1", "提起上诉"), ("0", "不上诉（判决生效）")])


class OpenAccountabilityForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="启动调查日期")


class CloseAccountabilityForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="调查结束日期")
    conclusion = forms.CharField(label="调查结论", widget=forms.Textarea(attrs={"rows": 2}))
    responsible_persons = forms.CharField(label="责任人员", max_length=200, required=False)
