"""归档 makes a case read-only: the runner (``core.actions`` write guard), the document and service
writes here, and the module's own upload services all ask ``archived_refusal``."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType

from fazhi.core.dates import cn_date

from .models import Archive

_CACHE = "_casefiles_archive"


def archive_of(obj: Any) -> Archive | None:
    """The case's archive row, read once per instance (a detail page asks for its buttons and its panel);
    writes lock a fresh instance, so they always read the table."""
    if obj is None or getattr(obj, "pk", None) is None:
        return None
    if _CACHE not in obj.__dict__:
        ct = ContentType.objects.get_for_model(type(obj))
        obj.__dict__[_CACHE] = Archive.objects.filter(content_type=ct, object_id=obj.pk).first()
    return obj.__dict__[_CACHE]


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
