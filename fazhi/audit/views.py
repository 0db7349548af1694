from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fazhi.core.excel import export_response
from fazhi.core.pagination import keyset_page
from fazhi.core.permissions import role_required
from fazhi.orgs.models import Role

from .forms import AuditFilterForm
from .masking import masked
from .models import AuditEvent
from .selectors import filter_events

EXPORT_LIMIT = 100_000


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, object]:
    form = AuditFilterForm(request.GET or None)
    qs = AuditEvent.objects.all()
    if form.is_valid():
        d = form.cleaned_data
        qs = filter_events(
            qs,
            actor=d["actor"],
            org=d["org"].pk if d["org"] else None,
            action=d["action"],
            object_type=d["object_type"],
            object_id=d["object_id"],
            date_from=d["date_from"],
            date_to=d["date_to"],
        )
    elif form.is_bound:
        qs = qs.none()
    return form, qs


@role_required(Role.AUDITOR)
def event_list(request: HttpRequest) -> HttpResponse:
    form, qs = _filtered(request)
    page = keyset_page(qs, "id", cursor=request.GET.get("cursor"))
    # The auditor needs who/what/when, not the parties' personal data (RULES.md §9).
    page.items = [masked(e) for e in page.items]
    return render(request, "audit/event_list.html", {"form": form, "page": page})


@role_required(Role.AUDITOR)
def event_export(request: HttpRequest) -> HttpResponse:
    form, qs = _filtered(request)
    headers = [
        "序号",
        "时间",
        "操作人账号",
        "操作人",
        "单位",
        "IP地址",
        "操作",
        "对象类型",
        "对象ID",
        "对象",
        "变更内容",
        "哈希",
    ]
    rows = (
        [
            e.id,
            timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_username,
            e.actor_name,
            e.org_name,
            e.ip,
            e.action,
            e.object_type,
            e.object_id,
            e.masked_repr,
            str(e.masked_diff),
            e.hash,
        ]
        for e in map(masked, qs.order_by("-id")[:EXPORT_LIMIT].iterator(chunk_size=2000))
    )
    return export_response(
        f"审计记录_{timezone.localdate():%Y%m%d}.xlsx",
        headers,
        rows,
        widths=[8, 20, 14, 12, 20, 16, 28, 24, 10, 30, 60, 20],
    )
