"""Per-government settings (issue 16 item 2): each government's 司法局 edits its own — the 署名 and 印章文字,
the annual report's section titles and order, the case-number pattern of each kind of numbered record, and
its own length of each deadline rule declared ``local`` (``workdays.rules``; never beyond the bound the law
fixes). A changed length recomputes the stored due dates of the government's open records in the same
transaction (the modules' calendar listeners that take ``government=``).

One page (``/orgs/settings/``), one service (``save``): a version check (a second editor gets a Chinese
conflict message), ``full_clean``, and one audit event ``orgs.government_settings`` in the same transaction.
The government is always the editor's own (``User.own_government``): nobody edits another government's.
"""

from __future__ import annotations

from dataclasses import dataclass
from inspect import signature
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fazhi.audit.services import diff, record, snapshot
from fazhi.core.forms import StyledFormMixin
from fazhi.core.models import NumberPattern, NumberSequence
from fazhi.core.permissions import role_required
from fazhi.core.services import check_version, format_number

from .models import IDLE_MONTHS_MAX, IDLE_MONTHS_MIN, GovernmentSettings, OrgUnit, Role


@dataclass(frozen=True)
class SectionDefault:
    code: str
    title: str
    enabled: bool


def section_defaults() -> list[SectionDefault]:
    """The annual report's sections as the reports module declares them (none when it is not installed)."""
    if not apps.is_installed("fazhi.reports"):
        return []
    from fazhi.reports.compose import DEFAULT_SECTIONS

    return [SectionDefault(s.code, s.title, s.enabled) for s in DEFAULT_SECTIONS]


def section_label(code: str) -> str:
    """A section's name on the page: its default title for the report year (the opening has none)."""
    default = next((d for d in section_defaults() if d.code == code), None)
    if default is None or not default.title:
        return "开头段落（无标题）" if code == "intro" else code
    return default.title.format(year="本", next="下一")


def kind_label(kind: str) -> str:
    """The module a number kind belongs to, when its name says so (``dispute``, ``reconsideration``)."""
    from fazhi.core.modules import installed

    owner = next((m for m in installed() if kind.startswith(m.label.rstrip("s"))), None)
    return f"{owner.verbose_name}·{kind}" if owner is not None else kind


def number_kinds(government: OrgUnit) -> list[str]:
    """Kinds of numbered records on the platform (a kind is a code such as ``reconsideration``, no data)."""
    used = set(NumberSequence.objects.values_list("kind", flat=True).distinct())
    used |= set(NumberPattern.objects.filter(org=government).values_list("kind", flat=True))
    return sorted(used)


def settings_for(government: OrgUnit) -> GovernmentSettings:
    return GovernmentSettings.objects.filter(government=government).first() or GovernmentSettings(
        government=government
    )


def sections_of(settings: GovernmentSettings) -> list[dict[str, Any]]:
    """The government's sections in order: its own rows, then any section the reports module added since."""
    rows = [dict(r) for r in settings.report_sections or []]
    known = {r["code"] for r in rows}
    rows += [
        {"code": d.code, "title": d.title, "enabled": d.enabled}
        for d in section_defaults()
        if d.code not in known
    ]
    return rows


def platform_idle_months() -> int:
    """The 顾而不问 window of a government that set none (``FAZHI_GOVERNANCE["idle_months"]``)."""
    from fazhi.governance.rules import setting

    return int(setting("idle_months"))


def deadline_field(code: str) -> str:
    return "days_" + code.replace(".", "__")


def local_rules() -> list[Any]:
    from fazhi.workdays.rules import local_rules as rules

    return rules()


def bounds(rule: Any) -> str:
    parts = []
    if rule.minimum is not None:
        parts.append(f"不少于{rule.minimum}{rule.unit_label}")
    if rule.maximum is not None:
        parts.append(f"不超过{rule.maximum}{rule.unit_label}")
    return "，".join(parts)


def check_pattern(pattern: str) -> str:
    pattern = pattern.strip()
    if pattern and "{seq" not in pattern:
        raise ValidationError(f"编号格式「{pattern}」须包含序号占位符 {{seq}}")
    if pattern:
        format_number(pattern, year=2024, seq=1, abbr="示")  # raises the Chinese message on a bad placeholder
    return pattern


#: The widget of the fields added per section and kind (after ``StyledFormMixin`` styled the fixed ones).
TEXT = forms.TextInput(attrs={"class": "form-control form-control-sm"})


class SettingsForm(StyledFormMixin, forms.Form):
    signature = forms.CharField(label="署名", max_length=100, required=False)
    seal_text = forms.CharField(label="印章文字", max_length=100, required=False)
    idle_months = forms.IntegerField(
        label="法律顾问“顾而不问”认定期间（月）",
        required=False,
        min_value=IDLE_MONTHS_MIN,
        max_value=IDLE_MONTHS_MAX,
        error_messages={
            "invalid": "“顾而不问”认定期间应为整月数",
            "min_value": "“顾而不问”认定期间至少为1个月",
            "max_value": "“顾而不问”认定期间不得超过24个月",
        },
        widget=forms.NumberInput(attrs=TEXT.attrs),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, government: OrgUnit, current: GovernmentSettings, **kw: Any) -> None:
        self.sections = sections_of(current)
        self.kinds = number_kinds(government)
        patterns = dict(NumberPattern.objects.filter(org=government).values_list("kind", "pattern"))
        initial = {
            "signature": current.signature,
            "seal_text": current.seal_text,
            "idle_months": current.idle_months,
            "version": current.version,
            **{f"title_{s['code']}": s["title"] for s in self.sections},
            **{f"order_{s['code']}": (i + 1) * 10 for i, s in enumerate(self.sections)},
            **{f"enabled_{s['code']}": s.get("enabled", True) for s in self.sections},
            **{f"pattern_{k}": patterns.get(k, "") for k in self.kinds},
            **{deadline_field(r.code): (current.deadline_days or {}).get(r.code) for r in local_rules()},
        }
        super().__init__(*args, initial=initial, **kw)
        if apps.is_installed("fazhi.governance"):
            self.fields["idle_months"].help_text = (
                f"聘期内连续多少个月无咨询记录即认定为“顾而不问”，"
                f"{IDLE_MONTHS_MIN}至{IDLE_MONTHS_MAX}个整月；不填为平台默认的{platform_idle_months()}个月"
            )
        else:
            del self.fields["idle_months"]
        for s in self.sections:
            code = s["code"]
            self.fields[f"title_{code}"] = forms.CharField(
                label=section_label(code), max_length=200, required=False, widget=TEXT
            )
            self.fields[f"order_{code}"] = forms.IntegerField(
                label="顺序", min_value=1, max_value=999, widget=forms.NumberInput(attrs=TEXT.attrs)
            )
            self.fields[f"enabled_{code}"] = forms.BooleanField(
                label="编入报告",
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
        for r in local_rules():
            limit = bounds(r)
            self.fields[deadline_field(r.code)] = forms.IntegerField(
                label=f"{r.label}（{r.unit_label.removeprefix('个')}）",
                required=False,
                min_value=1,
                max_value=999,
                help_text=f"自{r.start_event}起计算；不填为{r.default_days}{r.unit_label}"
                + (f"；{limit}" if limit else ""),
                widget=forms.NumberInput(attrs=TEXT.attrs),
            )
        for k in self.kinds:
            self.fields[f"pattern_{k}"] = forms.CharField(
                label=f"编号格式（{kind_label(k)}）",
                max_length=80,
                required=False,
                help_text="不填使用默认格式",
                widget=TEXT,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for sec in self.sections:
            title = data.get(f"title_{sec['code']}") or ""
            try:
                title.format(year=2024, next=2025)
            except (KeyError, IndexError, ValueError):
                self.add_error(f"title_{sec['code']}", "标题中只能使用 {year}、{next} 占位符")
        for k in self.kinds:
            try:
                data[f"pattern_{k}"] = check_pattern(data.get(f"pattern_{k}") or "")
            except ValidationError as e:
                self.add_error(f"pattern_{k}", e)
        for r in local_rules():
            name = deadline_field(r.code)
            if data.get(name) is not None:
                try:
                    r.check_local(data[name])
                except ValidationError as e:
                    self.add_error(name, e)
        return data

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        rows = sorted(
            (
                d[f"order_{s['code']}"],
                i,
                {
                    "code": s["code"],
                    "title": (d.get(f"title_{s['code']}") or "").strip(),
                    "enabled": d[f"enabled_{s['code']}"],
                },
            )
            for i, s in enumerate(self.sections)
        )
        sections = [r for _, _, r in rows]
        defaults = [{"code": x.code, "title": x.title, "enabled": x.enabled} for x in section_defaults()]
        return {
            "signature": d["signature"].strip(),
            "seal_text": d["seal_text"].strip(),
            # left as the reports module's defaults: nothing stored, so last year's titles still carry over
            "report_sections": [] if sections == defaults else sections,
            "patterns": {k: d[f"pattern_{k}"] for k in self.kinds},
            **({"idle_months": d.get("idle_months")} if "idle_months" in self.fields else {}),
            "deadline_days": {
                r.code: d[deadline_field(r.code)] for r in local_rules() if d.get(deadline_field(r.code))
            },
        }

    def deadline_fields(self) -> list[Any]:
        idle = [self["idle_months"]] if "idle_months" in self.fields else []
        return [self[deadline_field(r.code)] for r in local_rules()] + idle

    def section_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"title_{s['code']}"], self[f"order_{s['code']}"], self[f"enabled_{s['code']}"])
            for s in self.sections
        ]

    def pattern_fields(self) -> list[Any]:
        return [self[f"pattern_{k}"] for k in self.kinds]


@transaction.atomic
def save(
    *, actor: Any, government: OrgUnit, data: dict[str, Any], version: Any, request: Any = None
) -> GovernmentSettings:
    """Save ``government``'s settings (its own 司法局 only); audited with what changed."""
    if Role.BUREAU not in actor.role_codes or actor.own_government != government:
        raise PermissionDenied("只有本级政府司法局工作人员可以修改本级政府的设置")
    current = settings_for(government)
    if current.pk:
        current = GovernmentSettings.objects.select_for_update().get(pk=current.pk)
        check_version(current, version, required=True)
    before = snapshot(current) if current.pk else {}
    old_patterns = dict(NumberPattern.objects.filter(org=government).values_list("kind", "pattern"))
    current.signature = data.get("signature", "")
    current.seal_text = data.get("seal_text", "")
    current.report_sections = data.get("report_sections", [])
    old_days = dict(current.deadline_days or {})
    if "deadline_days" in data:
        current.deadline_days = data["deadline_days"] or {}
    if "idle_months" in data:
        current.idle_months = data["idle_months"]
    current.full_clean()
    if current.pk:
        current.version += 1
    current.save()
    patterns = {k: check_pattern(v or "") for k, v in (data.get("patterns") or {}).items()}
    for kind, pattern in patterns.items():
        if pattern:
            NumberPattern.objects.update_or_create(org=government, kind=kind, defaults={"pattern": pattern})
        else:
            NumberPattern.objects.filter(org=government, kind=kind).delete()
    changes = diff(before, snapshot(current))
    changed = {k: [old_patterns.get(k, ""), v] for k, v in patterns.items() if old_patterns.get(k, "") != v}
    if changed:
        changes["number_patterns"] = changed
    if current.deadline_days != old_days:
        changes["recomputed"] = recompute_deadlines(government)
    record("orgs.government_settings", actor=actor, obj=current, changes=changes, request=request)
    return current


def recompute_deadlines(government: OrgUnit) -> int:
    """The stored due dates of ``government``'s open records, recomputed with its new lengths in the
    caller's transaction: every module listener that takes ``government=`` (the calendar listeners)."""
    from fazhi.core.registry import registry

    count = 0
    for listener in registry.calendar_listeners:
        if "government" in signature(listener).parameters:
            count += int(listener(government=government) or 0)
    return count


@role_required(Role.BUREAU)
def settings_page(request: HttpRequest) -> HttpResponse:
    government = request.user.own_government
    if government is None:
        raise Http404("您的单位不属于任何人民政府")
    current = settings_for(government)
    form = SettingsForm(request.POST or None, government=government, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            save(
                actor=request.user,
                government=government,
                data=form.to_data(),
                version=form.cleaned_data.get("version"),
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{government.name}的设置已保存")
            return redirect("government_settings")
    return render(
        request, "orgs/government_settings.html", {"form": form, "government": government, "current": current}
    )
