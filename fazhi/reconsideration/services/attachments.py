"""Attachments: stored under MEDIA_ROOT (inside FAZHI_DATA_DIR), with size and type limits."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.audit.services import record
from fazhi.orgs.models import Role
from fazhi.orgs.scope import ensure_can_write

from ..models import Attachment, ReconsiderationCase

#: Allowed types: extension → the magic bytes a real file of that type starts with.
ALLOWED = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".docx": (b"PK\x03\x04",),
    ".ofd": (b"PK\x03\x04",),
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".doc": "application/msword",
    ".ofd": "application/ofd",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def validate_upload(upload: Any) -> str:
    """Refuse files over the size limit or of another type; returns the lower-case extension."""
    name = PurePath(upload.name or "").name
    ext = PurePath(name).suffix.lower()
    if ext not in ALLOWED:
        raise ValidationError("附件类型不允许，只能上传 PDF、JPG、PNG、DOC、DOCX 或 OFD 文件")
    limit = settings.FAZHI_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(f"附件过大（{upload.size // 1024} KB），上限为 {limit // 1024 // 1024} MB")
    if upload.size == 0:
        raise ValidationError("附件是空文件")
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED[ext]):
        raise ValidationError("附件内容与文件类型不符")
    return ext


@transaction.atomic
def add_attachment(
    case: ReconsiderationCase, *, actor: Any, kind: str, upload: Any, request: Any = None
) -> Attachment:
    """Respondent clerks may add answers and evidence; the office may add any kind."""
    ensure_can_write(actor, case.org)
    if kind not in Attachment.Kind.values:
        raise ValidationError("请选择附件类别")
    if Role.BUREAU not in actor.role_codes and kind not in (Attachment.Kind.ANSWER, Attachment.Kind.EVIDENCE):
        raise ValidationError("被申请人只能上传答复书和证据材料")
    validate_upload(upload)
    name = PurePath(upload.name).name[:200]
    att = Attachment(case=case, kind=kind, filename=name, size=upload.size, uploaded_by=actor)
    att.file.save(name, upload, save=False)
    att.save()
    record(
        "reconsideration.attachment_add",
        actor=actor,
        obj=case,
        request=request,
        changes={"attachment": {"id": att.pk, "kind": kind, "filename": name, "size": att.size}},
    )
    return att
