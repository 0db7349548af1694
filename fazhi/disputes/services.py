"""Writes of 行政争议化解, each with its audit event in one transaction: 登记 is declared here
(``core.actions.create_record``); 办结 is the ``close`` transition of ``actions.WORKFLOW``, run by
``core.actions.run``. The rules of a dispute live in the model (``Dispute.clean``, field choices, CHECK
constraints), so the page, the API, the Excel import and the demo meet the same ones."""

from __future__ import annotations

from typing import Any

from fazhi.core.actions import create_record
from fazhi.core.imports import Numbering
from fazhi.core.parts import PartyData as PartyData  # one entry of ``data["parties"]``

from .actions import WORKFLOW
from .models import Dispute, DisputeParty
from .selectors import LINKS

# Kept per government and year of 受理 (示争〔2019〕12号); the import numbers by the same declaration.
NUMBERING = Numbering("dispute", "{abbr}争〔{year}〕{seq}号", year=lambda d: d.opened_on.year)


def create_dispute(*, actor: Any, data: dict[str, Any], request: Any = None) -> Dispute:
    """登记行政争议 for the unit concerned (事权单位). ``data``: the model's fields (org, source, channel,
    opened_on, summary), ``parties`` and the links (related_litigation/related_reconsideration: an id or a
    case the actor may see). ``actor=None`` is the command-line system import (no scope limit, 系统)."""
    return create_record(
        WORKFLOW,
        data,
        actor=actor,
        request=request,
        parties=DisputeParty,
        links=LINKS,
        numbering=NUMBERING,
        on="opened_on",
    )
