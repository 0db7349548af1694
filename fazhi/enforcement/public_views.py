"""The public pages of 行政执法 (事前/事后公示, 国办发〔2018〕118号; manifest ``public_urls``, mounted at
``/portal/enforcement/``, no login): published bodies with their legal basis, certified officers (name,
unit, certificate number, field), publicized decisions (a natural person's name masked, no ID numbers;
a withdrawn decision is gone), the no-penalty list in force and the bodies' 执法数据年报.

Each page reads only the columns it shows (a template cannot show what was never fetched) and pages with
a keyset cursor (no COUNT, no OFFSET)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from fazhi.core.dates import today
from fazhi.core.pagination import keyset_page
from fazhi.core.parts import PartyKind
from fazhi.core.pii import mask_name
from fazhi.core.registry import PortalSection

from .annual import AnnualStatistics
from .models import (
    ActionParty,
    ActionStatus,
    ActionType,
    BodyStatus,
    Certificate,
    EnforcementAction,
    EnforcementBody,
    NoPenaltyItem,
    Officer,
    certificate_valid_q,
    in_force_q,
)

PAGE = 30
_public = cache_control(public=True, max_age=300)


def public_party_name(party: Any) -> str:
    """A party as published: an organisation by its name, a natural person with the name masked."""
    return party.name if party.kind == PartyKind.ORGANIZATION else mask_name(party.name)


def published_bodies() -> QuerySet[EnforcementBody]:
    return EnforcementBody.objects.filter(status=BodyStatus.PUBLISHED)


def published_actions() -> QuerySet[EnforcementAction]:
    """Publicized decisions still public (a withdrawn one is removed, 行政处罚法 Art 48)."""
    parties = ActionParty.objects.only("id", "record_id", "kind", "name").order_by("id")
    return (
        EnforcementAction.objects.filter(status=ActionStatus.PUBLICIZED)
        .select_related("body")
        .only(
            *("id", "case_number", "action_type", "decided_on", "publicized_on", "penalty_kind"),
            *("penalty_amount", "body__id", "body__name"),
        )
        .prefetch_related(Prefetch("parties", queryset=parties))
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def _next(request: HttpRequest, cursor: str | None) -> str:
    if not cursor:
        return ""
    params = [(k, v) for k, v in request.GET.items() if k != "cursor" and v]
    return "?" + urlencode([*params, ("cursor", cursor)])


def _with_parties(a: EnforcementAction) -> EnforcementAction:
    a.public_parties = [public_party_name(p) for p in a.parties.all()]  # type: ignore[attr-defined]
    return a


def _page(request: HttpRequest, qs: QuerySet, key: str, template: str, **extra: Any) -> HttpResponse:
    page = keyset_page(qs, key, descending=key != "id", cursor=request.GET.get("cursor"), size=PAGE)
    if qs.model is EnforcementAction:
        page.items = [_with_parties(a) for a in page.items]
    context = {"page": page, "next_url": _next(request, page.next_cursor), **extra}
    return render(request, f"enforcement/public/{template}.html", context)


@require_GET
@_public
def bodies(request: HttpRequest) -> HttpResponse:
    qs = (
        published_bodies()
        .select_related("org")
        .only(*("id", "name", "kind", "legal_basis", "fields", "powers", "published_on", "org__name"))
    )
    return _page(request, qs, "published_on", "bodies")


@require_GET
@_public
def officers(request: HttpRequest) -> HttpResponse:
    """Officers in an enforcement post holding a certificate valid today (only holders may enforce)."""
    on = today()
    valid = Certificate.objects.filter(certificate_valid_q(on), officer=OuterRef("pk"))
    qs = (
        Officer.objects.filter(in_post=True)
        .annotate(certificate=Subquery(valid.order_by("-valid_until", "-id").values("number")[:1]))
        .filter(certificate__isnull=False)
        .select_related("org")
        .only("id", "name", "field", "org__name")
    )
    return _page(request, qs, "id", "officers")


@require_GET
@_public
def decisions(request: HttpRequest) -> HttpResponse:
    """Publicized decisions, newest first; filter by body and type."""
    qs = published_actions()
    body = _int(request.GET.get("body"))
    kind = request.GET.get("type") or ""
    if body:
        qs = qs.filter(body_id=body)
    if kind in ActionType.values:
        qs = qs.filter(action_type=kind)
    else:
        kind = ""
    chosen = published_bodies().filter(pk=body).only("id", "name").first() if body else None
    return _page(request, qs, "decided_on", "decisions", types=ActionType.choices, kind=kind, body=chosen)


@require_GET
@_public
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    a = _with_parties(get_object_or_404(published_actions(), pk=pk))
    return render(request, "enforcement/public/decision.html", {"a": a})


@require_GET
@_public
def no_penalty(request: HttpRequest) -> HttpResponse:
    """涉企轻微违法不予处罚清单: the items in force today (行政处罚法 Art 33)."""
    on = today()
    qs = (
        NoPenaltyItem.objects.filter(in_force_q(on), list__published_on__lte=on)
        .select_related("list")
        .only(
            *(
                "id",
                "field",
                "violation",
                "legal_basis",
                "conditions",
                "in_force_from",
                "list__id",
                "list__name",
            )
        )
    )
    return _page(request, qs, "id", "no_penalty")


@require_GET
@_public
def annual(request: HttpRequest) -> HttpResponse:
    """执法数据年报 of the published bodies; one published after 31 January of the next year is flagged."""
    qs = AnnualStatistics.objects.filter(body__status=BodyStatus.PUBLISHED).select_related("body")
    year = _int(request.GET.get("year"))
    if year:
        qs = qs.filter(year=year)
    qs = qs.only(
        *("id", "year", "published_on", "decisions", "by_type", "penalty_amount", "must_publicize"),
        *("publicized_on_time", "withdrawn", "body__id", "body__name"),
    )
    return _page(request, qs, "id", "annual", year=year)


def _section(request: HttpRequest) -> dict[str, Any]:
    return {}


PORTAL_SECTIONS = [
    PortalSection("enforcement", "行政执法公示", "enforcement/public/portal_section.html", _section, order=50)
]
