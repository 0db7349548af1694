"""Writes: generate a document, record its service, archive the case, upload a template version.

Each runs in one transaction with its audit event (``<module>.document_add`` …, on the case's trail);
the case row is locked first, so two writes on one case (or an archive racing a document) serialise."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from fazhi.audit.services import record
from fazhi.core.actions import refuse_if_locked
from fazhi.core.dates import today as local_today
from fazhi.core.parts import numbering_government
from fazhi.core.services import bump_version, check_version, next_number
from fazhi.core.uploads import DOCUMENT_TYPES, check_uploaded_file
from fazhi.orgs.scope import ensure_can_write

from . import render
from .archive import _CACHE as _ARCHIVE_CACHE
from .declare import CaseFiles
from .models import Archive, CaseDocument, DocumentTemplate, Method, Service


def _writer(cf: CaseFiles, actor: Any, case: Any) -> None:
    ensure_can_write(actor, case.org)
    if not cf.issuer_roles & set(actor.role_codes):
        raise PermissionDenied("只有复议（应诉）机构工作人员可以制作、送达文书和归档")


def _lock(cf: CaseFiles, case: Any) -> Any:
    return cf.model._default_manager.select_for_update().get(pk=case.pk)


def _date(value: Any, label: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise ValidationError({label: f"请填写{label}（格式 2024-03-01）"}) from None


def _issuer(cf: CaseFiles, case: Any) -> Any:
    return cf.issuer(case) if cf.issuer else numbering_government(case.org)


def check_case_version(locked: Any, version: Any) -> None:
    """The case's ``version`` the caller read (the API always sends it: stale → 409); ``None``: a page's
    form, which serialises on the row lock instead."""
    if version is not None:
        check_version(locked, version, required=True)


def touch_case(locked: Any, actor: Any) -> None:
    """A write on a part of the case (publication, 履行监督) bumps the case's version: a form built on
    the case before it is stale (409) rather than silently last-write-wins."""
    bump_version(locked, actor)
    locked.save(update_fields=["version", "updated_by", "updated_at"])


def documents_of(case: Any):  # type: ignore[no-untyped-def]
    ct = ContentType.objects.get_for_model(type(case))
    return CaseDocument.objects.filter(content_type=ct, object_id=case.pk)


def generate(
    cf: CaseFiles,
    case: Any,
    kind: str,
    *,
    actor: Any,
    data: dict[str, Any] | None = None,
    request: Any = None,
) -> CaseDocument:
    """制作文书: the module's ``build`` says what it contains; the number is the government's next."""
    data = dict(data or {})
    dk = cf.kind(kind)
    if dk is None:
        raise ValidationError(
            {"kind": f"文书种类「{kind}」无效，可选：{'、'.join(t for _, t in cf.kind_choices)}"}
        )
    with transaction.atomic():
        locked = _lock(cf, case)
        _writer(cf, actor, locked)
        refuse_if_locked(locked)
        issued_on = _date(data.get("issued_on") or local_today(), "落款日期")
        if issued_on > local_today():
            raise ValidationError({"issued_on": "落款日期不能晚于今天"})
        letter = dk.build(locked, data)
        government = numbering_government(locked.org)
        issuer = _issuer(cf, locked)
        seq, number = next_number(government, f"doc.{cf.label}.{dk.code}", issued_on.year, dk.number_pattern)
        template = render.template_for(government, f"{cf.label}.{dk.code}")
        content = render.render(
            render.source_of(template),
            render.context(
                issuer=issuer.name,
                title=dk.title,
                number=number,
                issued_on=issued_on,
                letter=letter,
                **render.closing_of(issuer, government),
            ),
        )
        doc = CaseDocument(
            content_type=ContentType.objects.get_for_model(type(locked)),
            object_id=locked.pk,
            org=locked.org,
            government=government,
            kind=dk.code,
            title=dk.title,
            number=number,
            year=issued_on.year,
            seq=seq,
            issued_on=issued_on,
            recipient=letter.recipient[:200],
            size=len(content),
            template=template,
            created_by=actor,
        )
        doc.file.save(f"{dk.code}.docx", ContentFile(content), save=False)
        doc.full_clean()
        doc.save()
        record(
            f"{cf.label}.document_add",
            actor=actor,
            obj=locked,
            request=request,
            changes={
                "document": {
                    "id": doc.pk,
                    "kind": dk.code,
                    "title": dk.title,
                    "number": number,
                    "template": f"v{template.version}" if template else "默认模板",
                }
            },
        )
    return doc


def serve(
    cf: CaseFiles,
    case: Any,
    document: CaseDocument,
    *,
    actor: Any,
    data: dict[str, Any],
    receipt: Any = None,
    request: Any = None,
) -> Service:
    """登记送达. The document's own step (e.g. 补正通知送达) runs through the module's workflow in the same
    transaction, so the period that runs from the other side's receipt starts from ``served_on``."""
    with transaction.atomic():
        locked = _lock(cf, case)
        _writer(cf, actor, locked)
        refuse_if_locked(locked)
        document = CaseDocument.objects.select_for_update().get(pk=document.pk)
        if Service.objects.filter(document=document).exists():
            raise ValidationError("该文书已登记送达，不能重复登记")
        method = str(data.get("method") or "")
        if method not in Method.values:
            raise ValidationError({"method": f"送达方式无效，可选：{'、'.join(Method.labels)}"})
        service = Service(
            document=document,
            method=method,
            tracking_number=str(data.get("tracking_number") or "").strip(),
            served_on=_date(data.get("served_on"), "送达日期"),
            issued_on=document.issued_on,
            recipient=str(data.get("recipient") or document.recipient).strip()[:200],
            note=str(data.get("note") or "").strip()[:300],
            created_by=actor,
        )
        if service.served_on > local_today():
            raise ValidationError({"served_on": "送达日期不能晚于今天"})
        if receipt:
            check_uploaded_file(
                receipt, types=DOCUMENT_TYPES, max_bytes=settings.FAZHI_ATTACHMENT_MAX_BYTES, what="送达回证"
            )
            service.receipt_name = PurePath(receipt.name).name[:200]
            service.receipt.save(service.receipt_name, receipt, save=False)
        service.full_clean()
        service.save()
        record(
            f"{cf.label}.service_add",
            actor=actor,
            obj=locked,
            request=request,
            changes={
                "service": {
                    "document": document.number,
                    "method": service.get_method_display(),
                    "served_on": service.served_on.isoformat(),
                    "recipient": service.recipient,
                    "receipt": service.receipt_name,
                }
            },
        )
        dk = cf.kind(document.kind)
        if dk is not None and dk.served is not None:
            dk.served(locked, service, actor, request)
    return service


def archive(cf: CaseFiles, case: Any, *, actor: Any, data: dict[str, Any], request: Any = None) -> Archive:
    """归档 a closed case; afterwards every write on it is refused."""
    with transaction.atomic():
        locked = _lock(cf, case)
        _writer(cf, actor, locked)
        refuse_if_locked(locked)
        if not cf.closed(locked):
            raise ValidationError("案件尚未办结，不能归档")
        on = _date(data.get("archived_on") or local_today(), "归档日期")
        closed_on = cf.issued_on(locked)
        if closed_on and on < closed_on:
            raise ValidationError({"archived_on": "归档日期不能早于结案日期"})
        if on > local_today():
            raise ValidationError({"archived_on": "归档日期不能晚于今天"})
        row = Archive(
            content_type=ContentType.objects.get_for_model(type(locked)),
            object_id=locked.pk,
            org=locked.org,
            archived_on=on,
            archive_number=str(data.get("archive_number") or "").strip()[:60],
            archived_by=actor,
        )
        row.full_clean()
        row.save()
        record(
            f"{cf.label}.archive",
            actor=actor,
            obj=locked,
            request=request,
            changes={"archive": {"archived_on": on.isoformat(), "archive_number": row.archive_number}},
        )
    case.__dict__[_ARCHIVE_CACHE] = row  # the caller's instance reads the archive it just made
    return row


def upload_template(
    *, government: Any, kind: str, upload: Any, actor: Any, request: Any = None
) -> DocumentTemplate:
    """A new version of the government's template for ``kind`` ("" = every kind); checked by rendering."""
    ensure_can_write(actor, government)
    if "bureau" not in actor.role_codes:
        raise PermissionDenied("只有司法局工作人员可以上传文书模板")
    check_uploaded_file(
        upload, types={".docx": DOCUMENT_TYPES[".docx"]}, max_bytes=5 * 1024 * 1024, what="文书模板"
    )
    upload.seek(0)
    data = upload.read()
    render.check_template(data)
    with transaction.atomic():
        last = (
            DocumentTemplate.objects.select_for_update()
            .filter(government=government, kind=kind)
            .order_by("-version")
            .first()
        )
        row = DocumentTemplate(
            government=government,
            kind=kind,
            version=(last.version + 1) if last else 1,
            filename=PurePath(upload.name).name[:200],
            uploaded_by=actor,
        )
        row.file.save(row.filename, ContentFile(data), save=False)
        row.save()
        record(
            "casefiles.template_add",
            actor=actor,
            obj=row,
            request=request,
            changes={"template": {"kind": kind or "通用", "version": row.version, "filename": row.filename}},
        )
    return row
