"""What the 审计管理员 sees of an event: personal data masked (RULES.md §9; 个人信息保护法).

The stored event stays whole — its hash must keep matching — and only the display (audit page and
export) is masked. The auditor checks who did what and when; ID numbers, phones, parties' names and
the free text of cases are not needed for that.
"""

from __future__ import annotations

import re
from typing import Any

from fazhi.core.pii import mask_id, mask_phone

from .models import AuditEvent

# Keys whose value is an identity number / a phone number.
_ID_KEYS = {"id_number", "id_card", "id_no", "idcard", "identity_number"}
_PHONE_KEYS = {"phone", "mobile", "tel", "telephone", "contact_phone"}
# Keys holding parties' names (a list of names or one name).
_NAME_KEYS = {
    "parties",
    "party",
    "party_name",
    "plaintiffs",
    "plaintiff",
    "plaintiff_name",
    "applicant",
    "applicants",
    "applicant_name",
    "third_parties",
    "responsible_persons",
}
# Free text of a case: summaries, facts, requests, reasons, notes.
_TEXT_KEYS = {
    "summary",
    "facts",
    "fact",
    "request",
    "decision_summary",
    "decline_reason",
    "extension_reason",
    "reason",
    "note",
    "notes",
    "remark",
    "remarks",
    "conclusion",
    "description",
    "content",
    "items",
    "how_resolved",
    "contested_act",
    "absence_reason",
}
# Objects that are a party: their ``name`` and their repr (str() is the name) are personal data.
PARTY_TYPES = {"reconsideration.party", "litigation.plaintiff", "disputes.disputeparty"}

_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_LANDLINE_IN_TEXT = re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)")


def mask_name(value: str) -> str:
    """``张三`` → ``张*``, ``欧阳娜娜`` → ``欧***``; an organisation's name the same way."""
    value = str(value or "")
    if len(value) <= 1:
        return "*" * len(value)
    return value[0] + "*" * (len(value) - 1)


def mask_text(value: Any) -> str:
    text = str(value or "")
    return f"〔已隐去，{len(text)}字〕" if text else ""


def mask_free_text(value: str) -> str:
    """ID and phone numbers inside any string (a repr, an act described in words)."""
    value = _ID_IN_TEXT.sub(lambda m: mask_id(m.group(0)), value)
    value = _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), value)
    return _LANDLINE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), value)


def _apply(value: Any, fn: Any) -> Any:
    """Mask a value, a ``[old, new]`` diff pair or a list of names element by element."""
    if isinstance(value, list):
        return [_apply(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: _apply(v, fn) for k, v in value.items()}
    if value is None or value == "":
        return value
    if isinstance(value, str):
        return fn(value)
    return value


def mask_diff(value: Any, *, party: bool = False) -> Any:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, v in value.items():
            k = str(key).lower()
            if k in _ID_KEYS:
                out[key] = _apply(v, mask_id)
            elif k in _PHONE_KEYS:
                out[key] = _apply(v, mask_phone)
            elif k in _NAME_KEYS or (party and k == "name"):
                out[key] = _apply(v, mask_name) if not isinstance(v, (int, float)) else v
            elif k in _TEXT_KEYS:
                out[key] = _apply(v, mask_text)
            else:
                out[key] = mask_diff(v, party=party or k in _NAME_KEYS)
        return out
    if isinstance(value, list):
        return [mask_diff(v, party=party) for v in value]
    if isinstance(value, str):
        return mask_free_text(value)
    return value


def masked(event: AuditEvent) -> AuditEvent:
    """The event with ``masked_diff`` and ``masked_repr`` set for display (the row is not saved)."""
    party = event.object_type in PARTY_TYPES
    event.masked_diff = mask_diff(event.diff, party=party)  # type: ignore[attr-defined]
    event.masked_repr = mask_name(event.object_repr) if party else mask_free_text(event.object_repr)  # type: ignore[attr-defined]
    return event
