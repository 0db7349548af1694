"""Writes of the reconsideration module (services for cases and attachments)."""

from .attachments import add_attachment, validate_upload
from .cases import (
    clean_party,
    deem_accepted_cases,
    ensure_office,
    receive,
    refresh_deadline_cache,
    refresh_open_deadlines,
)

__all__ = [
    "add_attachment",
    "clean_party",
    "deem_accepted_cases",
    "ensure_office",
    "receive",
    "refresh_deadline_cache",
    "refresh_open_deadlines",
    "validate_upload",
]
