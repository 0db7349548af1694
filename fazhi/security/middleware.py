"""Idle logout by the stored policy (RULES.md §9: at most 30 minutes; SESSION_COOKIE_AGE stays the
30-minute ceiling, this makes a stricter policy bite)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

IDLE_KEY = "fz_idle_seconds"
LAST_SEEN_KEY = "fz_last_seen"


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            limit = session.get(IDLE_KEY)
            last = session.get(LAST_SEEN_KEY)
            now = time.time()
            if limit and last and now - float(last) > float(limit):
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # now anonymous: DRF answers 401/403 itself
                if request.headers.get("HX-Request"):
                    resp = HttpResponse(status=401)
                    resp["HX-Redirect"] = reverse("login")
                    return resp
                return HttpResponseRedirect(reverse("login"))
            if limit:
                session[LAST_SEEN_KEY] = now
        return self.get_response(request)
