"""站内通知 (in-platform notifications, issue 15 item 9): a platform app like core/casefiles.

A notification is written by the service that causes it (a new assignment, a returned report, a
respondent's answer) in that service's transaction, or by the daily job ``notify_deadlines`` (an
approaching deadline, 3 and 1 working days before). Optional SMS/e-mail senders run after the commit
(``FAZHI_NOTIFY_SENDERS``, dotted paths; default: log only)."""

from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "fazhi.notifications"
    label = "notifications"
    verbose_name = "站内通知"
    default_auto_field = "django.db.models.BigAutoField"
