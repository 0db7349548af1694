"""Write helpers shared by every module's services: optimistic locking and gap-free numbering."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from .models import NumberPattern, NumberSequence


class ConflictError(ValidationError):
    """Raised when a record changed since the user loaded it (两人同时编辑); nothing is saved.

    The message names the newer change — who made it and when — so the user knows what to re-read;
    the API answers it with 409 (``core.api_errors``), pages show it like any validation message.
    """

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message or "该记录已被他人修改（两人同时编辑），请刷新页面后重新操作", code="conflict"
        )


MISSING_VERSION_MESSAGE = (
    "缺少版本号（version）：请先读取该记录，并在提交时带上读取到的 version，以免覆盖他人的修改"
)


def conflict_message(instance: models.Model) -> str:
    """「该案件已由 张三 于 2026年11月20日 10:00 受理」: the newer change, from updated_by/updated_at.

    A model may describe its latest change with ``last_change_label()`` (e.g. the last transition);
    otherwise the change is called 修改.
    """
    from .dates import cn_date  # local: dates imports settings-dependent timezone helpers

    who = getattr(instance, "updated_by", None)
    when = getattr(instance, "updated_at", None)
    describe = getattr(instance, "last_change_label", None)
    what = (describe() if callable(describe) else "") or "修改"
    noun = getattr(instance._meta, "verbose_name", "记录")
    parts = [f"该{noun}已由{who}" if who else f"该{noun}已被他人"]
    if when:
        parts.append(f"于{cn_date(when)}")
    parts.append(what)
    version = getattr(instance, "version", None)
    return (
        " ".join(parts)
        + f"（当前版本 {version}）。您看到的是旧版本（两人同时编辑），本次未保存任何内容，请刷新后重新操作"
    )


def check_version(instance: models.Model, expected: int | str | None, *, required: bool = False) -> None:
    """Refuse a save based on a stale copy. ``expected`` is the version the user's form was built from.

    ``required``: the caller (every API update and action) must send the version it read; without it a
    write would silently be last-write-wins (400 缺少版本号).
    """
    if expected in (None, ""):
        if required:
            raise ValidationError(MISSING_VERSION_MESSAGE, code="version_required")
        return
    try:
        expected_int = int(expected)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError("版本号无效，应为读取记录时得到的整数 version", code="version") from None
    if expected_int != instance.version:  # type: ignore[attr-defined]
        raise ConflictError(conflict_message(instance))


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
