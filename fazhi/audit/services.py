"""Writing audit events. Called by the service that makes the change, inside its transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return (request.META.get("REMOTE_ADDR") or "")[:45]


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a model instance, for ``diff``."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _jsonable(getattr(instance, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{"field": [old, new]}`` for the fields whose value changed."""
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


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
    """Append one event to the chain. Runs in the caller's transaction (or its own)."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.get_or_create(id=1, defaults={"last_hash": GENESIS})
        head = AuditChainHead.objects.select_for_update().get(id=1)
        authenticated = actor is not None and getattr(actor, "is_authenticated", False)
        org = getattr(actor, "org", None) if authenticated else None
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
            object_id=str(object_id or (obj.pk if obj is not None else "")),
            object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
            diff=_jsonable(changes or {}),
            prev_hash=head.last_hash,
        )
        event.hash = event.compute_hash()
        event.save()
        AuditChainHead.objects.filter(id=1).update(last_hash=event.hash)
        return event
