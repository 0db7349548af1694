"""Cross-cutting request rules: login everywhere but the public paths, forced password change, CSP."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

# Paths reachable without login. The API enforces its own authentication (401/403 JSON).
PUBLIC_PREFIXES = (
    "/accounts/login/",
    "/captcha/",
    "/healthz",
    "/portal/",
    "/static/",
    "/favicon.ico",
    "/api/",
)


class LoginRequiredMiddleware:
    """Every internal page requires login; anonymous users are sent to the login page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            if request.headers.get("HX-Request"):
                resp = HttpResponse(status=401)
                resp["HX-Redirect"] = reverse("login")
                return resp
            return HttpResponseRedirect(f"{reverse('login')}?next={quote(request.get_full_path())}")
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """RULES.md §9: change forced on first login and when the password is older than the max age."""

    ALLOWED = ("/accounts/password/", "/accounts/logout/", "/static/", "/healthz", "/portal/", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.ALLOWED)
            and user.password_change_required()
        ):
            return HttpResponseRedirect(reverse("password_change"))
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Scripts only from our own static files: templates carry no inline script (CSP-friendly)."""

    POLICY = (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


NUL_MESSAGE = "查询参数中含有无效字符（空字符 \\0），请检查链接或筛选条件后重试"


class RejectNulBytesMiddleware:
    """``?q=%00``: PostgreSQL refuses NUL in any text, so a filter would be a 500. Answer 400 instead.

    One place for every list page, export and API; forms and serializers already refuse NUL in
    bodies (Django's and DRF's CharField), so only the query string and path are checked here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                return json_error(NUL_MESSAGE, 400)
            from django.shortcuts import render

            return render(request, "errors/400.html", {"message": NUL_MESSAGE}, status=400)
        return self.get_response(request)


def json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})


__all__ = ["settings"]


class DeadlineLengthsMiddleware:
    """Each government's own deadline lengths (``workdays.rules``, issue 16 item 2) are read once per
    request, however many records a page shows — and never kept beyond it (several app servers)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from fazhi.workdays.rules import memoised

        with memoised():
            return self.get_response(request)
