"""公开 (issue 15 item 8): a publishable document (行政复议决定书) goes on the portal after the office's
check. The public text is generated, never typed: the stored DOCX's paragraphs with every natural
person's name among the case's parties masked wherever it appears (张三 → 张某), their ID numbers and
phones removed, and any other ID-number- or mobile-shaped string removed too."""

from __future__ import annotations

import io
import re
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from docx import Document

from fazhi.audit.services import record
from fazhi.core.dates import today as local_today
from fazhi.core.parts import PartyKind
from fazhi.orgs.scope import ensure_can_write

from .declare import CaseFiles
from .models import CaseDocument, Publication
from .services import check_case_version, touch_case

ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
PHONE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def mask_name(name: str) -> str:
    """张三 → 张某, 欧阳明华 → 欧某某某: the surname's first character stays."""
    return name[:1] + "某" * max(1, len(name) - 1) if name else name


def persons(cf: CaseFiles, case: Any) -> list[tuple[str, str, str]]:
    if cf.persons is not None:
        return cf.persons(case)
    return [
        (p.name, p.id_number, p.phone)
        for p in case.parties.all()
        if p.kind == PartyKind.PERSON and p.name.strip()
    ]


def public_paragraphs(paragraphs: list[str], people: list[tuple[str, str, str]]) -> list[str]:
    names = sorted({n.strip() for n, _, _ in people if n.strip()}, key=len, reverse=True)
    secrets = [s for _, i, p in people for s in (i, p) if s]
    out = []
    for text in paragraphs:
        for secret in secrets:
            text = text.replace(secret, "")
        text = PHONE_RE.sub("", ID_RE.sub("", text))
        # one pass over all names, longest first, so a masked name is never masked again
        if names:
            text = re.sub("|".join(re.escape(n) for n in names), lambda m: mask_name(m.group(0)), text)
        out.append(text)
    return out


def document_paragraphs(document: CaseDocument) -> list[str]:
    with document.file.open("rb") as f:
        doc = Document(io.BytesIO(f.read()))
    return [p.text for p in doc.paragraphs if p.text.strip()]


def public_version(cf: CaseFiles, case: Any, document: CaseDocument) -> list[str]:
    return public_paragraphs(document_paragraphs(document), persons(cf, case))


def publish(
    cf: CaseFiles,
    case: Any,
    document: CaseDocument,
    *,
    actor: Any,
    request: Any = None,
    version: Any = None,
) -> Publication:
    """审核并公开: the office's member who checked the public version publishes it (recorded)."""
    with transaction.atomic():
        locked = cf.model._default_manager.select_for_update().get(pk=case.pk)
        ensure_can_write(actor, locked.org, record=locked)
        if not cf.issuer_roles & set(actor.role_codes):
            raise PermissionDenied("只有复议机构工作人员可以审核公开文书")
        check_case_version(locked, version)
        kind = cf.kind(document.kind)
        if kind is None or not kind.publishable:
            raise ValidationError("该文书不公开")
        if (
            document.content_type_id != ContentType.objects.get_for_model(cf.model).pk
            or document.object_id != locked.pk
        ):
            raise ValidationError("文书不属于本案")
        if getattr(locked, "status", "") == "voided" or not cf.closed(locked):
            raise ValidationError("案件尚未办结（或已作废），不能公开决定书")
        if Publication.objects.filter(document=document).exists():
            raise ValidationError("该文书已公开")
        row = Publication(
            document=document,
            content_type=document.content_type,
            object_id=locked.pk,
            org=locked.org,
            government=document.government,
            title=document.title,
            number=document.number,
            text=public_version(cf, locked, document),
            published_on=local_today(),
            checked_by=actor,
        )
        row.full_clean()
        row.save()
        touch_case(locked, actor)
        record(
            f"{cf.label}.document_publish",
            actor=actor,
            obj=locked,
            request=request,
            changes={
                "publication": {"document": document.number, "published_on": row.published_on.isoformat()}
            },
        )
    return row


def publications_of(cf: CaseFiles, case: Any):  # type: ignore[no-untyped-def]
    """The case's published documents, oldest first."""
    ct = ContentType.objects.get_for_model(cf.model)
    return Publication.objects.filter(content_type=ct, object_id=case.pk).order_by("id")


def published(cf: CaseFiles, government: Any = None):  # type: ignore[no-untyped-def]
    """The module's public documents (of one numbering ``government``, or all), never one of a case voided
    since: the portal's list (``public.urlpatterns``)."""
    ct = ContentType.objects.get_for_model(cf.model)
    qs = Publication.objects.filter(content_type=ct)
    if government is not None:
        qs = qs.filter(government=government)
    if any(f.name == "status" for f in cf.model._meta.fields):
        voided = cf.model._default_manager.filter(status="voided").values("pk")
        qs = qs.exclude(object_id__in=voided)
    return qs


def published_for(cf: CaseFiles, pk: int) -> Publication | None:
    """The public decision of case ``pk`` (None: not published, or the case was voided since)."""
    ct = ContentType.objects.get_for_model(cf.model)
    pub = Publication.objects.filter(content_type=ct, object_id=pk).order_by("-id").first()
    if pub is None:
        return None
    cases = cf.model._default_manager.filter(pk=pk)
    if any(f.name == "status" for f in cf.model._meta.fields):
        cases = cases.exclude(status="voided")
    return pub if cases.exists() else None
