"""更正登记信息 of a litigation case with a reason (issue 15 item 3; ``core.casework.edit_transition``),
in the module's table of edits that change no status (``actions.EDITS``)."""

from __future__ import annotations

from fazhi.core.casework import edit_input

from .models import LitigationCase

#: The registration data an officer may correct (not the number, dates of steps, status or outcome).
EDITABLE = ("cause", "act_category", "agents", "note")

LitigationEditInput = edit_input(LitigationCase, EDITABLE, "LitigationEditInput")
