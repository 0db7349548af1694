"""Writes of 行政争议化解: register a dispute and close it, each with its audit event, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.audit.services import record, snapshot
from fazhi.core import links
from fazhi.core.actions import TRUSTED, run
from fazhi.core.services import next_number
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import ensure_can_write

from .actions import WORKFLOW, history
from .models import Channel, Dispute, DisputeParty, PartyKind, Source

NUMBER_KIND = "dispute"
DEFAULT_PATTERN = "{abbr}争〔{year}〕{seq}号"


def _ensure(actor: Any, org: OrgUnit) -> None:
    """Refuse writes outside the actor's scope. ``None`` is the command-line system import
    (``fazhi import`` without ``--user``; TabularKind contract): no scope limit, audited as 系统."""
    if actor is not None:
        ensure_can_write(actor, org)


@dataclass
class PartyData:
    name: str
    kind: str = PartyKind.PERSON
    id_number: str = ""
    phone: str = ""


@dataclass
class DisputeData:
    org: OrgUnit
    source: str
    channel: str
    opened_on: date
    summary: str
    parties: list[PartyData] = field(default_factory=list)
    related_litigation: Any = None
    related_reconsideration: Any = None


def numbering_org(org: OrgUnit) -> OrgUnit:
    """Dispute numbers are kept per government (示争〔2019〕12号)."""
    return org.government or org


def _check_links(actor: Any, data: DisputeData) -> None:
    """A dispute may link only to cases its author may see (through the link registry)."""
    errors: dict[str, list[str]] = {}
    for fld, kind in (
        ("related_litigation", "litigation.case"),
        ("related_reconsideration", "reconsideration.case"),
    ):
        try:
            setattr(data, fld, links.fetch(actor, kind, getattr(data, fld), field=fld))
        except ValidationError as e:
            errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_dispute(*, actor: Any, data: DisputeData, request: Any = None) -> Dispute:
    """登记行政争议 for the unit concerned (事权单位)."""
    _ensure(actor, data.org)
    errors: dict[str, str] = {}
    if data.source not in Source.values:
        errors["source"] = f"来源「{data.source}」无效"
    if data.channel not in Channel.values:
        errors["channel"] = f"化解渠道「{data.channel}」无效"
    if not (data.summary or "").strip():
        errors["summary"] = "请填写争议概要"
    if data.org.kind in (OrgUnit.Kind.COURT, OrgUnit.Kind.UPPER):
        errors["org"] = "事权单位应为本级政府或其部门、乡镇（街道）"
    if errors:
        raise ValidationError(errors)
    _check_links(actor, data)
    parties = []
    perrors: list[str] = []
    for i, p in enumerate(data.parties, start=1):
        row = DisputeParty(
            kind=p.kind,
            name=(p.name or "").strip(),
            id_number=(p.id_number or "").strip(),
            phone=(p.phone or "").strip(),
        )
        try:
            row.full_clean(exclude=["dispute"])
        except ValidationError as e:
            perrors.extend(
                f"第{i}个当事人{DisputeParty._meta.get_field(k).verbose_name}：{'；'.join(v)}"
                for k, v in e.message_dict.items()
            )
        parties.append(row)
    if perrors:
        raise ValidationError({"parties": perrors})
    gov = numbering_org(data.org)
    _seq, number = next_number(gov, NUMBER_KIND, data.opened_on.year, DEFAULT_PATTERN)
    d = Dispute(
        org=data.org,
        number=number,
        numbering_government=gov,
        source=data.source,
        channel=data.channel,
        summary=data.summary.strip(),
        opened_on=data.opened_on,
        related_litigation=data.related_litigation,
        related_reconsideration=data.related_reconsideration,
        created_by=actor,
        updated_by=actor,
    )
    d.full_clean()
    d.save()
    for p in parties:
        p.dispute = d
    DisputeParty.objects.bulk_create(parties)
    history(d, "", "create", data.opened_on, actor)
    record(
        "disputes.create",
        actor=actor,
        obj=d,
        request=request,
        changes={**snapshot(d), "parties": [p.name for p in parties]},
    )
    return d


def close_dispute(
    *,
    actor: Any,
    dispute: Dispute,
    on: date,
    resolved: bool,
    how_resolved: str = "",
    channel: str | None = None,
    version: Any = TRUSTED,
    request: Any = None,
) -> Dispute:
    """办结 (the ``close`` transition of ``actions.WORKFLOW``)."""
    data = {"date": on, "resolved": resolved, "how_resolved": how_resolved, "channel": channel}
    return run(WORKFLOW, "close", dispute, actor=actor, data=data, version=version, request=request)
