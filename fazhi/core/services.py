"""Write helpers shared by every module's services: optimistic locking and gap-free numbering."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from .models import NumberPattern, NumberSequence


class ConflictError(ValidationError):
    """Raised when a record changed since the user loaded it (两人同时编辑); nothing is saved."""

    def __init__(self) -> None:
        super().__init__("该记录已被他人修改（两人同时编辑），请刷新页面后重新操作", code="conflict")


def check_version(instance: models.Model, expected: int | str | None) -> None:
    """Refuse a save based on a stale copy. ``expected`` is the version the user's form was built from."""
    if expected in (None, ""):
        return
    try:
        expected_int = int(expected)
    except (TypeError, ValueError):
        raise ValidationError("版本号无效", code="version") from None
    if expected_int != instance.version:  # type: ignore[attr-defined]
        raise ConflictError()


def bump_version(instance: models.Model, actor: Any) -> None:
    instance.version += 1  # type: ignore[attr-defined]
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance.updated_by = actor  # type: ignore[attr-defined]


def next_number(org: Any, kind: str, year: int, default_pattern: str) -> tuple[int, str]:
    """Take the next number in (org, kind, year); must run inside the creating transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the transaction that creates the record")
    seq, _ = NumberSequence.objects.select_for_update().get_or_create(org=org, kind=kind, year=year)
    seq = NumberSequence.objects.select_for_update().get(pk=seq.pk)
    seq.last += 1
    seq.save(update_fields=["last"])
    pattern_row = NumberPattern.objects.filter(org=org, kind=kind).first()
    pattern = pattern_row.pattern if pattern_row else default_pattern
    return seq.last, format_number(
        pattern, year=year, seq=seq.last, abbr=getattr(org, "short_name", "") or ""
    )


def format_number(pattern: str, *, year: int, seq: int, abbr: str = "") -> str:
    try:
        return pattern.format(year=year, seq=seq, abbr=abbr)
    except (KeyError, IndexError, ValueError):
        raise ValidationError(
            f"编号格式「{pattern}」无效，只能使用 {{year}}、{{seq}}、{{abbr}} 占位符"
        ) from None
