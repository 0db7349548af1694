"""Serializer fields shared by the modules' APIs."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .pii import shown


class PiiField(serializers.CharField):
    """An identity number (``kind="id"``) or phone (``"phone"``) of a party: accepted whole, returned whole or
    masked for the requesting user by the one rule of ``core.pii.shown`` (RULES §9)."""

    def __init__(self, kind: str = "id", **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        request = self.context.get("request")
        return shown(str(value or ""), self.kind, getattr(request, "user", None))
