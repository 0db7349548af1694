"""The transitions of 行政争议化解, declared once (``core.actions`` runs them; DESIGN.md §7)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fazhi.core.api import entered_date, version_field
from fazhi.core.parts import write_history
from fazhi.core.workflow import Transition, Workflow

from .forms import CloseForm
from .models import Channel, Dispute, Status


class DisputeCloseSerializer(serializers.Serializer):
    date = serializers.DateField(validators=[entered_date])
    version = version_field()
    resolved = serializers.BooleanField()
    how_resolved = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, allow_null=True, default=None)


def _close(d: Dispute, data: dict[str, Any], ctx: Any) -> None:
    """办结: resolved (化解成功) or not; counted by disputes.handled / disputes.resolved in the year of the date.
    The date order is the model's rule (its CHECK constraint, run by ``full_clean``); the channel, the
    serializer's and the form's choice."""
    d.closed_on = data["date"]
    d.resolved = bool(data["resolved"])
    d.how_resolved = (data.get("how_resolved") or "").strip()
    d.channel = data.get("channel") or d.channel


def bulk_history(d: Dispute) -> list[tuple[str, str, str, Any]]:
    """The history rows of a dispute written in bulk (import, demo), as ``create`` and ``close`` write them."""
    opened = [("create", "", Status.OPEN, d.opened_on)]
    return [*opened, ("close", Status.OPEN, Status.CLOSED, d.closed_on)] if d.closed_on else opened


WORKFLOW = Workflow(
    dict(Status.choices),
    [
        Transition(
            "close",
            "办结",
            frozenset({Status.OPEN}),
            Status.CLOSED,
            body=_close,
            form=CloseForm,
            serializer=DisputeCloseSerializer,
        )
    ],
    model=Dispute,
    prefix="disputes",
    history=write_history,
    labels={"create": "登记争议", "import": "Excel 导入"},
)
