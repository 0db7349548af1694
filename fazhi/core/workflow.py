"""Explicit transition tables (DESIGN.md §3): declared next to the status field, enforced here."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str | None  # None: the service decides (e.g. resume returns to the previous status)


class Workflow:
    """A table of named transitions over a TextChoices status."""

    def __init__(self, status_labels: dict[str, str], transitions: list[Transition]) -> None:
        self.status_labels = status_labels
        self.transitions = {t.name: t for t in transitions}

    def check(self, status: str, name: str) -> Transition:
        t = self.transitions.get(name)
        if t is None:
            raise ValidationError(f"未知的操作「{name}」", code="unknown_transition")
        if status not in t.sources:
            raise ValidationError(
                f"当前状态为「{self.status_labels.get(status, status)}」，不能执行「{t.label}」",
                code="illegal_transition",
            )
        return t

    def allowed(self, status: str) -> list[Transition]:
        return [t for t in self.transitions.values() if status in t.sources]
