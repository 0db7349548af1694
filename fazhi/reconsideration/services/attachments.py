"""Attachments: stored under MEDIA_ROOT (inside FAZHI_DATA_DIR), with size and type limits."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.audit.services import record
from fazhi.core.actions import refuse_if_locked
from fazhi.core.uploads import DOCUMENT_TYPES, check_uploaded_file
from fazhi.orgs.models import Role
from fazhi.orgs.scope import ensure_can_write

from ..models import Attachment, ReconsiderationCase

#: What the scoped download view sends each stored type as.
CONTENT_TYPES = {ext: t.content_type for ext, t in DOCUMENT_TYPES.items()}


def validate_upload(upload: Any) -> str:
    """The platform's upload check (core.uploads) for a case attachment; returns the lower-case extension."""
    return check_uploaded_file(
        upload, types=DOCUMENT_TYPES, max_bytes=settings.FAZHI_ATTACHMENT_MAX_BYTES, what="附件"
    )


@transaction.atomic
def add_attachment(
    case: ReconsiderationCase, *, actor: Any, kind: str, upload: Any, request: Any = None
) -> Attachment:
    """Respondent clerks may add answers and evidence; the office may add any kind."""
    # the office acts as the handling government; the respondent's own clerks answer for their unit
    ensure_can_write(actor, case.org, record=case if Role.BUREAU in actor.role_codes else None)
    refuse_if_locked(case)  # an archived case (casefiles) takes no new attachment
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
