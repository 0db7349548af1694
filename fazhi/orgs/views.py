from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fazhi.security import gate
from fazhi.security.forms import GuardedLoginForm
from fazhi.security.policy import get_policy

from . import selectors, services
from .forms import ChangePasswordForm, LoginForm

LOCKOUT_MESSAGE = "连续登录失败次数过多，账号已被锁定30分钟，请稍后再试或联系安全管理员"


class LoginView(auth_views.LoginView):
    template_name = "orgs/login.html"
    authentication_form = GuardedLoginForm  # LoginForm + CAPTCHA when due (fazhi.security)
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # An address that failed too often is refused before anything else is looked at.
        if gate.address_blocked(request):
            return render(
                request,
                self.template_name,
                {"form": LoginForm(request), "lockout_message": gate.ADDRESS_BLOCKED_MESSAGE},
                status=429,
            )
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        form.show_captcha_if_due()
        return super().form_invalid(form)


def lockout_response(request: HttpRequest, response: Any = None, credentials: Any = None) -> HttpResponse:
    """Shown on every login path once an account is locked (django-axes, RULES.md §9)."""
    # The duration is the security administrator's policy (30 minutes unless set stricter).
    message = LOCKOUT_MESSAGE.replace("30分钟", f"{get_policy().lock_minutes}分钟")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429, json_dumps_params={"ensure_ascii": False})
    form = LoginForm(request)
    return render(request, "orgs/login.html", {"form": form, "lockout_message": message}, status=429)


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(
            user=request.user, new_password=form.cleaned_data["new_password1"], request=request
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, "密码已修改")
        return redirect("home")
    reason = ""
    if request.user.must_change_password:
        reason = "首次登录须修改初始密码。"
    elif request.user.password_change_required():
        reason = "密码已超过有效期，请修改密码。"
    return render(request, "orgs/password_change.html", {"form": form, "reason": reason})


def org_list(request: HttpRequest) -> HttpResponse:
    orgs = selectors.orgs_for(request.user)
    return render(request, "orgs/org_list.html", {"orgs": orgs})


def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.org_detail(request.user, pk)
    return render(request, "orgs/org_detail.html", {"org": org, "children": org.children.all()})
