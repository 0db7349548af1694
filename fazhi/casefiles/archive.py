"""归档 makes a case read-only: the runner (``core.actions`` write guard), the document and service
writes here, and the module's own upload services all ask ``archived_refusal``."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType

from fazhi.core.dates import cn_date

from .models import Archive


def archive_of(obj: Any) -> Archive | None:
    if obj is None or getattr(obj, "pk", None) is None:
        return None
    ct = ContentType.objects.get_for_model(type(obj))
    return Archive.objects.filter(content_type=ct, object_id=obj.pk).first()


def archived_refusal(obj: Any) -> str:
    """ "" unless ``obj`` is an archived case of a module that declares case files."""
    from .registry import for_record

    if for_record(obj) is None:
        return ""
    archive = archive_of(obj)
    if archive is None:
        return ""
    return (
        f"该案件已于{cn_date(archive.archived_on)}归档（档号 {archive.archive_number}），案卷只读，不能再修改"
    )
