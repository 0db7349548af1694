"""The transitions of 行政争议化解, declared once (``core.actions`` runs them; DESIGN.md §7)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
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
    """办结: resolved (化解成功) or not; counted by disputes.handled / disputes.resolved in the year of the date."""
    on: date = data["date"]
    channel = data.get("channel")
    if on < d.opened_on:
        raise ValidationError({"date": "办结日期不能早于受理日期"})
    if channel is not None and channel not in Channel.values:
        raise ValidationError({"channel": f"化解渠道「{channel}」无效"})
    d.closed_on, d.resolved, d.how_resolved = (
        on,
        bool(data["resolved"]),
        (data.get("how_resolved") or "").strip(),
    )
    if channel:
        d.channel = channel


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
