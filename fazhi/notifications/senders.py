"""Optional SMS / e-mail delivery of notifications: a pluggable interface behind a setting.

``FAZHI_NOTIFY_SENDERS`` lists dotted paths of sender classes; each is instantiated once and its
``send(notification)`` is called after the notification's transaction committed. The default is
``LogSender`` (writes a log line); no sender is ever required, and a failing sender is logged and never
undoes or blocks the notification, which stays readable in the platform."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("fazhi.notifications")


class Sender(Protocol):
    def send(self, notification: Any) -> None: ...


class LogSender:
    """The default: one log line per notification (no personal data: user id, kind and title only)."""

    def send(self, notification: Any) -> None:
        logger.info("通知 user=%s kind=%s %s", notification.user_id, notification.kind, notification.title)


@cache
def _senders(paths: tuple[str, ...]) -> tuple[Sender, ...]:
    return tuple(import_string(p)() for p in paths)


def senders() -> tuple[Sender, ...]:
    return _senders(tuple(getattr(settings, "FAZHI_NOTIFY_SENDERS", ()) or ()))


def deliver(notifications: list[Any]) -> None:
    for sender in senders():
        for n in notifications:
            try:
                sender.send(n)
            except Exception:  # a sender's failure (SMS gateway down) must not reach the user's request
                logger.exception("通知发送失败：%s", type(sender).__name__)
