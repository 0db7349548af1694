"""Security administrator's data (RULES.md §9): the lockout/password policy, the failed-login log,
burst alerts and the register of logged-in sessions used for forced logout."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

# The floor of RULES.md §9 (等保2.0 三级). The security administrator may be stricter, never looser.
FLOOR_MIN_LENGTH = 8
FLOOR_MIN_CLASSES = 3
FLOOR_LOCK_THRESHOLD = 5
FLOOR_LOCK_MINUTES = 30
FLOOR_PASSWORD_MAX_AGE_DAYS = 90
FLOOR_SESSION_IDLE_MINUTES = 30


class SecurityPolicy(models.Model):
    """The one policy row (pk=1). Absent means the RULES.md §9 floor itself."""

    min_length = models.PositiveSmallIntegerField("密码最小长度", default=FLOOR_MIN_LENGTH)
    min_classes = models.PositiveSmallIntegerField("密码至少包含字符类别数", default=FLOOR_MIN_CLASSES)
    lock_threshold = models.PositiveSmallIntegerField("连续失败锁定次数", default=FLOOR_LOCK_THRESHOLD)
    lock_minutes = models.PositiveIntegerField("锁定时长（分钟）", default=FLOOR_LOCK_MINUTES)
    password_max_age_days = models.PositiveSmallIntegerField(
        "密码最长有效期（天）", default=FLOOR_PASSWORD_MAX_AGE_DAYS
    )
    session_idle_minutes = models.PositiveSmallIntegerField(
        "无操作自动退出（分钟）", default=FLOOR_SESSION_IDLE_MINUTES
    )
    updated_at = models.DateTimeField("修改时间", null=True, blank=True)
    updated_by = models.CharField("修改人", max_length=150, blank=True)

    class Meta:
        verbose_name = "安全策略"
        verbose_name_plural = "安全策略"

    def __str__(self) -> str:
        return "安全策略"

    def clean(self) -> None:
        # Each bound is the RULES.md §9 floor; the other end only keeps the value sensible.
        errors: dict[str, str] = {}
        if not FLOOR_MIN_LENGTH <= (self.min_length or 0) <= 64:
            errors["min_length"] = (
                f"密码最小长度须在{FLOOR_MIN_LENGTH}至64之间（等保要求不少于{FLOOR_MIN_LENGTH}位）"
            )
        if not FLOOR_MIN_CLASSES <= (self.min_classes or 0) <= 4:
            errors["min_classes"] = (
                f"密码字符类别数须为{FLOOR_MIN_CLASSES}或4（等保要求至少{FLOOR_MIN_CLASSES}类）"
            )
        if not 1 <= (self.lock_threshold or 0) <= FLOOR_LOCK_THRESHOLD:
            errors["lock_threshold"] = (
                f"锁定次数须在1至{FLOOR_LOCK_THRESHOLD}之间（等保要求连续失败不超过{FLOOR_LOCK_THRESHOLD}次即锁定）"
            )
        if not FLOOR_LOCK_MINUTES <= (self.lock_minutes or 0) <= 24 * 60:
            errors["lock_minutes"] = (
                f"锁定时长须在{FLOOR_LOCK_MINUTES}至1440分钟之间（等保要求不少于{FLOOR_LOCK_MINUTES}分钟）"
            )
        if not 1 <= (self.password_max_age_days or 0) <= FLOOR_PASSWORD_MAX_AGE_DAYS:
            errors["password_max_age_days"] = (
                f"密码有效期须在1至{FLOOR_PASSWORD_MAX_AGE_DAYS}天之间（等保要求至少每{FLOOR_PASSWORD_MAX_AGE_DAYS}天更换）"
            )
        if not 1 <= (self.session_idle_minutes or 0) <= FLOOR_SESSION_IDLE_MINUTES:
            errors["session_idle_minutes"] = (
                f"无操作退出时间须在1至{FLOOR_SESSION_IDLE_MINUTES}分钟之间（等保要求不超过{FLOOR_SESSION_IDLE_MINUTES}分钟）"
            )
        if errors:
            raise ValidationError(errors)


class LoginFailure(models.Model):
    """One failed login (form or API, including refused CAPTCHA and attempts while locked)."""

    created_at = models.DateTimeField("时间", db_index=True)
    username = models.CharField("用户名", max_length=150)
    ip = models.CharField("地址", max_length=45)
    via = models.CharField("途径", max_length=20, blank=True)
    reason = models.CharField("原因", max_length=40, blank=True)

    class Meta:
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"
        indexes = [
            models.Index(fields=["created_at", "id"], name="loginfail_created_idx"),
            models.Index(fields=["username", "created_at"], name="loginfail_user_idx"),
            models.Index(fields=["ip", "created_at"], name="loginfail_ip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.username}@{self.ip}"


class SecurityAlert(models.Model):
    """A burst of failed logins from anywhere, shown to the security administrator."""

    created_at = models.DateTimeField("时间", db_index=True)
    message = models.CharField("内容", max_length=300)
    failures = models.PositiveIntegerField("失败次数")
    accounts = models.PositiveIntegerField("涉及账号数")
    addresses = models.PositiveIntegerField("涉及地址数")
    acknowledged_at = models.DateTimeField("处理时间", null=True, blank=True)
    acknowledged_by = models.CharField("处理人", max_length=150, blank=True)

    class Meta:
        verbose_name = "安全告警"
        verbose_name_plural = "安全告警"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.message


class UserSession(models.Model):
    """Which session belongs to which user: Django's session table cannot be searched by user
    without decoding every row, and forced logout must find them all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="用户"
    )
    session_key = models.CharField("会话", max_length=40, unique=True)
    created_at = models.DateTimeField("登录时间")
    ip = models.CharField("地址", max_length=45, blank=True)

    class Meta:
        verbose_name = "登录会话"
        verbose_name_plural = "登录会话"

    def __str__(self) -> str:
        return f"{self.user_id}:{self.created_at:%Y-%m-%d %H:%M}"
