"""Edits of a reconsideration case that change no status (docs/modules.md "Edits that change no status"):
更正登记信息 with a reason (issue 15 item 3), declared through ``core.casework.edit_transition``.
Kept apart from ``actions.WORKFLOW`` so that they stay out of the step buttons."""

from __future__ import annotations

from fazhi.core.casework import edit_input, edit_transition
from fazhi.core.workflow import Workflow

from .actions import _prepare, history
from .models import ReconsiderationCase, Status

#: The registration data an officer may correct; dates of steps, the status and the outcome are not here.
EDITABLE = (
    "contested_act",
    "act_category",
    "field",
    "act_date",
    "known_on",
    "late_reason",
    "channel",
    "request",
    "is_major",
)

EDITS = Workflow(
    dict(Status.choices),
    [edit_transition(set(Status.values) - {Status.VOIDED}, EDITABLE)],
    model=ReconsiderationCase,
    prefix="reconsideration",
    history=history,
    history_always=True,
    prepare=_prepare,
)

ReconsiderationEditInput = edit_input(ReconsiderationCase, EDITABLE, "ReconsiderationEditInput")
