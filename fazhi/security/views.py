"""The security administrator's console (安全管理员, 三员分立): locks, failed logins, sessions and
tokens, alerts and the password/lockout policy. No business data; every other role gets 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.core.pagination import keyset_page
from fazhi.core.permissions import role_required
from fazhi.orgs.models import Role

from . import selectors, services
from .forms import FailureFilterForm, PolicyForm, ReasonForm
from .models import SecurityAlert
from .policy import get_policy

secadmin_only = role_required(Role.SECADMIN)


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


@secadmin_only
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "security/index.html",
        {
            "alerts": list(selectors.open_alerts()[:20]),
            "locked": selectors.locked_accounts(limit=20),
            "policy": get_policy(),
        },
    )


@secadmin_only
@require_POST
def alert_ack(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(SecurityAlert, pk=pk)
    services.acknowledge_alert(alert=alert, actor=request.user, request=request)
    messages.success(request, "告警已标记为已处理")
    return redirect("security:index")


@secadmin_only
@require_http_methods(["GET", "POST"])
def locked(request: HttpRequest) -> HttpResponse:
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unlock_account(
                username=form.cleaned_data["username"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, f"已解锁账号 {form.cleaned_data['username']}")
            return redirect("security:locked")
    elif request.method == "POST":
        messages.error(request, "请填写账号和解锁原因")
    return render(request, "security/locked.html", {"locked": selectors.locked_accounts()})


@secadmin_only
def failures(request: HttpRequest) -> HttpResponse:
    form = FailureFilterForm(request.GET or None)
    qs = selectors.failures()
    if form.is_valid():
        d = form.cleaned_data
        qs = selectors.failures(
            username=d["username"].strip(), ip=d["ip"].strip(), date_from=d["date_from"], date_to=d["date_to"]
        )
    elif form.is_bound:
        qs = qs.none()
    page = keyset_page(qs, "created_at", cursor=request.GET.get("cursor"))
    return render(request, "security/failures.html", {"form": form, "page": page})


@secadmin_only
@require_http_methods(["GET", "POST"])
def sessions(request: HttpRequest) -> HttpResponse:
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
        if user is None:
            messages.error(request, "没有这个账号")
        else:
            try:
                n_sessions, n_tokens = services.force_logout(
                    user=user, actor=request.user, reason=form.cleaned_data["reason"], request=request
                )
            except ValidationError as exc:
                messages.error(request, _errors(exc))
            else:
                messages.success(
                    request, f"已强制 {user.username} 退出：结束会话{n_sessions}个，吊销接口令牌{n_tokens}个"
                )
                return redirect("security:sessions")
    elif request.method == "POST":
        messages.error(request, "请填写账号和强制退出原因")
    return render(
        request,
        "security/sessions.html",
        {"sessions": selectors.active_sessions(), "tokens": selectors.token_counts()},
    )


@secadmin_only
@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest) -> HttpResponse:
    current = get_policy()
    form = PolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_policy(actor=request.user, data=form.cleaned_data, request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "安全策略已保存")
            return redirect("security:policy")
    return render(request, "security/policy.html", {"form": form, "policy": current})
