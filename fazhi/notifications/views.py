"""我的通知: the user's own notifications only (another user's is 404), newest first, keyset pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from fazhi.core.pagination import keyset_page

from . import services
from .models import Notification


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    qs = Notification.objects.filter(user=request.user)
    if request.GET.get("unread") == "1":
        qs = qs.filter(read_at__isnull=True)
    page = keyset_page(qs, "id", cursor=request.GET.get("cursor"))
    return render(
        request,
        "notifications/index.html",
        {"page": page, "unread_only": request.GET.get("unread") == "1"},
    )


@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The navbar's unread count (loaded by htmx, so no page pays for it in its own queries)."""
    return render(request, "notifications/_badge.html", {"unread": services.unread_count(request.user)})


@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    n = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(request.user, n.pk)
    if n.url and url_has_allowed_host_and_scheme(n.url, allowed_hosts={request.get_host()}):
        return redirect(n.url)
    return redirect("notifications:index")


@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_read(request.user)
    return redirect("notifications:index")
