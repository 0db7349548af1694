"""Writes of 行政争议化解: register a dispute and close it, each with its audit event, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core import actions, links
from fazhi.core.actions import TRUSTED, run
from fazhi.core.parts import PartyKind, clean_parties
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import ensure_can_write

from .actions import WORKFLOW
from .models import Channel, Dispute, DisputeParty, Source
from .selectors import LINKS

NUMBER_KIND = "dispute"
DEFAULT_PATTERN = "{abbr}争〔{year}〕{seq}号"  # kept per government (示争〔2019〕12号)


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
    parties: list[Any] = field(default_factory=list)  # PartyData or dicts of its fields
    related_litigation: Any = None  # a case or its id, checked against the actor's scope
    related_reconsideration: Any = None


def create_dispute(*, actor: Any, data: DisputeData | dict[str, Any], request: Any = None) -> Dispute:
    """登记行政争议 for the unit concerned (事权单位). ``actor=None`` is the command-line system import
    (``fazhi import`` without ``--user``; TabularKind contract): no scope limit, audited as 系统."""
    if not isinstance(data, DisputeData):
        data = DisputeData(**data)
    if actor is not None:
        ensure_can_write(actor, data.org)
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
    links.check_links(actor, data, LINKS)
    parties = clean_parties(DisputeParty, data.parties, Dispute)
    d = Dispute(
        org=data.org,
        source=data.source,
        channel=data.channel,
        summary=data.summary.strip(),
        opened_on=data.opened_on,
        related_litigation=data.related_litigation,
        related_reconsideration=data.related_reconsideration,
    )
    number = (NUMBER_KIND, DEFAULT_PATTERN, data.opened_on.year)
    return actions.create(
        WORKFLOW, d, actor=actor, request=request, parties=parties, number=number, on=data.opened_on
    )


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
