"""Forms of the 法治建设综合 pages; each ``to_data()`` is the create service's input."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core.forms import StyledFormMixin
from fazhi.core.pickers import UnitChoiceField, UnitMultipleChoiceField, unit_picker
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import org_choices_for

UNIT_KINDS = [
    OrgUnit.Kind.GOVERNMENT,
    OrgUnit.Kind.COMMITTEE,
    OrgUnit.Kind.JUSTICE_BUREAU,
    OrgUnit.Kind.DEPARTMENT,
    OrgUnit.Kind.TOWNSHIP,
]
#: The units of the user's scope a governance record may belong to (page forms and list filters).
UNITS = unit_picker("governance.units", lambda user: org_choices_for(user, kind__in=UNIT_KINDS))


class _Base(StyledFormMixin, forms.Form):
    fields_order: tuple[str, ...] = ()

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if "org" in self.fields:
            self.fields["org"].queryset = UNITS.units(user)

    def to_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def _org() -> UnitChoiceField:
    return UnitChoiceField(label="单位", queryset=OrgUnit.objects.none(), picker=UNITS)


class HolderForm(_Base):
    org = _org()
    post = forms.ChoiceField(
        label="岗位",
        choices=[("secretary", "党委主要负责人"), ("mayor", "政府主要负责人"), ("other", "其他负责人")],
    )
    title = forms.CharField(label="职务", max_length=40)
    person = forms.CharField(label="姓名", max_length=40)
    term_from = forms.DateField(label="任职起")
    term_until = forms.DateField(label="任职止", required=False)
    duty_list = forms.CharField(label="职责清单", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    law_report_on = forms.DateField(label="年终述职述法日期", required=False)


class DutyForm(_Base):
    person_post = forms.ModelChoiceField(label="责任人", queryset=None)  # type: ignore[arg-type]
    date = forms.DateField(label="日期")
    kind = forms.ChoiceField(label="类别")
    subject = forms.CharField(label="事项", max_length=300)
    document = forms.FileField(label="文件（PDF/DOCX/图片）", required=False)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        from .models import DutyKind
        from .selectors import holders_for

        self.fields["person_post"].queryset = holders_for(user).order_by("-term_from", "id")
        self.fields["kind"].choices = DutyKind.choices


class AdviserForm(_Base):
    org = _org()
    name = forms.CharField(label="顾问名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=[("person", "个人"), ("firm", "律师事务所")])
    firm = forms.CharField(label="所在律所", max_length=100, required=False)
    contract_from = forms.DateField(label="聘期起")
    contract_until = forms.DateField(label="聘期止")
    fee = forms.DecimalField(label="年费（元）", required=False, min_value=0, max_digits=12, decimal_places=2)


class ConsultationForm(_Base):
    adviser = forms.ModelChoiceField(label="法律顾问", queryset=None)  # type: ignore[arg-type]
    date = forms.DateField(label="咨询日期")
    matter_kind = forms.ChoiceField(label="事项类别")
    summary = forms.CharField(label="事项概要", max_length=300, required=False)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        from .models import MatterKind
        from .selectors import advisers_for

        self.fields["adviser"].queryset = advisers_for(user).order_by("-contract_until", "id")
        self.fields["matter_kind"].choices = MatterKind.choices


class ValueForm(_Base):
    org = _org()
    indicator = forms.ModelChoiceField(label="指标", queryset=None, to_field_name="key")  # type: ignore[arg-type]
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    value = forms.DecimalField(label="数值（清单型可不填）", required=False, min_value=0)
    items = forms.CharField(
        label="清单事项（每行一项）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.CharField(label="数据来源", max_length=200)
    evidence = forms.FileField(label="佐证材料（PDF/DOCX/图片）", required=False)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        from .models import Indicator

        self.fields["indicator"].queryset = Indicator.objects.all()

    def to_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["items"] = [t.strip() for t in (data.get("items") or "").splitlines() if t.strip()]
        return data


class RectificationForm(_Base):
    org = _org()
    title = forms.CharField(label="整改事项", max_length=300)
    due_on = forms.DateField(label="整改期限")


class StudyForm(_Base):
    org = _org()
    meeting = forms.CharField(label="会议", max_length=100)
    date = forms.DateField(label="日期")
    laws = forms.CharField(label="学习的法律法规（每行一部）", widget=forms.Textarea(attrs={"rows": 3}))

    def to_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["laws"] = [t.strip() for t in data["laws"].splitlines() if t.strip()]
        return data


class TrainingForm(_Base):
    org = _org()
    title = forms.CharField(label="培训名称", max_length=200)
    start_on = forms.DateField(label="开始日期")
    end_on = forms.DateField(label="结束日期", required=False)
    organiser = forms.CharField(label="主办", max_length=100, required=False)
    participants = forms.IntegerField(label="参训人数", min_value=0)
    hours = forms.DecimalField(label="学时", required=False, min_value=0, max_digits=5, decimal_places=1)


class ExamForm(_Base):
    org = _org()
    title = forms.CharField(label="考试名称", max_length=200)
    date = forms.DateField(label="日期")
    takers = forms.IntegerField(label="参考人数", min_value=0)
    passed = forms.IntegerField(label="合格人数", min_value=0)


class PlanItemForm(_Base):
    org = _org()
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="要点", max_length=100)
    content = forms.CharField(label="主要内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    co_units = UnitMultipleChoiceField(
        label="协办单位", queryset=OrgUnit.objects.none(), picker=UNITS, required=False
    )
    due_on = forms.DateField(label="完成时限", required=False)
    order = forms.IntegerField(label="顺序", min_value=0, initial=10)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["co_units"].queryset = UNITS.units(user)


class InspectionForm(_Base):
    org = _org()
    title = forms.CharField(label="督查事项", max_length=200)
    date = forms.DateField(label="督查日期")
    subject = forms.CharField(label="督查内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AssessmentForm(_Base):
    """考核 and its indicator tree, one indicator a line: 「标题,权重」 for a first-level indicator and
    「-标题,权重,满分」 for one under it (a first-level indicator without children takes a 满分 too)."""

    org = _org()
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="考核名称", max_length=200)
    items = forms.CharField(
        label="指标体系（每行一项：一级「标题,权重」，二级「-标题,权重,满分」）",
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_items(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for n, raw in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            child = line.startswith("-")
            parts = [p.strip() for p in line.lstrip("-").replace("，", ",").split(",")]
            try:
                row = {
                    "title": parts[0],
                    "weight": parts[1],
                    **({"max_score": parts[2]} if len(parts) > 2 else {}),
                }
            except IndexError:
                raise forms.ValidationError(f"第{n}行应为「标题,权重」或「-标题,权重,满分」") from None
            if child:
                if not out:
                    raise forms.ValidationError(f"第{n}行是二级指标，但前面没有一级指标")
                out[-1].setdefault("children", []).append(row)
            else:
                out.append(row)
        if not out:
            raise forms.ValidationError("请填写指标体系")
        return out


class ProgressForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="日期")
    note = forms.CharField(label="推进情况", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(
        label="状态",
        choices=[
            ("not_started", "未开始"),
            ("in_progress", "推进中"),
            ("done", "已完成"),
            ("late", "滞后"),
        ],
    )


class FindingForm(StyledFormMixin, forms.Form):
    # not required here: the step's body names a missing unit (a form left unchanged still reaches the
    # runner, which checks the version first)
    org = UnitChoiceField(
        label="被督查单位",
        queryset=OrgUnit.objects.filter(kind__in=UNIT_KINDS),
        picker=UNITS,
        required=False,
    )
    text = forms.CharField(label="发现问题", max_length=300)
    due_on = forms.DateField(label="整改期限")


class CloseForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="办结日期")


class CompleteForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="完成日期")
    evidence = forms.CharField(label="整改情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="确认日期")


class ScoreForm(StyledFormMixin, forms.Form):
    """录入得分: a unit and one field per leaf item of the assessment (blank: not scored now)."""

    org = UnitChoiceField(label="被考核单位", queryset=OrgUnit.objects.none(), picker=UNITS)

    def __init__(self, user: Any, leaves: list[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = UNITS.units(user)
        self.leaves = leaves
        for it in leaves:
            self.fields[f"item_{it.pk}"] = forms.DecimalField(
                label=f"{it.title}（满分{it.max_score}）",
                required=False,
                min_value=0,
                max_digits=6,
                decimal_places=2,
            )

    def scores(self) -> dict[int, Any]:
        return {it.pk: self.cleaned_data.get(f"item_{it.pk}") for it in self.leaves}
