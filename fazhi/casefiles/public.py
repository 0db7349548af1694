"""The public page of a published document (issue 15 item 8), for a module's ``public_urls``:
``urlpatterns = fazhi.casefiles.public.urlpatterns("reconsideration")`` mounts ``/portal/<label>/<case>/``
(no login): the published text only — 404 while nothing is published or once the case was voided."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from .publication import published_for
from .registry import for_label


def urlpatterns(label: str) -> list[Any]:
    @require_GET
    def decision(request: HttpRequest, pk: int) -> HttpResponse:
        pub = published_for(for_label(label), pk)
        if pub is None:
            raise Http404
        return render(
            request,
            "casefiles/public_document.html",
            {"pub": pub, "issuer": pub.government.name},
        )

    decision.__module__ = f"fazhi.{label}.public_urls"
    return [path("<int:pk>/", decision, name="decision")]
