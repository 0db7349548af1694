"""Writing audit events. Called by the service that makes the change, inside its transaction.

An event is inserted in the caller's transaction without touching any row shared with other
transactions; it is linked into the hash chain (:class:`AuditSeal`) after commit, under a lock held
only for one short sealing transaction. A clerk's 20 000-row import therefore no longer makes every
login wait for it (issue 8, item 5).
"""

from __future__ import annotations

import ipaddress
import logging
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditChainHead, AuditEvent, AuditSeal

log = logging.getLogger(__name__)

GENESIS = "0" * 64
SEAL_BATCH = 1000
REDACTED = "〔已隐去〕"


# --- client address -------------------------------------------------------------------------


def _valid_ip(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_ip(request: HttpRequest | None) -> str:
    """The client's address as the outermost trusted proxy saw it.

    With ``FAZHI_PROXY_COUNT = N`` the request passed N proxies we run; each appends the address it
    received from to ``X-Forwarded-For``, so the client is the N-th entry from the right (everything
    left of it is whatever the client chose to send). With N = 0 the header is ignored: anyone can
    write it. A header with too few entries or an entry that is not an IP address falls back to
    REMOTE_ADDR. Also used by axes (AXES_CLIENT_IP_CALLABLE) and the login log.
    """
    if request is None:
        return ""
    meta = getattr(request, "META", {}) or {}
    remote = _valid_ip(str(meta.get("REMOTE_ADDR") or ""))
    count = int(getattr(settings, "FAZHI_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    parts = [p.strip() for p in str(meta.get("HTTP_X_FORWARDED_FOR") or "").split(",")]
    if len(parts) < count or not parts[-count]:
        return remote
    return _valid_ip(parts[-count]) or remote


def axes_client_ip(request: HttpRequest) -> str | None:
    """:func:`client_ip` for django-axes, which stores "no address" as NULL."""
    return client_ip(request) or None


# --- what may enter an event ----------------------------------------------------------------

# Field names whose values are secrets: a word anywhere in the key (csrftoken, captcha_1,
# new_password1), or a whole underscore-separated part (secret but not secretary), or a named key
# (api_key, session_key). A bare "key" is not: report figures use it for their names; the models
# whose key is the secret (DRF Token, knox, sessions, CAPTCHA) are filtered as a whole below.
_SECRET_NAME = re.compile(
    # (settings *about* passwords — password_max_age_days, password_changed_at — are not secrets)
    r"password(?!_?(max|min|changed|age|expir|policy|length|classes))|passwd|token|csrf|captcha|hashkey|"
    r"apikey|sessionid|"
    r"(^|_)(pwd|secret|digest|salt|otp|credential|credentials|cookie|cookies)(_|$|\d)|"
    r"^(api|access|private|secret|signing|session|token|auth)_key$|^session_data$",
    re.IGNORECASE,
)
# A value in Django's password-hash format ("argon2$…", "pbkdf2_sha256$…", "md5$…") is a secret
# whatever the field is called.
_HASH_VALUE = re.compile(
    r"^(argon2|pbkdf2_sha256|pbkdf2_sha1|bcrypt_sha256|bcrypt|scrypt|md5|sha1|unsalted_md5|"
    r"unsalted_sha1|crypt)\$"
)
# Models that are nothing but secrets: sessions, API tokens, CAPTCHA answers.
_SECRET_MODELS = {"sessions.session", "authtoken.token", "knox.authtoken", "captcha.captchastore"}


def is_secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(str(name)))


def is_secret_value(value: Any) -> bool:
    return isinstance(value, str) and bool(_HASH_VALUE.match(value))


def _scrub(value: Any) -> Any:
    """Remove secrets from a JSON-able value: keys named like secrets and password-hash values."""
    if isinstance(value, dict):
        return {k: (REDACTED if is_secret_name(k) else _scrub(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if is_secret_value(value):
        return REDACTED
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):  # an attachment: its stored name, not its content
        return value.name or ""
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return REDACTED  # binary fields are keys, hashes or files: never useful in an event
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a model instance, for ``diff``; secrets are left out
    (password hashes, tokens, keys, CAPTCHA answers, session data), by field name and type."""
    if instance._meta.label_lower in _SECRET_MODELS:
        # A token's or session's primary key is the secret itself: keep only whose and when.
        return {
            f.attname: _jsonable(getattr(instance, f.attname))
            for f in instance._meta.concrete_fields
            if not f.primary_key and isinstance(f, (models.ForeignKey, models.DateField))
        }
    names = fields or [
        f.attname
        for f in instance._meta.concrete_fields
        if not isinstance(f, models.BinaryField) and not is_secret_name(f.attname)
    ]
    return _scrub({name: _jsonable(getattr(instance, name)) for name in names if not is_secret_name(name)})


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{"field": [old, new]}`` for the fields whose value changed."""
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def _is_secret_model(obj: models.Model | None) -> bool:
    return obj is not None and obj._meta.label_lower in _SECRET_MODELS


def _object_repr(obj: models.Model | None, given: str) -> str:
    if _is_secret_model(obj):
        return str(obj._meta.verbose_name)  # type: ignore[union-attr]  # str(token) is the token
    text = given or (str(obj) if obj is not None else "")
    return REDACTED if is_secret_value(text) else text


# --- writing --------------------------------------------------------------------------------


def record(
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
) -> AuditEvent:
    """Append one event. Runs in the caller's transaction (or its own); it is sealed into the hash
    chain when that transaction commits. Secrets in ``changes`` never reach the database."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    org = getattr(actor, "org", None) if authenticated else None
    with transaction.atomic():
        event = AuditEvent(
            created_at=timezone.now(),
            actor_id_value=actor.pk if authenticated else None,
            actor_username=(actor.username if authenticated else "")[:150],
            actor_name=((getattr(actor, "real_name", "") or actor.username) if authenticated else "")[:100],
            org_id_value=org.pk if org else None,
            org_name=(org.name if org else "")[:100],
            ip=client_ip(request),
            action=action,
            object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
            object_id=str(object_id or (obj.pk if obj is not None and not _is_secret_model(obj) else "")),
            object_repr=_object_repr(obj, object_repr)[:200],
            diff=_scrub(_jsonable(changes or {})),
            prev_hash="",
        )
        event.hash = event.compute_hash()
        event.save()
        _schedule_seal(event.pk)
    return event


def _seal_after_commit(from_id: int) -> None:
    seal_pending(from_id=from_id)


def _schedule_seal(event_id: int) -> None:
    """One sealing callback per outermost transaction, from its first event's id (ids only grow
    within a transaction, so every event it wrote is at or after that id)."""
    conn = transaction.get_connection()
    for entry in conn.run_on_commit:
        func = entry[1]
        if isinstance(func, partial) and func.func is _seal_after_commit:
            return
    # robust: a failed seal after commit must not turn the user's saved change into a 500; the
    # periodic job and verify seal whatever is left.
    seal = partial(_seal_after_commit, event_id)
    # Django logs a failed robust callback by its __qualname__, which a partial lacks: without it the
    # log line itself raised, and a seal that lost a lock race (another app server sealing) became a 500.
    seal.__qualname__ = _seal_after_commit.__qualname__  # type: ignore[attr-defined]
    transaction.on_commit(seal, robust=True)


def _ensure_head() -> None:
    if not AuditChainHead.objects.filter(id=1).exists():
        try:
            with transaction.atomic():
                AuditChainHead.objects.get_or_create(id=1, defaults={"last_hash": GENESIS})
        except IntegrityError:
            pass  # created by a parallel sealer


def unsealed_events(from_id: int | None = None) -> models.QuerySet[AuditEvent]:
    qs = AuditEvent.objects.filter(seal__isnull=True)
    if from_id is not None:
        qs = qs.filter(id__gte=from_id)
    return qs.order_by("id")


def seal_pending(
    from_id: int | None = None, *, older_than: datetime | None = None, newer_than: datetime | None = None
) -> int:
    """Link committed, unsealed events into the chain in id order; returns how many were sealed.

    Each batch is one short transaction holding the chain-head row lock only while it appends its
    seals, so a long business transaction is never waited for and never waits."""
    _ensure_head()
    total = 0
    while True:
        try:
            with transaction.atomic():
                list(AuditChainHead.objects.select_for_update().filter(id=1).values_list("id"))
                qs = unsealed_events(from_id)
                if older_than is not None:
                    qs = qs.filter(created_at__lt=older_than)
                if newer_than is not None:
                    qs = qs.filter(created_at__gte=newer_than)
                pending = list(qs.values_list("id", "hash")[:SEAL_BATCH])
                if not pending:
                    return total
                last = AuditSeal.objects.order_by("-seq").values_list("seq", "hash").first()
                seq, prev = last if last else (0, GENESIS)
                now = timezone.now()
                seals = []
                for event_id, event_hash in pending:
                    seq += 1
                    link = AuditSeal.link_hash(prev, seq, event_id, event_hash)
                    seals.append(
                        AuditSeal(
                            seq=seq,
                            event_id=event_id,
                            event_hash=event_hash,
                            prev_hash=prev,
                            hash=link,
                            sealed_at=now,
                        )
                    )
                    prev = link
                AuditSeal.objects.bulk_create(seals)
        except IntegrityError:
            # SQLite has no row lock: a parallel sealer took the same sequence numbers. Its
            # seals stand; whatever is left is picked up on the next round.
            log.info("审计封存与并行封存冲突，稍后重试")
            return total
        total += len(pending)
        if len(pending) < SEAL_BATCH:
            return total


def seal_grace() -> timedelta:
    """How long a committed event may stay unsealed before verify reports it."""
    return timedelta(seconds=int(getattr(settings, "FAZHI_AUDIT_SEAL_GRACE_SECONDS", 600)))
