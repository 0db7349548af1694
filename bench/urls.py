"""The bench server's URLs: the product unchanged, and on the same tables the two yardsticks of DESIGN §10 —
the stock Django admin changelist (``/bench-admin/``, a minimal ``ModelAdmin`` on its own ``AdminSite``) and
a minimal keyset view (``/bench-keyset/<module>/``: 50 rows, ``select_related``, a plain template, no COUNT).
Both see exactly the rows the product shows the same user (its data scope), so the ratios compare like with
like. Mounted only by ``bench.settings``; the product's admin stays empty of business data."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from fazhi.enforcement.models import ActionParty, EnforcementAction
from fazhi.litigation.models import LitigationCase
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.urls import urlpatterns as product_urlpatterns


class BenchAdminSite(admin.AdminSite):
    site_header = "基准对照：Django admin"

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_authenticated)


class ScopedReadOnlyAdmin(admin.ModelAdmin):
    """The stock changelist, read only, over the rows the user may see."""

    list_per_page = 100  # Django's default, stated: the changelist the goals are measured against

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.model.objects.visible_to(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return True

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReconsiderationAdmin(ScopedReadOnlyAdmin):
    list_display = ("number", "org", "status", "received_on", "outcome")
    list_filter = ("status",)
    list_select_related = ("org",)
    search_fields = ("number",)


class LitigationAdmin(ScopedReadOnlyAdmin):
    list_display = ("court_case_number", "org", "status", "served_on", "outcome")
    list_filter = ("status",)
    list_select_related = ("org",)
    search_fields = ("court_case_number",)


class EnforcementAdmin(ScopedReadOnlyAdmin):
    list_display = ("case_number", "org", "body", "action_type", "decided_on", "status")
    list_filter = ("action_type", "status")
    list_select_related = ("org", "body")
    search_fields = ("case_number", "parties__name")


site = BenchAdminSite(name="bench_admin")
site.register(ReconsiderationCase, ReconsiderationAdmin)
site.register(LitigationCase, LitigationAdmin)
site.register(EnforcementAction, EnforcementAdmin)

KEYSET = {  # module → (model, date field, number field)
    "reconsideration": (ReconsiderationCase, "received_on", "number"),
    "litigation": (LitigationCase, "served_on", "court_case_number"),
    "enforcement": (EnforcementAction, "decided_on", "case_number"),
}


def keyset_list(request: HttpRequest, module: str) -> HttpResponse:
    """50 rows newest first; ``after=<date>_<id>`` continues in the sargable form of DESIGN §10."""
    model, on, number = KEYSET[module]
    qs = model.objects.visible_to(request.user).select_related("org")
    if org := request.GET.get("org"):
        qs = qs.filter(org_id=org)
    if status := request.GET.get("status"):
        qs = qs.filter(status=status)
    if q := request.GET.get("q"):
        qs = qs.filter(**{f"{number}__startswith": q})
    for name in ("body", "action_type"):  # enforcement: by body and type
        if value := request.GET.get(name):
            qs = qs.filter(**{name: value})
    if party := request.GET.get("party"):  # enforcement: a party's name, as plain as it gets
        qs = qs.filter(Exists(ActionParty.objects.filter(record=OuterRef("pk"), name__contains=party)))
    if after := request.GET.get("after"):
        day, last_id = after.split("_")
        qs = qs.filter(Q(**{f"{on}__lte": day}) & (Q(**{f"{on}__lt": day}) | Q(id__lt=last_id)))
    rows = list(qs.order_by(f"-{on}", "-id")[:50])
    nxt = f"{getattr(rows[-1], on)}_{rows[-1].pk}" if len(rows) == 50 else ""
    context = {
        "rows": [(getattr(r, number), r.org.name, r.get_status_display(), getattr(r, on)) for r in rows]
    }
    return render(request, "bench/keyset.html", {**context, "next": nxt})


urlpatterns = [
    path("bench-admin/", site.urls),
    path("bench-keyset/<str:module>/", keyset_list, name="bench_keyset"),
    *product_urlpatterns,
]

handler400 = "fazhi.core.views.error_400"
handler403 = "fazhi.core.views.error_403"
handler404 = "fazhi.core.views.error_404"
handler500 = "fazhi.core.views.error_500"
