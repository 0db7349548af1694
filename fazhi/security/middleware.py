"""Idle logout by the stored policy (RULES.md §9: at most 30 minutes; SESSION_COOKIE_AGE stays the
30-minute ceiling, this makes a stricter policy bite).

The session is not saved on every request (``SESSION_SAVE_EVERY_REQUEST = False``: a write per page view was
part of every list page's cost, issue 11): this middleware stamps the last-seen time at most once every
``RENEW_SECONDS``, and the stamp is the change that saves the session and slides its 30-minute expiry. An
active user's session therefore expires at most ``RENEW_SECONDS`` before 30 minutes of idleness, never
after — the rule's limit is a maximum."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

IDLE_KEY = "fz_idle_seconds"
LAST_SEEN_KEY = "fz_last_seen"
#: How stale the last-seen stamp (and with it the session's stored expiry) may get before a request renews it.
RENEW_SECONDS = 60


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
            if not last or now - float(last) >= RENEW_SECONDS:
                session[LAST_SEEN_KEY] = now
        return self.get_response(request)
