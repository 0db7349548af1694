from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm


class LoginForm(AuthenticationForm):
    """The failure message never says whether the username or the password was wrong."""

    error_messages = {
        "invalid_login": "用户名或密码错误",
        "inactive": "用户名或密码错误",
    }

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["username"].widget.attrs.update({"class": "form-control", "autocomplete": "username"})
        self.fields["password"].label = "密码"
        self.fields["password"].widget.attrs.update(
            {"class": "form-control", "autocomplete": "current-password"}
        )


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for name, label in (
            ("old_password", "原密码"),
            ("new_password1", "新密码"),
            ("new_password2", "确认新密码"),
        ):
            self.fields[name].label = label
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean_new_password1(self) -> str:
        new = self.cleaned_data.get("new_password1", "")
        if new and self.user.check_password(new):
            raise forms.ValidationError("新密码不能与原密码相同")
        return new
