"""Figures of 行政协议 (beside the review queue's ``decisions.legality_reviewed_by_kind.contract``): the
contracts signed in the period, drilling down to the contract list that shows exactly them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

from fazhi.core.figures import Figure, FigureQuery

from .contracts import AdministrativeContract
from .filters import scope_q


def figures(query: FigureQuery) -> list[Figure]:
    p = query.period
    scope = [("scope", str(query.org.pk))] if query.org is not None else []
    signed = (
        AdministrativeContract.objects.filter(scope_q(query.org))
        .filter(signed_on__gte=p.start, signed_on__lte=p.end)
        .count()
    )
    params = [("signed_from", p.start.isoformat()), ("signed_to", p.end.isoformat()), *scope]
    return [
        Figure(
            "decisions.contracts_signed",
            "签订的行政协议",
            signed,
            "件",
            reverse("decisions:contract_list") + "?" + urlencode(params),
        )
    ]
