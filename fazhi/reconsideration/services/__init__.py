"""Writes of the reconsideration module (services for cases and attachments)."""

from .attachments import add_attachment, validate_upload
from .cases import (
    accept,
    add_hearing,
    allowed_actions,
    clean_party,
    conclude,
    decline,
    deem_accepted_cases,
    ensure_office,
    extend,
    receive,
    record_answer,
    record_correction,
    refresh_deadline_cache,
    request_correction,
    resume,
    send_copy,
    suspend,
    transfer,
)

__all__ = [
    "accept", "add_attachment", "add_hearing", "allowed_actions", "clean_party", "conclude", "decline",
    "deem_accepted_cases", "ensure_office", "extend", "receive", "record_answer", "record_correction",
    "refresh_deadline_cache", "request_correction", "resume", "send_copy", "suspend", "transfer", "validate_upload",
]
