"""The public pages of published documents (issue 15 item 8), for a module's ``public_urls``:
``urlpatterns = fazhi.casefiles.public.urlpatterns("reconsideration")`` mounts, without login,
``/portal/<label>/`` — the list of the published documents (newest first, keyset pages; ``?gov=<code>`` one
government's) — and ``/portal/<label>/<case>/`` — the published text only (404 while nothing is published
or once the case was voided). Only the generated public text is shown: names of natural persons masked, ID
numbers removed (``publication.public_paragraphs``); the list shows no party at all.
``portal_section(label, title)`` links the list from the portal's front page."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from fazhi.core.pagination import keyset_page
from fazhi.core.registry import PortalSection

from .publication import published, published_for
from .registry import for_label

PAGE = 30
#: What the list reads of a publication: no text, no checker.
LIST_FIELDS = ("id", "object_id", "title", "number", "published_on", "government__name", "org__name")


def urlpatterns(label: str) -> list[Any]:
    @require_GET
    @cache_control(public=True, max_age=300)
    def decisions(request: HttpRequest) -> HttpResponse:
        from fazhi.orgs.models import OrgUnit
        from fazhi.reports.submission import GOVERNMENT_KINDS

        gov = None
        if request.GET.get("gov"):
            gov = get_object_or_404(OrgUnit, code=request.GET["gov"][:50], kind__in=GOVERNMENT_KINDS)
        qs = published(for_label(label), gov).select_related("government", "org").only(*LIST_FIELDS)
        page = keyset_page(qs, "published_on", cursor=request.GET.get("cursor"), size=PAGE)
        return render(
            request,
            "casefiles/public_list.html",
            {"page": page, "gov": gov, "label": label, "ns": f"portal_{label}"},
        )

    @require_GET
    def decision(request: HttpRequest, pk: int) -> HttpResponse:
        pub = published_for(for_label(label), pk)
        if pub is None:
            raise Http404
        return render(
            request,
            "casefiles/public_document.html",
            {"pub": pub, "issuer": pub.government.name, "list_url": reverse(f"portal_{label}:decisions")},
        )

    for view in (decisions, decision):
        view.__module__ = f"fazhi.{label}.public_urls"
    return [
        path("", decisions, name="decisions"),
        path("<int:pk>/", decision, name="decision"),
    ]


def portal_section(label: str, title: str, order: int = 60) -> PortalSection:
    """A block of the portal's front page: the newest published documents and the link to all of them."""

    def context(request: HttpRequest) -> dict[str, Any]:
        qs = published(for_label(label)).only("id", "object_id", "title", "number", "published_on")
        return {
            "latest": list(qs.order_by("-published_on", "-id")[:5]),
            "list_url": reverse(f"portal_{label}:decisions"),
            "ns": f"portal_{label}",
        }

    return PortalSection(f"{label}_published", title, "casefiles/public_section.html", context, order=order)
