from __future__ import annotations

from typing import Any

from captcha.fields import CaptchaField
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from fazhi.core.forms import StyledFormMixin
from fazhi.orgs.forms import LoginForm

from . import gate
from .models import SecurityPolicy
from .services import POLICY_FIELDS


class GuardedLoginForm(LoginForm):
    """The login form plus a CAPTCHA (generated on our server) once the account or the address has
    failed CAPTCHA_AFTER times. A missing or wrong CAPTCHA counts as a failure and the password is
    not checked at all, so the answer reveals nothing about it."""

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        username = str(self.data.get("username", "") or "")[:150] if self.is_bound else ""
        self.captcha_required = False
        if request is not None:
            # A locked (account, address) goes straight to django-axes, which answers with the lock message.
            locked = bool(username) and gate.account_locked(request, username)
            self.captcha_required = not locked and gate.captcha_required(request, username)
        if self.captcha_required:
            self._add_captcha()

    def show_captcha_if_due(self) -> None:
        """After a failed attempt the page shown next carries the CAPTCHA if that failure made it due."""
        if not self.captcha_required and self.request is not None:
            username = str(self.data.get("username", "") or "")[:150]
            if gate.captcha_required(self.request, username):
                self._add_captcha()

    def _add_captcha(self) -> None:
        if "captcha" not in self.fields:
            field = CaptchaField(
                label="验证码",
                error_messages={"invalid": gate.CAPTCHA_WRONG_MESSAGE, "required": "请输入验证码"},
            )
            field.widget.attrs.update({"class": "form-control", "autocomplete": "off"})
            self.fields["captcha"] = field

    def clean(self) -> dict[str, Any]:
        if self.captcha_required and "captcha" not in self.cleaned_data:
            username = str(self.data.get("username", "") or "")[:150]
            gate.count_failure(self.request, username, "captcha")
            raise ValidationError(gate.CAPTCHA_WRONG_MESSAGE, code="captcha")
        return super().clean()


class ReasonForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label="账号", max_length=150)
    reason = forms.CharField(label="原因", max_length=200)


class FailureFilterForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label="账号", max_length=150, required=False)
    ip = forms.CharField(label="地址", max_length=45, required=False)
    date_from = forms.DateField(label="开始日期", required=False)
    date_to = forms.DateField(label="结束日期", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError("开始日期不能晚于结束日期")
        return data


class PolicyForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = POLICY_FIELDS
